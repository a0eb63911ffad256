"""The sigmoid network of the vanishing-gradient lecture (seed 004)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import legacy_names
from graphae._training import batch_index
from graphae._validation import check_features, check_hidden_layer_sizes, check_labels
from graphae.backend import float_x, int_vector, matrix
from graphae.init import check_random_state
from graphae.layers import HiddenLayer, SoftmaxLayer
from graphae.models._base import CompiledModel
from graphae.objectives import categorical_nll_mean
from graphae.updates import classical_momentum


@legacy_names
class ANN(CompiledModel):
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
    def fit(self, X, Y, learning_rate=None, momentum=None, epochs=None, batch_size=None):
        """Train on features ``X`` and integer labels ``Y``; returns ``self``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        Y : array_like of int, shape (n_samples,)
            Labels in ``0 .. n_classes - 1``.
        learning_rate, momentum, epochs, batch_size : optional
            Override the constructor's values for this call (``mu`` and
            ``batch_sz`` are accepted too).

        Raises
        ------
        ValueError
            For malformed ``X``, labels that are not integers in range, or a
            batch larger than ``X``.
        """
        X = check_features(X, dtype=float_x())
        Y = check_labels(Y, X.shape[0], self.n_classes)
        n_classes = self.n_classes or int(Y.max()) + 1
        if n_classes < 2:
            raise ValueError("Y must contain at least two classes")
        settings = self._fit_settings(
            learning_rate, momentum, epochs, batch_size, X.shape[0]
        )
        rng = check_random_state(self.random_state)
        self._initialise(X.shape[1], n_classes, rng)
        self._dataset_for({"X": X, "Y": Y}, settings["batch_size"])
        records = self._train("train", self._train_graph, settings, X.shape[0], rng)
        self.costs_ = records[:, 0]
        self.batch_errors_ = records[:, 1]
        self.weight_changes_ = records[:, 2:]
        return self

    def _initialise(self, n_features, n_classes, rng):
        sizes = (n_features,) + check_hidden_layer_sizes(self.hidden_layer_sizes)
        shapes = list(zip(sizes[:-1], sizes[1:])) + [(sizes[-1], n_classes)]
        layers = getattr(self, "hidden_layers_", None)
        if layers is not None:
            layers = layers + [self.output_layer_]
            if [(layer.D, layer.M) for layer in layers] == shapes:
                for layer in layers:
                    layer.reset(rng)
                return
        self.hidden_layers_ = [
            HiddenLayer(d, m, random_state=rng, name=f"hidden{i}")
            for i, (d, m) in enumerate(shapes[:-1])
        ]
        self.output_layer_ = SoftmaxLayer(*shapes[-1], random_state=rng, name="output")
        self.params_ = list(self.output_layer_.params)
        for layer in self.hidden_layers_:
            self.params_ += layer.params
        self.weights_ = [layer.W for layer in self.hidden_layers_]
        self.weights_.append(self.output_layer_.W)
        self.n_features_in_, self.n_classes_ = n_features, n_classes
        self._forget_compiled()

    def _train_graph(self):
        X_in, targets = matrix("X"), int_vector("targets")
        probabilities = self.forward(X_in)
        cost = categorical_nll_mean(probabilities, targets)
        batch_error = pt.neq(pt.argmax(probabilities, axis=1), targets).mean()
        learning_rate, momentum = self._hyper_shared()
        updates, self._velocities = classical_momentum(
            cost, self.params_, learning_rate, momentum
        )
        new_values = dict(updates)
        changes = [pt.abs(new_values[W] - W).mean() for W in self.weights_]
        index = batch_index()
        givens = [
            (X_in, self._dataset.minibatch("X", index)),
            (targets, self._dataset.minibatch("Y", index)),
        ]
        records = pt.stack([cost, batch_error.astype(cost.dtype), *changes])
        return [index], records, updates, givens

    # -- compiled functions of the fitted model ---------------------------
    def _checked(self, X):
        self._check_fitted()
        return check_features(X, dtype=float_x(), n_features=self.n_features_in_)

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes_)."""
        return self._apply("predict_proba", self.forward, self._checked(X))

    def predict(self, X):
        """Predicted labels, shape (n_samples,)."""
        return self._apply("predict", self.predict_symbolic, self._checked(X))

    def score(self, X, Y):
        """Accuracy of :meth:`predict` on ``(X, Y)``."""
        X = self._checked(X)
        Y = check_labels(Y, X.shape[0], self.n_classes_)
        return float(np.mean(self.predict(X) == Y))

    def error_rate(self, X, Y):
        """``1 - score(X, Y)``, the lectures' error rate."""
        return 1.0 - self.score(X, Y)
