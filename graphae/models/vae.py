"""Seed 003 §18.6's variational autoencoder on the one core.

The encoder's two heads give each example's Gaussian code ``N(μ, σ²)``; a
code drawn from it by the reparameterisation trick (from the model's one
symbolic generator) is decoded to logits; the cost is the summed sigmoid
cross-entropy of the input given those logits plus the KL latent loss.
"""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_float_in, check_hidden_layer_sizes, check_positive_int
from graphae.backend import matrix
from graphae.layers import DenseSpec, build_stack, reparameterize
from graphae.models._reconstruction import ReconstructionModel
from graphae.models._stack import LayerStackModel
from graphae.objectives import GAUSSIAN_HEADS, binary_crossentropy_from_logits, gaussian_kl
from graphae.random import as_generator

__all__ = ["VAE"]


class VAE(LayerStackModel, ReconstructionModel):
    """The variational autoencoder 784-500-500-20 of seed 003 §18.6.1 (Kingma and Welling).

    Encoder: dense layers of ``hidden_layer_sizes`` (ELU, He); two linear
    heads of ``n_latent`` units, the mean ``μ`` and the spread (``σ`` for
    ``head="sigma"``, the seed's ``hidden3_sigma``; ``log σ²`` for
    ``head="log_var"``, Keras' ``z_log_var``). Training draws
    ``z = μ + σ ε`` with ``ε ~ N(0, 1)`` from the model's generator;
    the decoder mirrors the encoder up to linear logits, ``sigmoid`` of which
    is the reconstruction. The cost of a minibatch is the seed's sum over
    it: ``Σ sigmoid cross-entropy(x, logits) + latent_weight · Σ KL``.
    Prediction (``transform``, ``reconstruct``) uses ``z = μ``: no noise.

    Parameters
    ----------
    hidden_layer_sizes : sequence of int, default (500, 500)
        The encoder's hidden layers; the decoder has them in reverse.
    n_latent : int, default 20
        The code width (2 for §18.6.2's manifold).
    activation : str, default "elu"
    init : str or callable, default "he_normal"
        Every layer's weights, heads and logits included (TensorFlow's
        ``variance_scaling_initializer()``).
    head : {"sigma", "log_var"}, default "sigma"
        What the second head predicts (see above).
    latent_weight : float, default 1.0
        The weight of the KL term (a shared scalar; a β-VAE for β ≠ 1).
    optimizer : str, default "adam"
    learning_rate : float, default 0.001
    optimizer_options : dict, optional
    epochs : int, default 50
    batch_size : int, default 150
    shuffle, warm_start, random_state, mode, verbose
        As for every graphae model.

    Attributes
    ----------
    encoder_layers_, decoder_layers_ : list
        The hidden layers below the heads, and the layers from the codes to
        the logits.
    mean_layer_, spread_layer_ : Dense
        The two heads.
    params_, history_, costs_, n_features_in_

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).random((60, 8))
    >>> vae = VAE([6], n_latent=2, epochs=2, batch_size=20, random_state=0, verbose=0).fit(X)
    >>> vae.transform(X).shape, vae.sample(3, random_state=0).shape
    ((60, 2), (3, 8))
    >>> [key for key in vae.history_.batch if key.endswith("loss")]
    ['loss', 'reconstruction_loss', 'latent_loss']
    """

    _GRAPH_PARAMS = ("hidden_layer_sizes", "n_latent", "activation", "init", "head",
                     "optimizer", "optimizer_options")
    _SHARED_PARAMS = ("learning_rate", "latent_weight", "l1_penalty", "l2_penalty")
    l1_penalty = l2_penalty = 0.0

    def __init__(self, hidden_layer_sizes=(500, 500), n_latent=20, activation="elu",
                 init="he_normal", head="sigma", latent_weight=1.0, optimizer="adam",
                 learning_rate=0.001, optimizer_options=None, epochs=50, batch_size=150,
                 shuffle=True, warm_start=False, random_state=None, mode=None, verbose=1):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.n_latent = n_latent
        self.activation = activation
        self.init = init
        self.head = head
        self.latent_weight = latent_weight
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.optimizer_options = optimizer_options
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, learning_rate=None, epochs=None, batch_size=None, validation_data=None,
            callbacks=None, resume=None):
        """Train on ``X`` (values in [0, 1]); returns ``self``.

        Each minibatch records ``loss`` (the cost without penalties),
        ``reconstruction_loss`` and ``latent_loss``, as the seed prints them.
        """
        overrides = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size}
        return self._fit_reconstruction(X, overrides, validation_data, callbacks, resume)

    # -- settings ------------------------------------------------------------------
    def _fit_settings(self, overrides, n_samples):
        check_float_in(self.latent_weight, "latent_weight", 0, np.inf, include_low=True)
        return super()._fit_settings(overrides, n_samples)

    def _head(self):
        if self.head not in GAUSSIAN_HEADS:
            raise ValueError(f"head must be one of {', '.join(map(repr, GAUSSIAN_HEADS))}; "
                             f"got {self.head!r}")
        return self.head

    def _sizes(self):
        return check_hidden_layer_sizes(self.hidden_layer_sizes)

    def _specs(self, n_features):
        """``(encoder, heads, decoder)`` layer specifications."""
        sizes, n_latent = self._sizes(), check_positive_int(self.n_latent, "n_latent")
        encoder = [DenseSpec(m, self.activation, self.init, name=f"encoder{i}")
                   for i, m in enumerate(sizes)]
        heads = [DenseSpec(n_latent, None, self.init, name=name)
                 for name in ("mean", self._head())]
        decoder = [DenseSpec(m, self.activation, self.init, name=f"decoder{i}")
                   for i, m in enumerate(reversed(sizes))]
        return encoder, heads, decoder + [DenseSpec(n_features, None, self.init, name="logits")]

    # -- building --------------------------------------------------------------------
    def _layer_shapes(self, architecture):
        n_features = architecture["n_features_in_"]
        sizes, n_latent = self._sizes(), check_positive_int(self.n_latent, "n_latent")
        widths = [n_features, *sizes]
        encoder = list(zip(widths[:-1], widths[1:]))
        decoder = list(zip([n_latent, *sizes[::-1]], [*sizes[::-1], n_features]))
        return encoder + [(sizes[-1], n_latent)] * 2 + decoder

    def _create_layers(self, architecture, shapes, rng):
        n_features = architecture["n_features_in_"]
        encoder, heads, decoder = self._specs(n_features)
        self.encoder_layers_, width = build_stack(encoder, n_features, rng)
        self.mean_layer_, self.spread_layer_ = (spec.build(width, rng, spec.name)[0]
                                                for spec in heads)  # side by side, not stacked
        self.decoder_layers_ = build_stack(decoder, heads[0].units, rng)[0]
        self._adopt_layers([*self.encoder_layers_, self.mean_layer_, self.spread_layer_,
                            *self.decoder_layers_])

    def _draws_noise(self):
        return True  # every training step draws its codes

    def _code_width(self):
        return self.mean_layer_.n_out

    # -- symbolic graph ----------------------------------------------------------------
    def gaussian_codes(self, X):
        """Symbolic ``(μ, spread)`` of ``X``'s codes (the two heads)."""
        hidden = self._run(self.encoder_layers_, X, None, training=False)[1]
        return self.mean_layer_.output_for(hidden), self.spread_layer_.output_for(hidden)

    def _std(self, spread):
        return spread if self._head() == "sigma" else pt.exp(0.5 * spread)

    def logits(self, Z):
        """Symbolic decoder logits of codes ``Z``."""
        return self._run(self.decoder_layers_, Z, None, training=False)[1]

    def encode(self, X):
        """Symbolic mean codes ``μ`` of ``X`` (no noise)."""
        return self.gaussian_codes(X)[0]

    def decode(self, Z):
        """Symbolic reconstruction ``sigmoid(logits(Z))``."""
        return pt.sigmoid(self.logits(Z))

    def forward(self, X):
        """Symbolic reconstruction from the mean codes."""
        return self.decode(self.encode(X))

    def loss_terms(self, X, rng=None, epsilon=None):
        """Symbolic ``(next_rng, reconstruction_loss, latent_loss)``, each summed over ``X``.

        The codes are ``μ + σ ε`` with ``ε`` drawn from ``rng`` or, when
        given, the fixed ``epsilon`` (``rng`` then does not advance): with
        ``epsilon`` held fixed the losses are deterministic functions of the
        parameters, so their gradients can be checked.
        """
        if rng is None and epsilon is None:
            raise ValueError("loss_terms needs a generator rng or a fixed epsilon; got neither")
        mean, spread = self.gaussian_codes(X)
        next_rng, Z = reparameterize(rng, mean, self._std(spread), epsilon)
        reconstruction = binary_crossentropy_from_logits(X, self.logits(Z), "sum")
        return next_rng, reconstruction, gaussian_kl(mean, spread, self._head(), "sum")

    def cost(self, X):
        """Symbolic cost per example with the codes at their means (no noise).

        The reconstruction cross-entropy of ``decode(μ)`` plus
        ``latent_weight`` times the KL term, averaged over the rows of ``X``.
        """
        mean, spread = self.gaussian_codes(X)
        reconstruction = binary_crossentropy_from_logits(X, self.logits(mean), "row_sum_mean")
        latent = gaussian_kl(mean, spread, self._head(), "row_sum_mean")
        return reconstruction + self._scalar("latent_weight") * latent

    def _training_terms(self, index):
        X_in = matrix("X")
        next_rng, reconstruction, latent = self.loss_terms(X_in, self._noise)
        loss = reconstruction + self._scalar("latent_weight") * latent
        givens = [(X_in, self._dataset.minibatch("X", index))]
        records = {"loss": loss, "reconstruction_loss": reconstruction, "latent_loss": latent}
        return loss + self.penalty(), records, givens, self._random_updates(next_rng)

    # -- generation ----------------------------------------------------------------------
    def sample(self, n_samples, random_state=None):
        """New examples: codes drawn from the prior ``N(0, I)``, decoded.

        Parameters
        ----------
        n_samples : int
        random_state : None, int or numpy generator
            Draws the codes.

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_features_in_)
            Pixel probabilities in (0, 1).
        """
        self._check_fitted()
        n_samples = check_positive_int(n_samples, "n_samples")
        codes = as_generator(random_state).standard_normal((n_samples, self._code_width()))
        return self.inverse_transform(codes)
