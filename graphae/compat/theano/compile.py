"""``theano.compile``: the older home of ``theano.function``."""

from graphae.compat.theano._core import function

__all__ = ["function"]


def __getattr__(name):
    raise AttributeError(f"theano.compile.{name} is not provided by graphae; "
                         "see docs/theano-compat.md")
