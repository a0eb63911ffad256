"""Initial parameter values: plain NumPy arrays drawn from an explicit generator."""

from __future__ import annotations

import numpy as np

from graphae.backend import float_x
from graphae.random import as_generator

__all__ = ["INITIALIZERS", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
           "init_weights", "variance_scaling", "zeros"]


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


def variance_scaling(shape, scale=1.0, mode="fan_avg", distribution="uniform",
                     random_state=None):
    """Weights whose variance is ``scale / n`` (Glorot and He are special cases).

    Parameters
    ----------
    shape : (int, int)
        ``(n_in, n_out)``.
    scale : float
    mode : {"fan_in", "fan_out", "fan_avg"}
        ``n`` is ``n_in``, ``n_out`` or their mean.
    distribution : {"uniform", "normal"}
        Uniform in ``±sqrt(3 scale / n)`` or normal with std ``sqrt(scale / n)``
        (Keras 1's forms: the normal is not truncated).
    random_state : see :func:`graphae.random.as_generator`

    Returns
    -------
    numpy.ndarray of floatX

    Examples
    --------
    >>> W = variance_scaling((400, 600), 2.0, "fan_in", "normal", random_state=0)
    >>> bool(abs(W.var() * 400 / 2.0 - 1) < 0.02)
    True
    """
    n_in, n_out = _checked_shape(shape)
    fans = {"fan_in": n_in, "fan_out": n_out, "fan_avg": (n_in + n_out) / 2}
    if mode not in fans:
        raise ValueError(f"mode must be one of {', '.join(fans)}; got {mode!r}")
    variance = float(scale) / fans[mode]
    rng = as_generator(random_state)
    if distribution == "uniform":
        bound = np.sqrt(3.0 * variance)
        values = rng.uniform(low=-bound, high=bound, size=(n_in, n_out))
    elif distribution == "normal":
        values = rng.normal(0.0, np.sqrt(variance), size=(n_in, n_out))
    else:
        raise ValueError(f"distribution must be 'uniform' or 'normal'; got {distribution!r}")
    return np.asarray(values, dtype=float_x())


def glorot_normal(shape, random_state=None):
    """Glorot normal: std ``sqrt(2 / (n_in + n_out))``.

    Examples
    --------
    >>> glorot_normal((3, 5), random_state=0).shape
    (3, 5)
    """
    return variance_scaling(shape, 1.0, "fan_avg", "normal", random_state)


def he_normal(shape, random_state=None):
    """He normal (for ReLU layers): std ``sqrt(2 / n_in)``.

    Examples
    --------
    >>> he_normal((3, 5), random_state=0).shape
    (3, 5)
    """
    return variance_scaling(shape, 2.0, "fan_in", "normal", random_state)


def he_uniform(shape, random_state=None):
    """He uniform: uniform in ``±sqrt(6 / n_in)``.

    Examples
    --------
    >>> bool(abs(he_uniform((6, 5), random_state=0)).max() <= 1.0)
    True
    """
    return variance_scaling(shape, 2.0, "fan_in", "uniform", random_state)


def zeros(shape, random_state=None):
    """All-zero initial values (the tutorials' biases and logistic regression).

    Examples
    --------
    >>> float(zeros((2, 3)).sum())
    0.0
    """
    return np.zeros(_checked_shape(shape))


#: Initialisers by name (Keras' spellings), each ``(shape, random_state) -> array``.
INITIALIZERS = {"init_weights": init_weights, "glorot_uniform": glorot_uniform,
                "glorot_normal": glorot_normal, "he_normal": he_normal,
                "he_uniform": he_uniform, "zeros": zeros}
