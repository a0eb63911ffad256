import numpy as np
import pytest

from graphae.layers import Dropout, GaussianNoise, TransposedDense
from graphae.models import NetworkAutoencoder, StackedAutoencoder


def _images(n=300, d=16, seed=0):
    rng = np.random.default_rng(seed)
    return np.clip(rng.random((n, 4)) @ rng.random((4, d)) / 4, 0, 1)


def test_defaults_are_seed_003_18_5():
    sae = StackedAutoencoder()
    assert ([s.units for s in sae.encoder], [s.units for s in sae.decoder]) == ([300, 150], [300])
    assert {s.activation for s in sae.encoder + sae.decoder} == {"elu"}
    assert {s.init for s in sae.encoder + sae.decoder} == {"he_normal"} == {sae.output_init}
    assert (sae.output_activation, sae.loss, sae.optimizer, sae.learning_rate, sae.l2_penalty,
            sae.batch_size, sae.epochs) == ("linear", "mse", "adam", 0.01, 5e-5, 150, 5)
    assert isinstance(sae, NetworkAutoencoder)


def test_tied_stack_shares_each_matrix_and_learns():
    X = _images()
    sae = StackedAutoencoder([8, 3], tied=True, epochs=20, batch_size=30, random_state=0,
                             verbose=0).fit(X)
    assert all(isinstance(layer, TransposedDense) for layer in sae.decoder_layers_)
    assert [layer.W for layer in sae.decoder_layers_] == sae.weights_[::-1]
    assert sae.costs_[-5:].mean() < 0.5 * sae.costs_[:5].mean()


@pytest.mark.parametrize("options, layer", [({"input_noise": 1.0}, GaussianNoise),
                                            ({"input_dropout": 0.3}, Dropout)])
def test_denoising_corrupts_in_training_only(options, layer):
    X = _images()
    sae = StackedAutoencoder([8, 3], epochs=2, batch_size=30, random_state=0, verbose=0,
                             **options).fit(X)
    assert isinstance(sae.encoder_layers_[0], layer)
    np.testing.assert_array_equal(sae.transform(X), sae.transform(X))
    W, b = sae.get_weights()[:2]
    h = X @ W + b
    first = np.where(h > 0, h, np.expm1(h))  # elu, no corruption in prediction
    W2, b2 = sae.get_weights()[2:4]
    z = first @ W2 + b2
    np.testing.assert_allclose(sae.transform(X), np.where(z > 0, z, np.expm1(z)), rtol=1e-10)


@pytest.mark.parametrize("tied", [False, True])
def test_layerwise_training_builds_the_stack_from_its_phases(tied):
    X = _images()
    sae = StackedAutoencoder([8, 3], tied=tied, epochs=15, batch_size=30, random_state=0,
                             verbose=0).fit_layerwise(X)
    assert len(sae.layerwise_histories_) == 2
    assert sae.history_.n_epochs == 30 and len(sae.costs_) == 30 * 10
    stacked = sae.reconstruction_cost(X)
    untrained = StackedAutoencoder([8, 3], tied=tied, epochs=1, batch_size=30, random_state=0,
                                   learning_rate=1e-9, verbose=0).fit(X)
    assert stacked < 0.5 * untrained.reconstruction_cost(X)
    weights = [w.copy() for w in sae.get_weights()]
    sae.set_params(warm_start=True).fit(X, epochs=1)  # fine-tuning starts from the phases
    assert sae.reconstruction_cost(X) < stacked * 1.5
    assert not all(np.array_equal(a, b) for a, b in zip(weights, sae.get_weights()))


def test_bad_corruption_names_the_argument():
    X = _images()
    with pytest.raises(ValueError, match="input_dropout"):
        StackedAutoencoder([4], input_dropout=1.5, verbose=0).fit(X)
    with pytest.raises(ValueError, match="input_noise"):
        StackedAutoencoder([4], input_noise=-1, verbose=0).fit(X)
