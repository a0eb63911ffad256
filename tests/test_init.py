import numpy as np
import pytest

from graphae.init import glorot_uniform, init_weights, zeros


def test_glorot_uniform_is_the_tutorials_draw():
    W = glorot_uniform((784, 500), np.random.RandomState(1234), gain=4)
    bound = np.sqrt(6.0 / 1284)
    expected = np.random.RandomState(1234).uniform(-bound, bound, (784, 500)) * 4
    np.testing.assert_allclose(W, expected)
    assert abs(W).max() <= 4 * bound


def test_lecture_weights_and_zeros():
    W = init_weights((3, 5), random_state=0)
    np.testing.assert_allclose(W, np.random.default_rng(0).standard_normal((3, 5)) / np.sqrt(8))
    assert zeros((2, 3)).shape == (2, 3) and not zeros((2, 3)).any()


@pytest.mark.parametrize("function", [init_weights, glorot_uniform, zeros])
def test_bad_shapes_name_the_problem(function):
    with pytest.raises(ValueError, match="positive sizes"):
        function((0, 3))


@pytest.mark.parametrize("name, variance, bound", [
    ("glorot_uniform", 2.0 / (400 + 600), np.sqrt(6.0 / 1000)),
    ("glorot_normal", 2.0 / (400 + 600), None),
    ("he_uniform", 2.0 / 400, np.sqrt(6.0 / 400)),
    ("he_normal", 2.0 / 400, None),
])
def test_keras_initialisers_have_their_published_variance(name, variance, bound):
    from graphae.init import INITIALIZERS

    W = INITIALIZERS[name]((400, 600), random_state=0)
    assert W.shape == (400, 600) and abs(W.mean()) < 1e-3
    assert W.var() == pytest.approx(variance, rel=0.02)
    if bound is not None:
        assert abs(W).max() <= bound and abs(W).max() > 0.99 * bound
    np.testing.assert_array_equal(W, INITIALIZERS[name]((400, 600), random_state=0))


def test_variance_scaling_rejects_bad_modes():
    from graphae.init import variance_scaling

    with pytest.raises(ValueError, match="mode must be one of fan_in"):
        variance_scaling((2, 3), mode="fan")
    with pytest.raises(ValueError, match="distribution must be"):
        variance_scaling((2, 3), distribution="cauchy")
