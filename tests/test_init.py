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
