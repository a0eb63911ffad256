"""``theano.gradient``: PyTensor's gradient module."""

import pytensor.gradient as _gradient


def __getattr__(name):
    return getattr(_gradient, name)
