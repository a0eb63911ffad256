"""Explicit randomness: one NumPy generator per model, one symbolic generator seeded from it.

graphae never draws from NumPy's global state behind the user's back. A
model's ``random_state`` (the tutorials' ``numpy_rng``) becomes one NumPy
``Generator`` (:func:`as_generator`) that draws the initial weights and the
shuffling, and seeds the model's one *symbolic* generator
(:func:`symbolic_generator`). Symbolic draws return the generator's next
state, ``(next_rng, sample)``; graph builders thread it through and return it
as an update, so a compiled step draws fresh numbers at every call and equal
seeds give equal runs.

Draws use ``uniform < p`` rather than ``binomial``: the same Bernoulli
distribution, but supported by every backend graphae offers (JAX has no
binomial).
"""

from __future__ import annotations

import numbers

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import legacy_function
from graphae.backend import draw, is_generator_variable, shared_generator

__all__ = ["as_generator", "bernoulli", "check_random_state", "seed_from",
           "symbolic_generator"]

_NUMPY_GENERATORS = (np.random.Generator, np.random.RandomState)


def as_generator(random_state=None, name="random_state"):
    """Turn ``random_state`` into a NumPy random generator.

    Parameters
    ----------
    random_state : None, int, numpy.random.Generator or numpy.random.RandomState
        None gives a new generator seeded from the operating system (NumPy's
        global state is never used); an int seeds a new ``Generator``; a
        generator is returned as it is (the tutorials pass a
        ``RandomState``).
    name : str
        The argument's name, for the error message.

    Returns
    -------
    numpy.random.Generator or numpy.random.RandomState

    Raises
    ------
    ValueError
        For anything else, or a negative seed.

    Examples
    --------
    >>> rng = as_generator(0)
    >>> as_generator(rng) is rng
    True
    >>> float(as_generator(7).random()) == float(np.random.default_rng(7).random())
    True
    """
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, _NUMPY_GENERATORS):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"{name} must be >= 0, got {random_state}")
        return np.random.default_rng(int(random_state))
    raise ValueError(f"{name} must be None, an int, or a numpy Generator/RandomState; "
                     f"got {random_state!r}")


#: The scikit-learn style name of :func:`as_generator`.
check_random_state = legacy_function("check_random_state", as_generator, __name__)


def seed_from(numpy_rng):
    """A seed below 2**30 drawn from ``numpy_rng`` (the tutorials' ``randint(2 ** 30)``).

    Examples
    --------
    >>> seed_from(np.random.RandomState(123))
    843828734
    """
    if isinstance(numpy_rng, np.random.RandomState):
        return int(numpy_rng.randint(2 ** 30))
    if isinstance(numpy_rng, np.random.Generator):
        return int(numpy_rng.integers(2 ** 30))
    raise TypeError("numpy_rng must be a numpy.random.RandomState or Generator, "
                    f"got {type(numpy_rng).__name__}")


def symbolic_generator(source, numpy_rng=None, name="theano_rng"):
    """The shared symbolic generator a model draws its noise from.

    Parameters
    ----------
    source : None, int, shared generator, numpy generator or stream object
        None seeds a new shared generator from ``numpy_rng`` (the tutorials'
        ``RandomStreams(numpy_rng.randint(2 ** 30))``); an int is a seed; a
        numpy generator gives the seed; a shared generator is used as it is,
        so several models can share one stream; an object with an
        ``as_shared_generator()`` method (the Theano-compatible
        ``RandomStreams`` of :mod:`graphae.compat`) gives one, so the
        lectures' ``dA(numpy_rng, theano_rng=RandomStreams(seed))`` works
        without the core knowing the compatibility layer.
    numpy_rng : numpy.random.RandomState or Generator, optional
        Needed when ``source`` is None.
    name : str
        The argument's name, for the error message.

    Raises
    ------
    TypeError
        For anything else (e.g. a Theano ``RandomStreams`` object).

    Examples
    --------
    >>> rng = symbolic_generator(None, np.random.RandomState(123))
    >>> symbolic_generator(rng) is rng
    True
    """
    if source is None:
        return shared_generator(seed_from(numpy_rng))
    if is_generator_variable(source):
        return source
    if isinstance(source, numbers.Integral) and not isinstance(source, bool):
        return shared_generator(int(source))
    if isinstance(source, _NUMPY_GENERATORS):
        return shared_generator(seed_from(source))
    if callable(getattr(source, "as_shared_generator", None)):
        return source.as_shared_generator()
    raise TypeError(
        f"{name} must be None, an int seed, a numpy generator or a shared generator "
        f"(graphae.random.symbolic_generator); got {type(source).__name__}")


def bernoulli(rng, p, dtype=None):
    """Draw 0/1 values with probabilities ``p``; returns ``(next_rng, sample)``.

    Parameters
    ----------
    rng : Variable of generator type
        A shared generator or a generator inside a ``scan`` step.
    p : TensorVariable
        Probabilities; the sample has its shape.
    dtype : str, optional
        Dtype of the sample (``p``'s by default).

    Examples
    --------
    >>> from graphae.backend import compile_function, shared_generator
    >>> rng = shared_generator(0)
    >>> next_rng, mask = bernoulli(rng, pt.constant(np.full((2, 3), 1.0)))
    >>> compile_function([], mask, updates=[(rng, next_rng)])().tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """
    p = pt.as_tensor_variable(p)
    next_rng, uniform = draw("uniform", 0.0, 1.0, rng=rng, size=p.shape,
                             dtype=p.dtype if p.dtype.startswith("float") else None)
    return next_rng, pt.cast(pt.lt(uniform, p), dtype or p.dtype)
