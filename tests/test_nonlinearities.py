import numpy as np
import pytensor.tensor as pt
import pytest

from graphae import backend
from graphae.nonlinearities import linear, relu, resolve_activation, softmax, tanh


@pytest.mark.parametrize("given, name", [
    ("sigmoid", "sigmoid"), (pt.sigmoid, "sigmoid"), (backend.sigmoid, "sigmoid"),
    ("tanh", "tanh"), (pt.tanh, "tanh"), (tanh, "tanh"), ("softmax", "softmax"),
    (softmax, "softmax"), ("relu", "relu"), (None, "linear"), ("linear", "linear"),
    (linear, "linear")])
def test_every_spelling_resolves(given, name):
    assert resolve_activation(given)[1] == name


def test_functions_and_errors():
    assert resolve_activation("linear")[0] is None
    assert relu(np.array([-1.0, 2.0])).tolist() == [-0.0, 2.0]
    assert softmax(pt.constant(np.zeros((1, 4)))).eval().tolist() == [[0.25] * 4]
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        resolve_activation("swish")
    with pytest.raises(ValueError, match="a name or a function"):
        resolve_activation(3)


def test_elu_and_heaviside():
    import pytensor.tensor as pt
    from pytensor.gradient import verify_grad

    from graphae.nonlinearities import elu, heaviside, resolve_activation

    x = np.array([-2.0, -0.5, 0.5, 3.0])
    np.testing.assert_allclose(elu(pt.constant(x)).eval(), np.where(x > 0, x, np.expm1(x)))
    np.testing.assert_allclose(elu(pt.constant(x), alpha=2.0).eval(),
                               np.where(x > 0, x, 2 * np.expm1(x)))
    verify_grad(elu, [x], rng=np.random.default_rng(0))
    assert heaviside(pt.constant(x)).eval().tolist() == [0.0, 0.0, 1.0, 1.0]
    assert resolve_activation("elu")[0] is elu and resolve_activation("heaviside")[1] == "heaviside"
