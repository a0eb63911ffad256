"""``theano.scalar``: PyTensor's scalar module under Theano's name (``upcast``, scalar types)."""

from pytensor.scalar import *  # noqa: F401,F403  (Theano's module had every name)
import pytensor.scalar as _scalar


def __getattr__(name):
    return getattr(_scalar, name)
