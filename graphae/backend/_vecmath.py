"""Vectorised libm calls in PyTensor's C kernels, without ``-ffast-math``.

PyTensor's C elementwise loops call ``exp``, ``log``, ``tanh``... once per
element: gcc cannot vectorise a loop around a call it knows only as a
scalar function. glibc ships SIMD versions of these functions (libmvec,
``_ZGVdN8v_expf`` and so on) but declares them only under ``__FAST_MATH__``,
that is with ``-ffast-math``, which also lets gcc assume that no NaN or inf
exists (NaN checks vanish, ``-inf`` becomes NaN) and reorder sums.

graphae gets the vector calls alone. When graphae first compiles, it writes a small header
that declares each function libmvec provides with ``#pragma omp declare
simd notinbranch`` (the OpenMP spelling of "a vector variant exists") and
adds to ``pytensor.config.gcc__cxxflags``:

``-fopenmp-simd``
    honour those pragmas (no OpenMP runtime, no threads);
``-fno-trapping-math``
    let gcc if-convert the branches of PyTensor's sigmoid and softplus so
    the loop can vectorise; it only gives up floating-point *exception
    flags* (traps), which PyTensor never reads. NaN and inf values, signed
    zeros and the order of every sum are kept: no ``-ffinite-math-only``,
    no ``-fassociative-math``;
``-DGRAPHAE_UNIT_STRIDE_LOOPS=3``
    marks modules whose general elementwise loops have the unit-stride twin
    of :mod:`graphae.backend._unit_stride` (installed with these flags):
    without it, any node with a broadcast operand never vectorises;
``-include <header>``
    the declarations.

libmvec's functions are accurate to a few ulp (glibc's manual lists them);
the results differ from scalar libm only in the last bits. Set
``GRAPHAE_VECMATH=off`` to compile without it, or set ``gcc__cxxflags``
yourself (``PYTENSOR_FLAGS``, ``.pytensorrc``): user flags are left alone.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import os
import platform
import sys
from pathlib import Path

import pytensor

from graphae.backend._unit_stride import (
    OVERLAP_HELPERS,
    UNIT_STRIDE_DEFINE,
    install_unit_stride_loops,
)

#: Environment variable: ``auto`` (default) or ``off``.
VECMATH_ENV_VAR = "GRAPHAE_VECMATH"

#: Unary libm functions PyTensor's scalar C code calls that libmvec may provide.
_UNARY = ("exp", "log", "log1p", "expm1", "tanh", "log2", "log10", "exp2", "sin", "cos",
          "tan", "sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "erf",
          "erfc", "cbrt")
_BINARY = ("pow", "atan2", "hypot")
_FLAGS = ("-fopenmp-simd", "-fno-trapping-math", UNIT_STRIDE_DEFINE)


@dataclasses.dataclass(frozen=True)
class VecmathConfig:
    """Whether PyTensor's C kernels may call glibc's vector math library.

    Attributes
    ----------
    source : str
        ``"libmvec"`` (enabled), ``"user"`` (the user set ``gcc__cxxflags``;
        untouched), ``"off"`` (``GRAPHAE_VECMATH=off``) or ``"unavailable"``.
    flags : str
        What was added to ``gcc__cxxflags`` (empty unless enabled).
    functions : tuple of str
        The libm functions declared with vector variants.
    reason : str
        Why it is not enabled, when it is not.

    Examples
    --------
    >>> VecmathConfig("off", "", (), "GRAPHAE_VECMATH=off").enabled
    False
    """

    source: str
    flags: str
    functions: tuple = ()
    reason: str = ""

    @property
    def enabled(self) -> bool:
        """True when compiled kernels may call libmvec."""
        return self.source == "libmvec"


def libmvec_functions() -> tuple[str, ...]:
    """The functions for which this machine's libmvec has vector variants.

    Returns
    -------
    tuple of str
        Double-precision names (each with its ``f`` float twin), empty when
        there is no libmvec (not Linux x86-64 glibc).

    Examples
    --------
    >>> "exp" in libmvec_functions() or not libmvec_functions()
    True
    """
    if sys.platform != "linux" or platform.machine() not in {"x86_64", "AMD64"}:
        return ()
    try:
        library = ctypes.CDLL("libmvec.so.1")
    except OSError:
        return ()

    def has(name, arity):
        args = "v" * arity
        return (hasattr(library, f"_ZGVbN2{args}_{name}")
                and hasattr(library, f"_ZGVbN4{args}_{name}f"))

    return tuple(name for name in _UNARY if has(name, 1)) + tuple(
        name for name in _BINARY if has(name, 2))


def vecmath_header(functions) -> str:
    """C/C++ source declaring ``functions`` (and their float twins) as SIMD-enabled.

    Examples
    --------
    >>> "double exp(double)" in vecmath_header(("exp",))
    True
    """
    lines = ["/* Written by graphae.backend._vecmath: glibc libmvec's vector variants. */",
             "#ifdef __cplusplus", '#define GRAPHAE_NOTHROW throw()', 'extern "C" {', "#else",
             "#define GRAPHAE_NOTHROW", "#endif"]
    for name in functions:
        arity = 2 if name in _BINARY else 1
        for ctype, suffix in (("double", ""), ("float", "f")):
            args = ", ".join([ctype] * arity)
            lines += ["#pragma omp declare simd notinbranch",
                      f"{ctype} {name}{suffix}({args}) GRAPHAE_NOTHROW;"]
    lines += ["#ifdef __cplusplus", "}", "#endif", "#undef GRAPHAE_NOTHROW", OVERLAP_HELPERS]
    return "\n".join(lines)


def _write_header(text) -> Path:
    """Write the header once into PyTensor's compile folder, named by its content."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    folder = Path(pytensor.config.compiledir) / "graphae"
    path = folder / f"vecmath-{digest}.h"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".h.{os.getpid()}.tmp")
        partial.write_text(text)
        os.replace(partial, path)  # atomic: a parallel import never sees half a header
    return path


def _is_gcc(cxx) -> bool:
    return bool(cxx) and "clang" not in os.path.basename(cxx)


def configure_vecmath() -> VecmathConfig:
    """Add the vector-math flags to ``pytensor.config.gcc__cxxflags`` when possible.

    Returns
    -------
    VecmathConfig
        What was done, and why not when not.

    Raises
    ------
    ValueError
        When ``GRAPHAE_VECMATH`` is neither ``auto`` nor ``off``.

    Examples
    --------
    >>> configure_vecmath().source in {"libmvec", "user", "off", "unavailable"}
    True
    """
    choice = os.environ.get(VECMATH_ENV_VAR, "auto").strip().lower()
    if choice not in {"auto", "off"}:
        raise ValueError(f"{VECMATH_ENV_VAR}={choice!r} is not one of auto, off")
    config = pytensor.config
    current = config.gcc__cxxflags
    if "vecmath-" in current:
        return _already_configured(current)
    if not config._config_var_dict["gcc__cxxflags"].is_default:
        return VecmathConfig("user", "", reason="gcc__cxxflags set by the user")
    if choice == "off":
        return VecmathConfig("off", "", reason=f"{VECMATH_ENV_VAR}=off")
    if not _is_gcc(config.cxx):
        return VecmathConfig("unavailable", "", reason=f"compiler {config.cxx!r} is not gcc")
    functions = libmvec_functions()
    if not functions:
        return VecmathConfig("unavailable", "", reason="no glibc libmvec on this machine")
    header = _write_header(vecmath_header(functions))
    if " " in str(header):  # PyTensor splits gcc__cxxflags on spaces
        return VecmathConfig("unavailable", "",
                             reason=f"compile folder {header.parent} has a space")
    flags = " ".join((*_FLAGS, "-include", str(header)))
    config.gcc__cxxflags = f"{current} {flags}".strip()
    install_unit_stride_loops()
    return VecmathConfig("libmvec", flags, functions)


def _already_configured(current) -> VecmathConfig:
    start = current.index(_FLAGS[0])
    install_unit_stride_loops()
    return VecmathConfig("libmvec", current[start:], libmvec_functions())
