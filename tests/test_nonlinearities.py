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
