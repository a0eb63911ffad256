import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad

from graphae.objectives import binary_crossentropy_mean, categorical_nll_mean, error_rate

RNG = np.random.default_rng(3)


def test_verify_grad_binary_crossentropy():
    target = RNG.random((4, 6))
    output = RNG.uniform(0.1, 0.9, (4, 6))
    verify_grad(binary_crossentropy_mean, [target, output], rng=np.random.default_rng(0))


def test_verify_grad_categorical_nll():
    labels = np.array([0, 2, 1, 2], dtype=np.int32)
    probabilities = RNG.uniform(0.1, 1, (4, 3))
    verify_grad(lambda p: categorical_nll_mean(p, pt.constant(labels)), [probabilities],
                rng=np.random.default_rng(0))


def test_values_match_formulas():
    target, output = RNG.random((3, 4)), RNG.uniform(0.1, 0.9, (3, 4))
    expected = -(target * np.log(output) + (1 - target) * np.log(1 - output)).mean()
    assert binary_crossentropy_mean(pt.constant(target), pt.constant(output)).eval() == pytest.approx(expected)
    P = RNG.uniform(0.1, 1, (3, 4))
    labels = np.array([3, 0, 1], dtype=np.int32)
    assert categorical_nll_mean(pt.constant(P), pt.constant(labels)).eval() == pytest.approx(
        -np.mean(np.log(P[[0, 1, 2], labels])))


def test_error_rate():
    assert error_rate(np.array([1, 2, 3]), np.array([1, 0, 3])) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="differ in shape"):
        error_rate([1, 2], [1, 2, 3])
