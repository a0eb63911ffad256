import numpy as np
import pytest
from scipy.linalg import subspace_angles

from graphae.datasets import make_3d_dataset, standardize
from graphae.models import LinearAutoEncoder, NetworkAutoencoder


def _lecture_data():
    data = make_3d_dataset()
    return standardize(data[:100], data[100:])


def test_seed_003_18_3_finds_pcas_plane_within_a_degree():
    X, X_test = _lecture_data()
    ae = LinearAutoEncoder(random_state=42, verbose=0).fit(X)  # 2 codes, Adam 0.01, 1000 steps
    assert len(ae.costs_) == 1000  # one full-batch step per epoch
    principal = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)[2][:2]
    encoder_W, _, decoder_W, _ = ae.get_weights()
    assert np.degrees(subspace_angles(encoder_W, principal.T)).max() < 1.0
    assert np.degrees(subspace_angles(decoder_W.T, principal.T)).max() < 1.0
    best = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)[2] ** 2 / X.size
    assert ae.reconstruction_cost(X) == pytest.approx(best, rel=1e-3)  # PCA's least error
    assert ae.transform(X_test).shape == (100, 2)


def test_it_is_a_network_autoencoder_configuration():
    ae = LinearAutoEncoder(5)
    assert isinstance(ae, NetworkAutoencoder)
    assert (ae.encoder, ae.decoder, ae.output_activation, ae.loss, ae.optimizer,
            ae.learning_rate) == ([5], (), "linear", "mse", "adam", 0.01)
    X, _ = _lecture_data()
    with pytest.raises(ValueError, match="n_components must be a positive integer"):
        LinearAutoEncoder(0, verbose=0).fit(X)
