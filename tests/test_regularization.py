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


def test_regularization_gradient_is_the_seeds_sign_and_two_lambda_w():
    import pytensor.tensor as pt

    from graphae.backend import grad
    from graphae.layers import Dense
    from graphae.regularization import regularizable, regularization

    layer = Dense(3, 2, random_state=0)
    layer.b.set_value(np.array([1.0, -1.0]))
    assert regularizable(layer.params) == [layer.W]
    gW, gb = grad(regularization(layer.params, 0.3, 0.7), layer.params,
                  disconnected_inputs="ignore")
    W = layer.W.get_value()
    np.testing.assert_allclose(gW.eval(), 0.3 * np.sign(W) + 0.7 * 2 * W)
    np.testing.assert_array_equal(gb.eval(), [0.0, 0.0])  # the bias is not penalised
    untagged = pt.matrix("V"), pt.vector("c")
    assert regularizable(list(untagged)) == [untagged[0]]
