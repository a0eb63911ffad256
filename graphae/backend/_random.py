"""Random-generator internals: the only module that knows how PyTensor spells them.

PyTensor 3 draws from a shared NumPy ``Generator`` held in a variable of
``RandomGeneratorType``; each draw can return the generator's next state
(``return_next_rng=True``), which graphae threads explicitly instead of
relying on default updates.
"""

from __future__ import annotations

import warnings

import pytensor.tensor.random as _ptr
from pytensor.tensor.random.type import RandomGeneratorType

__all__ = ["default_update", "draw", "is_generator_variable", "set_default_update",
           "shared_generator"]


def shared_generator(seed=None):
    """A shared NumPy random generator for symbolic draws.

    ``seed`` is anything ``numpy.random.default_rng`` accepts (an int, a
    ``SeedSequence``...).

    Examples
    --------
    >>> rng = shared_generator(123)
    >>> type(rng.get_value()).__name__
    'Generator'
    """
    return _ptr.shared_rng(seed=seed)


def is_generator_variable(variable):
    """True when ``variable`` is a symbolic (or shared) random generator.

    Examples
    --------
    >>> is_generator_variable(shared_generator(0)), is_generator_variable(3)
    (True, False)
    """
    return isinstance(getattr(variable, "type", None), RandomGeneratorType)


def draw(distribution, *parameters, rng, size=None, dtype=None):
    """``(next_rng, value)`` of one draw of ``distribution`` from generator ``rng``.

    Parameters
    ----------
    distribution : str
        A name of :mod:`pytensor.tensor.random` (``"uniform"``, ``"normal"``,
        ``"binomial"``, ``"integers"``...).
    *parameters
        The distribution's parameters, in PyTensor's order.
    rng : Variable of generator type
    size : tuple or TensorVariable, optional
    dtype : str, optional
        Passed on where the distribution takes one.

    Examples
    --------
    >>> next_rng, value = draw("uniform", 0.0, 1.0, rng=shared_generator(0), size=(3,))
    >>> value.ndim
    1
    """
    function = getattr(_ptr, distribution)
    options = {} if dtype is None else {"dtype": dtype}
    return function(*parameters, size=size, rng=rng, return_next_rng=True, **options)


def set_default_update(generator, next_state):
    """Make every compiled function that draws from ``generator`` advance it to ``next_state``.

    This is PyTensor's own mechanism for implicit updates (Theano's
    ``RandomStreams`` relied on it); graphae's core threads generators
    explicitly and uses it only for tutorial methods that return a sample
    alone (``get_corrupted_input``, ``sample_h_given_v``).

    Examples
    --------
    >>> rng = shared_generator(0)
    >>> next_rng, value = draw("uniform", 0.0, 1.0, rng=rng, size=(2,))
    >>> set_default_update(rng, next_rng)
    >>> rng.default_update is next_rng
    True
    """
    # PyTensor 3.0 deprecates setting default updates but still honours them; keeping the
    # one use here means a PyTensor that drops them changes this function alone.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        generator.default_update = next_state


def default_update(generator):
    """The update PyTensor applies to ``generator`` when a function names none, or None.

    Examples
    --------
    >>> default_update(shared_generator(0)) is None
    True
    """
    return getattr(generator, "default_update", None)
