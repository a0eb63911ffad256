"""An autoencoder made of layer lists (seed 002's Keras autoencoders) on the one core."""

from __future__ import annotations

from graphae.backend import matrix
from graphae.layers import Activation, Dense, DenseSpec, TransposedDense, build_stack, check_size
from graphae.models._reconstruction import ReconstructionModel
from graphae.models._stack import LayerStackModel, parsed_layers
from graphae.objectives import binary_crossentropy, mean_squared_error

__all__ = ["LinearAutoEncoder", "NetworkAutoencoder"]

#: The reconstruction losses by name: ``(target, reconstruction) -> mean cost``.
RECONSTRUCTION_LOSSES = {
    "mse": mean_squared_error,
    "mean_squared_error": mean_squared_error,
    "binary_crossentropy": binary_crossentropy,
}


class NetworkAutoencoder(LayerStackModel, ReconstructionModel):
    """An encoder and a decoder written as layer lists, trained by any optimiser.

    Seed 002 In [19]: ``Dense(32, activation='relu')`` then
    ``Dense(784, activation='sigmoid')``, mean squared error, ``Adadelta()``,
    batches of 128: ``NetworkAutoencoder()`` with its defaults. In [34]'s
    linear decoder is ``output_activation="linear"``. The output layer
    (as wide as the input) is added after ``decoder``; codes are the output
    of ``encoder``.

    Parameters
    ----------
    encoder : list, default ``[32, "relu"]``
        Layer specifications (see :func:`graphae.layers.parse_layer`); it must
        contain a dense layer, the last of which sets the code width.
    decoder : list, default ``[]``
        Layers between the codes and the output layer.
    tied : bool, default False
        Seed 003 §18.5's tied weights: the decoder is the encoder's dense
        layers in reverse, each a :class:`~graphae.layers.TransposedDense`
        sharing its encoder layer's ``W`` (one variable per pair) with its
        own bias, each with the activation of the layer it mirrors and the
        last with ``output_activation``; ``decoder`` must then be empty.
    output_activation : str, default "sigmoid"
    output_init : str or callable, default "glorot_uniform"
        Initial weights of the output layer (Keras' default; §18.5 uses He).
    loss : {"mse", "binary_crossentropy"}, default "mse"
        Mean over every element, as Keras; ``binary_crossentropy`` needs
        inputs in [0, 1].
    optimizer : str, default "adadelta"
        Any of :data:`graphae.updates.OPTIMIZERS`, with Keras' defaults.
    learning_rate : float, optional
        None: the optimiser's Keras default (a shared scalar).
    optimizer_options : dict, optional
    epochs : int, default 50
    batch_size : int, default 128
    l1_penalty, l2_penalty : float, default 0.0
    shuffle : bool, default True
    warm_start : bool, default False
    random_state : None, int or numpy generator
    mode : {None, "c", "numba", "jax"}
    verbose : int, default 1

    Attributes
    ----------
    layers_ : list
        Encoder, decoder and output layers, bottom to top.
    encoder_layers_, decoder_layers_ : list
        ``layers_`` split at the codes (the output layer is the decoder's last).
    params_, weights_, costs_, history_, n_features_in_

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).random((64, 6))
    >>> ae = NetworkAutoencoder([3, "relu"], epochs=2, batch_size=16, random_state=0,
    ...                         verbose=0).fit(X)
    >>> ae.transform(X).shape, ae.reconstruct(X).shape
    ((64, 3), (64, 6))
    >>> ae.encoder_specs()
    [DenseSpec(3, weights=(W, b), trainable=False), Activation('relu')]
    """

    _GRAPH_PARAMS = ("encoder", "decoder", "tied", "output_activation", "output_init", "loss",
                     "optimizer", "optimizer_options")

    def __init__(self, encoder=(32, "relu"), decoder=(), tied=False, output_activation="sigmoid",
                 output_init="glorot_uniform", loss="mse", optimizer="adadelta",
                 learning_rate=None, optimizer_options=None, epochs=50, batch_size=128,
                 l1_penalty=0.0, l2_penalty=0.0, shuffle=True, warm_start=False,
                 random_state=None, mode=None, verbose=1):
        self.encoder = encoder
        self.decoder = decoder
        self.tied = tied
        self.output_activation = output_activation
        self.output_init = output_init
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.optimizer_options = optimizer_options
        self.epochs = epochs
        self.batch_size = batch_size
        self.l1_penalty = l1_penalty
        self.l2_penalty = l2_penalty
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, learning_rate=None, epochs=None, batch_size=None, validation_data=None,
            callbacks=None, resume=None):
        """Train to reconstruct ``X``; returns ``self`` (per-call values win for this fit).

        ``validation_data`` is ``X_val``, ``(X_val,)`` or Keras'
        ``(X_val, X_val)``: it adds ``val_loss`` to each epoch's record.
        """
        overrides = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size}
        return self._fit_reconstruction(X, overrides, validation_data, callbacks, resume)

    # -- settings ------------------------------------------------------------------
    def _loss_function(self):
        if self.loss not in RECONSTRUCTION_LOSSES:
            raise ValueError(f"loss must be one of {', '.join(RECONSTRUCTION_LOSSES)}; "
                             f"got {self.loss!r}")
        return RECONSTRUCTION_LOSSES[self.loss]

    def _unit_interval(self):
        return self._loss_function() is binary_crossentropy

    def _encoder_specs(self):
        specs = parsed_layers(self.encoder, "encoder")
        if not any(isinstance(spec, DenseSpec) for spec in specs):
            raise ValueError(f"encoder must contain a dense layer (it sets the code width); "
                             f"got {self.encoder!r}")
        return specs

    def _decoder_specs(self):
        decoder = parsed_layers(self.decoder, "decoder")
        if self.tied and decoder:
            raise ValueError(f"tied=True mirrors the encoder: decoder must be empty, got "
                             f"{self.decoder!r}")
        return decoder

    def _specs(self, n_features):
        """Every layer's specification (for tied weights, the encoder's only)."""
        if self.tied:
            return [*self._encoder_specs(), *self._decoder_specs()]
        return [*self._encoder_specs(), *self._decoder_specs(),
                DenseSpec(n_features, self.output_activation, self.output_init, name="output")]

    # -- building --------------------------------------------------------------------
    def _layer_shapes(self, architecture):
        width, shapes = architecture["n_features_in_"], []
        for spec in self._specs(architecture["n_features_in_"]):
            if isinstance(spec, DenseSpec):
                shapes.append((width, spec.units))
                width = spec.units
        if self.tied:  # the mirrored layers, and a tag: the graph differs from an untied one
            shapes += [(m2, m1) for m1, m2 in reversed(shapes)] + [("tied",)]
        return shapes

    def _create_layers(self, architecture, shapes, rng):
        n_features = architecture["n_features_in_"]
        layers, _ = build_stack(self._specs(n_features), n_features, rng)
        n_encoder = len(self._encoder_specs())
        if self.tied:
            layers += _mirrored(layers[:n_encoder], self.output_activation)
        self._adopt_layers(layers)
        self.encoder_layers_ = self.layers_[:n_encoder]
        self.decoder_layers_ = self.layers_[n_encoder:]

    def _code_width(self):
        return [layer for layer in self.encoder_layers_ if hasattr(layer, "n_out")][-1].n_out

    # -- symbolic graph ----------------------------------------------------------------
    def encode(self, X):
        """Symbolic codes of ``X`` (prediction mode: noise layers off)."""
        return self._run(self.encoder_layers_, X, None, training=False)[1]

    def decode(self, Z):
        """Symbolic reconstruction from codes ``Z``."""
        return self._run(self.decoder_layers_, Z, None, training=False)[1]

    def forward(self, X):
        """Symbolic reconstruction ``decode(encode(X))``."""
        return self.decode(self.encode(X))

    def cost(self, X):
        """Symbolic mean reconstruction loss of ``X`` (no penalty)."""
        return self._loss_function()(X, self.forward(X))

    def _code_penalties(self, codes):
        """``{name: (weight, term)}`` added to the cost on the training codes (a sparse KL)."""
        return {}

    def _training_terms(self, index):
        X_in = matrix("X")
        next_rng, codes = self._run(self.encoder_layers_, X_in, self._noise, training=True)
        next_rng, reconstruction = self._run(self.decoder_layers_, codes, next_rng, training=True)
        loss = self._loss_function()(X_in, reconstruction)
        penalties = self._code_penalties(codes)
        cost = loss + self.penalty() + sum(weight * term for weight, term in penalties.values())
        records = {"loss": loss, **{name: term for name, (_, term) in penalties.items()}}
        givens = [(X_in, self._dataset.minibatch("X", index))]
        return cost, records, givens, self._random_updates(next_rng)

    # -- reuse -------------------------------------------------------------------------
    def encoder_specs(self, trainable=False):
        """The fitted encoder as layer specifications to build a classifier on (In [34]).

        Dense layers carry their learned ``(W, b)``; ``trainable=False``
        (default) freezes them, as the seed's ``layers[0].trainable = False``.

        Examples
        --------
        >>> import numpy as np
        >>> from graphae import NetworkClassifier
        >>> rng = np.random.default_rng(0)
        >>> X, y = rng.random((64, 6)), rng.integers(0, 2, 64)
        >>> ae = NetworkAutoencoder([3, "relu"], epochs=1, batch_size=16, random_state=0,
        ...                         verbose=0).fit(X)
        >>> net = NetworkClassifier(ae.encoder_specs() + [4, "relu"], epochs=2, batch_size=16,
        ...                         verbose=0).fit(X, y)
        >>> np.array_equal(net.hidden_layers_[0].W.get_value(), ae.weights_[0].get_value())
        True
        """
        self._check_fitted()
        specs = []
        for spec, layer in zip(self._encoder_specs(), self.encoder_layers_):
            if isinstance(spec, DenseSpec):
                spec = DenseSpec(spec.units, spec.activation, spec.init, spec.name,
                                 weights=(layer.W.get_value(), layer.b.get_value()),
                                 trainable=trainable)
            specs.append(spec)
        return specs


def _mirrored(encoder_layers, output_activation):
    """The tied decoder of ``encoder_layers``: their dense layers transposed, top to bottom."""
    dense, activations = [], []
    for index, layer in enumerate(encoder_layers):
        if isinstance(layer, Dense):
            following = encoder_layers[index + 1] if index + 1 < len(encoder_layers) else None
            dense.append(layer)
            activations.append(following.function if layer.activation is None and isinstance(
                following, Activation) else layer.activation)
    below = [*activations[:-1]][::-1] + [output_activation]  # each mirrors the layer below
    return [TransposedDense(layer, activation, name=f"tied{index}")
            for index, (layer, activation) in enumerate(zip(dense[::-1], below))]


class LinearAutoEncoder(NetworkAutoencoder):
    """The linear undercomplete autoencoder of seed 003 §18.3–18.4: PCA by gradient descent.

    ``Dense(n_components)`` then ``Dense(n_features)``, no activation, mean
    squared error, ``Adam`` at learning rate 0.01, full-batch steps (the
    seed's ``training_op.run(feed_dict={X: X_train})``): its codes span the
    same subspace as the first ``n_components`` principal components of the
    (centred) data. It is a :class:`NetworkAutoencoder` with those settings.

    Parameters
    ----------
    n_components : int, default 2
        The code width (§18.3: 2; §18.4: 100).
    optimizer : str, default "adam"
    learning_rate : float, default 0.01
    epochs : int, default 1000
        Full-batch steps when ``batch_size`` is None (§18.3: 1000; §18.4: 300).
    batch_size : int, optional
        None (default): every step sees all of ``X``.
    shuffle, warm_start, random_state, mode, verbose
        As for every graphae model.

    Examples
    --------
    >>> from graphae.datasets import make_3d_dataset, standardize
    >>> X = standardize(make_3d_dataset()[:100])
    >>> ae = LinearAutoEncoder(random_state=42, verbose=0).fit(X)  # 1000 full-batch steps
    >>> ae.transform(X).shape, round(ae.reconstruction_cost(X), 4)  # PCA's best: 0.0455
    ((100, 2), 0.0455)
    """

    _GRAPH_PARAMS = ("n_components", "optimizer")
    decoder, tied, output_activation, output_init = (), False, "linear", "glorot_uniform"
    loss, optimizer_options = "mse", None
    l1_penalty = l2_penalty = 0.0

    def __init__(self, n_components=2, optimizer="adam", learning_rate=0.01, epochs=1000,
                 batch_size=None, shuffle=False, warm_start=False, random_state=None, mode=None,
                 verbose=1):
        self.n_components = n_components
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
        """``[n_components]``: one linear dense layer."""
        return [check_size("n_components", self.n_components)]

    def _fit_settings(self, overrides, n_samples):
        if overrides.get("batch_size") is None and self.batch_size is None:
            overrides = {**overrides, "batch_size": n_samples}  # full batch
        return super()._fit_settings(overrides, n_samples)
