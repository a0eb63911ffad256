"""Layers of the lecture models: shared parameters plus symbolic forwards.

Each ``forward`` returns a plain symbolic expression; nothing is compiled
here. The functional forms (:func:`dense_sigmoid`, :func:`dense_softmax`) take
every parameter as an argument, so gradients can be checked with
``pytensor.gradient.verify_grad`` on all of them.
"""

from __future__ import annotations

import numpy as np

from graphae._legacy import legacy_names
from graphae.backend import shared, sigmoid, softmax_rows
from graphae.init import init_weights


def dense_sigmoid(X, W, b):
    """``sigmoid(X · W + b)``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> float(dense_sigmoid(pt.constant(np.zeros((1, 2))), pt.constant(np.ones((2, 1))), 0.0).eval()[0, 0])
    0.5
    """
    return sigmoid(X.dot(W) + b)


def dense_softmax(X, W, b):
    """Row-wise ``softmax(X · W + b)``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> dense_softmax(pt.constant(np.zeros((1, 2))), pt.constant(np.zeros((2, 4))), 0.0).eval().tolist()
    [[0.25, 0.25, 0.25, 0.25]]
    """
    return softmax_rows(X.dot(W) + b)


def _check_sizes(**sizes):
    for name, size in sizes.items():
        if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size <= 0:
            raise ValueError(f"{name} must be a positive integer, got {size!r}")


def _reset(W, biases, random_state):
    shape = W.get_value(borrow=True).shape
    W.set_value(init_weights(shape, random_state).astype(W.dtype))
    for bias in biases:
        bias.set_value(np.zeros_like(bias.get_value(borrow=True)))


@legacy_names
class Layer:
    """Tied-weight autoencoder layer of the X-wing lecture.

    The encoder maps ``m1 -> m2`` with ``W`` and ``bi``; the decoder maps
    ``m2 -> m1`` with the *same* shared ``W`` transposed and its own ``bo``.

    Parameters
    ----------
    m1, m2 : int
        Input and output sizes of the encoder.
    random_state : None, int or numpy generator
        Source of the initial weights (:func:`graphae.init.init_weights`).
    name : str, optional
        Prefix of the shared variables' names.

    Attributes
    ----------
    W : SharedVariable, shape (m1, m2)
    bi : SharedVariable, shape (m2,)
        Encoder bias.
    bo : SharedVariable, shape (m1,)
        Decoder bias.
    params : list
        ``[W, bi, bo]``.

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = Layer(4, 2, random_state=0)
    >>> codes = layer.forward(pt.matrix("X"))
    >>> Layer.forwardT is Layer.forward_transposed  # the lecture's name
    True
    """

    def __init__(self, m1, m2, random_state=None, name="layer"):
        _check_sizes(m1=m1, m2=m2)
        self.m1, self.m2 = int(m1), int(m2)
        self.W = shared(init_weights((m1, m2), random_state), name=f"{name}.W")
        self.bi = shared(np.zeros(m2), name=f"{name}.bi")
        self.bo = shared(np.zeros(m1), name=f"{name}.bo")
        self.params = [self.W, self.bi, self.bo]

    def reset(self, random_state=None):
        """Draw new initial weights and zero the biases, in place."""
        _reset(self.W, [self.bi, self.bo], random_state)

    def forward(self, X):
        """Encode: ``sigmoid(X · W + bi)`` (symbolic)."""
        return dense_sigmoid(X, self.W, self.bi)

    def forward_transposed(self, X):
        """Decode with the tied weights: ``sigmoid(X · Wᵀ + bo)`` (symbolic)."""
        return dense_sigmoid(X, self.W.T, self.bo)


@legacy_names
class HiddenLayer:
    """Sigmoid hidden layer of the vanishing-gradient lecture.

    Parameters
    ----------
    D, M : int
        Input and output sizes.
    random_state : None, int or numpy generator
        Source of the initial weights.
    name : str, optional
        Prefix of the shared variables' names.

    Attributes
    ----------
    W : SharedVariable, shape (D, M)
    b : SharedVariable, shape (M,)
    params : list
        ``[W, b]``.

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = HiddenLayer(784, 100, random_state=0)
    >>> [p.get_value().shape for p in layer.params]
    [(784, 100), (100,)]
    >>> layer.forward(pt.matrix("X")).ndim
    2
    """

    def __init__(self, D, M, random_state=None, name="hidden"):
        _check_sizes(D=D, M=M)
        self.D, self.M = int(D), int(M)
        self.W = shared(init_weights((D, M), random_state), name=f"{name}.W")
        self.b = shared(np.zeros(M), name=f"{name}.b")
        self.params = [self.W, self.b]

    def reset(self, random_state=None):
        """Draw new initial weights and zero the bias, in place."""
        _reset(self.W, [self.b], random_state)

    def forward(self, X):
        """``sigmoid(X · W + b)`` (symbolic)."""
        return dense_sigmoid(X, self.W, self.b)


@legacy_names
class SoftmaxLayer(HiddenLayer):
    """Softmax output layer (the lectures' 'logistic regression layer').

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> probabilities = SoftmaxLayer(3, 4, random_state=0).forward(pt.constant(np.ones((2, 3))))
    >>> np.allclose(probabilities.eval().sum(axis=1), 1)
    True
    """

    def forward(self, X):
        """Row-wise ``softmax(X · W + b)`` (symbolic)."""
        return dense_softmax(X, self.W, self.b)
