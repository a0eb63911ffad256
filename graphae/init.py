"""Initial parameter values: plain NumPy arrays drawn from an explicit generator."""

from __future__ import annotations

import numpy as np

from graphae.backend import float_x
from graphae.random import as_generator

__all__ = ["glorot_uniform", "init_weights", "zeros"]


def _checked_shape(shape):
    shape = tuple(int(s) for s in shape)
    if not shape or any(s <= 0 for s in shape):
        raise ValueError(f"shape must contain positive sizes, got {shape}")
    return shape


def init_weights(shape, random_state=None):
    """The lectures' weight initialisation: ``randn(*shape) / sqrt(sum(shape))``.

    Parameters
    ----------
    shape : tuple of int
        Shape of the weight matrix, e.g. ``(n_in, n_out)``.
    random_state : see :func:`graphae.random.as_generator`

    Returns
    -------
    numpy.ndarray of float64

    Examples
    --------
    >>> W = init_weights((784, 500), random_state=0)
    >>> W.shape
    (784, 500)
    >>> bool(abs(W.std() * (784 + 500) ** 0.5 - 1) < 0.01)
    True
    """
    shape = _checked_shape(shape)
    return as_generator(random_state).standard_normal(shape) / np.sqrt(sum(shape))


def glorot_uniform(shape, random_state=None, gain=1.0):
    """The tutorials' uniform weights in ``±gain * sqrt(6 / (n_in + n_out))``.

    The tutorials use ``gain=4`` for sigmoid layers. The draw is
    ``rng.uniform(low, high, size)`` exactly as the tutorials call it, so a
    ``RandomState(1234)`` gives their very weights.

    Parameters
    ----------
    shape : (int, int)
    random_state : see :func:`graphae.random.as_generator`
    gain : float, default 1

    Returns
    -------
    numpy.ndarray of floatX

    Examples
    --------
    >>> W = glorot_uniform((784, 500), np.random.RandomState(0), gain=4)
    >>> bool(abs(W).max() <= 4 * np.sqrt(6.0 / 1284))
    True
    """
    n_in, n_out = _checked_shape(shape)
    bound = np.sqrt(6.0 / (n_in + n_out))
    values = np.asarray(as_generator(random_state).uniform(low=-bound, high=bound,
                                                           size=(n_in, n_out)), dtype=float_x())
    if gain != 1:
        values *= gain
    return values


def zeros(shape, random_state=None):
    """All-zero initial values (the tutorials' biases and logistic regression).

    Examples
    --------
    >>> float(zeros((2, 3)).sum())
    0.0
    """
    return np.zeros(_checked_shape(shape))
