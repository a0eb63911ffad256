"""Link PyTensor's C kernels to a real BLAS.

A pip-installed PyTensor usually finds no BLAS; its C implementation of
``Dot22``/``Gemm``/``Gemv`` then falls back to slow loops. graphae fixes this
once, when it is imported, in this order of preference:

1. flags the user gave PyTensor (``PYTENSOR_FLAGS=blas__ldflags=...`` or
   ``~/.pytensorrc``) are left untouched;
2. a system BLAS that PyTensor's own detection finds;
3. the OpenBLAS shipped by the pip package ``scipy-openblas32`` (a
   dependency of graphae). Its symbols carry a ``scipy_`` prefix, so each BLAS
   name PyTensor calls is renamed with a ``-D`` define.

When none of these works (no C compiler, no library) graphae's default mode
becomes Numba, which calls NumPy's own BLAS, and one warning says so.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import warnings
from pathlib import Path

import pytensor

# Every Fortran BLAS routine PyTensor's C code calls (tensor/blas_headers.py).
_BLAS_ROUTINES = ("gemm", "gemv", "ger", "dot", "axpy", "copy", "scal", "swap")
_OPENBLAS32_LIBRARY = "scipy_openblas"

#: Environment variable that forces a BLAS source: ``auto`` (default),
#: ``system``, ``openblas32`` or ``none``.
BLAS_ENV_VAR = "GRAPHAE_BLAS"


@dataclasses.dataclass(frozen=True)
class BlasConfig:
    """Which BLAS PyTensor's C kernels are linked to.

    Attributes
    ----------
    source : str
        ``"user"``, ``"system"``, ``"scipy-openblas32"`` or ``"none"``.
    ldflags : str
        The value given to ``pytensor.config.blas__ldflags``.
    library : str or None
        Path of the shared library, when known.

    Examples
    --------
    >>> BlasConfig("none", "").linked
    False
    """

    source: str
    ldflags: str
    library: str | None = None

    @property
    def linked(self) -> bool:
        """True when C kernels call a real BLAS."""
        return bool(self.ldflags)


def openblas32_ldflags() -> tuple[str, str] | None:
    """Linker flags for the OpenBLAS inside ``scipy-openblas32``.

    Returns
    -------
    tuple of (str, str) or None
        ``(ldflags, library_path)``, or None when the package or its shared
        library is missing. The package is located without importing it.

    Examples
    --------
    >>> flags, library = openblas32_ldflags()
    >>> "-Ddgemm_=scipy_dgemm_" in flags
    True
    """
    spec = importlib.util.find_spec("scipy_openblas32")
    if spec is None or not spec.submodule_search_locations:
        return None
    lib_dir = Path(next(iter(spec.submodule_search_locations))) / "lib"
    library = lib_dir / f"lib{_OPENBLAS32_LIBRARY}.so"
    if not library.is_file():
        return None
    renames = " ".join(
        f"-D{prefix}{name}_=scipy_{prefix}{name}_"
        for prefix in "sd"
        for name in _BLAS_ROUTINES
    )
    flags = (
        f"{renames} -L{lib_dir} -Wl,-rpath,{lib_dir} -l{_OPENBLAS32_LIBRARY}"
    )
    return flags, str(library)


def _system_ldflags() -> str:
    """Run PyTensor's own BLAS detection without its 'no BLAS' warning."""
    from pytensor.link.c.cmodule import default_blas_ldflags

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return default_blas_ldflags()


def configure_blas() -> BlasConfig:
    """Choose and install BLAS flags into ``pytensor.config`` (idempotent).

    Returns
    -------
    BlasConfig
        What was chosen. ``source == "none"`` means C kernels cannot use BLAS.

    Examples
    --------
    >>> configure_blas().source in {"user", "system", "scipy-openblas32", "none"}
    True
    """
    config = pytensor.config
    param = config._config_var_dict["blas__ldflags"]
    if not param.is_default:
        return BlasConfig("user", config.blas__ldflags)
    choice = os.environ.get(BLAS_ENV_VAR, "auto").strip().lower()
    if choice not in {"auto", "system", "openblas32", "none"}:
        raise ValueError(
            f"{BLAS_ENV_VAR}={choice!r} is not one of auto, system, openblas32, none"
        )
    if not config.cxx or choice == "none":
        config.blas__ldflags = ""
        return BlasConfig("none", "")
    if choice in {"auto", "system"}:
        system = _system_ldflags()
        if system or choice == "system":
            config.blas__ldflags = system
            return BlasConfig("system" if system else "none", system)
    bundled = openblas32_ldflags()
    if bundled is None:
        config.blas__ldflags = ""
        return BlasConfig("none", "")
    flags, library = bundled
    config.blas__ldflags = flags
    return BlasConfig("scipy-openblas32", flags, library)
