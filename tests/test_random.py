import numpy as np
import pytensor.tensor as pt
import pytest

from graphae import ported
from graphae.backend import compile_function
from graphae.tutorials import as_shared_generator
from graphae.random import bernoulli, seed_from


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


@pytest.mark.parametrize("mode", ["c", "numba", "jax"])
def test_bernoulli_in_each_mode(mode):
    if mode == "jax":
        pytest.importorskip("jax", reason="jax mode needs the jax extra (pip install jax)")
    rng = ported.shared_generator(1)
    next_rng, sample = bernoulli(rng, pt.constant(np.array([0.0, 1.0, 0.5] * 1000)))
    values = compile_function([], sample, updates=[(rng, next_rng)], mode=mode)()
    assert values[0::3].sum() == 0 and values[1::3].min() == 1
    assert values[2::3].mean() == pytest.approx(0.5, abs=0.06)


@pytest.mark.parametrize("mode", ["numba", "jax"])
def test_noisy_tutorial_training_in_other_modes(mode):
    """Masks and Gibbs samples (uniform < p) and givens minibatches compile in every mode."""
    if mode == "jax":
        pytest.importorskip("jax", reason="jax mode needs the jax extra (pip install jax)")
    from graphae import tutorials

    X = np.random.default_rng(0).random((40, 6))
    da = tutorials.dA(np.random.RandomState(1), n_visible=6, n_hidden=3, theano_rng=1)
    rbm = tutorials.RBM(n_visible=6, n_hidden=3, numpy_rng=np.random.RandomState(1), theano_rng=1)
    da.fit(X, epochs=2, batch_size=10, corruption_level=0.3, verbose=0, mode=mode)
    rbm.fit(X, epochs=2, batch_size=10, k=2, verbose=0, mode=mode)
    assert np.isfinite(da.costs_ + rbm.costs_).all()


def test_as_generator_never_touches_numpy_global_state():
    from graphae.random import as_generator

    np.random.seed(0)
    state = np.random.get_state()[1].copy()
    a, b = as_generator(None), as_generator(None)
    assert a is not np.random.mtrand._rand and a.random() != b.random()
    assert np.array_equal(np.random.get_state()[1], state)
    assert as_generator(5).random() == np.random.default_rng(5).random()
    with pytest.raises(ValueError, match="random_state must be"):
        as_generator("seed")
    with pytest.raises(ValueError, match=">= 0"):
        as_generator(-1)


def test_models_without_random_state_do_not_use_the_global_state():
    import graphae

    X = np.random.default_rng(0).random((20, 4))
    np.random.seed(0)
    state = np.random.get_state()[1].copy()
    graphae.DeepAutoEncoder([2], epochs=1, batch_size=10, verbose=0).fit(X)
    assert np.array_equal(np.random.get_state()[1], state)
