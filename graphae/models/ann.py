"""The sigmoid network of the vanishing-gradient lecture (seed 004)."""

from __future__ import annotations

import numpy as np

from graphae._legacy import alias, legacy_keywords
from graphae._validation import check_hidden_layer_sizes
from graphae.backend import mean_abs
from graphae.layers import DenseSpec
from graphae.models.network import LectureMomentum, NetworkClassifier, lecture_nll


class ANN(LectureMomentum, NetworkClassifier):
    """Deep sigmoid classifier with a softmax output, trained with momentum.

    A configuration of :class:`graphae.NetworkClassifier`: sigmoid dense
    layers and a softmax one, all drawn by the lecture's
    :func:`graphae.init.init_weights`; the lecture's loss (the picked
    probabilities' mean negative log, ``-log(p[i, y_i])``); its classical
    momentum.

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
    hidden_layers_ : list of graphae.layers.Dense
        Sigmoid layers (the lecture's ``HiddenLayer``).
    output_layer_ : graphae.layers.Dense
        The softmax layer.
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
    _SHARED_PARAMS = ("learning_rate", "momentum")

    def forward(self, X):
        """Symbolic class probabilities of ``X`` (rows sum to one)."""
        return self.probabilities(X)

    # -- training ---------------------------------------------------------
    @legacy_keywords(mu="momentum", batch_sz="batch_size")
    def fit(self, X, Y, learning_rate=None, momentum=None, epochs=None, batch_size=None,
            validation_data=None, callbacks=None, resume=None):
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
        resume : str or Path, optional
            A file of this model written by :class:`~graphae.persistence.ModelCheckpoint`
            (or ``save_model``): training goes on from it (weights, optimiser
            state, learning rate, generators, history) up to ``epochs`` in
            all, ending as a run that was never interrupted would.

        Raises
        ------
        ValueError
            For malformed ``X``, labels that are not integers in range, or a
            batch larger than ``X``.
        graphae.errors.ModelFileError
            When ``resume`` names a file of another model, another shape or
            without the optimiser's state.
        """
        overrides = {"learning_rate": learning_rate, "momentum": momentum,
                     "epochs": epochs, "batch_size": batch_size}
        return self._fit_classifier(X, Y, overrides, validation_data, callbacks, resume)

    def _specs(self, n_classes):
        sizes = check_hidden_layer_sizes(self.hidden_layer_sizes)
        return [*(DenseSpec(m, "sigmoid", "lecture", name=f"hidden{i}")
                  for i, m in enumerate(sizes)),
                DenseSpec(n_classes, "softmax", "lecture", name="output")]

    def _ordered_params(self, dense_layers):
        """The lecture's order: the output layer's ``[W, b]`` first, then each hidden layer's."""
        return [p for layer in dense_layers[-1:] + dense_layers[:-1] for p in layer.params]

    _loss = staticmethod(lecture_nll)

    def _update_records(self, new_values):
        return {f"weight_change_{i}": mean_abs(new_values[W] - W)
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
