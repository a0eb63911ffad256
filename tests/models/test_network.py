import numpy as np
import pytest

from graphae.callbacks import LambdaCallback
from graphae.models import NetworkClassifier


def _blobs(n=300, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.2, 0.2, 0.8], [0.8, 0.3, 0.2], [0.3, 0.8, 0.5]])
    y = rng.integers(0, 3, n)
    return np.clip(centres[y] + rng.normal(0, 0.12, (n, 3)), 0, 1), y


@pytest.mark.parametrize("optimizer, options", [
    ("sgd", {"momentum": 0.9}), ("nesterov", {}), ("rmsprop", {}), ("adadelta", {}),
    ("adam", {}), ("nadam", {}),
])
def test_every_optimizer_trains_the_layer_list(optimizer, options):
    X, y = _blobs()
    net = NetworkClassifier([16, "relu"], optimizer=optimizer, optimizer_options=options,
                            learning_rate=0.1 if optimizer in ("sgd", "nesterov") else None,
                            epochs=15, batch_size=30, random_state=0, verbose=0).fit(X, y)
    assert net.score(X, y) > 0.9, optimizer
    assert net.costs_[-10:].mean() < net.costs_[:10].mean()


def _relu_network_step(X, y, W1, b1, W2, b2, lr):
    """One SGD step of relu(X W1 + b1) W2 + b2 -> softmax, mean cross-entropy (NumPy)."""
    h = np.maximum(X @ W1 + b1, 0)
    z = h @ W2 + b2
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    delta = (p - np.eye(W2.shape[1])[y]) / len(y)
    gW2, gb2 = h.T @ delta, delta.sum(axis=0)
    dh = (delta @ W2.T) * (h > 0)
    gW1, gb1 = X.T @ dh, dh.sum(axis=0)
    return [W1 - lr * gW1, b1 - lr * gb1, W2 - lr * gW2, b2 - lr * gb2]


def test_two_sgd_steps_equal_numpy_backpropagation():
    X, y = _blobs(60)
    start = []
    net = NetworkClassifier([5, "relu"], learning_rate=0.5, epochs=2, batch_size=60,
                            shuffle=False, random_state=1, verbose=0)
    net.fit(X, y, callbacks=[LambdaCallback(on_train_begin=lambda logs: start.extend(
        net.get_weights()))])
    expected = start
    for _ in range(2):
        expected = _relu_network_step(X, y, *expected, lr=0.5)
    for got, want in zip(net.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_dropout_is_random_in_training_and_off_in_prediction():
    X, y = _blobs()
    options = dict(layers=[32, "relu", "dropout 0.5"], epochs=3, batch_size=50,
                   random_state=3, verbose=0)
    first = NetworkClassifier(**options).fit(X, y)
    second = NetworkClassifier(**options).fit(X, y)
    np.testing.assert_array_equal(first.costs_, second.costs_)  # same seed, same masks
    np.testing.assert_array_equal(first.predict_proba(X), first.predict_proba(X))
    without = NetworkClassifier(**{**options, "layers": [32, "relu"]}).fit(X, y)
    assert not np.allclose(first.costs_, without.costs_)


def test_optimizer_state_is_the_models_saved_state_and_resets_at_each_fit():
    X, y = _blobs()
    net = NetworkClassifier([4, "relu"], optimizer="nadam", epochs=2, batch_size=50,
                            random_state=0, verbose=0).fit(X, y)
    names = [v.name for v in net._velocities]
    assert names[:2] == ["nadam_iterations", "nadam_m_schedule"] and len(names) == 2 + 2 * 4
    costs = net.costs_.copy()
    net.fit(X, y)  # a new fit restarts the optimiser (the schedule from 1, the count from 0)
    np.testing.assert_array_equal(net.costs_, costs)


def test_the_seeds_explicit_output_layer_and_bad_settings():
    X, y = _blobs()
    explicit = NetworkClassifier([8, "relu", 3, "softmax"], epochs=1, batch_size=50,
                                 random_state=0, verbose=0).fit(X, y)
    implicit = NetworkClassifier([8, "relu"], epochs=1, batch_size=50, random_state=0,
                                 verbose=0).fit(X, y)
    np.testing.assert_array_equal(explicit.costs_, implicit.costs_)
    with pytest.raises(ValueError, match="optimizer must be one of sgd"):
        NetworkClassifier([4], optimizer="lbfgs", verbose=0).fit(X, y)
    with pytest.raises(ValueError, match="optimizer_options for 'adam' take beta_1"):
        NetworkClassifier([4], optimizer="adam", optimizer_options={"rho": 0.9},
                          verbose=0).fit(X, y)
    with pytest.raises(ValueError, match="the last dense layer has 4 units but there are 3"):
        NetworkClassifier([4, "softmax"], verbose=0).fit(X, y)
    with pytest.raises(ValueError, match="cannot read layer specification 'dropout x'"):
        NetworkClassifier([4, "dropout x"], verbose=0).fit(X, y)


def test_a_checkpoint_resumes_the_optimizer_exactly(tmp_path):
    from graphae.persistence import load_model, save_model

    X, y = _blobs()
    net = NetworkClassifier([6, "relu"], optimizer="adam", epochs=2, batch_size=50,
                            shuffle=False, random_state=0, verbose=0).fit(X, y)
    save_model(net, tmp_path / "net.npz")
    resumed = load_model(tmp_path / "net.npz")
    assert resumed._velocities[0].get_value() == 2 * 6  # Adam's step count came back
    net.partial_fit(X, y)
    resumed.partial_fit(X, y)
    for a, b in zip(net.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
