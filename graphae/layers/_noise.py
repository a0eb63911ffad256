"""Noise layers: pure functions of a symbolic generator, returning its next state."""

from __future__ import annotations

import pytensor.tensor as pt

from graphae.random import bernoulli

__all__ = ["masking_noise"]


def masking_noise(rng, X, corruption_level):
    """Zero each unit of ``X`` with probability ``corruption_level``; returns ``(next_rng, X̃)``.

    The tutorials' denoising corruption (``binomial(n=1, p=1 - level) * X``).
    ``corruption_level`` may be a shared scalar, so changing it never
    recompiles.

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import compile_function, shared_generator
    >>> rng = shared_generator(0)
    >>> next_rng, corrupted = masking_noise(rng, pt.constant(np.ones((2, 3))), 0.0)
    >>> compile_function([], corrupted, updates=[(rng, next_rng)])().tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """
    next_rng, mask = bernoulli(rng, pt.ones_like(X) * (1 - corruption_level))
    return next_rng, mask * X
