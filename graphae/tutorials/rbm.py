"""The restricted Boltzmann machine of the deeplearning.net tutorial (CD-k and PCD-k)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import alias
from graphae._validation import check_positive_int
from graphae import boltzmann
from graphae.backend import float_x, matrix, scan_steps, shared
from graphae.layers import TiedLayer
from graphae.objectives import binary_crossentropy
from graphae.random import as_generator, symbolic_generator
from graphae.training import Graph, TimeLimit, batch_index, minibatch, n_minibatches
from graphae.tutorials._facade import TutorialModel
from graphae.updates import sgd

__all__ = ["RBM"]


class RBM(TutorialModel):
    """Binary-binary RBM with energy ``E(v, h) = -b'v - c'h - v'Wh``.

    Its ``propup``/``propdown`` are the encoder and decoder of a sigmoid
    :class:`~graphae.layers.TiedLayer`; its energies, conditionals and
    learning step are :mod:`graphae.boltzmann`'s, the same parts as
    :class:`graphae.models.BernoulliRBM` (this is that RBM in the tutorial's
    code shape and its ``form="tutorial"`` update). Trained by contrastive
    divergence (CD-k) or persistent CD (PCD-k): the negative phase runs
    ``k`` Gibbs steps in a ``scan``, and the step is the gradient of
    ``mean F(v) - mean F(chain end)`` (free energy ``F``) with the chain's
    end a constant.
    Monitoring costs are the tutorial's: a stochastic pseudo-log-likelihood
    under PCD, the reconstruction cross-entropy under CD.

    Parameters
    ----------
    input : TensorVariable, optional
        Symbolic minibatch (a new matrix when None).
    n_visible, n_hidden : int, default 784 and 500
    W, hbias, vbias : SharedVariable, optional
        Parameters to share (a DBN shares its sigmoid layers' ``W`` and ``b``).
    numpy_rng : numpy.random.RandomState or Generator, optional
        Initial weights (uniform in ``±4 sqrt(6 / (n_hidden + n_visible))``)
        and the noise seed. None draws a fresh seed from the operating
        system; pass ``numpy.random.RandomState(1234)`` for the tutorial's.
    theano_rng : None, int or shared generator, optional
        Source of the Gibbs sampling noise.

    Attributes
    ----------
    W, hbias, vbias : SharedVariable
    layer : graphae.layers.TiedLayer
    input : TensorVariable
    rng : shared generator
    params : list
        ``[W, hbias, vbias]``.
    history_ : graphae.training.History
    costs_, epoch_seconds_ : list of float
        Monitoring cost and wall time of each epoch of the last :meth:`fit`.

    Examples
    --------
    >>> rbm = RBM(n_visible=6, n_hidden=4, numpy_rng=np.random.RandomState(0))
    >>> cost, updates = rbm.get_cost_updates(lr=0.1, k=1)
    >>> len(updates)  # W, hbias, vbias and the generator
    4
    """

    def __init__(self, input=None, n_visible=784, n_hidden=500, W=None, hbias=None,
                 vbias=None, numpy_rng=None, theano_rng=None):
        numpy_rng = as_generator(numpy_rng, "numpy_rng")
        self.rng = symbolic_generator(theano_rng, numpy_rng)  # drawn first, as the tutorial
        self.layer = TiedLayer(n_visible, n_hidden, "sigmoid", "glorot", numpy_rng, W=W,
                               b_hidden=hbias, b_visible=vbias, names=("W", "hbias", "vbias"))
        self.n_visible, self.n_hidden = self.layer.n_visible, self.layer.n_hidden
        self.W, self.hbias, self.vbias = self.layer.params
        self.input = matrix("input") if input is None else input
        self.params = self.layer.params
        self._bit_index = shared(np.int64(0), name="bit_i_idx", dtype="int64")

    # -- energies and conditionals (graphae.boltzmann's, on this model's layer) --------
    def free_energy(self, v_sample):
        """``F(v) = -b'v - sum_j log(1 + exp(c_j + v'W_j))``, one value per row."""
        return boltzmann.free_energy(self.layer, v_sample)

    def propup(self, vis):
        """``[pre-sigmoid, p(h = 1 | vis)]``."""
        pre = self.layer.pre_encode(vis)
        return [pre, self.layer.activation(pre)]

    def propdown(self, hid):
        """``[pre-sigmoid, p(v = 1 | hid)]``."""
        pre = self.layer.pre_decode(hid)
        return [pre, self.layer.activation(pre)]

    def sample_hidden(self, visible, rng):
        """``(pre-sigmoid, mean, sample, next_rng)`` of ``h`` given ``visible``."""
        next_rng, mean, sample = boltzmann.sample_hidden(self.layer, visible, rng)
        return self.layer.pre_encode(visible), mean, sample, next_rng

    def sample_visible(self, hidden, rng):
        """``(pre-sigmoid, mean, sample, next_rng)`` of ``v`` given ``hidden``."""
        next_rng, pre, mean, sample = boltzmann.sample_visible(self.layer, hidden, rng)
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

        The generator's update is left to the caller (the Theano-style
        :func:`graphae.ported.function` finds the draw in the graph and adds
        it); inside ``scan`` use :meth:`sample_hidden` with an explicit
        generator.
        """
        pre, mean, sample, _ = self.sample_hidden(v0_sample, self.rng)
        return [pre, mean, sample]

    def sample_v_given_h(self, h0_sample):
        """The tutorial's ``[pre-sigmoid, mean, sample]`` of ``v`` (see :meth:`sample_h_given_v`)."""
        pre, mean, sample, _ = self.sample_visible(h0_sample, self.rng)
        return [pre, mean, sample]

    # -- learning -----------------------------------------------------------
    def cost_updates(self, lr=0.1, persistent=None, k=1):
        """``(monitoring_cost, updates)`` of one CD-k step, or PCD-k with a ``persistent`` chain.

        The step is :func:`graphae.boltzmann.contrastive_divergence` in its
        tutorial form — the gradient of ``mean F(v0) - mean F(chain end)``
        with the chain end held constant — applied by plain SGD.

        Parameters
        ----------
        lr : float or scalar variable
        persistent : SharedVariable, shape (batch_size, n_hidden), optional
            The persistent chain's hidden state (PCD); None means CD-k.
        k : int
            Gibbs steps of the negative phase.
        """
        k = check_positive_int(k, "k")
        step = boltzmann.contrastive_divergence(self.layer, self.input, self.rng, k, "tutorial",
                                                persistent)
        updates = sgd([-direction for direction in step.directions], self.params, lr)
        updates.append((self.rng, step.next_rng))
        if persistent is None:
            return self.reconstruction_cost(step.chain_pre_visible), updates
        updates.append((persistent, step.chain_hidden.astype(persistent.dtype)))
        monitoring_cost, bit_update = self.pseudo_likelihood_cost()
        return monitoring_cost, updates + bit_update

    def pseudo_likelihood_cost(self):
        """Stochastic pseudo-log-likelihood ``n_visible · log σ(F(x̃) - F(x))``.

        ``x`` is the rounded input and ``x̃`` it with one bit flipped; the bit
        index cycles through the visible units, one per call, so the returned
        ``updates`` advance it. Returns ``(cost, updates)``.
        """
        bit = self._bit_index
        xi = pt.round(self.input)
        xi_flip = pt.set_subtensor(xi[:, bit], 1 - xi[:, bit])
        cost = pt.mean(self.n_visible * pt.log(self.layer.activation(
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
        """Mean summed log-likelihood of the input under ``sigmoid(pre_sigmoid_nv)`` (the tutorial's sign)."""
        probabilities = self.layer.activation(pre_sigmoid_nv)
        return -binary_crossentropy(self.input, probabilities, "row_sum_mean")

    def get_reconstruction_cost(self, updates, pre_sigmoid_nv):
        """The tutorial's signature of :meth:`reconstruction_cost` (``updates`` unused)."""
        return self.reconstruction_cost(pre_sigmoid_nv)

    get_cost_updates = alias("cost_updates")

    # -- training and sampling -------------------------------------------------
    def _training_step(self, train_set_x, batch_size, k=1, persistent=None, input=None,
                       mode=None, verbose=0):
        """The compiled ``step(index) -> monitoring cost``; the learning rate is a shared scalar."""
        given = self.input if input is None else input

        def build():
            index = batch_index()
            cost, updates = self.cost_updates(lr=self._scalar("lr"), persistent=persistent, k=k)
            return Graph([index], cost, updates,
                         [(given, minibatch(train_set_x, index, batch_size))])

        key = (id(train_set_x), int(batch_size), int(k), id(persistent), id(given))
        return self._compiled.function("train", build, key, mode, verbose)

    def pretraining_function(self, train_set_x, batch_size, k=1, persistent=None,
                             input=None, mode=None):
        """The tutorial's ``f(index, lr=0.1)``: one CD-k/PCD-k step on minibatch ``index``.

        ``input`` (``self.input`` by default; a DBN passes its own input) is
        replaced by the minibatch of the shared ``train_set_x`` via ``givens``.
        """
        step = self._training_step(train_set_x, batch_size, k, persistent, input, mode)

        def train(index, lr=0.1):
            self._scalar("lr", lr)
            return step(index)

        return train

    def _training_state(self):
        chain = self.__dict__.get("_chain")
        return [*self.params, self._bit_index, *([] if chain is None else [chain])]

    def _persistent_chain(self, batch_size):
        chain = self.__dict__.get("_chain")
        if chain is None or chain.get_value(borrow=True).shape != (batch_size, self.n_hidden):
            chain = self._chain = shared(np.zeros((batch_size, self.n_hidden)),
                                         "persistent_chain")
        return chain

    def fit(self, train_set_x, epochs=15, batch_size=20, learning_rate=0.1, k=15,
            persistent=True, max_seconds=None, verbose=1, mode=None, callbacks=None):
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
            Stop before an epoch that would end after this many seconds
            (:class:`graphae.callbacks.TimeLimit`).
        verbose : int
        mode : {None, "c", "numba", "jax"}
        callbacks : list of graphae.callbacks.Callback, optional
        """
        data = self._training_data(train_set_x, self.n_visible)
        n_batches = n_minibatches(data, batch_size)
        chain = self._persistent_chain(batch_size) if persistent else None
        step = self._training_step(data, batch_size, k, chain, mode=mode, verbose=verbose)
        self._scalar("lr", learning_rate)
        limit = [] if max_seconds is None else [TimeLimit(max_seconds)]
        self.history_ = self._run(step, n_batches, epochs, batch_size, callbacks, verbose,
                                  "RBM", internal=limit, state=self._training_state())
        self.costs_ = self.history_.epoch.get("cost", [])
        self.epoch_seconds_ = self.history_.epoch.get("time", [])
        return self

    def sample(self, start, n_samples=10, plot_every=1000, mode=None):
        """Run Gibbs chains from ``start``; keep the visible means every ``plot_every`` steps.

        The sampling function is compiled once per ``plot_every`` and mode.

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
        if "_vis_chain" not in self.__dict__:
            self._vis_chain = shared(start, "persistent_vis_chain")
        chain = self._vis_chain
        chain.set_value(start)

        def build():
            def step(v_sample, rng):
                _, _, _, _, v_mean, v_sample, rng = self.gibbs_vhv_step(v_sample, rng)
                return v_mean, v_sample, rng

            v_means, v_samples, rng = scan_steps(step, [None, chain, self.rng],
                                                 n_steps=int(plot_every), name="gibbs_vhv")
            return Graph([], v_means[-1], [(chain, v_samples[-1]), (self.rng, rng)])

        sample_fn = self._compiled.function("sample", build, int(plot_every), mode, verbose=0)
        return np.stack([sample_fn() for _ in range(int(n_samples))])
