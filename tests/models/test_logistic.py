import runpy
from pathlib import Path

import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad

from graphae.models import LogisticRegression, LogisticRegressionLayer

ROOT = Path(__file__).resolve().parents[2]


def test_tutorial_layer_api():
    x, y = pt.matrix("x"), pt.ivector("y")
    layer = LogisticRegressionLayer(x, 4, 3)
    assert layer.params == [layer.W, layer.b] and not layer.W.get_value().any()
    X = np.random.default_rng(0).random((5, 4))
    labels = np.array([0, 1, 2, 1, 0], dtype=np.int32)
    nll = layer.negative_log_likelihood(y).eval({x: X, y: labels})
    assert nll == pytest.approx(np.log(3))  # zero weights: uniform probabilities
    assert layer.errors(y).eval({x: X, y: labels}) == pytest.approx(3 / 5)  # argmax = class 0


def test_verify_grad_negative_log_likelihood():
    labels = pt.constant(np.array([0, 2, 1], dtype=np.int32))

    def cost(X, W, b):
        layer = LogisticRegressionLayer(X, 4, 3)
        layer.p_y_given_x = pt.special.softmax(X @ W + b, axis=-1)
        return layer.negative_log_likelihood(labels)

    rng = np.random.default_rng(0)
    verify_grad(cost, [rng.random((3, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)],
                rng=np.random.default_rng(1))


def test_plain_sgd_step_matches_numpy():
    rng = np.random.default_rng(0)
    X, y = rng.random((20, 4)), rng.integers(0, 3, 20)
    model = LogisticRegression(learning_rate=0.5, epochs=1, batch_size=10, verbose=0).fit(X, y)
    W, b = np.zeros((4, 3)), np.zeros(3)
    for rows in (slice(0, 10), slice(10, 20)):
        logits = X[rows] @ W + b
        P = np.exp(logits - logits.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        P[np.arange(10), y[rows]] -= 1
        W -= 0.5 * X[rows].T @ P / 10
        b -= 0.5 * P.sum(axis=0) / 10
    np.testing.assert_allclose(model.output_layer_.W.get_value(), W, atol=1e-12)
    np.testing.assert_allclose(model.output_layer_.b.get_value(), b, atol=1e-12)


def test_reproduces_the_published_tutorial_result(mnist_pickle_path):
    """logistic_sgd: best validation 7.500000 %, test 7.489583 %, 74 epochs."""
    script = runpy.run_path(str(ROOT / "benchmarks" / "logistic_sgd_tutorial.py"))
    stopper, model = script["main"](mnist_pickle_path)
    assert f"{stopper.best_score * 100:f}" == "7.500000"
    assert f"{stopper.test_score * 100:f}" == "7.489583"
    assert model.history_.n_epochs == 74
