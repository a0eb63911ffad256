"""PyTensor's configuration, read and written through one door."""

from __future__ import annotations

import pytensor

__all__ = ["config_value", "has_config", "set_config"]


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
