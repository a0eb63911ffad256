"""The one dense layer, ``activation(X · W + b)``, and the lectures' configurations of it."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_positive_int
from graphae.backend import shared, sigmoid, softmax_rows
from graphae.init import INITIALIZERS, glorot_uniform, init_weights, zeros
from graphae.nonlinearities import resolve_activation
from graphae.objectives import errors, negative_log_likelihood

__all__ = ["Dense", "HiddenLayer", "LogisticRegressionLayer", "SoftmaxLayer", "check_size",
           "dense_sigmoid", "dense_softmax", "initializer", "reinitialize"]


def check_size(name, value):
    """``value`` as an int, or ValueError naming ``name`` unless it is a positive integer.

    Examples
    --------
    >>> check_size("n_hidden", 500)
    500
    """
    return check_positive_int(value, name)


def dense_sigmoid(X, W, b):
    """``sigmoid(X · W + b)`` with every parameter an argument (for ``verify_grad``).

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


def initializer(init, activation_name):
    """The function ``(shape, random_state) -> array`` that ``init`` names.

    ``"lecture"`` is :func:`graphae.init.init_weights`; ``"glorot"`` the
    tutorials' uniform weights, four times wider for sigmoid layers;
    ``"zeros"`` all zeros; the names of :data:`graphae.init.INITIALIZERS`
    (Keras' ``"glorot_uniform"``, ``"he_normal"``...) those functions; a
    callable is used as it is.

    Examples
    --------
    >>> initializer("zeros", "softmax")((2, 2), None).tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """
    if callable(init):
        return init
    if init == "lecture":
        return init_weights
    if init == "glorot":
        gain = 4.0 if activation_name == "sigmoid" else 1.0
        return lambda shape, rng: glorot_uniform(shape, rng, gain=gain)
    if init == "zeros":
        return zeros
    if init in INITIALIZERS:
        return INITIALIZERS[init]
    raise ValueError(f"init must be 'lecture', 'glorot', one of {', '.join(INITIALIZERS)} "
                     f"or a function; got {init!r}")


def reinitialize(W, init, biases, random_state=None):
    """Draw new values for ``W`` with ``init`` and zero ``biases``, in place.

    Examples
    --------
    >>> W, b = shared(np.ones((2, 2)), "W"), shared(np.ones(2), "b")
    >>> reinitialize(W, zeros, [b]); float(W.get_value().sum() + b.get_value().sum())
    0.0
    """
    shape = W.get_value(borrow=True).shape
    W.set_value(np.asarray(init(shape, random_state), dtype=W.dtype))
    for bias in biases:
        bias.set_value(np.zeros_like(bias.get_value(borrow=True)))


class Dense:
    """Fully connected layer ``activation(X · W + b)``.

    Every dense layer of graphae is a configuration of this one: the
    lectures' :class:`HiddenLayer` and :class:`SoftmaxLayer`, the tutorials'
    logistic regression (:class:`LogisticRegressionLayer`) and their
    ``HiddenLayer`` (:class:`graphae.tutorials.HiddenLayer`).

    Parameters
    ----------
    n_in, n_out : int
    activation : str or callable, default "sigmoid"
        See :func:`graphae.nonlinearities.resolve_activation`.
    init : {"lecture", "glorot", "zeros"} or callable, default "lecture"
        Initial weights (see :func:`initializer`); biases start at zero.
    random_state : None, int or numpy generator
        Draws the initial weights.
    W, b : SharedVariable, optional
        Existing parameters to share instead of new ones.
    name : str, optional
        Prefix of the new shared variables' names (None: plain ``W``/``b``).
    weights : tuple of array_like, optional
        ``(W, b)`` values to start from instead of drawn ones (pretrained
        weights); :meth:`reset` restores them.
    trainable : bool, default True
        False freezes the layer: optimisers and penalties leave its
        parameters alone (Keras' ``layer.trainable = False``).

    Attributes
    ----------
    W : SharedVariable, shape (n_in, n_out)
    b : SharedVariable, shape (n_out,)
    params : list
        ``[W, b]``.
    activation : callable
    activation_name : str
    trainable : bool

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = Dense(4, 3, activation="tanh", init="glorot", random_state=0)
    >>> layer.output_for(pt.matrix("X")).ndim
    2
    """

    def __init__(self, n_in, n_out, activation="sigmoid", init="lecture", random_state=None,
                 W=None, b=None, name=None, weights=None, trainable=True):
        self.n_in, self.n_out = check_size("n_in", n_in), check_size("n_out", n_out)
        self.activation, self.activation_name = resolve_activation(activation)
        self.init = initializer(init, self.activation_name)
        self.initial_weights = None if weights is None else self._checked_weights(weights)
        self.trainable = bool(trainable)
        prefix = f"{name}." if name else ""
        if W is None:
            W = shared(self._first_W(random_state), name=f"{prefix}W")
        self.W = W
        self.b = shared(np.zeros(self.n_out), name=f"{prefix}b") if b is None else b
        if self.initial_weights is not None and b is None:
            self.b.set_value(self.initial_weights[1].astype(self.b.dtype))
        self.W.tag.regularizable, self.b.tag.regularizable = True, False  # L1/L2 skip biases
        self.params = [self.W, self.b]

    def _checked_weights(self, weights):
        """``(W, b)`` as float arrays of this layer's shapes, or ValueError."""
        expected = ((self.n_in, self.n_out), (self.n_out,))
        if not (isinstance(weights, (tuple, list)) and len(weights) == 2):
            raise ValueError(f"weights must be a pair (W, b) of shapes {expected}; "
                             f"got {type(weights).__name__}")
        arrays = tuple(np.array(value, dtype=float) for value in weights)
        shapes = tuple(array.shape for array in arrays)
        if shapes != expected:
            raise ValueError(f"weights must have shapes {expected} (W, b); got {shapes}")
        return arrays

    def _first_W(self, random_state):
        if self.initial_weights is None:
            return self.init((self.n_in, self.n_out), random_state)
        return self.initial_weights[0]

    def linear(self, X):
        """``X · W + b``, before the activation (a softmax layer's logits)."""
        return pt.dot(X, self.W) + self.b

    def output_for(self, X):
        """``activation(X · W + b)`` for any symbolic ``X`` (nothing is compiled)."""
        linear = self.linear(X)
        return linear if self.activation is None else self.activation(linear)

    forward = output_for

    def output(self, X, rng, training):
        """``(rng, output_for(X))``: a layer of a layer list draws no noise."""
        return rng, self.output_for(X)

    def reset(self, random_state=None):
        """Draw new initial weights and zero the bias, in place (or restore given ``weights``)."""
        if self.initial_weights is None:
            reinitialize(self.W, self.init, [self.b], random_state)
            return
        for param, value in zip(self.params, self.initial_weights):
            param.set_value(value.astype(param.dtype))


class HiddenLayer(Dense):
    """Sigmoid hidden layer of the vanishing-gradient lecture (``HiddenLayer(D, M)``).

    Parameters
    ----------
    D, M : int
        Input and output sizes.
    random_state : None, int or numpy generator
        Source of the initial weights (:func:`graphae.init.init_weights`).
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

    _ACTIVATION = "sigmoid"

    def __init__(self, D, M, random_state=None, name="hidden"):
        check_size("D", D), check_size("M", M)
        super().__init__(D, M, self._ACTIVATION, "lecture", random_state, name=name)
        self.D, self.M = int(D), int(M)


class SoftmaxLayer(HiddenLayer):
    """Softmax output layer of the lectures (their 'logistic regression layer').

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> probabilities = SoftmaxLayer(3, 4, random_state=0).forward(pt.constant(np.ones((2, 3))))
    >>> np.allclose(probabilities.eval().sum(axis=1), 1)
    True
    """

    _ACTIVATION = "softmax"


class LogisticRegressionLayer(Dense):
    """The tutorials' ``LogisticRegression(input, n_in, n_out)`` graph piece.

    A zero-initialised softmax :class:`Dense` layer applied to ``input``:
    ``p_y_given_x`` is the row-wise softmax of ``input · W + b`` and
    ``y_pred`` its argmax.

    Parameters
    ----------
    input : TensorVariable
        Symbolic minibatch, shape (n, n_in).
    n_in, n_out : int
    W, b : SharedVariable, optional
        Existing parameters to share (new zero ones otherwise).

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = LogisticRegressionLayer(pt.matrix("x"), 784, 10)
    >>> layer.negative_log_likelihood(pt.ivector("y")).ndim
    0
    """

    def __init__(self, input, n_in, n_out, W=None, b=None):
        super().__init__(n_in, n_out, "softmax", "zeros", W=W, b=b)
        self.input = input
        self.p_y_given_x = self.output_for(input)
        self.y_pred = pt.argmax(self.p_y_given_x, axis=1)

    def negative_log_likelihood(self, y):
        """Mean negative log-probability of the integer labels ``y``."""
        return negative_log_likelihood(self.p_y_given_x, y)

    def errors(self, y):
        """Fraction of ``y`` that ``y_pred`` gets wrong."""
        return errors(self.p_y_given_x, y)
