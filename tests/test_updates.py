import numpy as np
import pytest

from graphae.backend import compile_function, shared
from graphae.updates import gradients, momentum, sgd


def test_sgd_matches_a_numpy_step_and_accepts_gradients():
    w = shared(np.array([1.0, -2.0]), "w")
    cost = (w ** 2).sum()
    compile_function([], [], updates=sgd(cost, [w], 0.1))()
    np.testing.assert_allclose(w.get_value(), [0.8, -1.6])
    [g] = gradients(cost, [w])
    compile_function([], [], updates=sgd([g], [w], 0.5))()
    np.testing.assert_allclose(w.get_value(), [0.0, 0.0])
    with pytest.raises(ValueError, match="2 gradients for 1 parameters"):
        sgd([g, g], [w], 0.1)


def test_momentum_uses_the_old_velocity_in_both_updates():
    w = shared(np.array(1.0), "w")
    updates, [velocity] = momentum(w ** 2, [w], learning_rate=0.1, momentum=0.5)
    step = compile_function([], [], updates=updates)
    value, dp = 1.0, 0.0
    for _ in range(3):
        step()
        g = 2 * value
        value, dp = value + 0.5 * dp - 0.1 * g, 0.5 * dp - 0.1 * g
        assert w.get_value() == pytest.approx(value) and velocity.get_value() == pytest.approx(dp)


def test_consider_constant_holds_part_of_the_graph_fixed():
    w = shared(np.array(2.0), "w")
    held = w * 1.0
    compile_function([], [], updates=sgd(held * w, [w], 0.25, consider_constant=[held]))()
    assert w.get_value() == pytest.approx(2.0 - 0.25 * 2.0)  # d(c * w)/dw = c = 2
