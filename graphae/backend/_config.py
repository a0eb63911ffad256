"""PyTensor's configuration, read and written through one door."""

from __future__ import annotations

import contextlib

import pytensor

__all__ = ["config_value", "float_x_context", "has_config", "set_config"]

FLOAT_DTYPES = ("float32", "float64")


def has_config(name):
    """True when PyTensor has a setting called ``name`` (``floatX``, ``blas__ldflags``...).

    Examples
    --------
    >>> has_config("floatX"), has_config("device_of_theano")
    (True, False)
    """
    return hasattr(pytensor.config, name)


def config_value(name):
    """The current value of PyTensor setting ``name``.

    Examples
    --------
    >>> config_value("floatX") in {"float32", "float64"}
    True
    """
    return getattr(pytensor.config, name)


def set_config(name, value):
    """Set PyTensor setting ``name`` (raises as PyTensor does for bad values).

    Examples
    --------
    >>> previous = config_value("floatX")
    >>> set_config("floatX", "float32"); config_value("floatX")
    'float32'
    >>> set_config("floatX", previous)
    """
    setattr(pytensor.config, name, value)


@contextlib.contextmanager
def float_x_context(dtype):
    """Build, compile and fit in float ``dtype`` inside the ``with`` block.

    Models fitted inside keep their parameters' dtype afterwards (their
    ``transform``/``predict`` cast inputs to it); the global ``floatX`` is put
    back on exit, also after an error.

    Parameters
    ----------
    dtype : {"float32", "float64"}

    Examples
    --------
    >>> previous = config_value("floatX")
    >>> with float_x_context("float32"):
    ...     config_value("floatX")
    'float32'
    >>> config_value("floatX") == previous
    True
    >>> with float_x_context("float16"):
    ...     pass
    Traceback (most recent call last):
    ...
    ValueError: dtype must be one of float32, float64; got 'float16'
    """
    if dtype not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(FLOAT_DTYPES)}; got {dtype!r}")
    with pytensor.config.change_flags(floatX=dtype):
        yield
