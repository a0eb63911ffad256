"""The X-wing deep autoencoder of the lecture (seed 000)."""

from __future__ import annotations

from graphae._legacy import alias, legacy_keywords
from graphae._validation import check_hidden_layer_sizes
from graphae.backend import matrix
from graphae.layers import Layer
from graphae.models._reconstruction import ReconstructionModel
from graphae.objectives import binary_crossentropy


class DeepAutoEncoder(ReconstructionModel):
    """Tied-weight deep autoencoder ("X-wing") trained with classical momentum.

    The encoder stacks :class:`~graphae.layers.Layer` objects of the given
    sizes; the decoder runs the same layers backwards with transposed
    weights. The cost is the mean binary cross-entropy between the input and
    its reconstruction, so inputs must lie in [0, 1].

    Parameters
    ----------
    hidden_layer_sizes : sequence of int
        Encoder sizes, e.g. ``[500, 300, 2]`` for 784-500-300-2-300-500-784.
    learning_rate : float, default 0.5
    momentum : float, default 0.99
        The lecture's ``mu``.
    epochs : int, default 50
    batch_size : int, default 100
        The lecture's ``batch_sz``. The last ``N % batch_size`` samples of each
        epoch's order are not used, as in the lecture.
    shuffle : bool, default True
        Draw a new sample order every epoch.
    warm_start : bool, default False
        When True, ``fit`` continues from the current weights (and momentum)
        instead of re-initialising, if the architecture is unchanged.
    random_state : None, int or numpy generator
        Seeds initial weights and shuffling; None uses NumPy's global state.
    mode : {None, "c", "numba", "jax"}
        Compilation mode; None uses graphae's global default.
    verbose : int, default 1
        0 silent, 1 a line per epoch, 2 also every 100 batches.

    Attributes
    ----------
    layers_ : list of Layer
    params_ : list of SharedVariable
        ``[W, bi, bo]`` of each layer, in order.
    weights_ : list of SharedVariable
        Each layer's ``W``.
    costs_ : numpy.ndarray
        Training cost of every minibatch.
    history_ : graphae.history.History
    n_features_in_ : int

    Notes
    -----
    Legacy names: ``map2center`` is :meth:`transform`, ``layers``,
    ``params`` and ``costs`` are the learned attributes, and ``fit`` accepts
    ``mu=`` and ``batch_sz=`` (all in :data:`graphae._legacy.REGISTRY`).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).random((40, 6))
    >>> dae = DeepAutoEncoder([4, 2], epochs=2, batch_size=10, verbose=0,
    ...                       random_state=0).fit(X)
    >>> dae.map2center(X).shape
    (40, 2)
    """

    def __init__(
        self,
        hidden_layer_sizes,
        learning_rate=0.5,
        momentum=0.99,
        epochs=50,
        batch_size=100,
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
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    _GRAPH_PARAMS = ("hidden_layer_sizes",)

    # -- symbolic graph ---------------------------------------------------
    def encode(self, X):
        """Symbolic centre codes of ``X`` (the encoder half)."""
        Z = X
        for layer in self.layers_:
            Z = layer.forward(Z)
        return Z

    def decode(self, Z):
        """Symbolic reconstruction from centre codes (the tied decoder half)."""
        for layer in reversed(self.layers_):
            Z = layer.forward_transposed(Z)
        return Z

    def forward(self, X):
        """Symbolic reconstruction ``decode(encode(X))``."""
        return self.decode(self.encode(X))

    def cost(self, X):
        """Symbolic mean binary cross-entropy of the reconstruction of ``X``."""
        return binary_crossentropy(X, self.forward(X), reduction="mean")

    # -- training ---------------------------------------------------------
    @legacy_keywords(mu="momentum", batch_sz="batch_size")
    def fit(self, X, learning_rate=None, momentum=None, epochs=None, batch_size=None,
            show_fig=False, validation_data=None, callbacks=None, resume=None):
        """Train on ``X`` (values in [0, 1]); returns ``self``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        learning_rate, momentum, epochs, batch_size : optional
            Override the constructor's values for this call (the lecture
            passed them to ``fit``; ``mu`` and ``batch_sz`` are accepted).
        show_fig : bool, default False
            Plot the cost curve with ``matplotlib.pyplot.show()``.
        validation_data : array_like or tuple, optional
            ``X_val`` or ``(X_val,)``: adds ``val_loss`` to each epoch's record.
        callbacks : list of graphae.callbacks.Callback, optional
        resume : str or Path, optional
            A file of this model written by :class:`~graphae.persistence.ModelCheckpoint`
            (or ``save_model``): training goes on from it (weights, optimiser
            state, learning rate, generators, history) up to ``epochs`` in
            all, ending as a run that was never interrupted would.

        Raises
        ------
        ValueError
            For input that is not 2-D, empty, non-finite, outside [0, 1], or
            smaller than one batch.
        graphae.errors.ModelFileError
            When ``resume`` names a file of another model, another shape or
            without the optimiser's state.
        """
        overrides = {"learning_rate": learning_rate, "momentum": momentum,
                     "epochs": epochs, "batch_size": batch_size}
        self._fit_reconstruction(X, overrides, validation_data, callbacks, resume)
        if show_fig:
            from graphae.plotting import show_costs

            show_costs(self.costs_)
        return self

    def _layer_shapes(self, architecture):
        sizes = (architecture["n_features_in_"],) + check_hidden_layer_sizes(
            self.hidden_layer_sizes)
        return list(zip(sizes[:-1], sizes[1:]))

    def _create_layers(self, architecture, shapes, rng):
        self.layers_ = [Layer(m1, m2, random_state=rng, name=f"layer{i}")
                        for i, (m1, m2) in enumerate(shapes)]
        self.params_ = [p for layer in self.layers_ for p in layer.params]
        self.weights_ = [layer.W for layer in self.layers_]

    def _all_layers(self):
        return self.layers_

    def _code_width(self):
        return self.layers_[-1].m2

    def _training_terms(self, index):
        X_in = matrix("X")
        givens = [(X_in, self._dataset.minibatch("X", index))]
        return self.cost(X_in), {}, givens, []

    def transform(self, X):
        """Centre codes of ``X`` (the lecture's compiled ``map2center``).

        Returns
        -------
        numpy.ndarray, shape (n_samples, hidden_layer_sizes[-1])
        """
        return super().transform(X)

    map2center = alias("transform")
    layers = alias("layers_")
    params = alias("params_")
    costs = alias("costs_")
