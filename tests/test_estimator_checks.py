"""Estimator-contract checks run over every model class.

In the style of scikit-learn's ``parametrize_with_checks``: each check is a
function of a fresh, small, unfitted estimator; every (model, check) pair is
one test. A new model joins by being listed in ``graphae.models.MODELS`` and
having a small configuration in ``SMALL``.
"""

import inspect

import numpy as np
import pytest

from graphae.base import clone
from graphae.models import MODELS, NotFittedError

SMALL = {
    "DeepAutoEncoder": dict(hidden_layer_sizes=[5, 2]),
    "ANN": dict(hidden_layer_sizes=[6]),
    "LogisticRegression": dict(learning_rate=0.1),
    "MLPClassifier": dict(hidden_layer_sizes=[6], learning_rate=0.1),
    "SoftmaxRegression": dict(learning_rate=0.5),
    "NetworkClassifier": dict(layers=[6, "relu", "dropout 0.1"], optimizer="adam"),
    "NetworkAutoencoder": dict(encoder=[5, "relu", "dropout 0.1", 2], decoder=[5, "tanh"]),
    "OjaRule": dict(n_components=2, rule="sanger"),
    "LinearAutoEncoder": dict(n_components=2),
    "StackedAutoencoder": dict(hidden_layer_sizes=[5, 2], tied=True, input_dropout=0.2),
    "VAE": dict(hidden_layer_sizes=[5], n_latent=2),
    "SparseAutoencoder": dict(n_hidden=12, sparsity_target=0.05),
    "BernoulliRBM": dict(n_hidden=4, init="glorot", learning_rate=0.1),
}
COMMON = dict(epochs=2, batch_size=10, verbose=0, random_state=0)


def _data(estimator):
    rng = np.random.default_rng(0)
    X = rng.random((40, 7))
    return (X, rng.integers(0, 3, 40)) if estimator._estimator_type == "classifier" else (X,)


def check_init_stores_params_unchanged(estimator):
    params = estimator.get_params()
    signature = inspect.signature(type(estimator).__init__)
    assert set(params) == set(signature.parameters) - {"self"}
    for name, value in params.items():
        assert getattr(estimator, name) is value


def check_no_learned_state_before_fit(estimator):
    learned = [k for k in vars(estimator) if k.endswith("_") and not k.startswith("_")]
    assert learned == []
    with pytest.raises(NotFittedError):
        estimator.get_weights()


def check_fit_returns_self_and_sets_learned_attributes(estimator):
    assert estimator.fit(*_data(estimator)) is estimator
    for name in ("params_", "history_", "costs_", "n_features_in_"):
        assert hasattr(estimator, name), name
    assert len(estimator.costs_) == 2 * 4


def check_set_params_and_invalid_name(estimator):
    assert estimator.set_params(epochs=3) is estimator and estimator.epochs == 3
    with pytest.raises(ValueError, match="invalid parameter 'epoch'"):
        estimator.set_params(epoch=3)


def check_clone_is_unfitted_with_equal_params(estimator):
    estimator.fit(*_data(estimator))
    copy = clone(estimator)
    assert copy is not estimator and not hasattr(copy, "params_")
    assert repr(copy) == repr(estimator)


def check_same_seed_same_result(estimator):
    data = _data(estimator)
    first = estimator.fit(*data).costs_.copy()
    np.testing.assert_array_equal(clone(estimator).fit(*data).costs_, first)


def check_fit_does_not_modify_input(estimator):
    data = _data(estimator)
    copies = [d.copy() for d in data]
    estimator.fit(*data)
    for original, copy in zip(data, copies):
        np.testing.assert_array_equal(original, copy)


def check_outputs_and_score(estimator):
    data = _data(estimator)
    estimator.fit(*data)
    X = data[0]
    if estimator._estimator_type == "classifier":
        assert estimator.predict(X).shape == (40,)
        np.testing.assert_allclose(estimator.predict_proba(X).sum(axis=1), 1.0)
        assert 0.0 <= estimator.score(*data) <= 1.0
    else:
        codes = estimator.transform(X)
        assert estimator.inverse_transform(codes).shape == X.shape
        assert estimator.score(X) == pytest.approx(-estimator.reconstruction_cost(X))


def check_warm_start_continues(estimator):
    data = _data(estimator)
    estimator.set_params(warm_start=True).fit(*data)
    weights = estimator.get_weights()
    estimator.fit(*data, epochs=1)
    assert not all(np.array_equal(a, b) for a, b in zip(weights, estimator.get_weights()))
    cold = clone(estimator).set_params(warm_start=False).fit(*data, epochs=1)
    assert not np.array_equal(cold.costs_, estimator.costs_)


def check_partial_fit_runs_one_epoch_per_call(estimator):
    data = _data(estimator)
    extra = {"classes": [0, 1, 2]} if estimator._estimator_type == "classifier" else {}
    estimator.partial_fit(*data, **extra)
    estimator.partial_fit(*data)
    assert estimator.history_.n_epochs == 2
    assert estimator.history_.epoch["epoch"] == [0, 1]
    assert estimator.history_.epoch["cost"][1] < estimator.history_.epoch["cost"][0] * 1.5


def check_validation_metrics_recorded(estimator):
    data = _data(estimator)
    validation = data if estimator._estimator_type == "classifier" else data[0]
    history = estimator.fit_history(*data, validation_data=validation)
    assert "val_loss" in history.epoch and len(history.epoch["val_loss"]) == 2
    assert history.epoch["val_loss"][-1] == pytest.approx(estimator.evaluate(*data)["loss"])


def check_weights_round_trip(estimator):
    estimator.fit(*_data(estimator))
    weights = estimator.get_weights()
    estimator.set_weights([w * 0 for w in weights])
    assert all(not w.any() for w in estimator.get_weights())
    estimator.set_weights(weights)
    with pytest.raises(ValueError, match="expected"):
        estimator.set_weights(weights[:-1])


def check_scikit_learn_clone_and_refit_after_set_params(estimator):
    sklearn_base = pytest.importorskip("sklearn.base", reason="scikit-learn is optional")
    copy = sklearn_base.clone(estimator)
    assert type(copy) is type(estimator) and copy.get_params() == estimator.get_params()
    assert not hasattr(copy, "params_")
    for a, b in zip(copy.fit(*_data(copy)).get_weights(),
                    estimator.fit(*_data(estimator)).get_weights()):
        np.testing.assert_array_equal(a, b)  # same hyper-parameters, same seed, same model


CHECKS = [value for name, value in dict(globals()).items() if name.startswith("check_")]


def test_every_model_has_a_small_configuration():
    assert set(MODELS) == set(SMALL)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_estimator_contract(name, check):
    check(MODELS[name](**SMALL[name], **COMMON))
