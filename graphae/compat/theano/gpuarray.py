"""``theano.gpuarray``: not available."""

from graphae.compat.theano._table import unsupported_message

raise ImportError(unsupported_message("theano.gpuarray"))
