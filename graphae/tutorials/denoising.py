"""The denoising autoencoder (``dA``) of the deeplearning.net tutorial, on the core's parts."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import alias
from graphae.backend import matrix
from graphae.layers import TiedLayer, masking_noise
from graphae.objectives import binary_crossentropy
from graphae.random import symbolic_generator
from graphae.training import Graph, batch_index, minibatch, n_minibatches
from graphae.tutorials._facade import TutorialModel
from graphae.updates import sgd

__all__ = ["DenoisingAutoEncoder"]


class DenoisingAutoEncoder(TutorialModel):
    """Tied-weight autoencoder trained to rebuild its input from a corrupted copy.

    A sigmoid :class:`~graphae.layers.TiedLayer` (encoder ``sigmoid(x̃ · W +
    b)``, decoder ``sigmoid(y · Wᵀ + b')``) under
    :func:`~graphae.layers.masking_noise`: a fraction ``corruption_level`` of
    the input units is set to zero before encoding, and the cost is the mean
    over the minibatch of the summed cross-entropy between the clean input
    and its reconstruction. ``dA`` is the tutorial's name for it.

    Parameters
    ----------
    numpy_rng : numpy.random.RandomState or Generator
        Draws the initial weights, uniform in ``±4 sqrt(6 / (n_hidden +
        n_visible))``, and seeds the noise when ``theano_rng`` is None.
    theano_rng : None, int or shared generator, optional
        Source of the corruption noise (see
        :func:`graphae.random.symbolic_generator`).
    input : TensorVariable, optional
        Symbolic input; a new matrix when None. A stacked model passes the
        output of the layer below.
    n_visible, n_hidden : int, default 784 and 500
    W, bhid, bvis : SharedVariable, optional
        Parameters to share (W of shape (n_visible, n_hidden)).

    Attributes
    ----------
    W, b, b_prime : SharedVariable
        Weights, hidden bias, visible bias (``W_prime`` is ``W.T``).
    layer : graphae.layers.TiedLayer
    x : TensorVariable
    rng : shared generator
        The noise generator (the tutorial's ``theano_rng``).
    params : list
        ``[W, b, b_prime]``.
    history_ : graphae.training.History
        Of the last :meth:`fit`.
    costs_, epoch_seconds_ : list of float
        Mean cost and wall time of every epoch of the last :meth:`fit`.

    Examples
    --------
    >>> da = DenoisingAutoEncoder(np.random.RandomState(123), n_visible=6, n_hidden=3)
    >>> cost, updates = da.get_cost_updates(corruption_level=0.3, learning_rate=0.1)
    >>> len(updates)  # W, b, b_prime and the noise generator
    4
    >>> DenoisingAutoEncoder.get_hidden_values is DenoisingAutoEncoder.encode
    True
    """

    def __init__(self, numpy_rng, theano_rng=None, input=None, n_visible=784, n_hidden=500,
                 W=None, bhid=None, bvis=None):
        self.rng = symbolic_generator(theano_rng, numpy_rng)  # drawn first, as the tutorial
        self.layer = TiedLayer(n_visible, n_hidden, "sigmoid", "glorot", numpy_rng, W=W,
                               b_hidden=bhid, b_visible=bvis, names=("W", "b", "b_prime"))
        self.n_visible, self.n_hidden = self.layer.n_visible, self.layer.n_hidden
        self.W, self.b, self.b_prime = self.layer.params
        self.W_prime = self.W.T
        self.x = matrix("input") if input is None else input
        self.params = self.layer.params

    # -- graph -------------------------------------------------------------
    def corrupt(self, input, corruption_level, rng=None):
        """Masking noise: ``(input * mask, next_rng)``, each unit kept with ``1 - corruption_level``.

        ``rng`` defaults to the model's generator; pass a generator to chain
        several draws.
        """
        next_rng, corrupted = masking_noise(self.rng if rng is None else rng, input,
                                            corruption_level)
        return corrupted, next_rng

    def get_corrupted_input(self, input, corruption_level):
        """The tutorial's method: the corrupted input only.

        The generator's update is left to the caller: the Theano-style
        :func:`graphae.ported.function` (and the compat ``theano.function``)
        finds the draw in the graph and advances the generator, as Theano's
        ``RandomStreams`` did; :meth:`cost_updates` returns the update
        explicitly instead.
        """
        return masking_noise(self.rng, input, corruption_level)[1]

    def encode(self, input):
        """Hidden code ``sigmoid(input · W + b)``."""
        return self.layer.encode(input)

    def decode(self, hidden):
        """Reconstruction ``sigmoid(hidden · Wᵀ + b')``."""
        return self.layer.decode(hidden)

    def reconstruction_cost(self, clean, corrupted):
        """Mean over rows of the summed cross-entropy of ``clean`` and the reconstruction of ``corrupted``."""
        return binary_crossentropy(clean, self.decode(self.encode(corrupted)), "row_sum_mean")

    def cost_updates(self, corruption_level, learning_rate):
        """``(cost, updates)`` of one SGD step on ``x``; the updates include the noise generator's."""
        corrupted, next_rng = self.corrupt(self.x, corruption_level)
        cost = self.reconstruction_cost(self.x, corrupted)
        return cost, sgd(cost, self.params, learning_rate) + [(self.rng, next_rng)]

    get_hidden_values = alias("encode")
    get_reconstructed_input = alias("decode")
    get_cost_updates = alias("cost_updates")
    theano_rng = alias("rng")

    # -- training ------------------------------------------------------------
    def _training_step(self, train_set_x, batch_size, input=None, mode=None, verbose=0):
        """The compiled ``step(index) -> cost``; corruption and rate are shared scalars."""
        given = self.x if input is None else input

        def build():
            index = batch_index()
            cost, updates = self.cost_updates(self._scalar("corruption"), self._scalar("lr"))
            return Graph([index], cost, updates,
                         [(given, minibatch(train_set_x, index, batch_size))])

        key = (id(train_set_x), int(batch_size), id(given))
        return self._compiled.function("train", build, key, mode, verbose)

    def pretraining_function(self, train_set_x, batch_size, input=None, mode=None):
        """The tutorial's ``f(index, corruption=0.0, lr=0.1)`` training on minibatch ``index``.

        Parameters
        ----------
        train_set_x : SharedVariable
            The data; ``input`` (``x`` by default; a stacked model passes its
            own input) is replaced by the minibatch through ``givens``.
        batch_size : int
        input : TensorVariable, optional
        mode : {None, "c", "numba", "jax"}
        """
        step = self._training_step(train_set_x, batch_size, input, mode)

        def train(index, corruption=0.0, lr=0.1):
            self._scalar("corruption", corruption), self._scalar("lr", lr)
            return step(index)

        return train

    def fit(self, train_set_x, epochs=15, batch_size=20, learning_rate=0.1,
            corruption_level=0.0, verbose=1, mode=None, callbacks=None):
        """Train by minibatch SGD, as the tutorial's ``test_dA``; returns ``self``.

        Parameters
        ----------
        train_set_x : array_like or SharedVariable, shape (n_samples, n_visible)
            Values in [0, 1].
        epochs, batch_size : int
        learning_rate : float
        corruption_level : float in [0, 1)
        verbose : int
            One progress line per epoch when > 0.
        mode : {None, "c", "numba", "jax"}
        callbacks : list of graphae.callbacks.Callback, optional

        Raises
        ------
        ValueError
            For data of the wrong width, values outside [0, 1], or bad settings.
        """
        data = self._training_data(train_set_x, self.n_visible)
        if not 0.0 <= corruption_level < 1.0:
            raise ValueError(f"corruption_level must be in [0, 1), got {corruption_level}")
        n_batches = n_minibatches(data, batch_size)
        step = self._training_step(data, batch_size, mode=mode, verbose=verbose)
        self._scalar("corruption", corruption_level), self._scalar("lr", learning_rate)
        self.history_ = self._run(step, n_batches, epochs, batch_size, callbacks, verbose, "dA")
        self.costs_ = self.history_.epoch.get("cost", [])
        self.epoch_seconds_ = self.history_.epoch.get("time", [])
        return self
