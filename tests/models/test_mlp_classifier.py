import numpy as np
import pytest

from graphae import load_embedded_mnist
from graphae.models import MLPClassifier


def _numpy_steps(X, y, W1, b1, W2, b2, lr, l1, l2, batch):
    """Plain SGD on NLL + l1 * sum|W| + l2 * sum W**2 (tanh hidden layer)."""
    costs = []
    for start in range(0, len(X) - batch + 1, batch):
        x, t = X[start:start + batch], y[start:start + batch]
        h = np.tanh(x @ W1 + b1)
        a = h @ W2 + b2
        p = np.exp(a - a.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
        nll = -np.log(p[np.arange(len(t)), t]).mean()
        costs.append(nll + l1 * (abs(W1).sum() + abs(W2).sum())
                     + l2 * ((W1 ** 2).sum() + (W2 ** 2).sum()))
        da = p.copy(); da[np.arange(len(t)), t] -= 1; da /= len(t)
        dh = da @ W2.T * (1 - h ** 2)
        gW2 = h.T @ da + l1 * np.sign(W2) + 2 * l2 * W2
        gW1 = x.T @ dh + l1 * np.sign(W1) + 2 * l2 * W1
        W1, b1, W2, b2 = W1 - lr * gW1, b1 - lr * dh.sum(0), W2 - lr * gW2, b2 - lr * da.sum(0)
    return costs, [W1, b1, W2, b2]


def test_sgd_with_penalties_matches_numpy():
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 5)), rng.integers(0, 3, 60)
    mlp = MLPClassifier([4], learning_rate=0.3, l1_penalty=0.01, l2_penalty=0.001, epochs=1,
                        batch_size=20, verbose=0, random_state=1234)
    mlp.fit(X, y)
    bound = np.sqrt(6.0 / (5 + 4))  # the tutorial's draw, from random_state's generator
    start = [np.random.default_rng(1234).uniform(-bound, bound, (5, 4)), np.zeros(4),
             np.zeros((4, 3)), np.zeros(3)]
    costs, expected = _numpy_steps(X, y, *start, lr=0.3, l1=0.01, l2=0.001, batch=20)
    np.testing.assert_allclose(mlp.costs_, costs, rtol=1e-10)
    for got, want in zip(mlp.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_initialisation_bounds_and_tutorial_order():
    X, y = np.random.default_rng(0).random((20, 30)), np.arange(20) % 2
    for activation, scale in (("tanh", 1), ("sigmoid", 4)):
        mlp = MLPClassifier([10], activation=activation, epochs=1, batch_size=20,
                            learning_rate=1e-9, verbose=0, random_state=0).fit(X, y)
        W = mlp.hidden_layers_[0].W.get_value()
        assert abs(W).max() <= scale * np.sqrt(6 / 40) and abs(W).max() > 0.9 * scale * np.sqrt(6 / 40)
        assert abs(mlp.output_layer_.W.get_value()).max() < 1e-8  # zero-initialised, one tiny step
        assert mlp.params_ == mlp.hidden_layers_[0].params + mlp.output_layer_.params


def test_legacy_keywords_and_names():
    mlp = MLPClassifier(L1_reg=0.001, L2_reg=0.0, n_epochs=3)
    assert (mlp.l1_penalty, mlp.l2_penalty, mlp.epochs) == (0.001, 0.0, 3)
    with pytest.raises(TypeError, match="both"):
        MLPClassifier(L1_reg=0.1, l1_penalty=0.1)
    X, y = np.random.default_rng(0).random((20, 3)), np.arange(20) % 2
    mlp = MLPClassifier([4], epochs=1, verbose=0, random_state=0).fit(X, y)
    assert mlp.logRegressionLayer is mlp.output_layer_ and mlp.hiddenLayer is mlp.hidden_layers_[0]


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "relu6"}, "unknown activation"),
    ({"activation": "linear"}, "'tanh' or 'sigmoid'"),
    ({"l2_penalty": -1.0}, "l2_penalty"),
    ({"hidden_layer_sizes": [0]}, "hidden layer size"),
])
def test_bad_settings(kwargs, message):
    X, y = np.random.default_rng(0).random((20, 3)), np.arange(20) % 2
    with pytest.raises(ValueError, match=message):
        MLPClassifier(**{"epochs": 1, "verbose": 0, **kwargs}).fit(X, y)


def test_learns_digits():
    X, y = load_embedded_mnist()
    order = np.random.RandomState(0).permutation(len(X))
    X, y = X[order], y[order]
    mlp = MLPClassifier([100], learning_rate=0.1, epochs=5, batch_size=20, verbose=0,
                        random_state=1234).fit(X[:4000], y[:4000])
    assert mlp.error_rate(X[4000:], y[4000:]) < 0.12


def test_set_params_refit_builds_the_new_graph():
    """A refit after set_params(l2_penalty=, activation=) trains the new model, not the old graph."""
    rng = np.random.default_rng(0)
    X, y = rng.random((40, 3)), (rng.random(40) > 0.5).astype(int)
    kwargs = dict(hidden_layer_sizes=[4], epochs=3, batch_size=10, learning_rate=0.5,
                  verbose=0, random_state=0)
    model = MLPClassifier(l2_penalty=0.0, **kwargs).fit(X, y)
    model.set_params(l2_penalty=5.0, activation="sigmoid").fit(X, y)
    fresh_new = MLPClassifier(l2_penalty=5.0, activation="sigmoid", **kwargs).fit(X, y)
    fresh_old = MLPClassifier(l2_penalty=0.0, **kwargs).fit(X, y)
    assert model.hidden_layers_[0].activation_name == "sigmoid"
    for a, b, c in zip(model.get_weights(), fresh_new.get_weights(), fresh_old.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-12)
    assert not all(np.allclose(a, c) for a, c in zip(model.get_weights(),
                                                      fresh_old.get_weights()))


def test_a_penalty_change_does_not_recompile():
    rng = np.random.default_rng(1)
    X, y = rng.random((40, 3)), (rng.random(40) > 0.5).astype(int)
    model = MLPClassifier([4], epochs=1, batch_size=10, verbose=0, random_state=0).fit(X, y)
    compiled = model._compiled["train"]
    model.set_params(l2_penalty=1.0, l1_penalty=0.1).fit(X, y)
    assert model._compiled["train"] is compiled
    assert float(model._scalar("l2_penalty").get_value()) == 1.0
