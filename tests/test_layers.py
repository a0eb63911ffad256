import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad
from pytensor.graph.traversal import graph_inputs

from graphae.layers import HiddenLayer, Layer, SoftmaxLayer, dense_sigmoid, dense_softmax

RNG = np.random.default_rng(42)


def test_verify_grad_forward():
    X, W, b = RNG.random((4, 5)), RNG.normal(size=(5, 3)), RNG.normal(size=3)
    verify_grad(dense_sigmoid, [X, W, b], rng=np.random.default_rng(0))


def test_verify_grad_forwardT():
    Z, W, bo = RNG.random((4, 3)), RNG.normal(size=(5, 3)), RNG.normal(size=5)
    verify_grad(lambda z, w, b: dense_sigmoid(z, w.T, b), [Z, W, bo],
                rng=np.random.default_rng(0))


def test_verify_grad_through_layer_methods():
    layer = Layer(5, 3, random_state=0)
    verify_grad(layer.forward, [RNG.random((4, 5))], rng=np.random.default_rng(0))
    verify_grad(layer.forwardT, [RNG.random((4, 3))], rng=np.random.default_rng(0))


def test_verify_grad_softmax_layer():
    X, W, b = RNG.random((4, 5)), RNG.normal(size=(5, 3)), RNG.normal(size=3)
    verify_grad(dense_softmax, [X, W, b], rng=np.random.default_rng(0))


def test_layer_methods_compute_the_lecture_formulas():
    layer = Layer(5, 3, random_state=0)
    layer.bi.set_value(RNG.normal(size=3))
    layer.bo.set_value(RNG.normal(size=5))
    X, Z = RNG.random((4, 5)), RNG.random((4, 3))
    W, bi, bo = (v.get_value() for v in layer.params)
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    np.testing.assert_allclose(layer.forward(pt.constant(X)).eval(), sig(X @ W + bi))
    np.testing.assert_allclose(layer.forwardT(pt.constant(Z)).eval(), sig(Z @ W.T + bo))


def test_decoder_uses_the_one_shared_W():
    layer = Layer(5, 3, random_state=0)
    encoder_inputs = set(graph_inputs([layer.forward(pt.matrix())]))
    decoder_inputs = set(graph_inputs([layer.forward_transposed(pt.matrix())]))
    assert layer.W in encoder_inputs and layer.W in decoder_inputs
    assert layer.bi in encoder_inputs and layer.bo in decoder_inputs
    shared = [v for v in decoder_inputs if isinstance(v, pytensor.compile.SharedVariable)]
    assert sorted(v.name for v in shared) == sorted([layer.W.name, layer.bo.name])
    assert layer.params == [layer.W, layer.bi, layer.bo]


def test_hidden_and_softmax_layers():
    hidden = HiddenLayer(5, 3, random_state=0)
    assert hidden.params == [hidden.W, hidden.b]
    assert hidden.W.get_value().shape == (5, 3)
    out = SoftmaxLayer(3, 4, random_state=0).forward(pt.constant(RNG.random((6, 3)))).eval()
    np.testing.assert_allclose(out.sum(axis=1), 1.0)  # row-wise, not whole-matrix


def test_same_seed_same_initial_weights():
    np.testing.assert_array_equal(Layer(5, 3, random_state=1).W.get_value(),
                                  Layer(5, 3, random_state=1).W.get_value())


@pytest.mark.parametrize("sizes", [(0, 3), (3, -1), (2.5, 3), (True, 3)])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError, match="positive integer"):
        Layer(*sizes)


def test_every_dense_layer_is_a_dense_configuration():
    from graphae import tutorials
    from graphae.layers import Dense, LogisticRegressionLayer

    for layer in (HiddenLayer(3, 2), SoftmaxLayer(3, 2),
                  LogisticRegressionLayer(pt.matrix("x"), 3, 2),
                  tutorials.HiddenLayer(np.random.RandomState(0), pt.matrix("x"), 3, 2)):
        assert isinstance(layer, Dense) and layer.params == [layer.W, layer.b]


def test_every_tied_pair_is_the_tied_layer():
    from graphae import tutorials
    from graphae.layers import TiedLayer

    da = tutorials.dA(np.random.RandomState(0), n_visible=4, n_hidden=2)
    rbm = tutorials.RBM(n_visible=4, n_hidden=2, numpy_rng=np.random.RandomState(0))
    for layer, W in ((Layer(4, 2), None), (da.layer, da.W), (rbm.layer, rbm.W)):
        assert isinstance(layer, TiedLayer) and W in (None, layer.W)
    X = np.random.default_rng(0).random((3, 4))
    x = pt.matrix("x")
    W, c = da.W.get_value(), da.b.get_value()
    np.testing.assert_allclose(da.get_hidden_values(x).eval({x: X}), 1 / (1 + np.exp(-(X @ W + c))))
    pre, mean = rbm.propup(x)
    np.testing.assert_allclose(mean.eval({x: X}), 1 / (1 + np.exp(-pre.eval({x: X}))))


def test_masking_noise_returns_the_next_generator_first():
    from graphae.backend import compile_function, shared_generator
    from graphae.layers import masking_noise

    rng = shared_generator(0)
    next_rng, corrupted = masking_noise(rng, pt.constant(np.ones((200, 50))), 0.25)
    draw = compile_function([], corrupted, updates=[(rng, next_rng)])
    first, second = draw(), draw()
    assert abs(first.mean() - 0.75) < 0.01 and not np.array_equal(first, second)


def _noise_run(function, parameter, seed, training=True, shape=(200, 500)):
    from graphae.backend import compile_function, shared_generator

    rng = shared_generator(seed)
    X = pt.constant(np.ones(shape))
    next_rng, out = function(rng, X, parameter, training=training)
    updates = [] if next_rng is rng else [(rng, next_rng)]
    step = compile_function([], out, updates=updates)
    return step(), step()


def test_dropout_drops_the_documented_fraction_in_training_only():
    from graphae.layers import dropout

    first, second = _noise_run(dropout, 0.2, seed=5)
    dropped = (first == 0).mean()
    assert abs(dropped - 0.2) < 0.005  # 100,000 units: 4 standard deviations is 0.005
    np.testing.assert_allclose(first[first != 0], 1 / 0.8)
    assert abs(first.mean() - 1.0) < 0.01  # inverted dropout keeps the expectation
    assert not np.array_equal(first, second)  # the generator advances
    again, _ = _noise_run(dropout, 0.2, seed=5)
    np.testing.assert_array_equal(first, again)  # same seed, same masks
    predicted, _ = _noise_run(dropout, 0.2, seed=5, training=False)
    np.testing.assert_array_equal(predicted, np.ones((200, 500)))
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\), got 1"):
        dropout(None, pt.constant(np.ones(2)), 1)


def test_gaussian_noise_in_training_only():
    from graphae.layers import gaussian_noise

    noisy, _ = _noise_run(gaussian_noise, 0.3, seed=2)
    assert abs(noisy.mean() - 1.0) < 0.005 and abs(noisy.std() - 0.3) < 0.005
    clean, _ = _noise_run(gaussian_noise, 0.3, seed=2, training=False)
    np.testing.assert_array_equal(clean, np.ones((200, 500)))
    with pytest.raises(ValueError, match="stddev must be >= 0"):
        gaussian_noise(None, pt.constant(np.ones(2)), -1.0)


def test_verify_grad_through_dropout_and_gaussian_noise_with_a_fixed_draw():
    from graphae.backend import shared_generator
    from graphae.layers import dropout, gaussian_noise

    rng = shared_generator(3)  # never updated: every evaluation draws the same mask and noise
    X = RNG.random((4, 5))
    verify_grad(lambda x: dropout(rng, x, 0.3)[1], [X], rng=np.random.default_rng(0))
    verify_grad(lambda x: gaussian_noise(rng, x, 0.2)[1] ** 2, [X], rng=np.random.default_rng(0))
    x = pt.matrix("x")
    kept = dropout(rng, x, 0.3)[1]
    gradient = pytensor.grad(kept.sum(), x)
    mask, grad_value = pytensor.function([x], [kept, gradient])(np.ones((4, 5)))
    np.testing.assert_allclose(grad_value, mask)  # d/dx = mask / (1 - rate), the kept units
    assert set(np.round(mask.ravel(), 12)) <= {0.0, round(1 / 0.7, 12)}


def test_reparameterize_draws_the_gaussian_and_holds_a_fixed_epsilon():
    from graphae.backend import compile_function, shared_generator
    from graphae.layers import reparameterize

    rng = shared_generator(4)
    mean, std = pt.constant(np.full((400, 500), 2.0)), pt.constant(np.full((400, 500), 0.5))
    next_rng, Z = reparameterize(rng, mean, std)
    draws = compile_function([], Z, updates=[(rng, next_rng)])
    first = draws()
    assert abs(first.mean() - 2.0) < 0.005 and abs(first.std() - 0.5) < 0.005
    assert not np.array_equal(first, draws())  # the generator advanced
    epsilon = pt.constant(np.ones((400, 500)))
    same_rng, fixed = reparameterize(rng, mean, std, epsilon)
    assert same_rng is rng
    np.testing.assert_array_equal(fixed.eval(), np.full((400, 500), 2.5))


@pytest.mark.parametrize("spec, kind", [("mask 0.1", "zero"), ("random_intensity 0.1", "uniform")])
def test_corruption_layers_corrupt_the_fraction_in_training_only(spec, kind):
    from graphae.backend import compile_function, shared_generator
    from graphae.layers import parse_layer

    layer = parse_layer(spec)
    assert parse_layer(layer.to_config()).rate == 0.1 and layer.draws_noise
    X = pt.constant(np.full((300, 400), 0.5))
    rng = shared_generator(1)
    next_rng, noisy = layer.output(X, rng, training=True)
    values = compile_function([], noisy, updates=[(rng, next_rng)])()
    changed = values != 0.5
    assert abs(changed.mean() - 0.1) < 0.005
    if kind == "zero":
        assert set(np.unique(values[changed])) == {0.0}
    else:  # uniform intensities on [0, 1)
        assert 0 <= values.min() and values.max() < 1
        replaced = values[changed]
        assert abs(replaced.mean() - 0.5) < 0.01 and abs(replaced.std() - 12**-0.5) < 0.01
    same_rng, clean = layer.output(X, rng, training=False)
    assert same_rng is rng and clean is X
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\)"):
        type(layer)(1.5)
