"""Multiclass logistic regression of the deeplearning.net tutorial (logistic_sgd)."""

from __future__ import annotations

from graphae.layers import DenseSpec, LogisticRegressionLayer
from graphae.models.network import LectureMomentum, NetworkClassifier, tutorial_nll

__all__ = ["LogisticRegression", "LogisticRegressionLayer"]


class LogisticRegression(LectureMomentum, NetworkClassifier):
    """Softmax regression trained by minibatch SGD on shared data, as in the tutorial.

    A configuration of :class:`graphae.NetworkClassifier` with no hidden
    layer: one zero-initialised softmax layer and the tutorial's
    ``negative_log_likelihood``.

    With ``shuffle=False`` and ``momentum=0`` the updates are the tutorial's
    ``W <- W - learning_rate * dC/dW`` in the same minibatch order, so a run
    with :class:`graphae.callbacks.PatienceEarlyStopping` reproduces its
    published figures (see ``benchmarks/logistic_sgd_tutorial.py``).

    Parameters
    ----------
    learning_rate : float, default 0.13
    epochs : int, default 1000
    batch_size : int, default 600
    momentum : float, default 0.0
    n_classes : int, optional
    shuffle : bool, default False
    warm_start : bool, default False
    random_state : None
        Accepted for the estimator contract; initialisation is all zeros.
    mode : {None, "c", "numba", "jax"}
    verbose : int, default 1

    Attributes
    ----------
    output_layer_ : graphae.layers.Dense
        The softmax layer (the tutorial's ``LogisticRegression``).
    hidden_layers_ : list
        Empty (see :class:`graphae.MLPClassifier` for hidden layers).
    params_, weights_, costs_, history_, n_features_in_, n_classes_

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(90, 2)); y = (X[:, 0] > 0).astype(int)
    >>> model = LogisticRegression(epochs=20, batch_size=30, verbose=0).fit(X, y)
    >>> model.score(X, y) > 0.9
    True
    """

    def __init__(self, learning_rate=0.13, epochs=1000, batch_size=600, momentum=0.0,
                 n_classes=None, shuffle=False, warm_start=False, random_state=None,
                 mode=None, verbose=1):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.momentum = momentum
        self.n_classes = n_classes
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, y, learning_rate=None, epochs=None, batch_size=None,
            validation_data=None, callbacks=None, resume=None):
        """Train on ``(X, y)``; returns ``self`` (see :class:`ANN.fit <graphae.ANN>`)."""
        overrides = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size}
        return self._fit_classifier(X, y, overrides, validation_data, callbacks, resume)

    _GRAPH_PARAMS = ()
    _SHARED_PARAMS = ("learning_rate", "momentum")

    def _specs(self, n_classes):
        return [DenseSpec(n_classes, "softmax", "zeros", name="output")]

    _loss = staticmethod(tutorial_nll)
