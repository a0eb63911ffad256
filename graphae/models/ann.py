"""The sigmoid network of the vanishing-gradient lecture (seed 004)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import legacy_names
from graphae._validation import check_features, check_hidden_layer_sizes, check_labels
from graphae.backend import float_x, int_vector, matrix
from graphae.base import ClassifierMixin
from graphae.layers import HiddenLayer, SoftmaxLayer
from graphae.models._base import CompiledModel
from graphae.objectives import categorical_nll_mean


@legacy_names
class ANN(ClassifierMixin, CompiledModel):
    """Deep sigmoid classifier with a softmax output, trained with momentum.

    Besides the usual costs it records, for every minibatch, the mean
    absolute change of every weight matrix (``weight_changes_``): the
    lecture's picture of gradients vanishing in the lower layers.

    Parameters
    ----------
    hidden_layer_sizes : sequence of int
        E.g. ``[1000, 750, 500]``.
    learning_rate : float, default 0.01
    momentum : float, default 0.99
        The lecture's ``mu``.
    epochs : int, default 30
    batch_size : int, default 100
        The lecture's ``batch_sz``; the remainder of each epoch is not used.
    n_classes : int, optional
        Number of classes; by default ``max(Y) + 1``.
    shuffle : bool, default True
    warm_start : bool, default False
        When True, ``fit`` continues from the current weights (and momentum).
    random_state : None, int or numpy generator
    mode : {None, "c", "numba", "jax"}
    verbose : int, default 1

    Attributes
    ----------
    hidden_layers_ : list of HiddenLayer
    output_layer_ : SoftmaxLayer
    params_ : list of SharedVariable
        Output ``[W, b]`` first, then each hidden layer's (lecture order).
    weights_ : list of SharedVariable
        Every weight matrix, output layer last (the lecture's ``allWs``).
    costs_ : numpy.ndarray, shape (n_steps,)
        Training cost of every minibatch.
    batch_errors_ : numpy.ndarray, shape (n_steps,)
        Error rate on every training minibatch, before its update.
    weight_changes_ : numpy.ndarray, shape (n_steps, len(weights_))
        Mean absolute change of each matrix of ``weights_`` at every step.
    n_classes_, n_features_in_ : int
    history_ : graphae.history.History

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X, Y = rng.random((60, 5)), rng.integers(0, 3, 60)
    >>> ann = ANN([8, 4], epochs=2, batch_size=20, verbose=0, random_state=0)
    >>> ann.fit(X, Y).weight_changes_.shape
    (6, 3)
    >>> len(ann.allWs)
    3
    """

    def __init__(
        self,
        hidden_layer_sizes,
        learning_rate=0.01,
        momentum=0.99,
        epochs=30,
        batch_size=100,
        n_classes=None,
        shuffle=True,
        warm_start=False,
        random_state=None,
        mode=None,
        verbose=1,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.epochs = epochs
        self.batch_size = batch_size
        self.n_classes = n_classes
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    # -- symbolic graph ---------------------------------------------------
    def forward(self, X):
        """Symbolic class probabilities of ``X`` (rows sum to one)."""
        Z = X
        for layer in self.hidden_layers_:
            Z = layer.forward(Z)
        return self.output_layer_.forward(Z)

    def predict_symbolic(self, X):
        """Symbolic predicted labels of ``X``."""
        return pt.argmax(self.forward(X), axis=1)

    # -- training ---------------------------------------------------------
    def fit(self, X, Y, learning_rate=None, momentum=None, epochs=None, batch_size=None,
            validation_data=None, callbacks=None):
        """Train on features ``X`` and integer labels ``Y``; returns ``self``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        Y : array_like of int, shape (n_samples,)
            Labels in ``0 .. n_classes - 1``.
        learning_rate, momentum, epochs, batch_size : optional
            Override the constructor's values for this call (``mu`` and
            ``batch_sz`` are accepted too).
        validation_data : tuple (X_val, Y_val), optional
            Adds ``val_loss``, ``val_accuracy`` and ``val_error`` to each
            epoch's record.
        callbacks : list of graphae.callbacks.Callback, optional

        Raises
        ------
        ValueError
            For malformed ``X``, labels that are not integers in range, or a
            batch larger than ``X``.
        """
        X = check_features(X, dtype=float_x())
        Y = check_labels(Y, X.shape[0], self.n_classes)
        overrides = {"learning_rate": learning_rate, "momentum": momentum,
                     "epochs": epochs, "batch_size": batch_size}
        return self._fit_arrays({"X": X, "Y": Y}, overrides,
                                self._validation(validation_data, X.shape[1]), callbacks)

    def partial_fit(self, X, Y, classes=None, callbacks=None):
        """One epoch over ``(X, Y)``, continuing from the current weights.

        ``classes`` (all labels that will ever be seen) fixes the output size
        on the first call when ``n_classes`` was not given.
        """
        X = check_features(X, dtype=float_x())
        n_classes = getattr(self, "n_classes_", None) or self.n_classes or (
            None if classes is None else len(classes))
        Y = check_labels(Y, X.shape[0], n_classes)
        return self._fit_arrays({"X": X, "Y": Y}, {"epochs": 1}, None, callbacks,
                                partial=True, n_classes=n_classes)

    def _validation(self, data, n_features):
        if data is None:
            return None
        if not (isinstance(data, (tuple, list)) and len(data) == 2):
            raise ValueError("validation_data must be a tuple (X_val, Y_val)")
        X_val = check_features(data[0], dtype=float_x(), n_features=n_features,
                               name="validation X")
        return X_val, check_labels(data[1], X_val.shape[0], self.n_classes, "validation Y")

    _ARCHITECTURE_KEYS = ("n_features_in_", "n_classes_")

    def _architecture_of(self, X, Y, n_classes=None):
        n_classes = n_classes or self.n_classes or int(Y.max()) + 1
        if n_classes < 2:
            raise ValueError("Y must contain at least two classes")
        return {"n_features_in_": X.shape[1], "n_classes_": n_classes}

    def _layer_shapes(self, architecture):
        sizes = (architecture["n_features_in_"],) + check_hidden_layer_sizes(
            self.hidden_layer_sizes)
        return list(zip(sizes[:-1], sizes[1:])) + [(sizes[-1], architecture["n_classes_"])]

    def _create_layers(self, architecture, shapes, rng):
        self.hidden_layers_ = [HiddenLayer(d, m, random_state=rng, name=f"hidden{i}")
                               for i, (d, m) in enumerate(shapes[:-1])]
        self.output_layer_ = SoftmaxLayer(*shapes[-1], random_state=rng, name="output")
        self.params_ = list(self.output_layer_.params)
        for layer in self.hidden_layers_:
            self.params_ += layer.params
        self.weights_ = [layer.W for layer in self.hidden_layers_] + [self.output_layer_.W]

    def _all_layers(self):
        return self.hidden_layers_ + [self.output_layer_]

    def _training_terms(self, index):
        X_in, targets = matrix("X"), int_vector("targets")
        probabilities = self.forward(X_in)
        cost = categorical_nll_mean(probabilities, targets)
        error = pt.neq(pt.argmax(probabilities, axis=1), targets).mean()
        givens = [(X_in, self._dataset.minibatch("X", index)),
                  (targets, self._dataset.minibatch("Y", index))]
        return cost, {"error": error}, givens

    def _update_records(self, new_values):
        return {f"weight_change_{i}": pt.abs(new_values[W] - W).mean()
                for i, W in enumerate(self.weights_)}

    def _set_records(self, history):
        self.costs_ = history.batch_array("cost")
        self.batch_errors_ = history.batch_array("error")
        self.weight_changes_ = np.column_stack(
            [history.batch_array(f"weight_change_{i}") for i in range(len(self.weights_))])

    def evaluate(self, X, Y):
        """``{"loss": mean NLL, "accuracy": ..., "error": ...}`` on ``(X, Y)``."""
        X = self._checked(X)
        Y = check_labels(Y, X.shape[0], self.n_classes_)

        def build():
            X_in, targets = matrix("X"), int_vector("targets")
            probabilities = self.forward(X_in)
            error = pt.neq(pt.argmax(probabilities, axis=1), targets).mean()
            loss = categorical_nll_mean(probabilities, targets)
            return [X_in, targets], pt.stack([loss, error.astype(loss.dtype)]), None, None

        loss, error = self._function("evaluate", build)(X, Y)
        return {"loss": float(loss), "accuracy": 1.0 - float(error), "error": float(error)}

    # -- compiled functions of the fitted model ---------------------------
    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes_)."""
        return self._apply("predict_proba", self.forward, self._checked(X))

    def predict(self, X):
        """Predicted labels, shape (n_samples,)."""
        return self._apply("predict", self.predict_symbolic, self._checked(X))

    def error_rate(self, X, Y):
        """``1 - score(X, Y)``, the lectures' error rate."""
        return 1.0 - self.score(X, Y)
