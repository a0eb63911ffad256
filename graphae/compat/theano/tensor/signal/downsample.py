"""``theano.tensor.signal.downsample``: Theano 0.7's ``max_pool_2d``."""

from graphae.ported import max_pool_2d

__all__ = ["max_pool_2d"]
