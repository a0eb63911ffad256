"""The deeplearning.net tutorial's multilayer perceptron as an estimator."""

from __future__ import annotations

from graphae._legacy import alias, legacy_keywords
from graphae._validation import check_hidden_layer_sizes
from graphae.layers import DenseSpec
from graphae.models.network import LectureMomentum, NetworkClassifier, tutorial_nll
from graphae.nonlinearities import resolve_activation


class MLPClassifier(LectureMomentum, NetworkClassifier):
    """tanh (or sigmoid) hidden layers and a softmax layer, with L1 and L2 penalties.

    The tutorial's network as a configuration of
    :class:`graphae.NetworkClassifier`: dense layers with uniform initial
    weights in ``±sqrt(6 / (n_in + n_out))``, four times wider for sigmoid;
    a zero-initialised softmax layer; trained on
    ``NLL + l1_penalty * Σ|W| + l2_penalty * Σ W²`` by minibatch SGD (with
    optional classical momentum). The defaults are the tutorial's
    ``test_mlp`` settings.

    Parameters
    ----------
    hidden_layer_sizes : sequence of int, default (500,)
    activation : {"tanh", "sigmoid"}, default "tanh"
    learning_rate : float, default 0.01
    l1_penalty : float, default 0.0
        The tutorial's ``L1_reg`` (that keyword is accepted too).
    l2_penalty : float, default 0.0001
        The tutorial's ``L2_reg``.
    epochs : int, default 1000
    batch_size : int, default 20
    momentum : float, default 0.0
    n_classes : int, optional
    shuffle : bool, default False
        The tutorial visits minibatches in file order.
    warm_start : bool, default False
    random_state : None, int or numpy generator
        The tutorial uses ``numpy.random.RandomState(1234)``.
    mode : {None, "c", "numba", "jax"}
    verbose : int, default 1

    Attributes
    ----------
    hidden_layers_ : list of graphae.layers.Dense
    output_layer_ : graphae.layers.Dense
        The zero-initialised softmax layer (the tutorial's ``logRegressionLayer``).
    params_ : list
        Each hidden layer's ``[W, b]``, then the softmax layer's (tutorial order).
    weights_ : list
        Every weight matrix, softmax layer last.
    costs_, batch_errors_, history_, n_features_in_, n_classes_

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] * X[:, 1] > 0).astype(int)
    >>> mlp = MLPClassifier([16], learning_rate=0.5, epochs=60, batch_size=20, verbose=0,
    ...                     random_state=1234).fit(X, y)
    >>> mlp.score(X, y) > 0.9
    True
    """

    _GRAPH_PARAMS = ("hidden_layer_sizes", "activation")
    _SHARED_PARAMS = ("learning_rate", "momentum", "l1_penalty", "l2_penalty")

    @legacy_keywords(L1_reg="l1_penalty", L2_reg="l2_penalty", n_epochs="epochs")
    def __init__(self, hidden_layer_sizes=(500,), activation="tanh", learning_rate=0.01,
                 l1_penalty=0.0, l2_penalty=0.0001, epochs=1000, batch_size=20, momentum=0.0,
                 n_classes=None, shuffle=False, warm_start=False, random_state=None, mode=None,
                 verbose=1):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.learning_rate = learning_rate
        self.l1_penalty = l1_penalty
        self.l2_penalty = l2_penalty
        self.epochs = epochs
        self.batch_size = batch_size
        self.momentum = momentum
        self.n_classes = n_classes
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, y, learning_rate=None, momentum=None, epochs=None, batch_size=None,
            validation_data=None, callbacks=None, resume=None):
        """Train on ``(X, y)``; returns ``self`` (arguments as :meth:`graphae.ANN.fit`)."""
        overrides = {"learning_rate": learning_rate, "momentum": momentum, "epochs": epochs,
                     "batch_size": batch_size}
        return self._fit_classifier(X, y, overrides, validation_data, callbacks, resume)

    def _specs(self, n_classes):
        if resolve_activation(self.activation)[1] not in ("tanh", "sigmoid"):
            raise ValueError(f"activation must be 'tanh' or 'sigmoid', got {self.activation!r}")
        sizes = check_hidden_layer_sizes(self.hidden_layer_sizes)
        return [*(DenseSpec(m, self.activation, "glorot", name=f"hidden{i}")
                  for i, m in enumerate(sizes)),
                DenseSpec(n_classes, "softmax", "zeros", name="output")]

    _loss = staticmethod(tutorial_nll)

    logRegressionLayer = alias("output_layer_")
    hiddenLayer = alias("hidden_layers_.0")
