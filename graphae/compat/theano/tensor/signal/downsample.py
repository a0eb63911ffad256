"""``theano.tensor.signal.downsample``: not available."""

from graphae.compat.theano._table import unsupported

max_pool_2d = unsupported("theano.tensor.signal.downsample.max_pool_2d")
