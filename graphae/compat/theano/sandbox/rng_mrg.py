"""``theano.sandbox.rng_mrg``: ``MRG_RandomStreams`` with Theano's signatures."""

from graphae.compat.theano.tensor.shared_randomstreams import RandomStreams


class MRG_RandomStreams(RandomStreams):  # noqa: N801
    """Same API as :class:`RandomStreams`; draws come from NumPy's generator,
    not the MRG31k3p stream, so the numbers differ from Theano's. The default
    seed is Theano's, 12345."""

    def __init__(self, seed=12345):
        super().__init__(seed)
