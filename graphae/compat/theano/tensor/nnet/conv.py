"""``theano.tensor.nnet.conv``: the older convolution (a true convolution, 'valid' or 'full')."""

from graphae.ported import legacy_conv2d as conv2d

__all__ = ["conv2d"]
