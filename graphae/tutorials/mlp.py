"""The deeplearning.net tutorial's ``HiddenLayer`` and one-hidden-layer ``MLP``."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae.backend import float_x, shared
from graphae.init import check_random_state
from graphae.tutorials.logistic import LogisticRegressionLayer

__all__ = ["HiddenLayer", "MLP", "check_size", "resolve_activation", "uniform_weights"]

_ACTIVATIONS = {"tanh": pt.tanh, "sigmoid": pt.sigmoid, "linear": None, None: None}


def resolve_activation(activation):
    """``(function, name)`` of an activation given by name or as a function.

    Parameters
    ----------
    activation : {"tanh", "sigmoid", "linear", None} or callable
        The tutorials pass ``T.tanh`` or ``T.nnet.sigmoid``; both spellings
        (and graphae's ``sigmoid``) are recognised, which matters because
        sigmoid layers get four times wider initial weights.

    Raises
    ------
    ValueError
        For an unknown name or a non-callable.

    Examples
    --------
    >>> resolve_activation("sigmoid")[1], resolve_activation(pt.tanh)[1]
    ('sigmoid', 'tanh')
    """
    if isinstance(activation, str) or activation is None:
        if activation not in _ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; expected one of "
                             "'tanh', 'sigmoid', 'linear' or a function")
        return _ACTIVATIONS[activation], activation or "linear"
    if not callable(activation):
        raise ValueError(f"activation must be a name or a function, got {activation!r}")
    for name, function in _ACTIVATIONS.items():
        if function is not None and activation is function:
            return function, name
    if getattr(activation, "__name__", "") == "sigmoid":  # graphae.sigmoid and friends
        return activation, "sigmoid"
    return activation, getattr(activation, "__name__", "custom")


def uniform_weights(rng, n_in, n_out, activation="tanh"):
    """Glorot-uniform weights in ``±sqrt(6 / (n_in + n_out))``, four times wider for sigmoid.

    Parameters
    ----------
    rng : numpy.random.RandomState, Generator, int or None
    n_in, n_out : int
    activation : see :func:`resolve_activation`

    Returns
    -------
    numpy.ndarray of floatX, shape (n_in, n_out)

    Examples
    --------
    >>> W = uniform_weights(np.random.RandomState(0), 784, 500, "sigmoid")
    >>> bool(abs(W).max() <= 4 * np.sqrt(6.0 / 1284))
    True
    """
    rng = check_random_state(rng)
    bound = np.sqrt(6.0 / (n_in + n_out))
    values = np.asarray(rng.uniform(low=-bound, high=bound, size=(n_in, n_out)),
                        dtype=float_x())
    if resolve_activation(activation)[1] == "sigmoid":
        values *= 4
    return values


def check_size(name, value):
    """``value`` as an int, or ValueError naming ``name`` unless it is a positive integer.

    Examples
    --------
    >>> check_size("n_hidden", 500)
    500
    """
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


class HiddenLayer:
    """Fully connected layer ``activation(input · W + b)`` of the MLP tutorial.

    Parameters
    ----------
    rng : numpy.random.RandomState or Generator
        Draws the initial weights (see :func:`uniform_weights`).
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
        n_in, n_out = check_size("n_in", n_in), check_size("n_out", n_out)
        function, self.activation_name = resolve_activation(activation)
        self.activation = function
        self.input = input
        if W is None:
            W = shared(uniform_weights(rng, n_in, n_out, self.activation_name), name="W")
        self.W = W
        self.b = shared(np.zeros(n_out), name="b") if b is None else b
        self.params = [self.W, self.b]
        self.output = self.forward(input)

    def forward(self, input):
        """``activation(input · W + b)`` for any symbolic ``input``."""
        linear = pt.dot(input, self.W) + self.b
        return linear if self.activation is None else self.activation(linear)

    def reset(self, random_state=None):
        """Draw new initial weights and zero the bias, in place."""
        n_in, n_out = self.W.get_value(borrow=True).shape
        self.W.set_value(uniform_weights(random_state, n_in, n_out, self.activation_name))
        self.b.set_value(np.zeros(n_out, dtype=self.b.dtype))


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
    logRegressionLayer : graphae.models.LogisticRegressionLayer
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
        self.L1 = sum(abs(W).sum() for W in weights)
        self.L2_sqr = sum((W ** 2).sum() for W in weights)
        self.negative_log_likelihood = self.logRegressionLayer.negative_log_likelihood
        self.errors = self.logRegressionLayer.errors
        self.params = self.hiddenLayer.params + self.logRegressionLayer.params
        self.input = input
