"""Compilation modes: which PyTensor linker runs graphae's compiled functions.

graphae knows three modes by short name:

``"c"``
    PyTensor's C linker (``Mode(linker="cvm")``), with the BLAS chosen by
    :mod:`graphae.backend._blas`. The default whenever a C compiler and a
    BLAS are available.
``"numba"``
    PyTensor's Numba backend (its own default); matrix products go through
    NumPy's BLAS. The fallback when no compiler or BLAS can be found.
``"jax"``
    PyTensor's JAX backend; needs the optional ``jax`` package.

The global default is set with :func:`set_mode`; every model also takes a
``mode=`` argument that overrides it for that model only.
"""

from __future__ import annotations

import importlib.util
import logging
import warnings

from pytensor.compile.mode import Mode, get_mode as _pytensor_get_mode

from graphae.backend._blas import BlasConfig, configure_blas
from graphae.backend._rewrites import register_inline_softmax, register_scan_pushout_fix
from graphae.backend._threads import apply_num_threads
from graphae.backend._vecmath import VecmathConfig, configure_vecmath

logger = logging.getLogger("graphae")

#: graphae mode name -> PyTensor predefined mode name.
_PYTENSOR_MODE_NAMES = {"c": "CVM", "numba": "NUMBA", "jax": "JAX"}
_MODE_SYNONYMS = {"cvm": "c", "c": "c", "numba": "numba", "jax": "jax"}

_state: dict = {"blas": None, "default": None, "vecmath": None}


def _ensure_configured() -> BlasConfig:
    if _state["blas"] is None:
        blas = configure_blas()
        _state["vecmath"] = configure_vecmath()
        register_inline_softmax()
        register_scan_pushout_fix()
        _state["blas"] = blas
        if blas.linked:
            _state["default"] = "c"
        else:
            _state["default"] = "numba"
            warnings.warn(
                "graphae found no C compiler or BLAS for PyTensor's C kernels "
                f"(BLAS source: {blas.source}); compiled functions use the "
                "Numba mode, which calls NumPy's BLAS. Install a compiler and "
                "`pip install scipy-openblas32` for the faster C mode.",
                RuntimeWarning,
                stacklevel=3,
            )
    return _state["blas"]


def blas_config() -> BlasConfig:
    """The BLAS that PyTensor's C kernels are linked to.

    Returns
    -------
    BlasConfig
        Source (``"user"``, ``"system"``, ``"scipy-openblas32"`` or
        ``"none"``) and the linker flags.

    Examples
    --------
    >>> blas_config().linked
    True
    """
    return _ensure_configured()


def vecmath_config() -> VecmathConfig:
    """Whether the C kernels call glibc's vector math (see :mod:`graphae.backend._vecmath`).

    Examples
    --------
    >>> vecmath_config().source in {"libmvec", "user", "off", "unavailable"}
    True
    """
    _ensure_configured()
    return _state["vecmath"]


def adapt_blas_threads() -> int | None:
    """Apply the thread policy (:mod:`graphae.backend._threads`) to graphae's BLAS now.

    The training loop calls it at the start of every epoch. Returns the
    thread count given, or None when the BLAS is not graphae's own
    (``scipy-openblas32``) or not loaded yet.

    Examples
    --------
    >>> adapt_blas_threads() is None or adapt_blas_threads() >= 1
    True
    """
    blas = _ensure_configured()
    if blas.source != "scipy-openblas32":
        return None
    return apply_num_threads(blas.library)


def normalize_mode_name(name: str) -> str:
    """Return graphae's canonical name for a mode spelling.

    Parameters
    ----------
    name : str
        ``"c"``, ``"cvm"``, ``"numba"`` or ``"jax"``, in any case.

    Raises
    ------
    ValueError
        For any other name.

    Examples
    --------
    >>> normalize_mode_name("CVM")
    'c'
    """
    if not isinstance(name, str) or name.lower() not in _MODE_SYNONYMS:
        raise ValueError(
            f"unknown mode {name!r}: choose one of 'c', 'numba', 'jax'"
        )
    return _MODE_SYNONYMS[name.lower()]


def default_mode_name() -> str:
    """Name of the mode used when a model is given ``mode=None``.

    Examples
    --------
    >>> default_mode_name()
    'c'
    """
    _ensure_configured()
    return _state["default"]


def set_mode(name: str) -> str:
    """Set graphae's global default mode.

    Parameters
    ----------
    name : str
        ``"c"``, ``"numba"`` or ``"jax"``.

    Returns
    -------
    str
        The previous default, so that callers can restore it.

    Examples
    --------
    >>> import graphae
    >>> previous = graphae.set_mode("numba")
    >>> graphae.default_mode_name()
    'numba'
    >>> _ = graphae.set_mode(previous)
    """
    canonical = normalize_mode_name(name)
    _check_available(canonical)
    previous = default_mode_name()
    _state["default"] = canonical
    return previous


def _check_available(name: str) -> None:
    if name == "jax" and importlib.util.find_spec("jax") is None:
        raise ImportError(
            "mode 'jax' needs the optional package jax: pip install jax"
        )
    if name == "c" and not _ensure_configured().linked:
        warnings.warn(
            "mode 'c' requested but PyTensor's C kernels have no BLAS; "
            "matrix products will use slow fallback loops",
            RuntimeWarning,
            stacklevel=3,
        )


def resolve_mode(name: str | None = None) -> Mode:
    """The PyTensor ``Mode`` object for a graphae mode name.

    Parameters
    ----------
    name : str or None
        A mode name, or None for the global default.

    Returns
    -------
    pytensor.compile.mode.Mode

    Examples
    --------
    >>> type(resolve_mode("c").linker).__name__
    'VMLinker'
    """
    canonical = default_mode_name() if name is None else normalize_mode_name(name)
    if name is not None:
        _check_available(canonical)
    return _pytensor_get_mode(_PYTENSOR_MODE_NAMES[canonical])
