import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad

from graphae import tutorials
from graphae.layers import LogisticRegressionLayer
from graphae.tutorials.mlp import resolve_activation, uniform_weights


@pytest.mark.parametrize("activation, scale", [(pt.tanh, 1), (pt.sigmoid, 4), ("sigmoid", 4)])
def test_hidden_layer_initialisation(activation, scale):
    layer = tutorials.HiddenLayer(np.random.RandomState(1234), pt.matrix("x"), 300, 200,
                                  activation=activation)
    bound = scale * np.sqrt(6.0 / 500)
    W = layer.W.get_value()
    expected = np.random.RandomState(1234).uniform(-np.sqrt(6.0 / 500), np.sqrt(6.0 / 500),
                                                    size=(300, 200)) * scale
    np.testing.assert_allclose(W, expected)  # the tutorial's exact draw
    assert abs(W).max() <= bound and abs(W).max() > 0.99 * bound
    assert not layer.b.get_value().any() and layer.params == [layer.W, layer.b]


def test_hidden_layer_shares_given_parameters_and_computes_output():
    W = tutorials.HiddenLayer(np.random.RandomState(0), pt.matrix(), 3, 2).W
    x = pt.matrix("x")
    layer = tutorials.HiddenLayer(None, x, 3, 2, W=W, activation=None)
    assert layer.W is W
    X = np.random.default_rng(0).random((4, 3))
    np.testing.assert_allclose(layer.output.eval({x: X}), X @ W.get_value())


def test_activation_names_and_errors():
    assert resolve_activation("tanh")[0] is pt.tanh
    assert resolve_activation(None) == (None, "linear")
    with pytest.raises(ValueError, match="unknown activation"):
        resolve_activation("relu6")
    with pytest.raises(ValueError, match="n_out must be a positive integer"):
        tutorials.HiddenLayer(np.random.RandomState(0), pt.matrix(), 3, 0)
    assert uniform_weights(0, 2, 3).shape == (2, 3)


def test_mlp_penalties_and_parameters():
    x = pt.matrix("x")
    mlp = tutorials.MLP(np.random.RandomState(1234), x, 5, 4, 3)
    W1, W2 = mlp.hiddenLayer.W.get_value(), mlp.logRegressionLayer.W.get_value()
    assert mlp.params == mlp.hiddenLayer.params + mlp.logRegressionLayer.params
    assert mlp.L1.eval() == pytest.approx(abs(W1).sum() + abs(W2).sum())
    assert mlp.L2_sqr.eval() == pytest.approx((W1 ** 2).sum() + (W2 ** 2).sum())
    y = pt.ivector("y")
    assert mlp.negative_log_likelihood(y).eval(
        {x: np.ones((2, 5)), y: np.array([0, 1], "int32")}) == pytest.approx(np.log(3))


def test_verify_grad_mlp_cost_with_penalties():
    labels = pt.constant(np.array([0, 2, 1, 2], dtype=np.int32))

    def cost(X, W1, b1, W2, b2):
        hidden = tutorials.HiddenLayer(None, X, 5, 4, W=W1, b=b1)
        output = LogisticRegressionLayer(hidden.output, 4, 3, W=W2, b=b2)
        L1 = abs(W1).sum() + abs(W2).sum()
        L2 = (W1 ** 2).sum() + (W2 ** 2).sum()
        return output.negative_log_likelihood(labels) + 0.01 * L1 + 0.001 * L2

    rng = np.random.default_rng(0)
    verify_grad(cost, [rng.random((4, 5)), rng.normal(size=(5, 4)), rng.normal(size=4),
                       rng.normal(size=(4, 3)), rng.normal(size=3)],
                rng=np.random.default_rng(1))
