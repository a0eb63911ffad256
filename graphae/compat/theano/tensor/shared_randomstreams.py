"""``theano.tensor.shared_randomstreams.RandomStreams`` with Theano's signatures."""

import numpy as np

from graphae import ported


class RandomStreams:
    """Symbolic random streams; each draw gets its own generator state.

    As in Theano, ``theano.function`` updates the states automatically, so
    every call draws new numbers; the same seed gives the same sequence.

    Parameters
    ----------
    seed : int, optional
        See :meth:`seed`.

    Examples
    --------
    >>> from graphae.compat import theano
    >>> srng = RandomStreams(seed=234)
    >>> draw = theano.function([], srng.normal((3000,), avg=10.0, std=0.5))
    >>> first, second = draw(), draw()
    >>> round(float(first.mean())), bool((first != second).any())
    (10, True)
    """

    def __init__(self, seed=None):
        self._generators = []
        self.seed(seed)

    def seed(self, seed=None):
        """Reseed this stream and every generator it has made so far.

        ``seed=None`` takes a seed from NumPy's global generator, so that a
        script seeded with ``numpy.random.seed`` (or ``graphae legacy run
        --seed``) draws the same numbers every run.
        """
        if seed is None:
            seed = int(np.random.randint(2 ** 31 - 1))
        self._sequence = np.random.SeedSequence(seed)
        for generator in self._generators:
            generator.set_value(np.random.default_rng(self._sequence.spawn(1)[0]))

    def _generator(self):
        generator = ported.shared_generator(self._sequence.spawn(1)[0])
        self._generators.append(generator)
        return generator

    def as_shared_generator(self):
        """A new generator of this stream, for graphae's models (``theano_rng=`` arguments).

        Reseeding the stream reseeds it too, as every generator the stream made.
        """
        return self._generator()

    def binomial(self, size=None, n=1, p=0.5, ndim=None, dtype="int64", prob=None,
                 nstreams=None):
        """Binomial draws; ``dtype`` may be a float type (Theano allowed it)."""
        p = prob if prob is not None else p
        return ported.binomial(self._generator(), size=size, n=n, p=p, dtype=dtype)

    def normal(self, size=None, avg=0.0, std=1.0, ndim=None, dtype=None, nstreams=None,
               truncate=False):
        """Normal draws with mean ``avg`` and standard deviation ``std``."""
        if truncate:
            raise NotImplementedError("truncated normal draws are not emulated")
        return ported.normal(self._generator(), size=size, avg=avg, std=std, dtype=dtype)

    def uniform(self, size=None, low=0.0, high=1.0, ndim=None, dtype=None, nstreams=None):
        """Uniform draws on ``[low, high)``."""
        return ported.uniform(self._generator(), size=size, low=low, high=high, dtype=dtype)

    def random_integers(self, size=None, low=0, high=1, ndim=None, dtype="int64"):
        """Integers in ``[low, high]`` (both ends included, as in Theano)."""
        return ported.integers(self._generator(), size=size, low=low, high=high, dtype=dtype)
