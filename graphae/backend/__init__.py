"""Everything that depends on PyTensor's version and configuration.

graphae's other modules never touch ``pytensor.config`` or call
``pytensor.function`` directly; they go through this package:

- :mod:`._blas` links the C kernels to a real BLAS at import;
- :mod:`._rewrites` adds graph rewrites a PyTensor release lacks (softmax
  inlined into C kernels);
- :mod:`._threads` sets how many threads their BLAS uses (the free cores);
- :mod:`._vecmath` lets them call glibc's vector math (libmvec) without
  ``-ffast-math``;
- :mod:`._modes` maps graphae's mode names (``"c"``, ``"numba"``, ``"jax"``)
  to PyTensor modes and holds the global default;
- :mod:`._compile` is the one caller of ``pytensor.function``;
- :mod:`._ops` holds symbolic operations whose spelling moved between
  Theano, Aesara and PyTensor (scan, shared variables, graph traversal);
- :mod:`._random` holds the random-generator internals (shared generators,
  draws that return the generator's next state);
- :mod:`._config` reads and writes ``pytensor.config``.
"""

from graphae.backend._blas import BLAS_ENV_VAR, BlasConfig, configure_blas
from graphae.backend._compile import compile_function
from graphae.backend._modes import (
    adapt_blas_threads,
    blas_config,
    default_mode_name,
    normalize_mode_name,
    resolve_mode,
    set_mode,
    vecmath_config,
)
from graphae.backend._threads import (
    THREADS_ENV_VAR,
    available_cores,
    choose_num_threads,
    num_threads_setting,
    set_num_threads,
)
from graphae.backend._vecmath import VECMATH_ENV_VAR, VecmathConfig, configure_vecmath
from graphae.backend._config import config_value, float_x_context, has_config, set_config
from graphae.backend._ops import (
    ancestors,
    float_x,
    grad,
    int_scalar,
    int_vector,
    is_shared_variable,
    log_softmax_rows,
    matrix,
    mean_abs,
    plain_shared,
    scan_steps,
    scan_with_updates,
    set_variable_truth,
    shared,
    split_scan_step,
    sigmoid,
    softmax_rows,
    sum_all,
    theano_truth_rule,
)
from graphae.backend._random import (
    draw,
    is_generator_variable,
    shared_generator,
)

__all__ = [
    "BLAS_ENV_VAR",
    "THREADS_ENV_VAR",
    "BlasConfig",
    "VECMATH_ENV_VAR",
    "VecmathConfig",
    "adapt_blas_threads",
    "ancestors",
    "available_cores",
    "blas_config",
    "choose_num_threads",
    "compile_function",
    "config_value",
    "configure_blas",
    "configure_vecmath",
    "default_mode_name",
    "draw",
    "float_x",
    "float_x_context",
    "grad",
    "has_config",
    "int_scalar",
    "int_vector",
    "is_generator_variable",
    "is_shared_variable",
    "log_softmax_rows",
    "matrix",
    "mean_abs",
    "sum_all",
    "normalize_mode_name",
    "num_threads_setting",
    "plain_shared",
    "resolve_mode",
    "scan_steps",
    "scan_with_updates",
    "set_config",
    "set_mode",
    "set_num_threads",
    "set_variable_truth",
    "shared",
    "shared_generator",
    "sigmoid",
    "softmax_rows",
    "split_scan_step",
    "theano_truth_rule",
    "vecmath_config",
]

from graphae.backend._info import info, info_dict  # noqa: E402

__all__ += ["info", "info_dict"]

blas_config()  # link the C kernels to a BLAS now, once, before any compile
