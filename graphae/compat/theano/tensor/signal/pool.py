"""``theano.tensor.signal.pool``: ``pool_2d`` on graphae's core (:func:`graphae.ported.pool_2d`)."""

from graphae.ported import pool_2d

__all__ = ["pool_2d"]
