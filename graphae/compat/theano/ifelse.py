"""``theano.ifelse``: lazy conditional."""

from pytensor.ifelse import ifelse

__all__ = ["ifelse"]
