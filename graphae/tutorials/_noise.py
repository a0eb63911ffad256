"""Explicit random generators for the tutorial models.

Theano's tutorials drew noise from a ``RandomStreams`` object whose state
``theano.function`` updated behind the scenes. graphae keeps the generator
explicit: a model holds a shared NumPy generator, every draw returns the
generator's next state, and the model's ``updates`` carry that state, so a
compiled step draws fresh numbers each call and a seed reproduces a run.

Draws use ``uniform < p`` rather than ``binomial``: the same Bernoulli
distribution, but supported by every backend graphae offers (JAX has no
binomial).
"""

from __future__ import annotations

import numbers

import numpy as np
import pytensor.tensor as pt
import pytensor.tensor.random as ptr
from pytensor.tensor.random.type import RandomGeneratorType

from graphae import ported

__all__ = ["as_shared_generator", "bernoulli", "legacy_bernoulli", "seed_from"]


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


def as_shared_generator(theano_rng, numpy_rng):
    """The shared generator a tutorial model draws its noise from.

    Parameters
    ----------
    theano_rng : None, int, shared generator, or numpy generator
        None seeds a new shared generator from ``numpy_rng`` (as the
        tutorials' ``RandomStreams(numpy_rng.randint(2 ** 30))``); an int is
        a seed; a shared generator (``graphae.ported.shared_generator``) is
        used as it is, so several models can share one stream.
    numpy_rng : numpy.random.RandomState or Generator

    Raises
    ------
    TypeError
        For anything else (e.g. a Theano ``RandomStreams`` object).

    Examples
    --------
    >>> rng = as_shared_generator(None, np.random.RandomState(123))
    >>> as_shared_generator(rng, None) is rng
    True
    """
    if theano_rng is None:
        return ported.shared_generator(seed_from(numpy_rng))
    if isinstance(getattr(theano_rng, "type", None), RandomGeneratorType):
        return theano_rng
    if isinstance(theano_rng, numbers.Integral) and not isinstance(theano_rng, bool):
        return ported.shared_generator(int(theano_rng))
    if isinstance(theano_rng, (np.random.RandomState, np.random.Generator)):
        return ported.shared_generator(seed_from(theano_rng))
    raise TypeError(
        "theano_rng must be None, an int seed, a numpy generator or a shared generator "
        f"(graphae.ported.shared_generator); got {type(theano_rng).__name__}")


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
    >>> from graphae.backend import compile_function
    >>> rng = ported.shared_generator(0)
    >>> next_rng, mask = bernoulli(rng, pt.constant(np.full((2, 3), 1.0)))
    >>> compile_function([], mask, updates=[(rng, next_rng)])().tolist()
    [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """
    p = pt.as_tensor_variable(p)
    next_rng, uniform = ptr.uniform(0.0, 1.0, size=p.shape, rng=rng, return_next_rng=True,
                                    dtype=p.dtype if p.dtype.startswith("float") else None)
    return next_rng, pt.cast(pt.lt(uniform, p), dtype or p.dtype)


def legacy_bernoulli(shared_rng, p, dtype=None):
    """Bernoulli draw whose generator update is added by ``graphae.ported.function``.

    This serves the tutorials' methods that return a sample only (such as
    ``get_corrupted_input``): the state update is registered the way
    :mod:`graphae.ported` registers its own draws.

    Examples
    --------
    >>> rng = ported.shared_generator(0)
    >>> sample = legacy_bernoulli(rng, pt.constant(np.zeros(3)))
    >>> ported.function([], sample)().tolist()
    [0.0, 0.0, 0.0]
    """
    p = pt.as_tensor_variable(p)
    uniform = ported.uniform(shared_rng, size=p.shape, dtype=p.dtype)
    return pt.cast(pt.lt(uniform, p), dtype or p.dtype)
