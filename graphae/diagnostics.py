"""Looking inside training: gradients layer by layer (seed 003 §19.3's vanishing gradient)."""

from __future__ import annotations

import numpy as np
import pytensor
import pytensor.tensor as pt

from graphae._validation import check_features, check_labels
from graphae.backend import compile_function, float_x_context, int_vector, matrix
from graphae.layers import Dense
from graphae.training import Callback, Graph

__all__ = ["LayerGradientNorms", "SEED003_CHAIN", "gradient_norms_function",
           "sigmoid_chain_gradients"]

#: Seed 003 §19.3's example: weights, input, target, and the values it prints.
SEED003_CHAIN = {
    "weights": (1.0, -2.0, -2.0, -2.0, 1.0), "x": 1.0, "target": 0.5,
    "outputs": (0.731058578630005, 0.188143725087062, 0.407022630083087, 0.307029145835665,
                0.576159944190332),
    "gradients": (-0.000229451909878624, 0.000426583433503455, -0.00035937069569135,
                  0.0016105892898339, 0.00571019949926838),
}


def sigmoid_chain_gradients(weights, x, target):
    """Outputs and weight gradients of a chain of one-unit sigmoid layers (no biases).

    Layer ``i`` computes ``y_i = sigmoid(w_i · y_{i-1})`` from ``y_0 = x``;
    the error is ``E = ½ (y_n - t)²``. Each layer is a 1 × 1
    :class:`graphae.layers.Dense` and the gradients come from PyTensor's
    ``grad``, so this checks graphae's backpropagation against the
    lecture's chain-rule products. It computes in float64 whatever floatX is.

    Parameters
    ----------
    weights : sequence of float
        ``w_1 … w_n``, input side first.
    x, target : float

    Returns
    -------
    outputs, gradients : numpy.ndarray, shape (n,)
        ``y_1 … y_n`` and ``∂E/∂w_1 … ∂E/∂w_n``.

    Examples
    --------
    >>> chain = SEED003_CHAIN
    >>> outputs, gradients = sigmoid_chain_gradients(chain["weights"], chain["x"],
    ...                                              chain["target"])
    >>> bool(np.allclose(gradients, chain["gradients"], rtol=0, atol=1e-12))
    True
    """
    weights = [float(w) for w in weights]
    if not weights:
        raise ValueError("weights must hold at least one weight, got none")
    with float_x_context("float64"):  # the seed prints 15 digits
        layers = [Dense(1, 1, "sigmoid", weights=([[w]], [0.0]), name=f"w{i + 1}")
                  for i, w in enumerate(weights)]
    x_in, t_in = pt.dscalar("x"), pt.dscalar("t")
    y, outputs = pt.reshape(x_in, (1, 1)), []
    for layer in layers:
        y = layer.output_for(y)
        outputs.append(y[0, 0])
    error = 0.5 * pt.sqr(y[0, 0] - t_in)
    gradients = pytensor.grad(error, [layer.W for layer in layers])
    function = compile_function([x_in, t_in], [pt.stack(outputs),
                                               pt.stack([g[0, 0] for g in gradients])])
    values, grads = function(float(x), float(target))
    return np.asarray(values), np.asarray(grads)


def gradient_norms_function(model):
    """``f(X, y) -> mean |∂loss/∂W|`` per weight matrix of a fitted classifier.

    The loss is the model's prediction-mode mean loss (``cost_and_error``);
    the values come bottom layer first, the output layer last, as
    ``model.weights_``. The function is compiled once, into the model's
    compile cache, like its ``predict``.
    """

    def build():
        X_in, y_in = matrix("X", dtype=model._dtype), int_vector("y")
        grads = pytensor.grad(model.cost_and_error(X_in, y_in)[0], model.weights_)
        return Graph([X_in, y_in], pt.stack([abs(g).mean() for g in grads]))

    def norms(X, y):
        X = check_features(X, dtype=model._dtype, n_features=model.n_features_in_)
        y = check_labels(y, X.shape[0], model.n_classes_)
        return np.asarray(model._function("gradient_norms", build)(X, y))

    return norms


class LayerGradientNorms(Callback):
    """Record each layer's mean ``|∂loss/∂W|`` on ``(X, y)`` before training and after each epoch.

    Seed 003 §19.3's picture of the vanishing gradient: in a deep sigmoid
    network started at random the lower layers get gradients orders of
    magnitude smaller than the top; after RBM pretraining they do not.

    Parameters
    ----------
    X, y : array_like
        The examples to differentiate the loss on (the training set).

    Attributes
    ----------
    norms_ : numpy.ndarray, shape (1 + n_epochs, n_layers)
        Row 0 at the starting weights, row ``i`` after epoch ``i``.

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.models import NetworkClassifier
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((40, 5)), rng.integers(0, 2, 40)
    >>> monitor = LayerGradientNorms(X, y)
    >>> net = NetworkClassifier([4, "sigmoid", 3, "sigmoid"], epochs=2, batch_size=20,
    ...                         verbose=0).fit(X, y, callbacks=[monitor])
    >>> monitor.norms_.shape
    (3, 3)
    """

    def __init__(self, X, y):
        self.X, self.y = X, y

    def on_train_begin(self, logs=None):
        self._norms = gradient_norms_function(self.model)
        self._rows = [self._norms(self.X, self.y)]

    def on_epoch_end(self, epoch, logs=None):
        self._rows.append(self._norms(self.X, self.y))

    @property
    def norms_(self):
        return np.array(self._rows)
