"""Restricted Boltzmann machines as pure functions of a tied layer: conditionals, Gibbs, CD-k.

An RBM is a sigmoid :class:`~graphae.layers.TiedLayer`: ``p(h = 1 | v) =
sigmoid(v W + b_hidden)`` is its encoder, ``p(v = 1 | h) = sigmoid(h Wᵀ +
b_visible)`` its decoder. Every function takes the layer and an explicit
symbolic generator and returns the generator's next state with its draws,
so graph builders thread it and return it as an update.

Contrastive divergence comes in the two forms graphae's RBMs are made of
(:func:`contrastive_divergence`):

``"lecture"`` (seed 003 §19.2)
    the statistics use *sampled* hidden states on both phases, and the
    positive phase draws its own hidden sample (``h = sample(...)``),
    apart from the one that starts the chain;
``"tutorial"`` (deeplearning.net)
    the statistics use the hidden *probabilities* — exactly the gradient of
    ``mean F(v0) - mean F(v_k)`` with the chain end held constant — and the
    chain starts from the positive phase's sample (or a persistent chain).
"""

from __future__ import annotations

from collections import namedtuple

import pytensor.tensor as pt

from graphae._validation import check_positive_int
from graphae.backend import scan_steps
from graphae.random import bernoulli

__all__ = ["CD_FORMS", "CDStep", "contrastive_divergence", "free_energy", "gibbs_chain",
           "hamming_distance", "sample_hidden", "sample_visible"]

#: The forms of contrastive divergence (see the module docstring).
CD_FORMS = ("lecture", "tutorial")

#: What one CD-k step computes: ascent directions ``(ΔW, Δb_hidden, Δb_visible)`` (batch
#: means), the positive phase's hidden statistic (sample or probabilities), the chain's last
#: visible sample and pre-sigmoid, its last hidden statistic and sample, the generator's
#: next state.
CDStep = namedtuple("CDStep", "directions positive_hidden chain_visible chain_pre_visible "
                              "negative_hidden chain_hidden next_rng")


def free_energy(layer, v):
    """``F(v) = -v · b_visible - Σ_j softplus((v W + b_hidden)_j)``, one value per row."""
    return -pt.sum(pt.softplus(layer.pre_encode(v)), axis=1) - pt.dot(v, layer.b_visible)


def sample_hidden(layer, v, rng):
    """``(next_rng, p(h | v), h)``: the hidden probabilities and a binary sample of them."""
    mean = layer.encode(v)
    next_rng, sample = bernoulli(rng, mean)
    return next_rng, mean, sample


def sample_visible(layer, h, rng):
    """``(next_rng, pre-sigmoid, p(v | h), v)`` of the visible units given ``h``."""
    pre = layer.pre_decode(h)
    mean = layer.activation(pre)
    next_rng, sample = bernoulli(rng, mean)
    return next_rng, pre, mean, sample


def gibbs_chain(layer, h_start, rng, k):
    """``k`` Gibbs steps ``h → v → h`` from hidden states ``h_start`` (a ``scan``).

    Returns
    -------
    (next_rng, pre_v, v_sample, h_mean, h_sample)
        The last step's visible pre-sigmoid and sample, hidden mean and sample.
    """
    k = check_positive_int(k, "k")

    def step(h, rng):
        rng, pre_v, _, v = sample_visible(layer, h, rng)
        rng, h_mean, h = sample_hidden(layer, v, rng)
        return pre_v, v, h_mean, h, rng

    pre_v, v, h_mean, h, next_rng = scan_steps(step, [None, None, None, h_start, rng],
                                               n_steps=k, name="gibbs_hvh")
    return next_rng, pre_v[-1], v[-1], h_mean[-1], h[-1]


def contrastive_divergence(layer, v0, rng, k=1, form="lecture", persistent=None):
    """One CD-k (or PCD-k) estimate of the log-likelihood's ascent directions.

    ``ΔW = (v0ᵀ h0 - v_kᵀ h_k) / n``, ``Δb_hidden = mean(h0 - h_k)``,
    ``Δb_visible = mean(v0 - v_k)`` over the ``n`` rows of ``v0``, with
    ``h`` sampled (``form="lecture"``) or probabilities (``"tutorial"``).
    The seed's update is ``w += lr · ΔW``; any optimiser of
    :mod:`graphae.updates` applies ``-ΔW`` as a gradient.

    Parameters
    ----------
    layer : graphae.layers.TiedLayer
        Sigmoid units.
    v0 : TensorVariable
        The data (binary or probabilities), one row per example.
    rng : Variable of generator type
    k : int, default 1
        Gibbs steps of the negative phase.
    form : {"lecture", "tutorial"}
    persistent : TensorVariable, optional
        Hidden states to start the chain from (PCD's persistent chain);
        None starts from the data's hidden sample (CD).

    Returns
    -------
    CDStep

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import shared_generator
    >>> from graphae.layers import TiedLayer
    >>> layer = TiedLayer(6, 3, random_state=0)
    >>> step = contrastive_divergence(layer, pt.constant(np.ones((4, 6))), shared_generator(0))
    >>> [d.ndim for d in step.directions]
    [2, 1, 1]
    """
    if form not in CD_FORMS:
        raise ValueError(f"form must be one of {', '.join(map(repr, CD_FORMS))}; got {form!r}")
    rng, h0_mean, h0_sample = sample_hidden(layer, v0, rng)
    start = h0_sample if persistent is None else persistent
    if form == "lecture":  # the positive phase's own sample: h = sample(sigmoid(x w + b_h))
        rng, _, h0_sample = sample_hidden(layer, v0, rng)
    rng, pre_vk, vk, hk_mean, hk_sample = gibbs_chain(layer, start, rng, k)
    h0, hk = (h0_sample, hk_sample) if form == "lecture" else (h0_mean, hk_mean)
    n = pt.cast(v0.shape[0], v0.dtype)
    directions = [(pt.dot(v0.T, h0) - pt.dot(vk.T, hk)) / n, pt.mean(h0 - hk, axis=0),
                  pt.mean(v0 - vk, axis=0)]
    return CDStep(directions, h0, vk, pre_vk, hk, hk_sample, rng)


def hamming_distance(layer, v):
    """Bits that differ between binary ``v`` and its binary reconstruction, per row (§19.3).

    The reconstruction is deterministic: ``p(v | p(h | v)) > ½``. The
    lecture's error measure for its RBMs.
    """
    reconstruction = pt.gt(layer.decode(layer.encode(v)), 0.5)
    return pt.sum(pt.neq(reconstruction, pt.gt(v, 0.5)), axis=1)
