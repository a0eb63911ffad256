"""``theano.tensor.nnet.bn``: not available."""

from graphae.compat.theano._table import unsupported

batch_normalization = unsupported("theano.tensor.nnet.bn.batch_normalization")
