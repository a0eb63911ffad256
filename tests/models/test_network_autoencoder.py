import numpy as np
import pytest

from graphae.callbacks import LambdaCallback
from graphae.layers import DenseSpec, parse_layer
from graphae.models import NetworkAutoencoder, NetworkClassifier
from graphae.persistence import load_model, save_model


def _images(n=200, d=12, seed=0):
    """Rows that live near a 3-D subspace, in [0, 1]: an autoencoder can compress them."""
    rng = np.random.default_rng(seed)
    codes, basis = rng.random((n, 3)), rng.random((3, d))
    return np.clip(codes @ basis / 3 + rng.normal(0, 0.02, (n, d)), 0, 1), codes[:, 0] > 0.5


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _autoencoder_step(X, W1, b1, W2, b2, lr):
    """One SGD step of sigmoid(relu(X W1 + b1) W2 + b2), mean squared error (NumPy)."""
    h = np.maximum(X @ W1 + b1, 0)
    r = _sigmoid(h @ W2 + b2)
    dz = 2 * (r - X) / X.size * r * (1 - r)
    dh = (dz @ W2.T) * (h > 0)
    return [W1 - lr * X.T @ dh, b1 - lr * dh.sum(axis=0), W2 - lr * h.T @ dz,
            b2 - lr * dz.sum(axis=0)]


def test_defaults_are_seed_002_in_19():
    ae = NetworkAutoencoder()
    assert (list(ae.encoder), list(ae.decoder), ae.output_activation, ae.loss, ae.optimizer,
            ae.batch_size, ae.epochs) == ([32, "relu"], [], "sigmoid", "mse", "adadelta", 128,
                                          50)


def test_two_sgd_steps_equal_numpy_backpropagation():
    X, _ = _images(40)
    start = []
    ae = NetworkAutoencoder([4, "relu"], optimizer="sgd", learning_rate=2.0, epochs=2,
                            batch_size=40, shuffle=False, random_state=1, verbose=0)
    ae.fit(X, callbacks=[LambdaCallback(on_train_begin=lambda logs: start.extend(
        ae.get_weights()))])
    expected = start
    for _ in range(2):
        expected = _autoencoder_step(X, *expected, lr=2.0)
    for got, want in zip(ae.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_adadelta_training_compresses_and_the_compiled_functions_agree():
    X, _ = _images()
    ae = NetworkAutoencoder([3, "relu"], epochs=60, batch_size=20, random_state=0,
                            verbose=0).fit(X, validation_data=(X, X))
    assert ae.costs_[-10:].mean() < 0.5 * ae.costs_[:10].mean()
    W1, b1, W2, b2 = ae.get_weights()
    codes = ae.transform(X)
    np.testing.assert_allclose(codes, np.maximum(X @ W1 + b1, 0), rtol=1e-10)
    np.testing.assert_allclose(ae.reconstruct(X), _sigmoid(codes @ W2 + b2), rtol=1e-10)
    np.testing.assert_allclose(ae.inverse_transform(codes), ae.reconstruct(X), rtol=1e-12)
    assert ae.reconstruction_cost(X) == pytest.approx(np.mean((X - ae.reconstruct(X)) ** 2))
    assert ae.history_.epoch_array("val_loss")[-1] == pytest.approx(ae.reconstruction_cost(X))
    assert ae.score(X) == -ae.reconstruction_cost(X)


def test_same_seed_same_run_and_noise_layers_off_in_prediction():
    X, _ = _images()
    options = dict(encoder=["noise 0.1", 6, "relu", "dropout 0.3", 3], decoder=[6, "tanh"],
                   output_activation="linear", epochs=3, batch_size=25, random_state=5,
                   verbose=0)
    first, second = NetworkAutoencoder(**options).fit(X), NetworkAutoencoder(**options).fit(X)
    np.testing.assert_array_equal(first.costs_, second.costs_)
    np.testing.assert_array_equal(first.transform(X), first.transform(X))
    assert first.transform(X).shape == (200, 3)
    other = NetworkAutoencoder(**{**options, "random_state": 6}).fit(X)
    assert not np.array_equal(first.costs_, other.costs_)


def test_a_frozen_pretrained_encoder_keeps_its_weights_under_a_classifier():
    X, y = _images()
    ae = NetworkAutoencoder([3, "relu"], epochs=5, batch_size=20, random_state=0,
                            verbose=0).fit(X)
    pretrained = [w.copy() for w in ae.get_weights()[:2]]
    net = NetworkClassifier(ae.encoder_specs() + [8, "relu"], optimizer="adam", epochs=5,
                            batch_size=20, random_state=0, verbose=0)
    start = []
    net.fit(X, y, callbacks=[LambdaCallback(on_train_begin=lambda logs: start.extend(
        net.get_weights()))])
    after = net.get_weights()
    for got, want in zip(after[:2], pretrained):
        np.testing.assert_array_equal(got, want)
    assert all(not np.array_equal(a, b) for a, b in zip(after[2:], start[2:]))
    state_names = [state.name for state in net._velocities]
    assert sum("layer2" in name for name in state_names) == 4  # Adam's m and v of W and b
    assert not any("layer0" in name for name in state_names)  # none for the frozen layer
    thawed = NetworkClassifier(ae.encoder_specs(trainable=True) + [8, "relu"], optimizer="adam",
                               epochs=5, batch_size=20, random_state=0, verbose=0).fit(X, y)
    np.testing.assert_array_equal(start[0], pretrained[0])  # it started from them
    assert not np.array_equal(thawed.get_weights()[0], pretrained[0])


def test_a_refit_starts_again_from_the_pretrained_weights():
    X, y = _images()
    ae = NetworkAutoencoder([3, "relu"], epochs=2, batch_size=20, random_state=0,
                            verbose=0).fit(X)
    net = NetworkClassifier(ae.encoder_specs(trainable=True), epochs=3, batch_size=20,
                            random_state=0, verbose=0)
    first = [w.copy() for w in net.fit(X, y).get_weights()]
    second = net.fit(X, y).get_weights()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_penalties_cover_the_trainable_weights_only():
    X, y = _images()
    ae = NetworkAutoencoder([3, "relu"], epochs=1, batch_size=20, random_state=0,
                            verbose=0).fit(X)
    net = NetworkClassifier(ae.encoder_specs(), l2_penalty=0.5, epochs=1, batch_size=20,
                            random_state=0, verbose=0).fit(X, y)
    output_W = net.output_layer_.W.get_value()
    assert float(net.penalty().eval()) == pytest.approx(0.5 * np.sum(output_W ** 2))


def test_a_network_on_a_frozen_encoder_saves_and_loads(tmp_path):
    X, y = _images()
    ae = NetworkAutoencoder([3, "relu"], epochs=1, batch_size=20, random_state=0,
                            verbose=0).fit(X)
    net = NetworkClassifier(ae.encoder_specs() + ["dropout 0.1"], epochs=2, batch_size=20,
                            random_state=0, verbose=0).fit(X, y)
    loaded = load_model(save_model(net, tmp_path / "net.npz"))
    np.testing.assert_array_equal(loaded.predict_proba(X), net.predict_proba(X))
    frozen = parse_layer(loaded.layers[0])
    assert isinstance(frozen, DenseSpec) and not frozen.trainable
    np.testing.assert_array_equal(frozen.weights[0], ae.get_weights()[0])
    saved_ae = load_model(save_model(ae, tmp_path / "ae.npz"))
    np.testing.assert_array_equal(saved_ae.reconstruct(X), ae.reconstruct(X))


def test_bad_settings_and_input_name_the_argument():
    X, _ = _images()
    with pytest.raises(ValueError, match="loss must be one of"):
        NetworkAutoencoder(loss="hinge", verbose=0).fit(X)
    with pytest.raises(ValueError, match="encoder must contain a dense layer"):
        NetworkAutoencoder(encoder=["relu"], verbose=0).fit(X)
    with pytest.raises(ValueError, match="decoder must be a list"):
        NetworkAutoencoder(decoder="relu", verbose=0).fit(X)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        NetworkAutoencoder(loss="binary_crossentropy", batch_size=20, verbose=0).fit(X + 1)
    NetworkAutoencoder(epochs=1, batch_size=20, verbose=0).fit(X * 3 - 1)  # MSE: any reals
    with pytest.raises(ValueError, match="target of a reconstruction is its input"):
        NetworkAutoencoder(epochs=1, batch_size=20, verbose=0).fit(
            X, validation_data=(X, X[::-1]))
    with pytest.raises(ValueError, match=r"weights must have shapes \(\(12, 3\), \(3,\)\)"):
        NetworkClassifier([DenseSpec(3, weights=(np.zeros((5, 3)), np.zeros(3)))],
                          verbose=0).fit(X, _images()[1])
    with pytest.raises(ValueError, match="codes"):
        NetworkAutoencoder([3], epochs=1, batch_size=20, verbose=0).fit(X).inverse_transform(X)


def _tied_step(X, W, b, c, lr):
    """One SGD step of tanh(X W + b) Wᵀ + c, mean squared error (NumPy): W gets both gradients."""
    h = np.tanh(X @ W + b)
    r = h @ W.T + c
    dr = 2 * (r - X) / X.size
    dz = (dr @ W) * (1 - h ** 2)
    return [W - lr * (X.T @ dz + dr.T @ h), b - lr * dz.sum(axis=0), c - lr * dr.sum(axis=0)]


def test_tied_weights_are_one_variable_and_take_both_gradients():
    X, _ = _images(40)
    start = []
    ae = NetworkAutoencoder([4, "tanh"], tied=True, output_activation="linear", optimizer="sgd",
                            learning_rate=0.5, epochs=2, batch_size=40, shuffle=False,
                            random_state=1, verbose=0)
    ae.fit(X, callbacks=[LambdaCallback(on_train_begin=lambda logs: start.extend(
        ae.get_weights()))])
    (decoder,) = ae.decoder_layers_
    assert decoder.W is ae.encoder_layers_[0].W and len(ae.params_) == 3
    expected = start
    for _ in range(2):
        expected = _tied_step(X, *expected, lr=0.5)
    for got, want in zip(ae.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_a_deep_tied_stack_mirrors_the_encoders_activations():
    X, _ = _images()
    ae = NetworkAutoencoder([DenseSpec(8, "elu", "he_normal"), 3, "tanh"], tied=True,
                            output_activation="sigmoid", epochs=2, batch_size=20,
                            random_state=0, verbose=0).fit(X)
    top, bottom = ae.decoder_layers_
    encoder_dense = [layer for layer in ae.encoder_layers_ if hasattr(layer, "W")]
    assert top.W is encoder_dense[1].W and bottom.W is encoder_dense[0].W
    assert (top.activation_name, bottom.activation_name) == ("elu", "sigmoid")
    assert ae.weights_ == [layer.W for layer in encoder_dense]  # each matrix once
    untied = NetworkAutoencoder([DenseSpec(8, "elu"), 3, "tanh"], decoder=[8, "elu"],
                                random_state=0, verbose=0)
    assert len(untied.fit(X, epochs=1, batch_size=20).params_) == len(ae.params_) + 2
    with pytest.raises(ValueError, match="tied=True mirrors the encoder: decoder must be empty"):
        NetworkAutoencoder([3], decoder=[5], tied=True, verbose=0).fit(X)
