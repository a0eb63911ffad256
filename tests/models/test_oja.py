import numpy as np
import pytest
from scipy.linalg import subspace_angles

from graphae.callbacks import LambdaCallback
from graphae.datasets import make_3d_dataset, standardize
from graphae.models import OjaRule


def _lecture_data():
    """Seed 003 §18.3: the 3-D points, standardised on the first 100 (StandardScaler)."""
    data = make_3d_dataset()
    return standardize(data[:100], data[100:])


def _principal_components(X):
    return np.linalg.svd(X - X.mean(axis=0), full_matrices=False)[2]


def _degrees_between(u, v):
    cosine = abs(u @ v) / np.linalg.norm(u) / np.linalg.norm(v)
    return np.degrees(np.arccos(min(cosine, 1.0)))


def _rule_step(X, W, lr, rule):
    Y = X @ W
    M = Y.T @ Y if rule == "oja" else np.triu(Y.T @ Y)
    return W + lr * (X.T @ Y - W @ M) / len(X)


@pytest.mark.parametrize("rule", ["oja", "sanger"])
def test_three_steps_equal_the_published_rule(rule):
    X, _ = _lecture_data()
    start = []
    oja = OjaRule(2, rule, learning_rate=0.05, epochs=3, batch_size=100, shuffle=False,
                  random_state=0, verbose=0)
    oja.fit(X, callbacks=[LambdaCallback(on_train_begin=lambda logs: start.extend(
        oja.get_weights()))])
    W = start[0]
    for _ in range(3):
        W = _rule_step(X, W, 0.05, rule)
    np.testing.assert_allclose(oja.get_weights()[0], W, rtol=1e-12)
    assert oja.costs_[-1] < oja.costs_[0]  # the rule lowers the reconstruction error


def test_one_neuron_finds_the_first_principal_component_within_a_degree():
    X, _ = _lecture_data()
    oja = OjaRule(learning_rate=0.005, epochs=100, random_state=0, verbose=0).fit(X)
    assert _degrees_between(oja.components_[0], _principal_components(X)[0]) < 1.0
    assert np.linalg.norm(oja.components_[0]) == pytest.approx(1.0, abs=0.01)


def test_oja_spans_the_principal_plane_and_sanger_finds_each_component():
    X, X_test = _lecture_data()
    pcs = _principal_components(X)
    options = dict(learning_rate=0.005, epochs=100, random_state=1, verbose=0)
    subspace = OjaRule(2, "oja", **options).fit(X)
    assert np.degrees(subspace_angles(subspace.components_.T, pcs[:2].T)).max() < 1.0
    sanger = OjaRule(2, "sanger", **options).fit(X)
    for learned, component in zip(sanger.components_, pcs[:2]):
        assert _degrees_between(learned, component) < 1.0
    codes = sanger.transform(X_test)
    np.testing.assert_allclose(codes, X_test @ sanger.components_.T, rtol=1e-12)


def test_same_seed_same_run_and_bad_settings():
    X, _ = _lecture_data()
    first = OjaRule(epochs=2, random_state=3, verbose=0).fit(X)
    second = OjaRule(epochs=2, random_state=3, verbose=0).fit(X)
    np.testing.assert_array_equal(first.costs_, second.costs_)
    with pytest.raises(ValueError, match="rule must be one of oja, sanger; got 'gha'"):
        OjaRule(rule="gha", verbose=0).fit(X)
    with pytest.raises(ValueError, match="n_components=4 is more than the 3 features"):
        OjaRule(4, verbose=0).fit(X)
