import numpy as np
import pytest

from graphae.backend import float_x_context
from graphae.diagnostics import SEED003_CHAIN, sigmoid_chain_gradients


def _chain(**changes):
    arguments = {k: SEED003_CHAIN[k] for k in ("weights", "x", "target")}
    return sigmoid_chain_gradients(**{**arguments, **changes})


def test_the_seed_003_chain_gradients_to_1e_12():
    outputs, gradients = _chain()
    np.testing.assert_allclose(outputs, SEED003_CHAIN["outputs"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(gradients, SEED003_CHAIN["gradients"], rtol=0, atol=1e-12)


def test_chain_equals_the_lectures_products_and_holds_under_float32():
    weights, x, t = (0.5, 3.0, -1.0), 0.7, 0.2
    y1 = 1 / (1 + np.exp(-weights[0] * x))
    y2 = 1 / (1 + np.exp(-weights[1] * y1))
    y3 = 1 / (1 + np.exp(-weights[2] * y2))
    d3 = (y3 - t) * y3 * (1 - y3)
    d2 = d3 * weights[2] * y2 * (1 - y2)
    d1 = d2 * weights[1] * y1 * (1 - y1)
    with float_x_context("float32"):
        outputs, gradients = sigmoid_chain_gradients(weights, x, t)
    np.testing.assert_allclose(outputs, [y1, y2, y3], rtol=0, atol=1e-14)
    np.testing.assert_allclose(gradients, [d1 * x, d2 * y1, d3 * y2], rtol=0, atol=1e-14)
    with pytest.raises(ValueError, match="weights must hold at least one"):
        sigmoid_chain_gradients([], x, t)
