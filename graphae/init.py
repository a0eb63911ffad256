"""Weight initialisation and random-state handling."""

from __future__ import annotations

import numbers

import numpy as np


def check_random_state(random_state=None):
    """Turn ``random_state`` into a NumPy random generator.

    Parameters
    ----------
    random_state : None, int, numpy.random.Generator or numpy.random.RandomState
        None uses NumPy's global ``RandomState`` (so legacy code that calls
        ``np.random.seed`` stays reproducible); an int seeds a new
        ``numpy.random.Generator``; a generator is returned as it is.

    Returns
    -------
    numpy.random.Generator or numpy.random.RandomState

    Raises
    ------
    ValueError
        For anything else, or a negative seed.

    Examples
    --------
    >>> rng = check_random_state(0)
    >>> check_random_state(rng) is rng
    True
    """
    if random_state is None:
        return np.random.mtrand._rand
    if isinstance(random_state, (np.random.Generator, np.random.RandomState)):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be >= 0, got {random_state}")
        return np.random.default_rng(int(random_state))
    raise ValueError(
        "random_state must be None, an int, or a numpy Generator/RandomState; "
        f"got {random_state!r}"
    )


def init_weights(shape, random_state=None):
    """The lectures' weight initialisation: ``randn(*shape) / sqrt(sum(shape))``.

    Parameters
    ----------
    shape : tuple of int
        Shape of the weight matrix, e.g. ``(n_in, n_out)``.
    random_state : see :func:`check_random_state`

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
    shape = tuple(int(s) for s in shape)
    if not shape or any(s <= 0 for s in shape):
        raise ValueError(f"shape must contain positive sizes, got {shape}")
    rng = check_random_state(random_state)
    return rng.standard_normal(shape) / np.sqrt(sum(shape))
