"""The X-wing deep autoencoder of the lecture (seed 000)."""

from __future__ import annotations

import pytensor.tensor as pt

from graphae._legacy import legacy_names
from graphae._training import batch_index
from graphae._validation import (
    check_features,
    check_hidden_layer_sizes,
    check_unit_interval,
)
from graphae.backend import float_x, matrix
from graphae.init import check_random_state
from graphae.layers import Layer
from graphae.models._base import CompiledModel
from graphae.objectives import binary_crossentropy_mean
from graphae.updates import classical_momentum


@legacy_names
class DeepAutoEncoder(CompiledModel):
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
    costs_ : numpy.ndarray
        Training cost of every minibatch.
    n_features_in_ : int

    Notes
    -----
    Legacy names: ``map2center`` is :meth:`transform`, ``layers``,
    ``params`` and ``costs`` are the learned attributes, and ``fit`` accepts
    ``mu=`` and ``batch_sz=`` (see :mod:`graphae._legacy`).

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
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

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
        return binary_crossentropy_mean(X, self.forward(X))

    # -- training ---------------------------------------------------------
    def fit(
        self,
        X,
        learning_rate=None,
        momentum=None,
        epochs=None,
        batch_size=None,
        show_fig=False,
    ):
        """Train on ``X`` (values in [0, 1]); returns ``self``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        learning_rate, momentum, epochs, batch_size : optional
            Override the constructor's values for this call (the lecture
            passed them to ``fit``; ``mu`` and ``batch_sz`` are accepted).
        show_fig : bool, default False
            Plot the cost curve with ``matplotlib.pyplot.show()``.

        Raises
        ------
        ValueError
            For input that is not 2-D, empty, non-finite, outside [0, 1], or
            smaller than one batch.
        """
        X = check_features(X, dtype=float_x())
        check_unit_interval(X)
        settings = self._fit_settings(
            learning_rate, momentum, epochs, batch_size, X.shape[0]
        )
        rng = check_random_state(self.random_state)
        self._initialise(X.shape[1], rng)
        self._dataset_for({"X": X}, settings["batch_size"])
        records = self._train("train", self._train_graph, settings, X.shape[0], rng)
        self.costs_ = records[:, 0]
        if show_fig:
            from graphae.plotting import show_costs

            show_costs(self.costs_)
        return self

    def _initialise(self, n_features, rng):
        sizes = (n_features,) + check_hidden_layer_sizes(self.hidden_layer_sizes)
        shapes = list(zip(sizes[:-1], sizes[1:]))
        existing = getattr(self, "layers_", None)
        if existing is not None and [(l.m1, l.m2) for l in existing] == shapes:
            for layer in existing:  # same draws, same order as new layers
                layer.reset(rng)
            return
        self.layers_ = [
            Layer(m1, m2, random_state=rng, name=f"layer{i}")
            for i, (m1, m2) in enumerate(shapes)
        ]
        self.params_ = [p for layer in self.layers_ for p in layer.params]
        self.n_features_in_ = n_features
        self._forget_compiled()

    def _train_graph(self):
        X_in = matrix("X")
        cost = self.cost(X_in)
        learning_rate, momentum = self._hyper_shared()
        updates, self._velocities = classical_momentum(
            cost, self.params_, learning_rate, momentum
        )
        index = batch_index()
        givens = [(X_in, self._dataset.minibatch("X", index))]
        return [index], pt.stack([cost]), updates, givens

    # -- compiled functions of the fitted model ---------------------------
    def _checked(self, X):
        self._check_fitted()
        return check_features(X, dtype=float_x(), n_features=self.n_features_in_)

    def transform(self, X):
        """Centre codes of ``X`` (the lecture's compiled ``map2center``).

        Returns
        -------
        numpy.ndarray, shape (n_samples, hidden_layer_sizes[-1])
        """
        return self._apply("transform", self.encode, self._checked(X))

    def inverse_transform(self, codes):
        """Reconstructions decoded from centre codes."""
        self._check_fitted()
        codes = check_features(
            codes, dtype=float_x(), n_features=self.layers_[-1].m2, name="codes"
        )
        return self._apply("inverse_transform", self.decode, codes, "codes")

    def reconstruct(self, X):
        """Reconstructions of ``X`` through the whole network."""
        return self._apply("reconstruct", self.forward, self._checked(X))

    def reconstruction_cost(self, X):
        """Mean binary cross-entropy of ``X``'s reconstruction (a float)."""
        X = self._checked(X)
        check_unit_interval(X)
        return float(self._apply("reconstruction_cost", self.cost, X))
