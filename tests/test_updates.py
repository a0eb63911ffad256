import numpy as np
import pytensor.tensor as pt
import pytest
import reference

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


# A quadratic bowl with different curvatures: g(p) = A p - b.
_A = np.array([[3.0, 0.5], [0.5, 1.0]])
_B = np.array([1.0, -2.0])


def _grad_of(p):
    return _A @ p - _B


def _three_graphae_steps(optimizer, **options):
    from graphae.updates import OPTIMIZERS

    w = shared(np.array([0.7, -0.3]), "w")
    cost = 0.5 * w.dot(pt.constant(_A)).dot(w) - w.dot(pt.constant(_B))
    updates = OPTIMIZERS[optimizer](cost, [w], **options)
    step = compile_function([], [], updates=updates)
    for _ in range(3):
        step()
    return w.get_value(), updates


@pytest.mark.parametrize("optimizer, options, reference", [
    ("nesterov", {"learning_rate": 0.1, "momentum": 0.9},
     lambda p: reference.nesterov_reference(p, _grad_of, 3, 0.1, 0.9)),
    ("rmsprop", {}, lambda p: reference.rmsprop_reference(p, _grad_of, 3)),
    ("rmsprop", {"learning_rate": 0.05, "rho": 0.5},
     lambda p: reference.rmsprop_reference(p, _grad_of, 3, lr=0.05, rho=0.5)),
    ("adadelta", {}, lambda p: reference.adadelta_reference(p, _grad_of, 3)),
    ("adam", {}, lambda p: reference.adam_reference(p, _grad_of, 3)),
    ("adam", {"learning_rate": 0.1, "beta_1": 0.5},
     lambda p: reference.adam_reference(p, _grad_of, 3, lr=0.1, b1=0.5)),
    ("nadam", {}, lambda p: reference.nadam_reference(p, _grad_of, 3)),
    ("sgd", {}, lambda p: reference.nesterov_reference(p, _grad_of, 3, 0.01, 0.0)),
    ("sgd", {"momentum": 0.9, "nesterov": True},
     lambda p: reference.nesterov_reference(p, _grad_of, 3, 0.01, 0.9)),
    ("local_gains", {}, lambda p: reference.local_gains_reference(p, _grad_of, 3)),
    ("local_gains", {"learning_rate": 0.4, "momentum": 0.5, "gain_limits": (0.5, 1.02),
                     "bonus": 0.05, "penalty": 0.6},
     lambda p: reference.local_gains_reference(p, _grad_of, 3, 0.4, 0.5, (0.5, 1.02), 0.05, 0.6)),
])
def test_three_steps_equal_the_published_rule(optimizer, options, reference):
    value, _ = _three_graphae_steps(optimizer, **options)
    expected = reference(np.array([0.7, -0.3]))
    assert not np.allclose(expected, [0.7, -0.3])  # the steps moved
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-15)


def test_keras_defaults():
    import inspect

    from graphae.updates import OPTIMIZERS

    def default(name, option):
        return inspect.signature(OPTIMIZERS[name]).parameters[option].default

    assert default("sgd", "learning_rate") == 0.01
    assert (default("rmsprop", "learning_rate"), default("rmsprop", "rho")) == (0.001, 0.9)
    assert (default("adadelta", "learning_rate"), default("adadelta", "rho")) == (1.0, 0.95)
    assert default("adam", "learning_rate") == 0.001 and default("nadam", "learning_rate") == 0.002


def test_state_lives_in_shared_variables_a_checkpoint_can_save():
    from graphae.updates import optimizer_state

    value, updates = _three_graphae_steps("adam")
    state = {v.name: v.get_value() for v in optimizer_state(updates, [])
             if v.name != "w"}
    assert state["adam_iterations"] == 3.0
    assert set(state) == {"adam_iterations", "adam_m_w", "adam_v_w"}


def test_float32_parameters_stay_float32():
    from graphae.updates import OPTIMIZERS

    w = shared(np.array([1.0, 2.0], dtype="float32"), "w", "float32")
    for name, optimizer in OPTIMIZERS.items():
        for target, new in optimizer((w ** 2).sum(), [w]):
            assert new.dtype == target.dtype, name


def test_local_gains_grow_shrink_and_clip_as_computed_by_hand():
    from graphae.updates import local_gains

    w = shared(np.array([1.0]), "w")
    updates = local_gains((w ** 2).sum(), [w], learning_rate=0.6, momentum=0.0,
                          gain_limits=(0.5, 1.02), bonus=0.05, penalty=0.6)
    gain = [target for target, _ in updates if target.name == "gain_w"][0]
    step = compile_function([], [], updates=updates)
    seen = []
    for _ in range(3):
        step()
        seen.append((float(w.get_value()[0]), float(gain.get_value()[0])))
    # g = 2w. Step 1: no previous gradient, gain 1, w = 1 - 0.6·2 = -0.2.
    # Step 2: the sign flipped, gain 0.6, w = -0.2 + 0.6·0.6·0.4 = -0.056.
    # Step 3: same sign, gain 0.65, w = -0.056 + 0.6·0.65·0.112 = -0.01232.
    np.testing.assert_allclose(seen, [(-0.2, 1.0), (-0.056, 0.6), (-0.01232, 0.65)], rtol=1e-12)
    w2 = shared(np.array([1.0]), "w2")
    updates = local_gains((0.01 * w2).sum(), [w2], learning_rate=0.1, gain_limits=(0.5, 1.02))
    step = compile_function([], [], updates=updates)
    for _ in range(3):
        step()
    gain2 = [target for target, _ in updates if target.name == "gain_w2"][0]
    assert float(gain2.get_value()[0]) == 1.02  # 1, 1.05 → clipped at the upper limit
    with pytest.raises(ValueError, match="gain_limits"):
        local_gains((w ** 2).sum(), [w], gain_limits=(0.0, 1.0))


def _dtypes_computed(node):
    """The dtypes of a node's outputs and, in a fused elementwise node, of every step inside."""
    dtypes = {o.dtype for o in node.outputs}
    inner = getattr(getattr(node.op, "scalar_op", None), "fgraph", None)
    if inner is not None:
        dtypes |= {v.type.dtype for v in inner.variables}
    return dtypes


def test_float32_updates_compute_in_float32_not_only_store_it():
    # one float64 factor (Adam's step-count correction) made the whole
    # elementwise update of a float32 matrix run in float64
    from graphae.backend import float_x_context
    from graphae.updates import OPTIMIZERS

    with float_x_context("float32"):
        for name, optimizer in OPTIMIZERS.items():
            w = shared(np.ones((3, 4), dtype="float32"), "w", "float32")
            step = compile_function([], [], updates=optimizer((w ** 2).sum(), [w]))
            wide = [node for node in step.maker.fgraph.apply_nodes
                    if not all(node.outputs[0].type.broadcastable)  # an array, not a scalar
                    and "float64" in _dtypes_computed(node)]
            assert not wide, (name, wide)
            step()
            assert np.all(np.isfinite(w.get_value())) and not np.all(w.get_value() == 1), name
