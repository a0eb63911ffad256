"""The restricted Boltzmann machine of the deeplearning.net tutorial (CD-k and PCD-k)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae import ported
from graphae.backend import float_x, matrix, scan_steps, shared, sigmoid
from graphae._training import compiled_once
from graphae.tutorials._driver import (
    minibatch,
    n_minibatches,
    run_epochs,
    training_data,
)
from graphae.tutorials._noise import as_shared_generator, bernoulli, legacy_bernoulli
from graphae.tutorials.denoising import sgd_updates
from graphae.tutorials.mlp import check_size, uniform_weights

__all__ = ["RBM"]


class RBM:
    """Binary-binary RBM with energy ``E(v, h) = -b'v - c'h - v'Wh``.

    Trained by contrastive divergence (CD-k) or persistent CD (PCD-k): the
    negative phase runs ``k`` Gibbs steps in a ``scan``, and the gradient of
    ``mean F(v) - mean F(chain end)`` (free energy ``F``) treats the chain's
    end as a constant. Monitoring costs are the tutorial's: a stochastic
    pseudo-log-likelihood under PCD, the reconstruction cross-entropy under CD.

    Parameters
    ----------
    input : TensorVariable, optional
        Symbolic minibatch (a new matrix when None).
    n_visible, n_hidden : int, default 784 and 500
    W, hbias, vbias : SharedVariable, optional
        Parameters to share (a DBN shares its sigmoid layers' ``W`` and ``b``).
    numpy_rng : numpy.random.RandomState or Generator, optional
        Initial weights (uniform in ``±4 sqrt(6 / (n_hidden + n_visible))``);
        ``RandomState(1234)`` when None, as in the tutorial.
    theano_rng : None, int or shared generator, optional
        Source of the Gibbs sampling noise.

    Attributes
    ----------
    W, hbias, vbias : SharedVariable
    input : TensorVariable
    rng : shared generator
    params : list
        ``[W, hbias, vbias]``.
    costs_, epoch_seconds_ : list of float
        Monitoring cost and wall time of each epoch trained by :meth:`fit`.

    Examples
    --------
    >>> rbm = RBM(n_visible=6, n_hidden=4, numpy_rng=np.random.RandomState(0))
    >>> cost, updates = rbm.get_cost_updates(lr=0.1, k=1)
    >>> len(updates)  # W, hbias, vbias and the generator
    4
    """

    def __init__(self, input=None, n_visible=784, n_hidden=500, W=None, hbias=None,
                 vbias=None, numpy_rng=None, theano_rng=None):
        self.n_visible = check_size("n_visible", n_visible)
        self.n_hidden = check_size("n_hidden", n_hidden)
        numpy_rng = np.random.RandomState(1234) if numpy_rng is None else numpy_rng
        self.rng = as_shared_generator(theano_rng, numpy_rng)
        if W is None:
            W = shared(uniform_weights(numpy_rng, n_visible, n_hidden, "sigmoid"), name="W")
        self.W = W
        self.hbias = shared(np.zeros(n_hidden), name="hbias") if hbias is None else hbias
        self.vbias = shared(np.zeros(n_visible), name="vbias") if vbias is None else vbias
        self.input = matrix("input") if input is None else input
        self.params = [self.W, self.hbias, self.vbias]
        self._bit_index = shared(np.int64(0), name="bit_i_idx", dtype="int64")
        self._compiled = {}

    # -- energies and conditionals ---------------------------------------
    def free_energy(self, v_sample):
        """``F(v) = -b'v - sum_j log(1 + exp(c_j + v'W_j))``, one value per row."""
        wx_b = pt.dot(v_sample, self.W) + self.hbias
        return -pt.sum(pt.softplus(wx_b), axis=1) - pt.dot(v_sample, self.vbias)

    def propup(self, vis):
        """``[pre-sigmoid, p(h = 1 | vis)]``."""
        pre = pt.dot(vis, self.W) + self.hbias
        return [pre, sigmoid(pre)]

    def propdown(self, hid):
        """``[pre-sigmoid, p(v = 1 | hid)]``."""
        pre = pt.dot(hid, self.W.T) + self.vbias
        return [pre, sigmoid(pre)]

    def sample_hidden(self, visible, rng):
        """``(pre-sigmoid, mean, sample, next_rng)`` of ``h`` given ``visible``."""
        pre, mean = self.propup(visible)
        next_rng, sample = bernoulli(rng, mean)
        return pre, mean, sample, next_rng

    def sample_visible(self, hidden, rng):
        """``(pre-sigmoid, mean, sample, next_rng)`` of ``v`` given ``hidden``."""
        pre, mean = self.propdown(hidden)
        next_rng, sample = bernoulli(rng, mean)
        return pre, mean, sample, next_rng

    def gibbs_hvh_step(self, h0_sample, rng):
        """One Gibbs step from the hidden side: ``(*v outputs, *h outputs, next_rng)``."""
        pre_v, v_mean, v_sample, rng = self.sample_visible(h0_sample, rng)
        pre_h, h_mean, h_sample, rng = self.sample_hidden(v_sample, rng)
        return pre_v, v_mean, v_sample, pre_h, h_mean, h_sample, rng

    def gibbs_vhv_step(self, v0_sample, rng):
        """One Gibbs step from the visible side: ``(*h outputs, *v outputs, next_rng)``."""
        pre_h, h_mean, h_sample, rng = self.sample_hidden(v0_sample, rng)
        pre_v, v_mean, v_sample, rng = self.sample_visible(h_sample, rng)
        return pre_h, h_mean, h_sample, pre_v, v_mean, v_sample, rng

    def sample_h_given_v(self, v0_sample):
        """The tutorial's ``[pre-sigmoid, mean, sample]`` drawn from the model's generator.

        The generator update is registered for :func:`graphae.ported.function`;
        inside ``scan`` use :meth:`sample_hidden` with an explicit generator.
        """
        pre, mean = self.propup(v0_sample)
        return [pre, mean, legacy_bernoulli(self.rng, mean)]

    def sample_v_given_h(self, h0_sample):
        """The tutorial's ``[pre-sigmoid, mean, sample]`` of ``v`` (see :meth:`sample_h_given_v`)."""
        pre, mean = self.propdown(h0_sample)
        return [pre, mean, legacy_bernoulli(self.rng, mean)]

    # -- learning -----------------------------------------------------------
    def cost_updates(self, lr=0.1, persistent=None, k=1):
        """``(monitoring_cost, updates)`` of one CD-k step, or PCD-k with a ``persistent`` chain.

        Parameters
        ----------
        lr : float or scalar variable
        persistent : SharedVariable, shape (batch_size, n_hidden), optional
            The persistent chain's hidden state (PCD); None means CD-k.
        k : int
            Gibbs steps of the negative phase.
        """
        if not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a positive integer, got {k!r}")
        _, _, ph_sample, rng = self.sample_hidden(self.input, self.rng)
        chain_start = ph_sample if persistent is None else persistent

        def step(h_sample, rng):
            pre_v, v_mean, v_sample, _, _, h_sample, rng = self.gibbs_hvh_step(h_sample, rng)
            return pre_v, v_mean, v_sample, h_sample, rng

        pre_vs, _, v_samples, h_samples, rng = scan_steps(
            step, [None, None, None, chain_start, rng], n_steps=int(k), name="gibbs_hvh")
        chain_end = v_samples[-1]
        cost = pt.mean(self.free_energy(self.input)) - pt.mean(self.free_energy(chain_end))
        updates = sgd_updates(cost, self.params, lr, consider_constant=[chain_end])
        updates.append((self.rng, rng))
        if persistent is None:
            return self.reconstruction_cost(pre_vs[-1]), updates
        updates.append((persistent, h_samples[-1].astype(persistent.dtype)))
        monitoring_cost, bit_update = self.pseudo_likelihood_cost()
        return monitoring_cost, updates + bit_update

    get_cost_updates = cost_updates

    def pseudo_likelihood_cost(self):
        """Stochastic pseudo-log-likelihood ``n_visible · log σ(F(x̃) - F(x))``.

        ``x`` is the rounded input and ``x̃`` it with one bit flipped; the bit
        index cycles through the visible units, one per call, so the returned
        ``updates`` advance it. Returns ``(cost, updates)``.
        """
        bit = self._bit_index
        xi = pt.round(self.input)
        xi_flip = pt.set_subtensor(xi[:, bit], 1 - xi[:, bit])
        cost = pt.mean(self.n_visible * pt.log(sigmoid(
            self.free_energy(xi_flip) - self.free_energy(xi))))
        return cost, [(bit, (bit + 1) % self.n_visible)]

    def get_pseudo_likelihood_cost(self, updates):
        """The tutorial's form: adds the bit-index update to ``updates`` (dict or list)."""
        cost, [(bit, next_bit)] = self.pseudo_likelihood_cost()
        if hasattr(updates, "items"):
            updates[bit] = next_bit
        else:
            updates.append((bit, next_bit))
        return cost

    def reconstruction_cost(self, pre_sigmoid_nv):
        """Mean summed cross-entropy between the input and ``sigmoid(pre_sigmoid_nv)``."""
        x, p = self.input, sigmoid(pre_sigmoid_nv)
        return pt.mean(pt.sum(x * pt.log(p) + (1 - x) * pt.log(1 - p), axis=1))

    def get_reconstruction_cost(self, updates, pre_sigmoid_nv):
        """The tutorial's signature of :meth:`reconstruction_cost` (``updates`` unused)."""
        return self.reconstruction_cost(pre_sigmoid_nv)

    # -- training and sampling -------------------------------------------------
    def pretraining_function(self, train_set_x, batch_size, k=1, persistent=None,
                             input=None, mode=None):
        """Compiled ``f(index, lr=0.1)``: one CD-k/PCD-k step on minibatch ``index``.

        ``input`` (``self.input`` by default; a DBN passes its own input) is
        replaced by the minibatch of the shared ``train_set_x`` via ``givens``.
        """
        lr, index = pt.scalar("lr", dtype=float_x()), pt.lscalar("index")
        cost, updates = self.cost_updates(lr=lr, persistent=persistent, k=k)
        givens = {self.input if input is None else input:
                  minibatch(train_set_x, index, batch_size)}
        return ported.function([index, ported.Input(lr, value=0.1)], cost, updates=updates,
                               givens=givens, mode=mode, name="RBM.train",
                               allow_input_downcast=True)

    def fit(self, train_set_x, epochs=15, batch_size=20, learning_rate=0.1, k=15,
            persistent=True, max_seconds=None, verbose=1, mode=None):
        """Train as the tutorial's ``test_rbm`` (PCD-15 by default); returns ``self``.

        Parameters
        ----------
        train_set_x : array_like or SharedVariable, shape (n_samples, n_visible)
            Values in [0, 1] (probabilities of the visible units being on).
        epochs, batch_size, k : int
        learning_rate : float
        persistent : bool
            PCD-k with a persistent chain of ``batch_size`` particles
            (monitoring cost: pseudo-likelihood), or CD-k (reconstruction
            cross-entropy).
        max_seconds : float, optional
            Stop before an epoch that would end after this many seconds.
        verbose : int
        mode : {None, "c", "numba", "jax"}
        """
        data = training_data(self, train_set_x, self.n_visible)
        n_batches = n_minibatches(data, batch_size)

        def build():
            chain = shared(np.zeros((batch_size, self.n_hidden)), "persistent_chain") if (
                persistent) else None
            return self.pretraining_function(data, batch_size, k=k, persistent=chain, mode=mode)

        step = compiled_once(self._compiled, (data, batch_size, k, bool(persistent), mode),
                             build, "RBM.train", verbose)
        self.costs_, self.epoch_seconds_ = run_epochs(
            lambda i: step(i, learning_rate), n_batches, epochs, "RBM", verbose, batch_size,
            max_seconds=max_seconds)
        return self

    def sample(self, start, n_samples=10, plot_every=1000, mode=None):
        """Run Gibbs chains from ``start``; keep the visible means every ``plot_every`` steps.

        Parameters
        ----------
        start : array_like, shape (n_chains, n_visible)
            Initial visible states (the tutorial starts from test images).
        n_samples, plot_every : int

        Returns
        -------
        numpy.ndarray, shape (n_samples, n_chains, n_visible)
            Mean-field ``p(v | h)`` at the end of each stretch of steps.
        """
        start = np.asarray(start, dtype=float_x())
        if start.ndim != 2 or start.shape[1] != self.n_visible:
            raise ValueError(f"start must have shape (n_chains, {self.n_visible}), "
                             f"got {start.shape}")
        chain = shared(start, "persistent_vis_chain")

        def step(v_sample, rng):
            _, _, _, _, v_mean, v_sample, rng = self.gibbs_vhv_step(v_sample, rng)
            return v_mean, v_sample, rng

        v_means, v_samples, rng = scan_steps(step, [None, chain, self.rng],
                                             n_steps=int(plot_every), name="gibbs_vhv")
        sample_fn = ported.function([], v_means[-1], mode=mode, name="RBM.sample", updates=[
            (chain, v_samples[-1]), (self.rng, rng)])
        return np.stack([sample_fn() for _ in range(int(n_samples))])
