"""Oja's rule (seed 003 §18.1): a linear layer that learns principal directions by a Hebbian rule."""

from __future__ import annotations

import numpy as np

from graphae._validation import check_positive_int
from graphae.backend import matrix
from graphae.hebbian import HEBBIAN_RULES, oja_updates
from graphae.layers import TiedLayer
from graphae.models._reconstruction import ReconstructionModel
from graphae.objectives import mean_squared_error

__all__ = ["OjaRule"]


class OjaRule(ReconstructionModel):
    """``p`` linear neurons ``Y = X · W`` trained by Oja's rule, no gradient (seed 003 (18.3)).

    Each step adds ``learning_rate * (Xᵀ Y - W M) / n`` to ``W`` (see
    :func:`graphae.hebbian.oja_updates`). On centred data the columns of
    ``W`` converge to an orthonormal basis of the principal subspace
    (``rule="oja"``), or to the principal components themselves, in order
    of variance (``rule="sanger"``); with one neuron both give the first
    principal component. The data are not centred here: centre them (the
    seed standardises them) so that the directions are PCA's.

    The training loop records the mean squared error of ``X ≈ Y · Wᵀ`` per
    step, which the rule lowers although it never differentiates it.

    Parameters
    ----------
    n_components : int, default 1
    rule : {"oja", "sanger"}, default "oja"
    learning_rate : float, default 0.01
        The lecture's ``α`` (a shared scalar).
    epochs : int, default 50
    batch_size : int, default 1
        One sample per step is the lecture's online rule.
    shuffle, warm_start, random_state, mode, verbose
        As for every graphae model.

    Attributes
    ----------
    components_ : numpy.ndarray, shape (n_components, n_features)
        The rows of ``Wᵀ`` (scikit-learn's PCA convention).
    params_ : list
        ``[W]``.
    costs_, history_, n_features_in_

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 2)) * [3.0, 0.5]  # most variance along x
    >>> oja = OjaRule(learning_rate=0.002, epochs=5, random_state=0, verbose=0).fit(X)
    >>> np.round(np.abs(oja.components_), 1).tolist()
    [[1.0, 0.0]]
    """

    _GRAPH_PARAMS = ("n_components", "rule")
    _SHARED_PARAMS = ("learning_rate",)
    momentum = 0.0  # no optimiser: the rule is the update

    def __init__(self, n_components=1, rule="oja", learning_rate=0.01, epochs=50, batch_size=1,
                 shuffle=True, warm_start=False, random_state=None, mode=None, verbose=1):
        self.n_components = n_components
        self.rule = rule
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, learning_rate=None, epochs=None, batch_size=None, validation_data=None,
            callbacks=None, resume=None):
        """Learn the principal directions of ``X`` (centred); returns ``self``."""
        if self.rule not in HEBBIAN_RULES:
            raise ValueError(f"rule must be one of {', '.join(HEBBIAN_RULES)}; "
                             f"got {self.rule!r}")
        overrides = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size}
        return self._fit_reconstruction(X, overrides, validation_data, callbacks, resume)

    def _unit_interval(self):
        return False

    # -- building ------------------------------------------------------------------
    def _layer_shapes(self, architecture):
        n_features = architecture["n_features_in_"]
        n_components = check_positive_int(self.n_components, "n_components")
        if n_components > n_features:
            raise ValueError(f"n_components={n_components} is more than the {n_features} "
                             f"features of X")
        return [(n_features, n_components)]

    def _create_layers(self, architecture, shapes, rng):
        (n_features, n_components), = shapes
        self.layers_ = [TiedLayer(n_features, n_components, activation="linear",
                                  init="lecture", random_state=rng)]
        self.params_ = [self.layers_[0].W]
        self.weights_ = self.params_

    def _all_layers(self):
        return self.layers_

    def _new_optimizer_state(self):
        return []

    def _optimizer_updates(self, cost):
        return []  # the rule's updates come with the training terms

    def _code_width(self):
        return self.layers_[0].n_hidden

    @property
    def components_(self):
        """The learned directions, one per row (``Wᵀ``)."""
        self._check_fitted()
        return np.asarray(self.params_[0].get_value()).T

    # -- symbolic graph ---------------------------------------------------------------
    def encode(self, X):
        """``X · W``: the neurons' outputs (the layer's biases stay zero: the rule has none)."""
        return self.layers_[0].encode(X)

    def decode(self, Y):
        """``Y · Wᵀ``: the reconstruction the rule's decay term subtracts."""
        return self.layers_[0].decode(Y)

    def forward(self, X):
        """Symbolic reconstruction ``X · W · Wᵀ``."""
        return self.decode(self.encode(X))

    def cost(self, X):
        """Mean squared reconstruction error (what the rule lowers; never differentiated)."""
        return mean_squared_error(X, self.forward(X))

    def _training_terms(self, index):
        X_in = matrix("X")
        givens = [(X_in, self._dataset.minibatch("X", index))]
        updates = oja_updates(X_in, self.params_[0], self._scalar("learning_rate"), self.rule)
        return self.cost(X_in), {}, givens, updates
