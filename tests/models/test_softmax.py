import numpy as np
import pytest

from graphae.models import SoftmaxRegression


def _seed_002_gd_reg(w, X, Y, learn_rate, l1coeff, l2coeff, iter_num):
    """Seed 002 In [7], as written there (X with the bias column, Y one-hot)."""
    for _ in range(iter_num):
        prod = X @ w
        prod -= np.amax(prod, axis=1, keepdims=True)
        sm = np.exp(prod) / np.sum(np.exp(prod), axis=1, keepdims=True)
        g = (X.T @ (sm - Y)) / X.shape[0] + l1coeff * np.sign(w) + l2coeff * 2 * w
        w -= learn_rate * g
    return w


def _data(n=120, d=6, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, d))
    y = (X[:, :classes].argmax(axis=1) + (X[:, -1] > 0.9)) % classes
    return X, y


@pytest.mark.parametrize("l1, l2", [(0.0, 0.0), (0.05, 0.0), (0.0, 0.3), (0.02, 0.1)])
def test_steps_equal_the_seed_numpy_code(l1, l2):
    X, y = _data()
    model = SoftmaxRegression(learning_rate=1.0, epochs=7, l1_penalty=l1, l2_penalty=l2)
    model.fit(X, y)
    X1 = np.hstack([np.ones((len(X), 1)), X])
    expected = _seed_002_gd_reg(np.zeros((7, 3)), X1, np.eye(3)[y], 1.0, l1, l2, 7)
    np.testing.assert_allclose(model.coef_, expected, rtol=1e-10, atol=1e-13)
    assert len(model.costs_) == 7 and model.history_.n_epochs == 7


def test_seed_002_reproduction_9096(mnist_pickle_path):
    """Seed 002 In [6]: 60,000 images / 255, bias column, zero start, lr 1, 100 steps."""
    from graphae.datasets import load_mnist

    (X, y), (X_test, y_test) = load_mnist(mnist_pickle_path, split="keras")
    model = SoftmaxRegression(learning_rate=1, epochs=100).fit(X, y)
    assert model.score(X_test, y_test) == pytest.approx(0.9096, abs=1e-12)


def test_seed_spellings_and_a_penalty_grid_without_recompiling():
    X, y = _data()
    modern = SoftmaxRegression().fit(X, y, learning_rate=0.5, epochs=4, l1_penalty=0.1)
    seed = SoftmaxRegression().fit(X, y, learn_rate=0.5, iter_num=4, l1coeff=0.1)
    np.testing.assert_array_equal(modern.coef_, seed.coef_)
    compiles = seed._compiled.compiles
    for l1 in (0.0, 0.2, 0.4):
        seed.fit(X, y, learn_rate=0.5, iter_num=4, l1coeff=l1)
    assert seed._compiled.compiles == compiles
    assert seed.l1_penalty == 0.0  # per-call values do not change the hyper-parameters


def test_without_intercept_and_bad_values():
    X, y = _data()
    model = SoftmaxRegression(fit_intercept=False, epochs=3).fit(X, y)
    assert model.coef_.shape == (6, 3)
    with pytest.raises(ValueError, match=r"l2_penalty must be in \[0, inf\), got -1.0"):
        SoftmaxRegression(l2_penalty=-1).fit(X, y)
    with pytest.raises(ValueError, match="epochs"):
        SoftmaxRegression(epochs=0).fit(X, y)
