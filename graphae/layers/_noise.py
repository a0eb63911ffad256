"""Noise layers: pure functions of a symbolic generator, returning its next state."""

from __future__ import annotations

import pytensor.tensor as pt

from graphae.backend import draw
from graphae.random import bernoulli

__all__ = ["dropout", "gaussian_noise", "masking_noise", "random_intensity_noise", "reparameterize"]


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


def random_intensity_noise(rng, X, corruption_level, low=0.0, high=1.0):
    """Replace each unit of ``X`` with probability ``corruption_level`` by a random intensity.

    Seed 003 §18.2's second corruption, beside zeroing: "choose 10 % of the
    pixels and replace them with zeros or with random intensities". The
    intensities are uniform on ``[low, high)`` (pixels in [0, 1]). Returns
    ``(next_rng, X̃)``.

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import compile_function, shared_generator
    >>> rng = shared_generator(0)
    >>> next_rng, noisy = random_intensity_noise(rng, pt.constant(np.full((200, 50), 5.0)), 0.1)
    >>> corrupted = compile_function([], noisy, updates=[(rng, next_rng)])() != 5.0
    >>> bool(0.08 < corrupted.mean() < 0.12)
    True
    """
    rng, replaced = bernoulli(rng, pt.ones_like(X) * corruption_level)
    next_rng, intensity = draw("uniform", low, high, rng=rng, size=X.shape, dtype=X.dtype)
    return next_rng, pt.switch(replaced, intensity, X)


def dropout(rng, X, rate, training=True):
    """Keras' (inverted) dropout: zero each unit with probability ``rate``, scale the rest.

    In training each unit is kept with probability ``1 - rate`` and divided
    by ``1 - rate``, so the expected activation is unchanged and prediction
    needs no rescaling; in prediction (``training=False``) it is the
    identity and ``rng`` does not advance.

    Parameters
    ----------
    rng : Variable of generator type
        The model's one symbolic generator.
    X : TensorVariable
    rate : float in [0, 1) or scalar TensorVariable
        The fraction dropped (Keras' ``Dropout(rate)``).
    training : bool

    Returns
    -------
    (next_rng, TensorVariable)

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import compile_function, shared_generator
    >>> rng = shared_generator(0)
    >>> next_rng, kept = dropout(rng, pt.constant(np.ones((1, 4))), 0.5)
    >>> sorted(set(compile_function([], kept, updates=[(rng, next_rng)])().ravel().tolist()))
    [0.0, 2.0]
    >>> dropout(rng, pt.constant(np.ones(2)), 0.5, training=False)[0] is rng
    True
    """
    if isinstance(rate, (int, float)) and not 0 <= rate < 1:
        raise ValueError(f"rate must be in [0, 1), got {rate}")
    if not training:
        return rng, X
    next_rng, mask = bernoulli(rng, pt.ones_like(X) * (1 - rate))
    return next_rng, X * mask / pt.cast(1 - rate, X.dtype)


def gaussian_noise(rng, X, stddev, training=True):
    """Add zero-mean Gaussian noise of standard deviation ``stddev`` in training only.

    Returns
    -------
    (next_rng, TensorVariable)
        In prediction ``(rng, X)`` unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import compile_function, shared_generator
    >>> rng = shared_generator(0)
    >>> next_rng, noisy = gaussian_noise(rng, pt.constant(np.zeros((2, 2))), 0.1)
    >>> compile_function([], noisy, updates=[(rng, next_rng)])().shape
    (2, 2)
    """
    if isinstance(stddev, (int, float)) and stddev < 0:
        raise ValueError(f"stddev must be >= 0, got {stddev}")
    if not training:
        return rng, X
    next_rng, noise = draw("normal", 0.0, stddev, rng=rng, size=X.shape, dtype=X.dtype)
    return next_rng, X + noise


def reparameterize(rng, mean, std, epsilon=None):
    """A draw of ``N(mean, std²)`` as ``mean + std * ε``, ``ε ~ N(0, 1)``: the VAE's trick.

    Writing the sample as a function of the parameters makes it
    differentiable in ``mean`` and ``std`` (Kingma and Welling, 2014; seed
    003 §18.6.1's ``hidden3_mean + hidden3_sigma * noise``).

    Parameters
    ----------
    rng : Variable of generator type
    mean, std : TensorVariable
    epsilon : TensorVariable, optional
        The noise held fixed (gradient checks): used instead of a draw, and
        ``rng`` does not advance.

    Returns
    -------
    (next_rng, TensorVariable)

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import compile_function, shared_generator
    >>> rng = shared_generator(0)
    >>> next_rng, z = reparameterize(rng, pt.constant(np.full((2, 2), 5.0)), 0.0)
    >>> compile_function([], z, updates=[(rng, next_rng)])().tolist()
    [[5.0, 5.0], [5.0, 5.0]]
    """
    next_rng = rng
    if epsilon is None:
        next_rng, epsilon = draw("normal", 0.0, 1.0, rng=rng, size=mean.shape, dtype=mean.dtype)
    return next_rng, mean + std * epsilon
