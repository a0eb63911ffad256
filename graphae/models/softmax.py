"""Seed 002's softmax regression: full-batch gradient descent with a bias column."""

from __future__ import annotations

import pytensor.tensor as pt

from graphae._legacy import legacy_keywords
from graphae._validation import check_float_in
from graphae.backend import softmax_rows
from graphae.layers import Dense
from graphae.models._classifier import ClassifierModel
from graphae.objectives import categorical_crossentropy, errors
from graphae.regularization import penalty

__all__ = ["SoftmaxRegression"]


class SoftmaxRegression(ClassifierModel):
    """Softmax regression ``softmax([1, x] W)`` by full-batch gradient descent (seed 002).

    Every iteration is one step on the whole training set,
    ``W <- W - learning_rate * (Xᵀ(softmax(XW) - Y) / n + l1 sign(W) + 2 l2 W)``,
    with ``X`` carrying a leading column of ones and ``W`` starting at zero,
    exactly as the seed's ``sm_single_layer_train_gd_reg`` writes it (the
    penalties apply to the bias row too, as there). On MNIST's 60,000
    training images at ``/ 255`` (``load_mnist(split="keras")``), learning
    rate 1 and 100 iterations give the seed's 90.96 % test accuracy.

    Parameters
    ----------
    learning_rate : float, default 1.0
        The seed's ``learn_rate``.
    epochs : int, default 100
        Passes over the data; with the default full batch each is one
        gradient step (the seed's ``iter_num``), and callbacks and
        ``history_`` see every one.
    l1_penalty, l2_penalty : float, default 0.0
        The seed's ``l1coeff`` and ``l2coeff`` (shared scalars: a grid over
        them never recompiles).
    batch_size : int, optional
        None (default): the whole training set, the seed's full-batch
        descent; a number gives minibatch SGD instead.
    fit_intercept : bool, default True
        Prepend the column of ones (the seed's bias).
    n_classes : int, optional
    warm_start : bool, default False
    random_state : None
        Accepted for the estimator contract; the start is all zeros.
    mode : {None, "c", "numba", "jax"}
    verbose : int, default 0
        1 prints a line per iteration.

    Attributes
    ----------
    coef_ : numpy.ndarray, shape (n_features_in_ + fit_intercept, n_classes_)
        ``W``, bias row first when ``fit_intercept``.
    params_, weights_, costs_, history_, n_features_in_, n_classes_

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((200, 3)); y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = SoftmaxRegression(epochs=200).fit(X, y)
    >>> model.score(X, y) > 0.9, model.coef_.shape
    (True, (4, 2))
    """

    _SHARED_PARAMS = ("learning_rate", "momentum", "l1_penalty", "l2_penalty")
    _GRAPH_PARAMS = ("fit_intercept",)
    _ARCHITECTURE_KEYS = ("n_features_in_", "n_classes_")
    momentum = 0.0  # plain gradient descent
    shuffle = False  # one full batch: order does not matter

    def __init__(self, learning_rate=1.0, epochs=100, l1_penalty=0.0, l2_penalty=0.0,
                 batch_size=None, fit_intercept=True, n_classes=None, warm_start=False,
                 random_state=None, mode=None, verbose=0):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l1_penalty = l1_penalty
        self.l2_penalty = l2_penalty
        self.fit_intercept = fit_intercept
        self.n_classes = n_classes
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    @legacy_keywords(learn_rate="learning_rate", iter_num="epochs",
                     l1coeff="l1_penalty", l2coeff="l2_penalty")
    def fit(self, X, y, learning_rate=None, epochs=None, l1_penalty=None, l2_penalty=None,
            batch_size=None, validation_data=None, callbacks=None, resume=None):
        """Run ``epochs`` full-batch steps on ``(X, y)``; returns ``self``.

        Per-call values override the constructor's for this fit only (the
        seed's ``learn_rate``, ``iter_num``, ``l1coeff``, ``l2coeff`` are
        accepted too).
        """
        batch_size = self.batch_size if batch_size is None else batch_size
        overrides = {"learning_rate": learning_rate, "epochs": epochs,
                     "batch_size": len(X) if batch_size is None else batch_size,
                     "l1_penalty": l1_penalty, "l2_penalty": l2_penalty}
        return self._fit_classifier(X, y, overrides, validation_data, callbacks, resume)

    def _fit_settings(self, overrides, n_samples):
        """The base settings plus this fit's penalties (``_shared_values`` reads them)."""
        settings = super()._fit_settings(overrides, n_samples)
        for name in ("l1_penalty", "l2_penalty"):
            value = getattr(self, name) if overrides.get(name) is None else overrides[name]
            settings[name] = check_float_in(value, name, 0, float("inf"), include_low=True)
        return settings

    # -- graph ---------------------------------------------------------------
    def _layer_shapes(self, architecture):
        return [(architecture["n_features_in_"] + bool(self.fit_intercept),
                 architecture["n_classes_"])]

    def _create_layers(self, architecture, shapes, rng):
        self.output_layer_ = Dense(*shapes[0], activation="softmax", init="zeros")
        self.params_ = [self.output_layer_.W]  # the bias lives in W's first row
        self.weights_ = [self.output_layer_.W]

    def _all_layers(self):
        return [self.output_layer_]

    def probabilities(self, X):
        """Symbolic ``softmax([1, X] W)`` (rows sum to one).

        Computed as ``X W[1:] + W[0]``: the same values and gradient as the
        seed's column of ones, without copying the data at every step.
        """
        W = self.output_layer_.W
        if not self.fit_intercept:
            return softmax_rows(pt.dot(X, W))
        return softmax_rows(pt.dot(X, W[1:]) + W[0])

    def cost_and_error(self, X, y):
        """Mean cross-entropy of the labels, and the error rate (no penalty)."""
        probabilities = self.probabilities(X)
        return categorical_crossentropy(y, probabilities), errors(probabilities, y)

    def _training_terms(self, index):
        cost, records, givens, random_updates = super()._training_terms(index)
        records["cross_entropy"] = cost
        penalised = cost + penalty([self.output_layer_.W], self._scalar("l1_penalty"),
                                   self._scalar("l2_penalty"))
        return penalised, records, givens, random_updates

    @property
    def coef_(self):
        """``W`` as an array, bias row first when ``fit_intercept``."""
        self._check_fitted()
        return self.output_layer_.W.get_value()
