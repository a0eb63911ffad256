"""``theano.tensor.nnet.conv``: not available."""

from graphae.compat.theano._table import unsupported

conv2d = unsupported("theano.tensor.nnet.conv.conv2d")
