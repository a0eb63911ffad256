import numpy as np
import pytensor.tensor as pt

from graphae.backend import shared
from graphae.regularization import l1, l2, penalty


def test_penalties_match_numpy_and_take_shared_coefficients():
    rng = np.random.default_rng(0)
    arrays = [rng.normal(size=(3, 2)), rng.normal(size=(2, 4))]
    weights = [pt.constant(a) for a in arrays]
    assert float(l1(weights).eval()) == sum(abs(a).sum() for a in arrays)
    np.testing.assert_allclose(float(l2(weights).eval()), sum((a ** 2).sum() for a in arrays))
    coefficient = shared(np.array(0.5), "l2")
    total = penalty(weights, 0.1, coefficient)
    expected = 0.1 * sum(abs(a).sum() for a in arrays) + 0.5 * sum((a ** 2).sum() for a in arrays)
    np.testing.assert_allclose(float(total.eval()), expected)
    coefficient.set_value(np.array(0.0))
    np.testing.assert_allclose(float(total.eval()), 0.1 * sum(abs(a).sum() for a in arrays))
