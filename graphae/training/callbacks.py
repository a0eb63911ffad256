"""Callbacks: code that runs at fixed points of ``fit`` (Keras hook names).

Every model's ``fit(..., callbacks=[...])`` calls, in order,
``on_train_begin``, then per epoch ``on_epoch_begin``, per minibatch
``on_batch_begin``/``on_batch_end``, ``on_epoch_end``, and finally
``on_train_end``. A callback reaches the model as ``self.model`` (set
``self.model.stop_training = True`` to stop) and the run's settings as
``self.params`` (``epochs``, ``n_batches``, ``batch_size``,
``validation_data``).
"""

from __future__ import annotations

import csv
import logging
import math
import time

import numpy as np

from graphae.training.history import csv_cell

logger = logging.getLogger("graphae")


class Callback:
    """Base class: every hook does nothing.

    Examples
    --------
    >>> class CountBatches(Callback):
    ...     def on_train_begin(self, logs=None):
    ...         self.count = 0
    ...     def on_batch_end(self, batch, logs=None):
    ...         self.count += 1
    >>> CountBatches().on_train_begin() is None
    True
    """

    model = None
    params: dict = {}

    def set_model(self, model):
        """Attach the model being trained."""
        self.model = model

    def set_params(self, params):
        """Attach the run's settings."""
        self.params = params

    def on_train_begin(self, logs=None):
        """Before the first epoch."""

    def on_train_end(self, logs=None):
        """After the last epoch (also after an early stop)."""

    def on_epoch_begin(self, epoch, logs=None):
        """Before epoch ``epoch`` (counted from 0)."""

    def on_epoch_end(self, epoch, logs=None):
        """After epoch ``epoch``; ``logs`` holds the epoch's records."""

    def on_batch_begin(self, batch, logs=None):
        """Before minibatch ``batch`` of the current epoch."""

    def on_batch_end(self, batch, logs=None):
        """After minibatch ``batch``; ``logs`` holds its records (``cost``...)."""


class CallbackList(Callback):
    """Calls each hook of several callbacks in order.

    Examples
    --------
    >>> CallbackList([Callback(), Callback()]).on_epoch_end(0, {"cost": 1.0})
    """

    def __init__(self, callbacks=()):
        if isinstance(callbacks, CallbackList):
            callbacks = callbacks.callbacks
        elif isinstance(callbacks, Callback):  # one callback where a list was meant
            callbacks = [callbacks]
        if callbacks is None:
            callbacks = []
        if not isinstance(callbacks, (list, tuple)):
            raise TypeError(f"callbacks must be a list of graphae.callbacks.Callback, got "
                            f"{type(callbacks).__name__}")
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"{callback!r} is not a graphae.callbacks.Callback")

    def _dispatch(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)

    def set_model(self, model):
        self._dispatch("set_model", model)

    def set_params(self, params):
        self._dispatch("set_params", params)

    def on_train_begin(self, logs=None):
        self._dispatch("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._dispatch("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._dispatch("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._dispatch("on_epoch_end", epoch, logs)

    def on_batch_begin(self, batch, logs=None):
        self._dispatch("on_batch_begin", batch, logs)

    def on_batch_end(self, batch, logs=None):
        self._dispatch("on_batch_end", batch, logs)


def _better(mode, monitor):
    if mode == "auto":
        mode = "max" if ("acc" in monitor or monitor.endswith("score")) else "min"
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    return (lambda new, best, delta: new < best - delta) if mode == "min" else (
        lambda new, best, delta: new > best + delta), (math.inf if mode == "min" else -math.inf)


def _monitored(logs, monitor, owner):
    if monitor not in (logs or {}):
        raise ValueError(
            f"{owner} monitors {monitor!r} but this fit records only "
            f"{sorted(logs or {})}; pass validation_data to fit for 'val_*' metrics"
        )
    return float(logs[monitor])


class EarlyStopping(Callback):
    """Stop when a monitored epoch metric stops improving.

    Parameters
    ----------
    monitor : str, default "val_loss"
        An epoch record: ``cost``, ``val_loss``, ``val_accuracy``...
    min_delta : float, default 0
        Smaller changes do not count as improvements.
    patience : int, default 0
        Epochs without improvement before stopping.
    mode : {"auto", "min", "max"}
        "auto" maximises names with "acc" or ending in "score".
    baseline : float, optional
        Stop if the metric does not beat this.
    restore_best_weights : bool, default False
        At the end of training, put back the weights of the best epoch.

    Attributes
    ----------
    best, best_epoch, stopped_epoch

    Examples
    --------
    >>> import numpy as np, graphae
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((80, 4)), rng.integers(0, 2, 80)
    >>> stop = EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)
    >>> ann = graphae.ANN([3], epochs=50, batch_size=20, verbose=0, random_state=0)
    >>> _ = ann.fit(X, y, validation_data=(X, y), callbacks=[stop])
    >>> stop.best_epoch <= ann.history_.n_epochs
    True
    """

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, mode="auto",
                 baseline=None, restore_best_weights=False):
        if not isinstance(monitor, str):
            raise ValueError(f"EarlyStopping: monitor must be a record name such as "
                             f"'val_loss', got {monitor!r}")
        if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or (
                patience < 0):
            raise ValueError(f"EarlyStopping: patience must be a whole number >= 0, got "
                             f"{patience!r}")
        if not isinstance(min_delta, (int, float, np.number)) or not np.isfinite(min_delta):
            raise ValueError(f"EarlyStopping: min_delta must be a finite number, got "
                             f"{min_delta!r}")
        self.monitor, self.min_delta, self.patience = monitor, abs(min_delta), int(patience)
        self.baseline, self.restore_best_weights = baseline, restore_best_weights
        self._improved, self._worst = _better(mode, monitor)

    def on_train_begin(self, logs=None):
        self.wait, self.stopped_epoch, self.best_epoch = 0, None, None
        self.best = self._worst if self.baseline is None else float(self.baseline)
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        value = _monitored(logs, self.monitor, "EarlyStopping")
        if self._improved(value, self.best, self.min_delta):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            reason = self._stop_reason()
            if logs is not None:
                logs["stop_reason"] = reason
            logger.info("early stopping at epoch %d: %s", epoch + 1, reason)

    def _stop_reason(self):
        best = ("no epoch beat the baseline" if self.best_epoch is None
                else f"best {self.best:.6g} at epoch {self.best_epoch + 1}")
        return (f"early stopping: {self.monitor} has not improved by more than "
                f"{self.min_delta:g} for {self.wait} epoch{'s' * (self.wait != 1)}; {best}")

    def on_train_end(self, logs=None):
        _restore_best_weights(self, logs)


def _restore_best_weights(callback, logs):
    """Put back ``callback.best_weights`` (if it kept them) and say so in ``logs`` and the log."""
    if callback.restore_best_weights and callback.best_weights is not None:
        callback.model.set_weights(callback.best_weights)
        message = (f"restored the weights of epoch {callback.best_epoch + 1} "
                   f"(best {callback.monitor})")
        if logs is not None:
            logs["restored"], logs["restored_epoch"] = message, callback.best_epoch
        logger.info(message)


class CrossValidationStop(Callback):
    """Stop when the validation error rises ``factor`` above its minimum (seed 003 §19.3).

    The lecture's ``CrossValidationStopFactor``: training stops at the first
    epoch whose monitored error exceeds ``(1 + factor)`` times the smallest
    value seen so far. The error must be minimised and non-negative (a loss,
    an error rate, a Hamming distance).

    Parameters
    ----------
    factor : float
        The allowed rise as a fraction of the minimum (0.05 in the shallow
        experiment, 0.01 in the fine-tuning).
    monitor : str, default "val_loss"
    restore_best_weights : bool, default False
        At the end of training, put back the weights of the minimum.

    Attributes
    ----------
    best, best_epoch, stopped_epoch

    Examples
    --------
    >>> stop = CrossValidationStop(0.05)
    >>> class Model:
    ...     stop_training = False
    >>> stop.set_model(Model()); stop.on_train_begin()
    >>> for epoch, error in enumerate([1.0, 0.8, 0.82, 0.85]):
    ...     stop.on_epoch_end(epoch, {"val_loss": error})
    >>> stop.stopped_epoch, stop.best  # 0.85 > 1.05 · 0.8
    (3, 0.8)
    """

    def __init__(self, factor, monitor="val_loss", restore_best_weights=False):
        if not (isinstance(factor, (int, float)) and factor >= 0):
            raise ValueError(f"factor must be a number >= 0, got {factor!r}")
        self.factor, self.monitor = float(factor), monitor
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self, logs=None):
        self.best, self.best_epoch, self.stopped_epoch, self.best_weights = math.inf, None, None, None

    def on_epoch_end(self, epoch, logs=None):
        value = _monitored(logs, self.monitor, "CrossValidationStop")
        if value < self.best:
            self.best, self.best_epoch = value, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
        elif value > (1 + self.factor) * self.best:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            reason = (f"{self.monitor} {value:.6g} rose more than {self.factor:g} above its "
                      f"minimum {self.best:.6g} (epoch {self.best_epoch + 1})")
            if logs is not None:
                logs["stop_reason"] = reason
            logger.info("stopping at epoch %d: %s", epoch + 1, reason)

    def on_train_end(self, logs=None):
        _restore_best_weights(self, logs)


class PatienceRule:
    """The deeplearning.net tutorials' patience bookkeeping, free of any training loop.

    A validation is due every ``frequency`` minibatches. A new best score
    that beats the old one by the factor ``improvement_threshold`` extends
    ``patience`` to ``iteration * patience_increase``; patience is exhausted
    once it is no larger than the iteration number.

    Parameters
    ----------
    patience : int
        In minibatches.
    n_batches : int
        Minibatches per epoch.
    patience_increase : float, default 2
    improvement_threshold : float, default 0.995
    validation_frequency : int, optional
        Default ``min(n_batches, patience // 2)`` (at least 1), as in the tutorials.

    Examples
    --------
    >>> rule = PatienceRule(patience=4, n_batches=2)
    >>> rule.due(1), rule.record(1, 0.5), rule.record(3, 0.4), rule.patience
    (True, True, True, 6)
    >>> rule.exhausted(5), rule.exhausted(6)
    (False, True)
    """

    def __init__(self, patience, n_batches, patience_increase=2, improvement_threshold=0.995,
                 validation_frequency=None):
        self.patience = patience
        self.frequency = validation_frequency or max(1, min(n_batches, patience // 2))
        self.patience_increase = patience_increase
        self.improvement_threshold = improvement_threshold
        self.best_score, self.best_iteration = math.inf, None

    def due(self, iteration):
        """True when minibatch ``iteration`` (counted from 0) ends with a validation."""
        return (iteration + 1) % self.frequency == 0

    def record(self, iteration, score):
        """Take the validation ``score`` of ``iteration``; True when it is a new best."""
        if score >= self.best_score:
            return False
        if score < self.best_score * self.improvement_threshold:
            self.patience = max(self.patience, iteration * self.patience_increase)
        self.best_score, self.best_iteration = score, iteration
        return True

    def exhausted(self, iteration):
        """True when training should stop after minibatch ``iteration``."""
        return self.patience <= iteration


class PatienceEarlyStopping(Callback):
    """The deeplearning.net tutorials' early stopping, minibatch by minibatch.

    Every ``validation_frequency`` minibatches the model is evaluated on the
    validation data, and :class:`PatienceRule` decides when to stop.

    Parameters
    ----------
    patience : int, default 5000
    patience_increase : int, default 2
    improvement_threshold : float, default 0.995
    validation_frequency : int, optional
        Default ``min(n_batches, patience // 2)`` as in the tutorial.
    monitor : str, default "error"
        Key of ``model.evaluate(...)`` to minimise.
    test_data : tuple, optional
        Evaluated whenever the validation score improves (``test_score``).
    restore_best_weights : bool, default True
    validate, test : callable, optional
        Functions returning the validation / test score, used instead of
        ``model.evaluate`` on ``validation_data`` / ``test_data`` (the
        tutorials' SdA and DBN compile their own scoring functions).

    Attributes
    ----------
    best_score, best_iteration, patience, test_score, records
        ``records`` lists ``(epoch, batch, iteration, score)`` per validation.

    Examples
    --------
    >>> stopper = PatienceEarlyStopping(patience=10)
    >>> stopper.improvement_threshold
    0.995
    """

    def __init__(self, patience=5000, patience_increase=2, improvement_threshold=0.995,
                 validation_frequency=None, monitor="error", test_data=None,
                 restore_best_weights=True, validate=None, test=None):
        self.initial_patience, self.patience_increase = patience, patience_increase
        self.improvement_threshold = improvement_threshold
        self.validation_frequency, self.monitor = validation_frequency, monitor
        self.test_data, self.restore_best_weights = test_data, restore_best_weights
        self.validate, self.test = validate, test

    best_score = property(lambda self: self.rule.best_score, doc="Best validation score.")
    best_iteration = property(lambda self: self.rule.best_iteration,
                              doc="Minibatch iteration of the best score.")
    patience = property(lambda self: self.rule.patience, doc="Current patience (minibatches).")

    def _score(self, data, function):
        if function is not None:
            return float(function())
        return float(self.model.evaluate(*data)[self.monitor])

    def on_train_begin(self, logs=None):
        if self.validate is None and self.params.get("validation_data") is None:
            raise ValueError("PatienceEarlyStopping needs fit(..., validation_data=...) "
                             "or a validate= function")
        self.rule = PatienceRule(self.initial_patience, self.params["n_batches"],
                                 self.patience_increase, self.improvement_threshold,
                                 self.validation_frequency)
        self.test_score, self.best_weights, self.records, self._epoch = None, None, [], 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_batch_end(self, batch, logs=None):
        iteration = self._epoch * self.params["n_batches"] + batch
        if self.rule.due(iteration):
            score = self._score(self.params.get("validation_data"), self.validate)
            self.records.append((self._epoch, batch, iteration, score))
            if self.rule.record(iteration, score):
                if self.restore_best_weights:
                    self.best_weights = self.model.get_weights()
                if self.test_data is not None or self.test is not None:
                    self.test_score = self._score(self.test_data, self.test)
        if self.rule.exhausted(iteration):
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None and self.records:
            logs["best_validation_error"] = self.rule.best_score
            if self.test_score is not None:
                logs["test_error"] = self.test_score

    def on_train_end(self, logs=None):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class TimeLimit(Callback):
    """Stop before an epoch that, at the last epoch's pace, would end after ``max_seconds``.

    Parameters
    ----------
    max_seconds : float
        Measured from the start of training.

    Attributes
    ----------
    stopped_epoch : int or None
        The last epoch run when the limit stopped training.

    Examples
    --------
    >>> TimeLimit(60).max_seconds
    60.0
    """

    def __init__(self, max_seconds):
        if isinstance(max_seconds, bool) or not isinstance(max_seconds, (int, float)) or not (
                max_seconds >= 0):
            raise ValueError(f"max_seconds must be a number >= 0, got {max_seconds!r}")
        self.max_seconds = float(max_seconds)
        self.stopped_epoch = None

    def on_train_begin(self, logs=None):
        self.started, self.stopped_epoch = time.perf_counter(), None

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        now = time.perf_counter()
        if now - self.started + (now - self.epoch_started) > self.max_seconds:
            if epoch + 1 < self.params.get("epochs", epoch + 2):
                self.stopped_epoch = epoch
                self.model.stop_training = True
                if logs is not None:
                    logs["stop_reason"] = f"time limit {self.max_seconds:g} s"


class TerminateOnNaN(Callback):
    """Stop training as soon as a minibatch cost is NaN or infinite.

    Attributes
    ----------
    stopped_at : tuple of (epoch, batch) or None

    Examples
    --------
    >>> TerminateOnNaN().stopped_at is None
    True
    """

    stopped_at = None
    #: what the training loop does at a non-finite cost with this callback present
    nan_policy = "stop"

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_batch_end(self, batch, logs=None):
        cost = float((logs or {}).get("cost", 0.0))
        if not math.isfinite(cost):
            self.stopped_at = (getattr(self, "_epoch", 0), batch)
            self.model.stop_training = True
            logger.warning("cost became %s at epoch %d, minibatch %d: training stopped",
                           cost, self.stopped_at[0] + 1, batch + 1)


class SkipNaNBatches(Callback):
    """Skip a minibatch whose cost is NaN or infinite, and go on training.

    The model goes back to its weights and optimiser state from before that
    minibatch (the training loop replays the epoch's earlier steps from its
    start) and continues with the next one. After ``max_skips`` skipped
    minibatches in one fit, :class:`~graphae.training.TrainingDiverged` is
    raised as without this callback. Needs a model's compiled training step.

    Parameters
    ----------
    max_skips : int, default 10

    Attributes
    ----------
    skipped : list of (epoch, batch)
        Counted from 0.

    Examples
    --------
    >>> SkipNaNBatches(max_skips=3).skipped
    []
    """

    nan_policy = "skip"

    def __init__(self, max_skips=10):
        if isinstance(max_skips, bool) or not isinstance(max_skips, int) or max_skips < 1:
            raise ValueError(f"SkipNaNBatches: max_skips must be a whole number >= 1, got "
                             f"{max_skips!r}")
        self.max_skips = max_skips
        self.skipped = []

    def on_train_begin(self, logs=None):
        self.skipped = []


class AllowNaN(Callback):
    """Turn the training loop's NaN/inf check off: a non-finite cost trains on.

    For experiments that study divergence itself; the weights may end NaN
    (``save_model`` still refuses to write them).

    Examples
    --------
    >>> AllowNaN().nan_policy
    'off'
    """

    nan_policy = "off"


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch from ``schedule``.

    Parameters
    ----------
    schedule : callable
        ``schedule(epoch, current_learning_rate) -> new_learning_rate``.

    Examples
    --------
    >>> scheduler = LearningRateScheduler(step_decay(drop=0.5, every=10))
    >>> scheduler.schedule(10, 0.1)
    0.05
    """

    def __init__(self, schedule):
        if not callable(schedule):
            raise TypeError("schedule must be callable: schedule(epoch, lr) -> lr")
        self.schedule = schedule

    def on_epoch_begin(self, epoch, logs=None):
        rate = float(self.schedule(epoch, self.model.current_learning_rate))
        if not (math.isfinite(rate) and rate > 0):
            raise ValueError(f"schedule returned learning rate {rate} at epoch {epoch}")
        self.model.current_learning_rate = rate


def step_decay(drop=0.5, every=10):
    """Schedule multiplying the rate by ``drop`` every ``every`` epochs.

    Examples
    --------
    >>> step_decay(0.1, 5)(5, 1.0)
    0.1
    """
    return lambda epoch, rate: rate * drop if epoch and epoch % every == 0 else rate


def exponential_decay(rate=0.95):
    """Schedule multiplying the learning rate by ``rate`` every epoch after the first.

    Examples
    --------
    >>> exponential_decay(0.5)(1, 1.0)
    0.5
    """
    return lambda epoch, lr: lr * rate if epoch else lr


class CSVLogger(Callback):
    """Write one CSV row per epoch (the epoch's records), flushed as it goes.

    Epochs are numbered from 1 and floats carry 12 significant digits, as in
    :meth:`History.to_csv`; :meth:`History.read_csv` reads the file back.

    Parameters
    ----------
    path : str or Path
    append : bool, default False
        Append to an existing file instead of starting a new one.

    Examples
    --------
    >>> CSVLogger("log.csv").append
    False
    """

    def __init__(self, path, append=False):
        self.path, self.append = path, append
        self._stream = None

    def on_train_begin(self, logs=None):
        self._stream = open(self.path, "a" if self.append else "w", newline="")
        self._writer, self._keys = None, None

    def on_epoch_end(self, epoch, logs=None):
        # counted from 1, as the progress lines do
        row = {"epoch": epoch + 1, **{k: v for k, v in (logs or {}).items() if k != "epoch"}}
        if self._writer is None:
            self._keys = list(row)
            self._writer = csv.DictWriter(self._stream, self._keys, extrasaction="ignore")
            if not (self.append and self._stream.tell()):
                self._writer.writeheader()
        self._writer.writerow({k: csv_cell(row.get(k, "")) for k in self._keys})
        self._stream.flush()

    def on_train_end(self, logs=None):
        if self._stream is not None:
            self._stream.close()
            self._stream = None


class LambdaCallback(Callback):
    """A callback made of plain functions, one per hook.

    Examples
    --------
    >>> seen = []
    >>> callback = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> callback.on_epoch_end(3, {})
    >>> seen
    [3]
    """

    _HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
              "on_batch_begin", "on_batch_end")

    def __init__(self, **hooks):
        unknown = set(hooks) - set(self._HOOKS)
        if unknown:
            raise TypeError(f"unknown hook(s) {sorted(unknown)}; use {', '.join(self._HOOKS)}")
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
