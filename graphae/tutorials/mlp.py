"""The deeplearning.net tutorial's ``HiddenLayer`` and one-hidden-layer ``MLP``: configurations of the core's layers."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae.layers import Dense, LogisticRegressionLayer, initializer
from graphae.nonlinearities import resolve_activation
from graphae.regularization import l1, l2

__all__ = ["HiddenLayer", "MLP", "resolve_activation", "uniform_weights"]


def uniform_weights(rng, n_in, n_out, activation="tanh"):
    """The tutorial's initial weights: :func:`graphae.init.glorot_uniform`, four times wider for sigmoid.

    Parameters
    ----------
    rng : numpy.random.RandomState, Generator, int or None
    n_in, n_out : int
    activation : see :func:`graphae.nonlinearities.resolve_activation`

    Returns
    -------
    numpy.ndarray of floatX, shape (n_in, n_out)

    Examples
    --------
    >>> W = uniform_weights(np.random.RandomState(0), 784, 500, "sigmoid")
    >>> bool(abs(W).max() <= 4 * np.sqrt(6.0 / 1284))
    True
    """
    return initializer("glorot", resolve_activation(activation)[1])((n_in, n_out), rng)


class HiddenLayer(Dense):
    """The tutorial's ``HiddenLayer(rng, input, n_in, n_out, W, b, activation)``.

    A :class:`graphae.layers.Dense` layer with the tutorial's uniform initial
    weights (:func:`uniform_weights`), applied to ``input`` at construction.

    Parameters
    ----------
    rng : numpy.random.RandomState or Generator
        Draws the initial weights.
    input : TensorVariable
        Symbolic minibatch, shape (n, n_in).
    n_in, n_out : int
    W, b : SharedVariable, optional
        Existing parameters to share (a stacked model's layers share theirs
        with its autoencoders or RBMs).
    activation : {"tanh", "sigmoid", "linear", None} or callable, default tanh

    Attributes
    ----------
    W, b : SharedVariable
    output : TensorVariable
    params : list
        ``[W, b]``.

    Examples
    --------
    >>> layer = HiddenLayer(np.random.RandomState(1234), pt.matrix("x"), 784, 500)
    >>> [p.get_value().shape for p in layer.params]
    [(784, 500), (500,)]
    """

    def __init__(self, rng, input, n_in, n_out, W=None, b=None, activation=pt.tanh):
        super().__init__(n_in, n_out, activation, "glorot", rng, W=W, b=b)
        self.input = input
        self.output = self.output_for(input)


class MLP:
    """One tanh hidden layer and a softmax layer: the tutorial's ``MLP``.

    Parameters
    ----------
    rng : numpy.random.RandomState or Generator
    input : TensorVariable
    n_in, n_hidden, n_out : int

    Attributes
    ----------
    hiddenLayer : HiddenLayer
    logRegressionLayer : graphae.layers.LogisticRegressionLayer
    L1, L2_sqr : TensorVariable
        Sum of absolute values and of squares of both weight matrices.
    negative_log_likelihood, errors : callable
        The softmax layer's, taking the labels.
    params : list

    Examples
    --------
    >>> mlp = MLP(np.random.RandomState(1234), pt.matrix("x"), 784, 500, 10)
    >>> cost = mlp.negative_log_likelihood(pt.ivector("y")) + 0.0001 * mlp.L2_sqr
    >>> len(mlp.params)
    4
    """

    def __init__(self, rng, input, n_in, n_hidden, n_out):
        self.hiddenLayer = HiddenLayer(rng=rng, input=input, n_in=n_in, n_out=n_hidden,
                                       activation=pt.tanh)
        self.logRegressionLayer = LogisticRegressionLayer(
            input=self.hiddenLayer.output, n_in=n_hidden, n_out=n_out)
        weights = [self.hiddenLayer.W, self.logRegressionLayer.W]
        self.L1, self.L2_sqr = l1(weights), l2(weights)
        self.negative_log_likelihood = self.logRegressionLayer.negative_log_likelihood
        self.errors = self.logRegressionLayer.errors
        self.params = self.hiddenLayer.params + self.logRegressionLayer.params
        self.input = input
