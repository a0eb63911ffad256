"""``theano.tensor.nnet``: activations and costs with Theano's semantics."""

import pytensor.tensor as _pt

from graphae import ported

sigmoid = _pt.sigmoid
softplus = _pt.softplus
ultra_fast_sigmoid = _pt.sigmoid
softmax = ported.softmax
relu = ported.relu
binary_crossentropy = ported.binary_crossentropy
categorical_crossentropy = ported.categorical_crossentropy
conv2d = ported.conv2d


def hard_sigmoid(x):
    """Theano's piecewise-linear sigmoid: ``clip(0.2 * x + 0.5, 0, 1)``."""
    return _pt.clip(0.2 * x + 0.5, 0.0, 1.0)


def __getattr__(name):
    raise AttributeError(f"theano.tensor.nnet.{name} is not provided by graphae; "
                         "see docs/theano-compat.md")
