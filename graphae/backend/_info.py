"""A report of graphae's runtime configuration (``graphae info``)."""

from __future__ import annotations

import platform
import sys

import numpy as np
import pytensor
import scipy

from graphae.backend._modes import blas_config, default_mode_name, resolve_mode, vecmath_config
from graphae.backend._threads import available_cores, num_threads_setting


def info_dict() -> dict:
    """graphae's runtime configuration as a dictionary of strings.

    Returns
    -------
    dict
        Keys: ``graphae``, ``python``, ``pytensor``, ``numpy``, ``scipy``,
        ``mode``, ``linker``, ``blas_source``, ``blas_library``,
        ``blas_ldflags``, ``vecmath``, ``blas_threads``, ``floatX``, ``cxx``,
        ``compiledir``, ``jax`` (its version and devices, for ``mode="jax"``).

    Examples
    --------
    >>> sorted(info_dict())[:3]
    ['blas_ldflags', 'blas_library', 'blas_source']
    """
    from graphae._version import __version__

    blas = blas_config()
    mode = resolve_mode(None)
    return {
        "graphae": __version__,
        "python": platform.python_version(),
        "pytensor": pytensor.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "mode": default_mode_name(),
        "linker": type(mode.linker).__name__,
        "blas_source": blas.source,
        "blas_library": blas.library or "-",
        "blas_ldflags": blas.ldflags or "(none)",
        "vecmath": _vecmath_summary(),
        "blas_threads": f"{num_threads_setting()} (of {available_cores()} cores)",
        "floatX": pytensor.config.floatX,
        "cxx": pytensor.config.cxx or "(none)",
        "compiledir": pytensor.config.compiledir,
        "jax": _jax_summary(),
    }


def _jax_summary() -> str:
    """JAX's version and the devices ``mode="jax"`` would run on (a GPU shows as ``gpu:0``)."""
    import importlib.util

    if importlib.util.find_spec("jax") is None:
        return 'not installed (pip install "graphae[jax]"; on a GPU machine "jax[cuda12]")'
    try:
        import jax

        devices = ", ".join(f"{d.platform}:{d.id}" for d in jax.devices())
    except Exception as error:  # noqa: BLE001 - a broken CUDA install must not break `info`
        return f"installed, but its devices are unavailable ({type(error).__name__}: {error})"
    return f"{jax.__version__} on {devices}"


def _vecmath_summary() -> str:
    vecmath = vecmath_config()
    if vecmath.enabled:
        return f"libmvec ({len(vecmath.functions)} functions)"
    return f"{vecmath.source} ({vecmath.reason})"


def info(file=None) -> None:
    """Print versions, mode, linker, BLAS, floatX and the compile cache folder.

    Parameters
    ----------
    file : file-like, optional
        Where to write; standard output by default.

    Examples
    --------
    >>> import graphae, io
    >>> buffer = io.StringIO()
    >>> graphae.info(file=buffer)
    >>> "blas_source" in buffer.getvalue()
    True
    """
    out = file or sys.stdout
    entries = info_dict()
    width = max(map(len, entries))
    for key, value in entries.items():
        print(f"{key:<{width}}  {value}", file=out)
