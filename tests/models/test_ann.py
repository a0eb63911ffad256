import numpy as np
import pytest

from graphae.callbacks import LambdaCallback
from reference import ann_cost_and_grads, momentum_step

from graphae import ANN, init_weights


@pytest.fixture
def labelled():
    rng = np.random.default_rng(4)
    return rng.random((45, 10)), rng.integers(0, 4, 45)


def test_three_steps_match_numpy_reference(labelled):
    X, Y = labelled
    ann = ANN([8, 6, 5], learning_rate=0.05, momentum=0.9, epochs=1, batch_size=15,
              shuffle=False, random_state=9, verbose=0).fit(X, Y)
    rng = np.random.default_rng(9)
    dims = [10, 8, 6, 5, 4]
    Ws = [init_weights((a, b), rng) for a, b in zip(dims[:-1], dims[1:])]
    bs = [np.zeros(b) for b in dims[1:]]
    params, velocities = Ws + bs, [np.zeros_like(p) for p in Ws + bs]
    costs, errors, changes = [], [], []
    for step in range(3):
        rows = slice(15 * step, 15 * step + 15)
        cost, error, gW, gb = ann_cost_and_grads(X[rows], Y[rows], Ws, bs)
        before = [W.copy() for W in Ws]
        momentum_step(params, velocities, gW + gb, 0.05, 0.9)
        costs.append(cost)
        errors.append(error)
        changes.append([np.abs(W - old).mean() for W, old in zip(Ws, before)])
    np.testing.assert_allclose(ann.costs_, costs, rtol=0, atol=1e-10)
    np.testing.assert_allclose(ann.batch_errors_, errors, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ann.weight_changes_, changes, rtol=0, atol=1e-10)
    for W_model, W in zip(ann.allWs, Ws):
        np.testing.assert_allclose(W_model.get_value(), W, rtol=0, atol=1e-10)
    for layer, b in zip(ann.hidden_layers_ + [ann.output_layer_], bs):
        np.testing.assert_allclose(layer.b.get_value(), b, rtol=0, atol=1e-10)


def test_allWs_and_weight_change_record_shapes(labelled):
    X, Y = labelled
    ann = ANN([7, 5], epochs=3, batch_size=10, verbose=0, random_state=0).fit(X, Y)
    assert [W.get_value().shape for W in ann.allWs] == [(10, 7), (7, 5), (5, 4)]
    assert ann.allWs[-1] is ann.output_layer_.W  # output layer last
    assert ann.weight_changes_.shape == (3 * 4, 3)
    assert ann.costs_.shape == (12,)
    assert np.all(ann.weight_changes_ > 0)


def test_predict_score_and_learning():
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 3, (3, 4))
    Y = rng.integers(0, 3, 300)
    X = centres[Y] + rng.normal(0, 0.5, (300, 4))
    ann = ANN([16], learning_rate=0.1, momentum=0.9, epochs=20, batch_size=30,
              verbose=0, random_state=0).fit(X, Y)
    proba = ann.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ann.predict(X).shape == (300,)
    assert ann.score(X, Y) > 0.9
    assert ann.error_rate(X, Y) == pytest.approx(1 - ann.score(X, Y))


@pytest.mark.parametrize(
    "Y, message",
    [
        (lambda n: np.arange(n) - 1, "negative labels"),
        (lambda n: np.full(n, 0.5), "integer class labels"),
        (lambda n: np.zeros(n - 1, int), "labels but X has"),
        (lambda n: np.full(n, 7), "label 7 but the model has 4 classes"),
        (lambda n: np.zeros((n, 2), int), "must be 1-D"),
    ],
)
def test_bad_labels_raise(labelled, Y, message):
    X, _ = labelled
    with pytest.raises(ValueError, match=message):
        ANN([3], n_classes=4, batch_size=5, verbose=0).fit(X, Y(len(X)))


@pytest.mark.parametrize(
    "X, message",
    [(np.zeros(45), "must be 2-D"), (np.zeros((0, 10)), "empty"),
     (np.full((45, 10), np.inf), "infinite")],
)
def test_bad_features_raise(labelled, X, message):
    with pytest.raises(ValueError, match=message):
        ANN([3], batch_size=5, verbose=0).fit(X, labelled[1][: len(X)] if len(X) else [])


def test_batch_larger_than_data(labelled):
    X, Y = labelled
    with pytest.raises(ValueError, match="batch_size=100 is larger than the 45 samples"):
        ANN([3], verbose=0).fit(X, Y)


def test_same_seed_same_costs(labelled):
    X, Y = labelled
    a, b = (ANN([6], epochs=2, batch_size=9, random_state=2, verbose=0).fit(X, Y) for _ in range(2))
    np.testing.assert_array_equal(a.costs_, b.costs_)
    np.testing.assert_array_equal(a.weight_changes_, b.weight_changes_)


def test_divergence_is_detected_by_default_and_weights_stay_finite():
    from graphae.training import TrainingDiverged

    rng = np.random.default_rng(0)
    X, Y = rng.random((60, 5)) * 1e3, rng.integers(0, 3, 60)
    # the NLL from the logits stays finite until the weights overflow: a rate near the
    # largest float does it in the second epoch
    ann = ANN([4], learning_rate=1e307, momentum=0.99, epochs=30, batch_size=10, verbose=0,
              random_state=0)
    with pytest.raises(TrainingDiverged, match=r"epoch \d+, minibatch \d+") as raised:
        ann.fit(X, Y)
    assert all(np.isfinite(w).all() for w in ann.get_weights())
    assert not np.isfinite(ann.costs_[-1]) and np.isfinite(ann.costs_[:-1]).all()
    assert len(ann.costs_) == raised.value.epoch * 6 + raised.value.batch + 1


def test_divergence_restores_the_momentum_state_too_and_keeps_partial_history():
    from graphae.training import TrainingDiverged

    rng = np.random.default_rng(0)
    X, Y = rng.random((60, 5)), rng.integers(0, 3, 60)
    ann = ANN([4], learning_rate=0.1, epochs=1, batch_size=10, verbose=0, random_state=0)
    ann.partial_fit(X, Y)
    ann.partial_fit(X, Y)
    steps = len(ann.costs_)
    ann.set_params(learning_rate=1e307, momentum=0.99)  # overflows the weights
    seen = []

    class BeforeEachBatch(LambdaCallback):
        def on_batch_begin(self, batch, logs=None):
            seen.append([p.get_value() for p in [*ann.params_, *ann._velocities]])

    with pytest.raises(TrainingDiverged, match="restored to those before minibatch") as raised:
        for _ in range(30):
            ann.partial_fit(X * 1e3, Y, callbacks=[BeforeEachBatch()])
    assert all(np.isfinite(v.get_value()).all() for v in ann._velocities)
    assert len(ann.costs_) > steps and np.isfinite(ann.costs_[:steps]).all()  # kept
    # the last finite state: weights and velocities from just before the bad minibatch
    before_bad = seen[-1]
    assert raised.value.batch == (len(seen) - 1) % 6  # the minibatch that diverged
    for variable, value in zip([*ann.params_, *ann._velocities], before_bad):
        np.testing.assert_array_equal(variable.get_value(), value)
