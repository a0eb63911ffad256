"""The sparse autoencoder (seed 001 §5): over-complete codes kept sparse by a KL penalty."""

from __future__ import annotations

import numpy as np

from graphae._validation import check_float_in
from graphae.layers import DenseSpec, check_size
from graphae.models.network_autoencoder import NetworkAutoencoder
from graphae.objectives import sparsity_kl

__all__ = ["SparseAutoencoder"]


class SparseAutoencoder(NetworkAutoencoder):
    """More codes than inputs, each active at a small target rate on average.

    Seed 001 §5: an autoencoder with more hidden units than inputs learns
    useful features only under a constraint, such as sparsity (hidden units
    at or near zero). The codes are sigmoid units; the cost adds
    ``sparsity_weight · Σ_j KL(ρ ‖ ρ̂_j)`` to the reconstruction loss, where
    ``ρ̂_j`` is unit ``j``'s mean activation over the minibatch and ``ρ``
    the ``sparsity_target`` (:func:`graphae.objectives.sparsity_kl`).
    Defaults are Géron's sparse autoencoder, the TensorFlow text seed 003
    follows: 1000 codes, ρ = 0.1, weight 0.2, a linear output, MSE, Adam
    0.01, batches of 1000.

    Parameters
    ----------
    n_hidden : int, default 1000
        The number of codes (over-complete when above the input width).
    sparsity_target : float in (0, 1), default 0.1
    sparsity_weight : float, default 0.2
        Both shared scalars: new values never recompile.
    output_activation : str, default "linear"
    loss : {"mse", "binary_crossentropy"}, default "mse"
    optimizer : str, default "adam"
    learning_rate : float, default 0.01
    epochs : int, default 100
    batch_size : int, default 1000
    shuffle, warm_start, random_state, mode, verbose
        As for every graphae model.

    Attributes
    ----------
    history_ : History
        Each minibatch records ``loss`` (the reconstruction loss) and
        ``sparsity_loss`` (the KL sum, before its weight).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).random((100, 6))
    >>> sae = SparseAutoencoder(12, sparsity_target=0.05, epochs=30, batch_size=50,
    ...                         random_state=0, verbose=0).fit(X)
    >>> sae.transform(X).shape
    (100, 12)
    """

    _GRAPH_PARAMS = ("n_hidden", "output_activation", "loss", "optimizer")
    _SHARED_PARAMS = ("learning_rate", "l1_penalty", "l2_penalty", "sparsity_target",
                      "sparsity_weight")
    decoder, tied, output_init, optimizer_options = (), False, "glorot_uniform", None
    l1_penalty = l2_penalty = 0.0

    def __init__(self, n_hidden=1000, sparsity_target=0.1, sparsity_weight=0.2,
                 output_activation="linear", loss="mse", optimizer="adam", learning_rate=0.01,
                 epochs=100, batch_size=1000, shuffle=True, warm_start=False, random_state=None,
                 mode=None, verbose=1):
        self.n_hidden = n_hidden
        self.sparsity_target = sparsity_target
        self.sparsity_weight = sparsity_weight
        self.output_activation = output_activation
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    @property
    def encoder(self):
        """One sigmoid layer of ``n_hidden`` codes."""
        return [DenseSpec(check_size("n_hidden", self.n_hidden), "sigmoid", name="codes")]

    def _fit_settings(self, overrides, n_samples):
        check_float_in(self.sparsity_target, "sparsity_target", 0, 1)
        check_float_in(self.sparsity_weight, "sparsity_weight", 0, np.inf, include_low=True)
        return super()._fit_settings(overrides, n_samples)

    def _code_penalties(self, codes):
        rates = codes.mean(axis=0)
        return {"sparsity_loss": (self._scalar("sparsity_weight"),
                                  sparsity_kl(self._scalar("sparsity_target"), rates))}
