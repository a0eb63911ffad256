import numpy as np
import pytensor.tensor as pt
import pytest

from graphae import ported
from graphae.backend import compile_function
from graphae.tutorials import as_shared_generator
from graphae.tutorials._noise import bernoulli, seed_from


def test_generator_sources():
    rng = ported.shared_generator(5)
    assert as_shared_generator(rng, None) is rng
    a = as_shared_generator(None, np.random.RandomState(123)).get_value().random(3)
    b = as_shared_generator(seed_from(np.random.RandomState(123)), None).get_value().random(3)
    assert np.array_equal(a, b)  # None seeds from numpy_rng, as the tutorials did
    assert as_shared_generator(7, None).get_value().random() == np.random.default_rng(7).random()
    with pytest.raises(TypeError, match="theano_rng must be"):
        as_shared_generator("seed", None)
    with pytest.raises(TypeError, match="numpy_rng must be"):
        as_shared_generator(None, 123.0)


def test_bernoulli_frequency_and_fresh_draws():
    rng = ported.shared_generator(0)
    p = pt.constant(np.full((200, 100), 0.3))
    next_rng, sample = bernoulli(rng, p)
    draw = compile_function([], sample, updates=[(rng, next_rng)])
    first, second = draw(), draw()
    assert set(np.unique(first)) <= {0.0, 1.0}
    assert first.mean() == pytest.approx(0.3, abs=0.01)
    assert not np.array_equal(first, second)  # the update advances the generator


@pytest.mark.parametrize("mode", ["c", "numba"])
def test_bernoulli_in_each_mode(mode):
    rng = ported.shared_generator(1)
    next_rng, sample = bernoulli(rng, pt.constant(np.array([0.0, 1.0, 0.5] * 1000)))
    values = compile_function([], sample, updates=[(rng, next_rng)], mode=mode)()
    assert values[0::3].sum() == 0 and values[1::3].min() == 1
    assert values[2::3].mean() == pytest.approx(0.5, abs=0.06)
