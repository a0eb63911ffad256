"""What every classifier shares: labels, validation, evaluation, prediction."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_features, check_labels
from graphae.backend import float_x, int_vector, matrix
from graphae.base import ClassifierMixin
from graphae.models._base import CompiledModel
from graphae.objectives import errors, negative_log_likelihood
from graphae.training import Graph


#: the most classes a fit infers from the labels alone (more must be asked for by n_classes)
MAX_INFERRED_CLASSES = 10_000


class ClassifierModel(ClassifierMixin, CompiledModel):
    """Base of graphae's classifiers.

    Subclasses define ``probabilities(X)`` (symbolic class probabilities) and
    may override ``cost_and_error(X, y)``; fitting, ``partial_fit``,
    validation metrics, ``evaluate``, ``predict`` and ``predict_proba`` come
    from here.
    """

    _ARCHITECTURE_KEYS = ("n_features_in_", "n_classes_")

    def cost_and_error(self, X, y):
        """Symbolic mean negative log-likelihood (the lecture's form) and error rate of ``y``."""
        probabilities = self.probabilities(X)
        return (negative_log_likelihood(probabilities, y, log_first=False),
                errors(probabilities, y))

    def _check_n_classes(self):
        value = self.n_classes
        if value is not None and (isinstance(value, bool) or not isinstance(
                value, (int, np.integer)) or value < 2):
            raise ValueError(f"n_classes must be None or a whole number >= 2, got {value!r}")

    def _fit_classifier(self, X, y, overrides, validation_data, callbacks, resume=None):
        self._check_n_classes()
        X = check_features(X, dtype=float_x())
        y = check_labels(y, X.shape[0], self.n_classes)
        n_classes = self._classes_for(y)
        return self._fit_arrays({"X": X, "Y": y}, overrides,
                                self._validation(validation_data, X.shape[1], n_classes),
                                callbacks, resume=resume, n_classes=n_classes)

    def _classes_for(self, y):
        """The output size a fit on labels ``y`` builds (a warm start keeps the fitted one)."""
        if self.n_classes is not None:
            return self.n_classes
        fitted = getattr(self, "n_classes_", None) if self.warm_start else None
        inferred = int(y.max()) + 1 if len(y) else 0
        _check_inferred(inferred)
        return fitted if fitted and inferred <= fitted else inferred

    def partial_fit(self, X, y, classes=None, callbacks=None):
        """One epoch over ``(X, y)``, continuing from the current weights.

        ``classes`` (every label that will be seen) fixes the output size on
        the first call when ``n_classes`` was not given.
        """
        self._check_n_classes()
        X = check_features(X, dtype=float_x())
        n_classes = getattr(self, "n_classes_", None) or self.n_classes or (
            None if classes is None else len(classes))
        y = check_labels(y, X.shape[0], n_classes)
        return self._fit_arrays({"X": X, "Y": y}, {"epochs": 1}, None, callbacks,
                                partial=True, n_classes=n_classes)

    def _validation(self, data, n_features, n_classes=None):
        """``validation_data`` checked before training: its labels against the classes built."""
        if data is None:
            return None
        if not (isinstance(data, (tuple, list)) and len(data) == 2):
            raise ValueError("validation_data must be a tuple (X_val, y_val)")
        X_val = check_features(data[0], dtype=float_x(), n_features=n_features,
                               name="validation X")
        return X_val, check_labels(data[1], X_val.shape[0], n_classes or self.n_classes,
                                   "validation y")

    def _architecture_of(self, X, y, n_classes=None):
        if not (n_classes or self.n_classes):
            n_classes = _check_inferred(int(y.max()) + 1)
        n_classes = n_classes or self.n_classes
        if n_classes < 2:
            raise ValueError("y must contain at least two classes" if self.n_classes is None
                             else f"n_classes must be >= 2, got {n_classes}")
        return {"n_features_in_": X.shape[1], "n_classes_": n_classes}

    def _training_terms(self, index):
        X_in, y_in = matrix("X"), int_vector("y")
        cost, error = self.cost_and_error(X_in, y_in)
        givens = [(X_in, self._dataset.minibatch("X", index)),
                  (y_in, self._dataset.minibatch("Y", index))]
        return cost, {"error": error}, givens, []

    def evaluate(self, X, y):
        """``{"loss": mean NLL, "accuracy": ..., "error": ...}`` on ``(X, y)``."""
        X = self._checked(X)
        y = check_labels(y, X.shape[0], self.n_classes_)

        def build():
            X_in, y_in = matrix("X", dtype=self._dtype), int_vector("y")
            loss, error = self.cost_and_error(X_in, y_in)
            return Graph([X_in, y_in], pt.stack([loss, error.astype(loss.dtype)]))

        loss, error = self._function("evaluate", build)(X, y)
        return {"loss": float(loss), "accuracy": 1.0 - float(error), "error": float(error)}

    def error_rate(self, X, y):
        """``1 - score(X, y)``, the lectures' error rate."""
        return 1.0 - self.score(X, y)

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes_)."""
        return self._apply("predict_proba", self.probabilities, self._checked(X))

    def predict(self, X):
        """Predicted labels, shape (n_samples,)."""
        return self._apply("predict", lambda v: pt.argmax(self.probabilities(v), axis=1),
                           self._checked(X))


def _check_inferred(n_classes):
    """A class count read off the labels alone must be plausible (a typo'd label is not)."""
    if n_classes > MAX_INFERRED_CLASSES:
        raise ValueError(f"y's largest label is {n_classes - 1}: that would build a "
                         f"{n_classes:,}-class output layer; relabel y as 0..k-1, or pass "
                         f"n_classes={n_classes} if that is meant")
    return n_classes

