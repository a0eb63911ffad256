import numpy as np
import pytest

from graphae.models import NetworkAutoencoder, SparseAutoencoder


def _images(n=400, d=16, seed=0):
    rng = np.random.default_rng(seed)
    return np.clip(rng.random((n, 4)) @ rng.random((4, d)) / 4, 0, 1)


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def test_defaults_are_gerons_sparse_autoencoder():
    sae = SparseAutoencoder()
    assert (sae.n_hidden, sae.sparsity_target, sae.sparsity_weight, sae.output_activation,
            sae.loss, sae.optimizer, sae.learning_rate, sae.batch_size) == (
        1000, 0.1, 0.2, "linear", "mse", "adam", 0.01, 1000)
    assert isinstance(sae, NetworkAutoencoder)
    assert sae.encoder[0].activation == "sigmoid"


def test_the_penalty_brings_over_complete_codes_to_the_target_rate():
    X = _images()
    options = dict(n_hidden=32, epochs=150, batch_size=100, random_state=0, verbose=0)
    sparse = SparseAutoencoder(sparsity_target=0.05, sparsity_weight=1.0, **options).fit(X)
    plain = SparseAutoencoder(sparsity_target=0.05, sparsity_weight=0.0, **options).fit(X)
    rates, plain_rates = sparse.transform(X).mean(0), plain.transform(X).mean(0)
    assert abs(rates.mean() - 0.05) < 0.02 < abs(plain_rates.mean() - 0.05)
    kl = sparse.history_.batch_array("sparsity_loss")
    assert kl[-10:].mean() < 0.2 * kl[:10].mean()


def test_recorded_sparsity_loss_is_the_kl_of_the_minibatch_rates():
    X = _images(n=50)
    sae = SparseAutoencoder(8, sparsity_target=0.2, epochs=1, batch_size=50, shuffle=False,
                            learning_rate=1e-12, random_state=0, verbose=0).fit(X)
    W, b = sae.get_weights()[:2]  # the step moved them by ~1e-12
    rho, rates = 0.2, _sigmoid(X @ W + b).mean(0)
    expected = np.sum(rho * np.log(rho / rates) + (1 - rho) * np.log((1 - rho) / (1 - rates)))
    np.testing.assert_allclose(sae.history_.batch_array("sparsity_loss"), [expected], rtol=1e-8)
    reconstruction = sae.reconstruct(X)
    np.testing.assert_allclose(sae.history_.batch_array("loss"),
                               [np.mean((X - reconstruction) ** 2)], rtol=1e-8)


def test_sparsity_settings_are_shared_scalars_and_checked():
    X = _images(n=100)
    sae = SparseAutoencoder(8, epochs=1, batch_size=50, random_state=0, verbose=0).fit(X)
    compiles = sae._compiled.compiles
    sae.set_params(sparsity_target=0.3, sparsity_weight=2.0).fit(X)
    assert sae._compiled.compiles == compiles
    with pytest.raises(ValueError, match="sparsity_target"):
        SparseAutoencoder(8, sparsity_target=1.0, batch_size=50, verbose=0).fit(X)
    with pytest.raises(ValueError, match="sparsity_weight"):
        SparseAutoencoder(8, sparsity_weight=-0.1, batch_size=50, verbose=0).fit(X)
    with pytest.raises(ValueError, match="n_hidden"):
        SparseAutoencoder(0, batch_size=50, verbose=0).fit(X)
