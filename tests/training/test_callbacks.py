import math

import numpy as np
import pytest

import graphae
from graphae.callbacks import (
    Callback,
    CSVLogger,
    EarlyStopping,
    LambdaCallback,
    LearningRateScheduler,
    PatienceEarlyStopping,
    TerminateOnNaN,
    exponential_decay,
    step_decay,
)
from graphae.history import History


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 2, (3, 5))
    y = rng.integers(0, 3, 200)
    X = centres[y] + rng.normal(0, 1.0, (200, 5))
    return X[:120], y[:120], X[120:], y[120:]


def _ann(**kwargs):
    settings = dict(learning_rate=0.05, momentum=0.9, epochs=30, batch_size=20,
                    verbose=0, random_state=0)
    return graphae.ANN([8], **{**settings, **kwargs})


class _RecordWeights(Callback):
    def on_train_begin(self, logs=None):
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append(self.model.get_weights())


def test_hooks_are_called_in_order(blobs):
    X, y, _, _ = blobs
    calls = []
    hooks = {name: (lambda name: lambda *args: calls.append(name))(name)
             for name in LambdaCallback._HOOKS}
    _ann(epochs=2, batch_size=60).fit(X, y, callbacks=[LambdaCallback(**hooks)])
    assert calls == (["on_train_begin"]
                     + (["on_epoch_begin"] + ["on_batch_begin", "on_batch_end"] * 2
                        + ["on_epoch_end"]) * 2 + ["on_train_end"])
    with pytest.raises(TypeError, match="unknown hook"):
        LambdaCallback(on_epoch_finish=print)


def test_early_stopping_restores_best_weights(blobs):
    X, y, X_val, y_val = blobs
    # a large learning rate makes validation loss bounce, so the last epoch is not the best
    stopper = EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    recorder = _RecordWeights()
    ann = _ann(learning_rate=2.0, momentum=0.9, epochs=60)
    ann.fit(X, y, validation_data=(X_val, y_val), callbacks=[recorder, stopper])
    val_losses = ann.history_.epoch["val_loss"]
    assert stopper.stopped_epoch is not None and len(val_losses) < 60
    assert stopper.best_epoch == int(np.argmin(val_losses))
    assert stopper.best_epoch != len(val_losses) - 1
    for restored, best in zip(ann.get_weights(), recorder.weights[stopper.best_epoch]):
        np.testing.assert_array_equal(restored, best)
    assert ann.evaluate(X_val, y_val)["loss"] == pytest.approx(min(val_losses))


def test_early_stopping_needs_the_monitored_metric(blobs):
    X, y, _, _ = blobs
    with pytest.raises(ValueError, match="pass validation_data"):
        _ann(epochs=2).fit(X, y, callbacks=[EarlyStopping(monitor="val_loss")])


def test_tutorial_patience_rule(blobs):
    X, y, X_val, y_val = blobs
    stopper = PatienceEarlyStopping(patience=12, patience_increase=2,
                                    improvement_threshold=0.995, validation_frequency=3,
                                    test_data=(X_val, y_val))
    ann = _ann(epochs=200).fit(X, y, validation_data=(X_val, y_val), callbacks=[stopper])
    iterations = [record[2] for record in stopper.records]
    assert iterations[:3] == [2, 5, 8]  # every validation_frequency minibatches
    last_iteration = (ann.history_.n_epochs - 1) * 6 + len(ann.history_.batch["cost"]) % 6 - 1
    assert ann.history_.n_epochs < 200 and stopper.patience <= last_iteration + 6
    scores = [record[3] for record in stopper.records]
    assert stopper.best_score == min(scores)
    assert stopper.test_score is not None


def test_terminate_on_nan_stops_training(blobs):
    X, y, _, _ = blobs
    terminate = TerminateOnNaN()
    # the NLL from the logits stays finite until the weights overflow
    ann = _ann(learning_rate=1e307, momentum=0.99, epochs=20)
    ann.fit(X * 1e3, y, callbacks=[terminate])
    assert terminate.stopped_at is not None
    assert not math.isfinite(ann.costs_[-1])
    assert all(math.isfinite(c) for c in ann.costs_[:-1])
    epoch, batch = terminate.stopped_at
    assert len(ann.costs_) == epoch * 6 + batch + 1 < 20 * 6


def test_learning_rate_schedule_without_recompiling(blobs):
    X, y, _, _ = blobs
    ann = _ann(epochs=4, learning_rate=0.1)
    ann.fit(X, y, callbacks=[LearningRateScheduler(step_decay(drop=0.5, every=2))])
    assert ann.history_.epoch["learning_rate"] == pytest.approx([0.1, 0.1, 0.05, 0.05])
    compiled = ann._compiled["train"]
    ann.fit(X, y, callbacks=[LearningRateScheduler(exponential_decay(0.5))])
    assert ann._compiled["train"] is compiled
    assert ann.history_.epoch["learning_rate"] == pytest.approx([0.1, 0.05, 0.025, 0.0125])
    with pytest.raises(ValueError, match="learning rate -1"):
        ann.fit(X, y, callbacks=[LearningRateScheduler(lambda e, lr: -1)])


def test_csv_logger_and_history_round_trip(blobs, tmp_path):
    X, y, X_val, y_val = blobs
    ann = _ann(epochs=3).fit(X, y, validation_data=(X_val, y_val),
                             callbacks=[CSVLogger(tmp_path / "log.csv")])
    logged = History.read_csv(tmp_path / "log.csv")
    for key in ("cost", "val_loss", "val_accuracy", "learning_rate"):
        assert logged.epoch[key] == pytest.approx(ann.history_.epoch[key])
    assert logged.epoch["epoch"] == ann.history_.epoch["epoch"] == [0, 1, 2]
    ann.history_.to_csv(tmp_path / "h.csv")
    text = (tmp_path / "h.csv").read_text().splitlines()
    assert [row.split(",")[0] for row in text[1:]] == ["1", "2", "3"]  # as the progress counts
    assert all(len(cell) <= 18 for row in text[1:] for cell in row.split(","))  # 12 digits
    read = History.read_csv(tmp_path / "h.csv")
    assert read.epoch.keys() == ann.history_.epoch.keys()
    for key, column in ann.history_.epoch.items():  # 12 significant digits survive
        assert read.epoch[key] == pytest.approx(column, rel=1e-11, abs=0), key
    ann.history_.to_csv(tmp_path / "b.csv", table="batch")
    read = History.read_csv(tmp_path / "b.csv", table="batch")
    for key, column in ann.history_.batch.items():
        assert read.batch[key] == pytest.approx(column, rel=1e-11, abs=0), key
    restored = History.from_dict(ann.history_.to_dict())
    assert restored.to_dict() == ann.history_.to_dict()
    figure = ann.history_.plot(tmp_path / "history.png", keys=["cost", "val_loss"])
    assert len(figure.axes) == 2 and (tmp_path / "history.png").stat().st_size > 5000


def test_cross_validation_stop_stops_at_the_first_rise_beyond_the_factor():
    from graphae.training.callbacks import CrossValidationStop

    class Model:
        stop_training = False

        def get_weights(self):
            return [self.epoch]

        def set_weights(self, weights):
            self.restored = weights

    model, stop = Model(), CrossValidationStop(0.1, restore_best_weights=True)
    stop.set_model(model)
    stop.on_train_begin()
    for epoch, error in enumerate([2.0, 1.0, 1.05, 1.1, 0.9, 0.95, 0.991]):
        model.epoch = epoch
        logs = {"val_loss": error}
        stop.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    # 1.05 and 1.1 are within 10 % of 1.0 (1.1 is not above 1.1); 0.991 is above 1.1 · 0.9
    assert (stop.stopped_epoch, stop.best, stop.best_epoch) == (6, 0.9, 4)
    assert "rose more than 0.1 above its minimum 0.9" in logs["stop_reason"]
    stop.on_train_end()
    assert model.restored == [4]
    with pytest.raises(ValueError, match="factor"):
        CrossValidationStop(-0.1)


def test_cross_validation_stop_ends_a_real_fit():
    from graphae.models import NetworkClassifier
    from graphae.training.callbacks import CrossValidationStop

    rng = np.random.default_rng(0)
    X, y = rng.random((60, 5)), rng.integers(0, 3, 60)  # noise: the held-out loss soon rises
    stop = CrossValidationStop(0.0)
    net = NetworkClassifier([32, "relu"], optimizer="adam", learning_rate=0.05, epochs=200,
                            batch_size=20, random_state=0, verbose=0)
    net.fit(X[:40], y[:40], validation_data=(X[40:], y[40:]), callbacks=[stop])
    losses = net.history_.epoch["val_loss"]
    assert stop.stopped_epoch == len(losses) - 1 < 199
    assert losses[-1] > min(losses[:-1]) and losses[-2] <= min(losses[:-2])
