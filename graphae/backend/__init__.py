"""Everything that depends on PyTensor's version and configuration.

graphae's other modules never touch ``pytensor.config`` or call
``pytensor.function`` directly; they go through this package:

- :mod:`._blas` links the C kernels to a real BLAS at import;
- :mod:`._modes` maps graphae's mode names (``"c"``, ``"numba"``, ``"jax"``)
  to PyTensor modes and holds the global default;
- :mod:`._compile` is the one caller of ``pytensor.function``;
- :mod:`._ops` holds symbolic operations whose spelling moved between
  Theano, Aesara and PyTensor.
"""

from graphae.backend._blas import BLAS_ENV_VAR, BlasConfig, configure_blas
from graphae.backend._compile import compile_function
from graphae.backend._modes import (
    blas_config,
    default_mode_name,
    normalize_mode_name,
    resolve_mode,
    set_mode,
)
from graphae.backend._ops import (
    float_x,
    grad,
    int_scalar,
    int_vector,
    matrix,
    scan_steps,
    shared,
    sigmoid,
    softmax_rows,
)

__all__ = [
    "BLAS_ENV_VAR",
    "BlasConfig",
    "blas_config",
    "compile_function",
    "configure_blas",
    "default_mode_name",
    "float_x",
    "grad",
    "int_scalar",
    "int_vector",
    "matrix",
    "normalize_mode_name",
    "resolve_mode",
    "scan_steps",
    "set_mode",
    "shared",
    "sigmoid",
    "softmax_rows",
]

from graphae.backend._info import info, info_dict  # noqa: E402

__all__ += ["info", "info_dict"]
