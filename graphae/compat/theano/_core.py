"""``theano.shared``, ``function``, ``In``/``Param``, ``scan``, ``grad``, ``config``."""

from __future__ import annotations

import os
import warnings

from graphae import ported
from graphae.backend import (
    config_value,
    grad as _grad,
    has_config,
    plain_shared,
    set_config,
    set_variable_truth,
    theano_truth_rule,
)

_TRUTHY_CLASSES = {}
_TRUTH_RULE = {"installed": False, "previous": None}


def install_truth_rule():
    """While the layer is installed every variable is true in tests, as in Theano.

    (Except a comparison's result: ``a < b < c`` still raises.)
    """
    if not _TRUTH_RULE["installed"]:
        _TRUTH_RULE["previous"] = set_variable_truth(theano_truth_rule)
        _TRUTH_RULE["installed"] = True


def uninstall_truth_rule():
    """Put PyTensor's ``bool`` back (it raises for every variable)."""
    if _TRUTH_RULE["installed"]:
        set_variable_truth(_TRUTH_RULE["previous"])
        _TRUTH_RULE["installed"] = False


def truthy(variable):
    """Make ``variable`` true in ``if variable:`` tests, as Theano variables were.

    Under :func:`graphae.compat.install` every variable already is (and stays
    a plain, picklable PyTensor object); without it the variable's class is
    swapped for a subclass that is true.
    """
    if _TRUTH_RULE["installed"]:
        return variable
    cls = type(variable)
    if cls.__name__.startswith("Theano"):
        return variable
    if cls not in _TRUTHY_CLASSES:
        _TRUTHY_CLASSES[cls] = type(f"Theano{cls.__name__}", (cls,),
                                    {"__bool__": lambda self: True, "__module__": cls.__module__})
    variable.__class__ = _TRUTHY_CLASSES[cls]
    return variable


def shared(value, name=None, strict=False, allow_downcast=None, borrow=False, **kwargs):
    """Theano's ``shared``: a PyTensor shared variable that is true in tests."""
    return truthy(plain_shared(value, name=name, strict=strict,
                               allow_downcast=allow_downcast, borrow=borrow, **kwargs))


def In(variable, name=None, value=None, update=None, mutable=None, strict=False,  # noqa: N802
       allow_downcast=None, autoname=True, implicit=None, borrow=None, shared=False):
    """Theano's ``In``: a function input, with a default value when ``value`` is given."""
    if value is None:
        return ported.Input(variable, name=name)
    return ported.Input(variable, value=value, name=name)


def Param(variable, default=None, name=None, **kwargs):  # noqa: N802
    """Theano's older spelling of :func:`In` (``default=`` instead of ``value=``)."""
    return In(variable, name=name, value=default)


def function(inputs, outputs=None, mode=None, updates=None, givens=None,
             no_default_updates=False, accept_inplace=False, name=None, rebuild_strict=True,
             allow_input_downcast=None, profile=None, on_unused_input=None):
    """Theano's ``function`` (see :func:`graphae.ported.function`)."""
    return ported.function(inputs, outputs, mode=mode, updates=updates, givens=givens,
                           no_default_updates=no_default_updates,
                           allow_input_downcast=allow_input_downcast,
                           on_unused_input=on_unused_input, name=name)


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None,
         truncate_gradient=-1, go_backwards=False, mode=None, name=None, profile=False,
         allow_gc=None, strict=False, return_list=False):
    """Theano's ``scan``: ``(outputs, updates)``, draws in the step carried through it.

    See :func:`graphae.ported.scan`.
    """
    return ported.scan(fn, sequences=sequences, outputs_info=outputs_info,
                       non_sequences=non_sequences, n_steps=n_steps,
                       truncate_gradient=truncate_gradient, go_backwards=go_backwards,
                       name=name, strict=strict, return_list=return_list)


def grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", **kwargs):
    """Theano's ``grad`` (``consider_constant`` included)."""
    return _grad(cost, wrt, consider_constant=consider_constant,
                 disconnected_inputs=disconnected_inputs, **kwargs)


class ConfigSection:
    """A dotted section of ``theano.config`` (``config.warn``, ``config.gcc``...).

    ``config.gcc.cxxflags`` reads and writes PyTensor's ``gcc__cxxflags``;
    settings PyTensor does not have (``config.warn.subtensor_merge_bug``,
    ``config.nvcc.fastmath``) are kept here without effect, as a Theano
    program expects to be able to set them.

    Examples
    --------
    >>> config.warn.subtensor_merge_bug = False
    >>> config.warn.subtensor_merge_bug
    False
    """

    def __init__(self, prefix, values):
        object.__setattr__(self, "_prefix", prefix)
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name):
        key = f"{self._prefix}__{name}"
        if has_config(key):
            return config_value(key)
        if key in self._values:
            return self._values[key]
        if _is_section(key):
            return ConfigSection(key, self._values)
        raise AttributeError(f"theano.config.{key.replace('__', '.')} is not set (PyTensor "
                             f"has no such flag; a Theano-only one is kept once set)")

    def __setattr__(self, name, value):
        key = f"{self._prefix}__{name}"
        if has_config(key):
            set_config(key, value)
        else:
            self._values[key] = value


#: sections Theano had and PyTensor lacks (their flags are kept without effect)
THEANO_SECTIONS = frozenset({"warn", "nvcc", "dnn", "gpuarray", "cuda", "lib", "cmodule",
                             "gcc", "blas", "scan", "compile", "tensor", "numba", "profiling",
                             "DebugMode", "NanGuardMode", "traceback", "vm", "magma",
                             "dnn__conv", "gpuarray__preallocate", "optdb", "metaopt",
                             "compute_test_value_opt", "mode_opt"})


def _is_section(key):
    return key in THEANO_SECTIONS or key.split("__")[0] in THEANO_SECTIONS


class TheanoConfig:
    """``theano.config``: reads and writes PyTensor's configuration.

    Theano-only settings (``device``, ``force_device``, ``lib.cnmem``,
    ``warn.*``...) are kept here without effect; ``device`` other than
    ``cpu`` warns once. Dotted sections (``config.gcc.cxxflags``) are
    :class:`ConfigSection` objects.
    """

    _local = {"device": "cpu", "force_device": False, "init_gpu_device": ""}

    def __getattr__(self, name):
        if name in self._local:
            return self._local[name]
        if not has_config(name) and _is_section(name):
            return ConfigSection(name, self._local)
        return config_value(name)

    def __setattr__(self, name, value):
        if name in self._local or name in THEANO_ONLY_FLAGS or not has_config(name):
            if name == "device" and not str(value).startswith("cpu"):
                warnings.warn(f"theano device={value}: graphae runs Theano code on the CPU",
                              RuntimeWarning, stacklevel=2)
            self._local[name] = value
        else:
            set_config(name, value)


config = TheanoConfig()


def apply_theano_flags(flags=None):
    """Apply ``THEANO_FLAGS`` (``floatX=float32,device=cpu,...``) to ``config``.

    Returns the settings applied, as a dict.
    """
    flags = os.environ.get("THEANO_FLAGS", "") if flags is None else flags
    applied = {}
    for item in filter(None, (part.strip() for part in flags.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"THEANO_FLAGS entry {item!r} is not NAME=VALUE")
        key = key.strip().replace(".", "__")
        if key == "mode":
            continue  # graphae chooses the compiled mode
        if key not in TheanoConfig._local and key not in THEANO_ONLY_FLAGS \
                and not has_config(key):
            warnings.warn(f"THEANO_FLAGS {key}={value.strip()} ignored: neither PyTensor nor "
                          f"Theano has a flag {key!r}", RuntimeWarning, stacklevel=2)
            continue
        try:
            setattr(config, key, value.strip())
            applied[key] = value.strip()
        except Exception as error:  # a value PyTensor refuses, or a read-only flag
            warnings.warn(f"THEANO_FLAGS {key}={value.strip()} ignored: {error}",
                          RuntimeWarning, stacklevel=2)
    return applied


#: Theano flags with no PyTensor counterpart: kept by ``theano.config``, without effect
THEANO_ONLY_FLAGS = frozenset({
    "lib__cnmem", "gpuarray__preallocate", "gpuarray__sched", "dnn__enabled",
    "dnn__conv__algo_fwd", "dnn__conv__algo_bwd_data", "dnn__conv__algo_bwd_filter",
    "nvcc__fastmath", "nvcc__flags", "cuda__root", "contexts", "print_active_device",
    "enable_initial_driver_test", "warn_float64", "deterministic", "cycle_detection",
    "check_stack_trace", "base_compiledir", "compiledir_format",
})
