"""Seed 003 §18.5's stacked autoencoder: a symmetric stack, tied or not, denoising or not.

It is a :class:`~graphae.models.NetworkAutoencoder` whose encoder and decoder
are written from ``hidden_layer_sizes``, and it adds §18.5's training one
layer at a time (:meth:`StackedAutoencoder.fit_layerwise`).
"""

from __future__ import annotations

import numpy as np

from graphae._validation import check_float_in, check_hidden_layer_sizes
from graphae.layers import DenseSpec, Dropout, GaussianNoise
from graphae.models.network_autoencoder import NetworkAutoencoder
from graphae.random import as_generator, seed_from
from graphae.training import History

__all__ = ["StackedAutoencoder"]


class StackedAutoencoder(NetworkAutoencoder):
    """784-300-150-300-784 with ELU, He initialisation, L2, Adam 0.01 and MSE (seed 003 §18.5).

    The encoder has ``hidden_layer_sizes`` dense layers; the decoder mirrors
    them (``tied=True``: with the encoder's weights transposed) under a
    linear output. Optional input corruption makes it §18.5's denoising
    autoencoder: Gaussian noise of standard deviation ``input_noise``
    (``noise_level = 1.0`` in the seed) or dropout of a fraction
    ``input_dropout`` of the inputs (0.3), both in training only; the
    reconstruction is compared with the clean input.

    Parameters
    ----------
    hidden_layer_sizes : sequence of int, default (300, 150)
        The last is the code width.
    activation : str, default "elu"
    init : str or callable, default "he_normal"
        Every layer's weights (TensorFlow's ``variance_scaling_initializer()``).
    tied : bool, default False
    input_noise, input_dropout : float, default 0.0
    optimizer : str, default "adam"
    learning_rate : float, default 0.01
    l2_penalty : float, default 5e-5
        ``l2_penalty * Σ W²`` over every weight matrix: TensorFlow's
        ``l2_regularizer(0.0001)`` is ``0.0001 * Σ W² / 2``.
    epochs : int, default 5
    batch_size : int, default 150
    shuffle, warm_start, random_state, mode, verbose
        As for every graphae model.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).random((60, 8))
    >>> sae = StackedAutoencoder([6, 3], tied=True, epochs=2, batch_size=20, random_state=0,
    ...                          verbose=0).fit(X)
    >>> sae.transform(X).shape, len(sae.weights_)
    ((60, 3), 2)
    """

    _GRAPH_PARAMS = ("hidden_layer_sizes", "activation", "init", "tied", "input_noise",
                     "input_dropout", "optimizer")
    output_activation, loss, optimizer_options, l1_penalty = "linear", "mse", None, 0.0

    def __init__(self, hidden_layer_sizes=(300, 150), activation="elu", init="he_normal",
                 tied=False, input_noise=0.0, input_dropout=0.0, optimizer="adam",
                 learning_rate=0.01, l2_penalty=5e-5, epochs=5, batch_size=150, shuffle=True,
                 warm_start=False, random_state=None, mode=None, verbose=1):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.init = init
        self.tied = tied
        self.input_noise = input_noise
        self.input_dropout = input_dropout
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.l2_penalty = l2_penalty
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    @property
    def output_init(self):
        """The output layer's initialiser: ``init``, as every layer's."""
        return self.init

    @property
    def encoder(self):
        """Input corruption (if any), then a dense layer per hidden size."""
        return self._corruption() + self._hidden_specs()

    def _corruption(self):
        noise = check_float_in(self.input_noise, "input_noise", 0, np.inf, include_low=True)
        rate = check_float_in(self.input_dropout, "input_dropout", 0, 1, include_low=True)
        return ([GaussianNoise(noise)] if noise else []) + ([Dropout(rate)] if rate else [])

    def _hidden_specs(self):
        return [DenseSpec(m, self.activation, self.init, name=f"hidden{i}")
                for i, m in enumerate(self._sizes())]

    @property
    def decoder(self):
        """The encoder's dense layers mirrored (empty when ``tied``: they are derived)."""
        if self.tied:
            return []
        sizes = self._sizes()
        return [DenseSpec(m, self.activation, self.init, name=f"hidden{len(sizes) + i}")
                for i, m in enumerate(reversed(sizes[:-1]))]

    def _sizes(self):
        return check_hidden_layer_sizes(self.hidden_layer_sizes)

    def fit_layerwise(self, X, epochs=None, callbacks=None):
        """Train one hidden layer at a time (§18.5's phases), then start the stack from them.

        Phase ``i`` trains hidden layer ``i`` and its mirror (tied or not)
        to reconstruct the codes of the layers below it (phase 0: the input,
        corrupted if asked, through a linear output); each phase has this
        model's optimiser, penalty, epochs and batch size. The stack is then
        built with the phases' weights, ready to use or to fine-tune with
        ``fit`` and ``warm_start=True``.

        Returns
        -------
        self
            With ``layerwise_histories_`` (one History per phase) and
            ``history_``/``costs_`` of the phases in order.
        """
        X = self._validated(X)
        self._rng = as_generator(self.random_state)
        self._build(self._architecture_of(X), self._rng)
        codes, phases = X, []
        for index, spec in enumerate(self._hidden_specs()):
            phase = NetworkAutoencoder(
                (self._corruption() if index == 0 else []) + [spec],
                tied=self.tied, output_activation="linear" if index == 0 else self.activation,
                output_init=self.init, optimizer=self.optimizer, learning_rate=self.learning_rate,
                l2_penalty=self.l2_penalty, epochs=self.epochs if epochs is None else epochs,
                batch_size=self.batch_size, shuffle=self.shuffle,
                random_state=seed_from(self._rng), mode=self.mode, verbose=self.verbose)
            phases.append(phase.fit(codes, callbacks=callbacks))
            codes = phase.transform(codes)
        encoder = [w for phase in phases for w in phase.get_weights()[:2]]
        self.set_weights(encoder + [w for phase in phases[::-1] for w in phase.get_weights()[2:]])
        self.layerwise_histories_ = [phase.history_ for phase in phases]
        history = History()
        for phase in phases:
            history.extend(phase.history_)
        self._keep_history(history, extend=False)
        return self
