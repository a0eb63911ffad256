"""The one training loop: epochs, callbacks, history, stopping, NaN detection."""

import math

import numpy as np
import pytest

from graphae.backend import shared
from graphae.training import Callback, CallbackList, TrainingDiverged, TrainingRun, run_training
from graphae.training.callbacks import TerminateOnNaN, TimeLimit


class Recorder(Callback):
    def __init__(self):
        self.events = []

    def on_train_begin(self, logs=None):
        self.events.append("train_begin")

    def on_epoch_begin(self, epoch, logs=None):
        self.events.append(f"epoch_begin {epoch}")

    def on_batch_end(self, batch, logs=None):
        self.events.append(f"batch {batch} {logs['cost']}")

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(f"epoch_end {epoch} {logs['cost']}")

    def on_train_end(self, logs=None):
        self.events.append("train_end")


class Weights:
    """A stand-in for a model: one shared weight vector, a velocity, a stop flag."""

    def __init__(self):
        self.W = shared(np.zeros(3), "W")
        self.velocity = shared(np.zeros(3), "velocity")
        self.stop_training = False

    def add(self, amount):
        self.W.set_value(self.W.get_value() + amount)
        self.velocity.set_value(self.velocity.get_value() - amount)
        return self.W.get_value()[0]

    def run(self, step, n_batches=3, epochs=4, **options):
        return TrainingRun(step=step, n_batches=n_batches, epochs=epochs,
                           state=[self.W, self.velocity],
                           should_stop=lambda: self.stop_training, **options)


def test_hooks_run_in_order_and_history_records_everything():
    recorder = Recorder()
    history = run_training(TrainingRun(step=lambda b: [b * 1.0, 2.0], n_batches=2, epochs=2,
                                       record_names=("cost", "error")),
                           [recorder], verbose=0)
    assert recorder.events == ["train_begin", "epoch_begin 0", "batch 0 0.0", "batch 1 1.0",
                               "epoch_end 0 0.5", "epoch_begin 1", "batch 0 0.0",
                               "batch 1 1.0", "epoch_end 1 0.5", "train_end"]
    assert history.batch["error"] == [2.0] * 4 and history.epoch["cost"] == [0.5, 0.5]
    assert history.epoch["epoch"] == [0, 1] and len(history.epoch["time"]) == 2


def test_before_epoch_and_epoch_logs():
    seen = []
    run = TrainingRun(step=lambda b: 1.0, n_batches=1, epochs=3, before_epoch=seen.append,
                      epoch_logs=lambda: {"learning_rate": 0.5})
    history = run_training(run, verbose=0)
    assert seen == [0, 1, 2] and history.epoch["learning_rate"] == [0.5] * 3


def test_a_callback_stops_mid_epoch():
    model = Weights()

    class StopAtSecondBatch(Callback):
        def on_batch_end(self, batch, logs=None):
            model.stop_training = batch == 1

    history = run_training(model.run(lambda b: 1.0), [StopAtSecondBatch()], verbose=0)
    assert history.n_epochs == 1 and len(history.batch["cost"]) == 2


def test_nan_restores_the_epochs_weights_and_names_epoch_and_batch():
    model = Weights()

    def step(batch):  # every step changes the state; epoch 2, batch 1 diverges
        return math.nan if model.add(1) == 8 else 1.0

    with pytest.raises(TrainingDiverged, match="epoch 3, minibatch 2;.*restored") as raised:
        run_training(model.run(step), verbose=0)
    assert isinstance(raised.value, FloatingPointError) and raised.value.restored
    assert raised.value.epoch == 2 and raised.value.batch == 1
    np.testing.assert_array_equal(model.W.get_value(), [6, 6, 6])  # as at epoch 3's start
    np.testing.assert_array_equal(model.velocity.get_value(), [-6, -6, -6])
    assert len(raised.value.history.batch["cost"]) == 8


def test_state_that_was_already_broken_is_left_and_said_so():
    model = Weights()
    model.W.set_value(np.array([np.inf, 0, 0]))
    with pytest.raises(TrainingDiverged, match="already non-finite") as raised:
        run_training(model.run(lambda b: math.nan), verbose=0)
    assert not raised.value.restored


def test_another_callbacks_stop_does_not_hide_a_divergence():
    model = Weights()

    class StopNow(Callback):
        def on_batch_end(self, batch, logs=None):
            model.stop_training = True

    with pytest.raises(TrainingDiverged):
        run_training(model.run(lambda b: math.nan), [StopNow()], verbose=0)


def test_nan_with_terminate_on_nan_stops_without_raising():
    model = Weights()
    terminate = TerminateOnNaN()
    terminate.set_model(model)
    history = run_training(model.run(lambda b: math.nan if model.add(1) == 5 else 1.0),
                           CallbackList([terminate]), verbose=0)
    assert terminate.stopped_at == (1, 1) and history.batch["cost"][-1] != 1.0
    assert history.n_epochs == 2 and math.isnan(history.epoch["cost"][-1])  # recorded
    np.testing.assert_array_equal(model.W.get_value(), [3, 3, 3])  # restored all the same


def test_time_limit_stops_between_epochs(capsys):
    model = Weights()
    limit = TimeLimit(0.0)
    limit.set_model(model)
    history = run_training(model.run(lambda b: 1.0, epochs=5, batch_size=1),
                           CallbackList([limit]), verbose=1, name="demo")
    assert history.n_epochs == 1 and limit.stopped_epoch == 0
    out = capsys.readouterr().out
    assert "demo: epoch 1/5" in out and "stopping after 1 epochs (time limit 0 s)" in out


def _compiled_run(increments, cost_of_new=True, epochs=1):
    """A real compiled step: ``W <- W + increments[batch]``, cost ``sum(W)`` (or 1.0)."""
    from graphae.backend import compile_function, int_scalar

    W = shared(np.zeros(2), "W")
    data = shared(np.asarray(increments, dtype="float64"), "increments")
    index = int_scalar("index")
    new = W + data[index]
    cost = new.sum() if cost_of_new else new.sum() * 0 + 1.0
    step = compile_function([index], cost, updates=[(W, new)])
    return W, TrainingRun(step=step, n_batches=len(increments), epochs=epochs, state=[W],
                          replayable=True)


def test_a_replayable_run_keeps_the_weights_from_just_before_the_bad_minibatch():
    W, run = _compiled_run([1.0, 1.0, 1.0, np.inf, 1.0])
    with pytest.raises(TrainingDiverged, match="minibatch 4;.*before minibatch 4") as raised:
        run_training(run, verbose=0)
    assert raised.value.batch == 3
    np.testing.assert_array_equal(W.get_value(), [3.0, 3.0])  # not the epoch's start (0)


def test_skip_nan_batches_goes_past_the_bad_minibatch():
    from graphae.training.callbacks import SkipNaNBatches

    W, run = _compiled_run([1.0, np.inf, 1.0, 1.0], epochs=2)
    skip = SkipNaNBatches()
    history = run_training(run, [skip], verbose=0)
    assert skip.skipped == [(0, 1), (1, 1)]
    np.testing.assert_array_equal(W.get_value(), [6.0, 6.0])  # 3 good steps per epoch
    assert math.isinf(history.batch["cost"][1])  # the skipped minibatch is recorded
    # each epoch's cost is the mean over the minibatches it trained on: W sums 2, 4, 6
    assert history.n_epochs == 2 and history.epoch["cost"][0] == pytest.approx(4.0)


def test_skip_nan_batches_gives_up_after_max_skips():
    from graphae.training.callbacks import SkipNaNBatches

    W, run = _compiled_run([np.inf, np.inf, np.inf, 1.0])
    with pytest.raises(TrainingDiverged, match="minibatch 3"):
        run_training(run, [SkipNaNBatches(max_skips=2)], verbose=0)
    np.testing.assert_array_equal(W.get_value(), [0.0, 0.0])


def test_weights_that_turn_nan_under_a_finite_cost_are_caught_at_the_epochs_end():
    W, run = _compiled_run([1.0, 1.0, np.nan, 1.0], cost_of_new=False)
    with pytest.raises(TrainingDiverged, match="weights became non-finite .* minibatch 3"):
        run_training(run, verbose=0)
    np.testing.assert_array_equal(W.get_value(), [2.0, 2.0])


def test_allow_nan_turns_the_check_off_and_two_policies_are_refused():
    from graphae.training.callbacks import AllowNaN, SkipNaNBatches

    W, run = _compiled_run([1.0, np.inf, 1.0])
    history = run_training(run, [AllowNaN()], verbose=0)
    assert np.isinf(W.get_value()).all() and len(history.batch["cost"]) == 3
    with pytest.raises(ValueError, match="AllowNaN and SkipNaNBatches"):
        run_training(_compiled_run([1.0])[1], [AllowNaN(), SkipNaNBatches()], verbose=0)
    with pytest.raises(ValueError, match="needs a model's compiled training step"):
        run_training(Weights().run(lambda b: 1.0), [SkipNaNBatches()], verbose=0)
