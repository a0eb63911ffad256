"""Batch normalisation against NumPy (Theano's formulas), with gradients and running averages."""

import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest

from graphae.ported._nnet import batch_normalization_train
from graphae.backend import compile_function, resolve_mode
from graphae.normalization import (
    batch_norm_axes,
    batch_norm_test,
    batch_norm_train,
    running_statistics,
)

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("axes, shape", [("per-activation", (6, 4)), ("spatial", (3, 2, 4, 5)),
                                         ((0, 1), (3, 4, 2))])
def test_training_form_equals_numpy(axes, shape):
    x = pt.tensor("x", shape=(None,) * len(shape))
    values = RNG.standard_normal(shape) * 3 + 1
    reduce = batch_norm_axes(axes, len(shape))
    features = [n for i, n in enumerate(shape) if i not in reduce]
    gamma, beta = RNG.random(features) + 0.5, RNG.standard_normal(features)
    out, mean, var, invstd = compile_function([x], batch_norm_train(x, gamma, beta, axes,
                                                                    1e-4))(values)
    expected_mean = values.mean(axis=reduce, keepdims=True)
    expected_var = values.var(axis=reduce, keepdims=True)
    layout = [1 if i in reduce else n for i, n in enumerate(shape)]
    np.testing.assert_allclose(mean, expected_mean)
    np.testing.assert_allclose(var, expected_var)
    np.testing.assert_allclose(out, (values - expected_mean) / np.sqrt(expected_var + 1e-4)
                               * gamma.reshape(layout) + beta.reshape(layout))


def test_gradients_are_verified():
    values = RNG.standard_normal((5, 3))
    gamma, beta = RNG.random(3) + 0.5, RNG.standard_normal(3)
    pytensor.gradient.verify_grad(lambda x, g, b: batch_norm_train(x, g, b)[0],
                                  [values, gamma, beta], rng=np.random.default_rng(1),
                                  mode=resolve_mode("c"))
    pytensor.gradient.verify_grad(
        lambda x, g, b: batch_norm_test(x, g, b, np.zeros(3), np.ones(3)),
        [values, gamma, beta], rng=np.random.default_rng(2), mode=resolve_mode("c"))


def test_theano_signature_returns_running_averages_with_the_unbiased_variance():
    x = pt.matrix("x")
    values = RNG.standard_normal((8, 3))
    mean0, var0 = np.zeros(3), np.ones(3)
    results = compile_function([x], batch_normalization_train(
        x, np.ones(3), np.zeros(3), running_average_factor=0.25, running_mean=mean0,
        running_var=var0))(values)
    out, mean, invstd, new_mean, new_var = results
    assert mean.shape == invstd.shape == new_mean.shape == (3,)  # laid out like gamma
    np.testing.assert_allclose(new_mean, 0.75 * mean0 + 0.25 * values.mean(0))
    np.testing.assert_allclose(new_var, 0.75 * var0 + 0.25 * values.var(0, ddof=1))
    assert running_statistics(0.0, 1.0, 2.0, 0.5, count=2, factor=0.5) == (1.0, 1.0)


@pytest.mark.parametrize("call, match", [
    (lambda x: batch_norm_train(x, np.ones(3), np.zeros(3), axes="channels"), "axes"),
    (lambda x: batch_norm_train(x, np.ones(3), np.zeros(3), axes=(5,)), "axes"),
    (lambda x: batch_norm_train(x, np.ones(3), np.zeros(3), epsilon=1e-6), "epsilon"),
    (lambda x: batch_norm_train(x, np.ones((3, 1, 1)), np.zeros(3)), "parameter"),
    (lambda x: running_statistics(0, 1, 0, 1, 2, factor=2), "running_average_factor"),
    (lambda x: batch_normalization_train(x, np.ones(3), np.zeros(3), running_mean=np.zeros(3)),
     "both"),
])
def test_bad_arguments_name_themselves(call, match):
    with pytest.raises(ValueError, match=match):
        call(pt.matrix("x"))
