"""``theano.tensor.signal.pool``: not available."""

from graphae.compat.theano._table import unsupported

pool_2d = unsupported("theano.tensor.signal.pool.pool_2d")
