"""The denoising autoencoder (``dA``) of the deeplearning.net tutorial."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae import ported
from graphae._legacy import legacy_names
from graphae.backend import float_x, grad, matrix, shared, sigmoid
from graphae._training import compiled_once
from graphae.tutorials._driver import (
    minibatch,
    n_minibatches,
    run_epochs,
    training_data,
)
from graphae.tutorials._noise import as_shared_generator, bernoulli, legacy_bernoulli
from graphae.tutorials.mlp import check_size, uniform_weights

__all__ = ["DenoisingAutoEncoder", "sgd_updates"]


def sgd_updates(cost, params, learning_rate, consider_constant=None):
    """Plain gradient-descent pairs ``(p, p - learning_rate * dcost/dp)``.

    Each new value keeps its parameter's dtype, so a float64 learning rate
    does not break float32 parameters.

    Examples
    --------
    >>> w = shared(np.array([1.0, 2.0]), "w")
    >>> [(p, new)] = sgd_updates((w ** 2).sum(), [w], 0.25)
    >>> new.eval().tolist()
    [0.5, 1.0]
    """
    gradients = grad(cost, params, consider_constant=consider_constant)
    return [(param, (param - learning_rate * gradient).astype(param.dtype))
            for param, gradient in zip(params, gradients)]


@legacy_names
class DenoisingAutoEncoder:
    """Tied-weight autoencoder trained to rebuild its input from a corrupted copy.

    The encoder is ``sigmoid(x̃ · W + b)``, the decoder
    ``sigmoid(y · Wᵀ + b')``; a fraction ``corruption_level`` of the input
    units is set to zero (masking noise) before encoding, and the cost is
    the mean over the minibatch of the summed cross-entropy between the clean
    input and its reconstruction. ``dA`` is the tutorial's name for it.

    Parameters
    ----------
    numpy_rng : numpy.random.RandomState or Generator
        Draws the initial weights, uniform in ``±4 sqrt(6 / (n_hidden +
        n_visible))``, and seeds the noise when ``theano_rng`` is None.
    theano_rng : None, int or shared generator, optional
        Source of the corruption noise (see
        :func:`graphae.tutorials.as_shared_generator`).
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
    x : TensorVariable
    rng : shared generator
        The noise generator (the tutorial's ``theano_rng``).
    params : list
        ``[W, b, b_prime]``.
    costs_, epoch_seconds_ : list of float
        Mean cost and wall time of every epoch trained by :meth:`fit`.

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
        self.n_visible = check_size("n_visible", n_visible)
        self.n_hidden = check_size("n_hidden", n_hidden)
        self.rng = as_shared_generator(theano_rng, numpy_rng)
        if W is None:
            W = shared(uniform_weights(numpy_rng, n_visible, n_hidden, "sigmoid"), name="W")
        self.W = W
        self.b = shared(np.zeros(n_hidden), name="b") if bhid is None else bhid
        self.b_prime = shared(np.zeros(n_visible), name="b_prime") if bvis is None else bvis
        self.W_prime = self.W.T
        self.x = matrix("input") if input is None else input
        self.params = [self.W, self.b, self.b_prime]
        self._compiled = {}

    # -- graph -------------------------------------------------------------
    def corrupt(self, input, corruption_level, rng=None):
        """Masking noise: ``(input * mask, next_rng)``, each unit kept with ``1 - corruption_level``.

        ``rng`` defaults to the model's generator; pass a generator to chain
        several draws.
        """
        next_rng, mask = bernoulli(self.rng if rng is None else rng,
                                   pt.ones_like(input) * (1 - corruption_level))
        return mask * input, next_rng

    def get_corrupted_input(self, input, corruption_level):
        """The tutorial's method: the corrupted input only.

        The generator's update is registered for :func:`graphae.ported.function`
        (and the compat ``theano.function``), which add it automatically;
        :meth:`cost_updates` returns it explicitly instead.
        """
        return legacy_bernoulli(self.rng, pt.ones_like(input) * (1 - corruption_level)) * input

    def encode(self, input):
        """Hidden code ``sigmoid(input · W + b)``."""
        return sigmoid(pt.dot(input, self.W) + self.b)

    def decode(self, hidden):
        """Reconstruction ``sigmoid(hidden · Wᵀ + b')``."""
        return sigmoid(pt.dot(hidden, self.W_prime) + self.b_prime)

    def reconstruction_cost(self, clean, corrupted):
        """Mean over rows of the summed cross-entropy of ``clean`` and the reconstruction of ``corrupted``."""
        z = self.decode(self.encode(corrupted))
        return pt.mean(-pt.sum(clean * pt.log(z) + (1 - clean) * pt.log(1 - z), axis=1))

    def cost_updates(self, corruption_level, learning_rate):
        """``(cost, updates)`` of one SGD step on ``x``; the updates include the noise generator's."""
        corrupted, next_rng = self.corrupt(self.x, corruption_level)
        cost = self.reconstruction_cost(self.x, corrupted)
        return cost, sgd_updates(cost, self.params, learning_rate) + [(self.rng, next_rng)]

    # -- training ------------------------------------------------------------
    def pretraining_function(self, train_set_x, batch_size, input=None, mode=None):
        """Compiled ``f(index, corruption=0.0, lr=0.1)`` training on minibatch ``index``.

        Parameters
        ----------
        train_set_x : SharedVariable
            The data; ``input`` (``x`` by default; a stacked model passes its
            own input) is replaced by the minibatch through ``givens``.
        batch_size : int
        input : TensorVariable, optional
        mode : {None, "c", "numba", "jax"}
        """
        corruption, lr = pt.scalar("corruption", dtype=float_x()), pt.scalar("lr", dtype=float_x())
        index = pt.lscalar("index")
        cost, updates = self.cost_updates(corruption, lr)
        givens = {self.x if input is None else input: minibatch(train_set_x, index, batch_size)}
        return ported.function([index, ported.Input(corruption, value=0.0),
                                ported.Input(lr, value=0.1)], cost, updates=updates,
                               givens=givens, mode=mode, name="dA.train",
                               allow_input_downcast=True)

    def fit(self, train_set_x, epochs=15, batch_size=20, learning_rate=0.1,
            corruption_level=0.0, verbose=1, mode=None):
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

        Raises
        ------
        ValueError
            For data of the wrong width, values outside [0, 1], or bad settings.
        """
        data = training_data(self, train_set_x, self.n_visible)
        if not 0.0 <= corruption_level < 1.0:
            raise ValueError(f"corruption_level must be in [0, 1), got {corruption_level}")
        n_batches = n_minibatches(data, batch_size)
        step = compiled_once(self._compiled, (data, batch_size, mode),
                             lambda: self.pretraining_function(data, batch_size, mode=mode),
                             "dA.train", verbose)
        costs, seconds = run_epochs(lambda i: step(i, corruption_level, learning_rate),
                                    n_batches, epochs, "dA", verbose, batch_size)
        self.costs_, self.epoch_seconds_ = costs, seconds
        return self
