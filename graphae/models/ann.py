"""The sigmoid network of the vanishing-gradient lecture (seed 004)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import alias, legacy_keywords
from graphae.layers import HiddenLayer, SoftmaxLayer
from graphae.models._classifier import ClassifierModel


class ANN(ClassifierModel):
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

    _GRAPH_PARAMS = ("hidden_layer_sizes",)

    # -- symbolic graph ---------------------------------------------------
    def forward(self, X):
        """Symbolic class probabilities of ``X`` (rows sum to one)."""
        Z = X
        for layer in self.hidden_layers_:
            Z = layer.forward(Z)
        return self.output_layer_.forward(Z)

    probabilities = forward

    # -- training ---------------------------------------------------------
    @legacy_keywords(mu="momentum", batch_sz="batch_size")
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
        overrides = {"learning_rate": learning_rate, "momentum": momentum,
                     "epochs": epochs, "batch_size": batch_size}
        return self._fit_classifier(X, Y, overrides, validation_data, callbacks)

    def _layer_shapes(self, architecture):
        return self._hidden_layer_shapes(architecture)

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

    def _update_records(self, new_values):
        return {f"weight_change_{i}": pt.abs(new_values[W] - W).mean()
                for i, W in enumerate(self.weights_)}

    def _set_records(self, history):
        self.costs_ = history.batch_array("cost")
        self.batch_errors_ = history.batch_array("error")
        self.weight_changes_ = np.column_stack(
            [history.batch_array(f"weight_change_{i}") for i in range(len(self.weights_))])

    allWs = alias("weights_")
    hidden_layers = alias("hidden_layers_")
    params = alias("params_")
    W = alias("output_layer_.W")
    b = alias("output_layer_.b")
    costs = alias("costs_")
    W_changes = alias("weight_changes_")
