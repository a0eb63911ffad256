"""Random-generator internals: the only module that knows how PyTensor spells them.

PyTensor 3 draws from a shared NumPy ``Generator`` held in a variable of
``RandomGeneratorType``; each draw can return the generator's next state
(``return_next_rng=True``), which graphae threads explicitly instead of
relying on default updates.
"""

from __future__ import annotations

import pytensor.tensor.random as _ptr
from pytensor.tensor.random.type import RandomGeneratorType

__all__ = ["draw", "is_generator_variable", "shared_generator"]


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

