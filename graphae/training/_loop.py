"""The one training loop: epochs of minibatch steps, callbacks, history, progress, NaN checks.

The loop takes a compiled step and callbacks, never a model: whoever calls
it (an estimator's ``fit``, a tutorial's ``fit``/``pretrain``/``finetune``)
says how to run a step, what to do before each epoch, what to add to each
epoch's record, and how to read and write the weights it must protect.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from graphae.training.callbacks import CallbackList
from graphae.training.history import History
from graphae.training.progress import ProgressLogger

__all__ = ["TrainingDiverged", "TrainingRun", "run_training"]


class TrainingDiverged(FloatingPointError):
    """A minibatch cost became NaN or infinite; the weights were restored.

    Attributes
    ----------
    epoch, batch : int
        Where it happened (counted from 0).
    cost : float
    history : graphae.training.History
        Everything recorded up to and including that minibatch.

    Examples
    --------
    >>> error = TrainingDiverged(2, 5, float("nan"), History())
    >>> str(error).split(";")[0]
    'the training cost became nan at epoch 3, minibatch 5'
    """

    def __init__(self, epoch, batch, cost, history, restored="the start of the epoch"):
        self.epoch, self.batch, self.cost, self.history = epoch, batch, cost, history
        super().__init__(
            f"the training cost became {cost} at epoch {epoch + 1}, minibatch {batch}; the "
            f"weights were restored to those of {restored} (try a smaller learning rate)")


@dataclass
class TrainingRun:
    """How to run one training: the step and everything the loop may not know itself.

    Parameters
    ----------
    step : callable
        ``step(batch_index)`` runs one compiled update and returns its
        records (a float cost, or an array whose first entry is the cost).
    n_batches, epochs, batch_size : int
    record_names : tuple of str
        Names of the step's records, ``("cost", ...)``.
    before_epoch : callable, optional
        ``before_epoch(epoch)``: e.g. draw a new minibatch order.
    epoch_logs : callable, optional
        ``epoch_logs()`` returns extra epoch records (learning rate,
        validation metrics).
    get_weights, set_weights : callable, optional
        Read and write the weights; with them a diverging run keeps the last
        finite weights.
    should_stop : callable, optional
        True when a callback asked to stop (``model.stop_training``).
    params : dict
        Extra settings given to the callbacks (``validation_data``...).
    """

    step: Callable
    n_batches: int
    epochs: int
    batch_size: int = 1
    record_names: tuple = ("cost",)
    before_epoch: Callable | None = None
    epoch_logs: Callable | None = None
    get_weights: Callable | None = None
    set_weights: Callable | None = None
    should_stop: Callable = lambda: False
    params: dict = field(default_factory=dict)


def _finite_copy(run):
    if run.get_weights is None:
        return None
    weights = run.get_weights()
    return weights if all(np.isfinite(w).all() for w in weights) else None


def run_training(run, callbacks=(), verbose=1, name=None):
    """Train: every epoch, every minibatch, through the callbacks; returns a History.

    A non-finite minibatch cost stops the run: the weights go back to the
    last finite ones seen (those at the start of the epoch); if a callback
    had asked to stop (``TerminateOnNaN``) the run ends there, otherwise
    :class:`TrainingDiverged` is raised, naming epoch and minibatch.

    Parameters
    ----------
    run : TrainingRun
    callbacks : CallbackList or sequence of Callback
        Already attached to their model (``set_model``).
    verbose : int
        0 silent; otherwise a :class:`ProgressLogger` is added last (it
        sees what the other callbacks added to each epoch's record).
    name : str, optional
        Prefix of the progress lines.

    Examples
    --------
    >>> run = TrainingRun(step=lambda batch: float(batch), n_batches=3, epochs=2)
    >>> run_training(run, verbose=0).epoch["cost"]
    [1.0, 1.0]
    """
    callback_list = callbacks if isinstance(callbacks, CallbackList) else CallbackList(callbacks)
    if verbose:
        callback_list = CallbackList([*callback_list.callbacks,
                                      ProgressLogger(verbose, name=name)])
    callback_list.set_params({"epochs": run.epochs, "n_batches": run.n_batches,
                              "batch_size": run.batch_size,
                              "n_samples": run.n_batches * run.batch_size, **run.params})
    history = History()
    callback_list.on_train_begin()
    try:
        for epoch in range(run.epochs):
            if not _run_epoch(run, epoch, history, callback_list):
                break
    finally:
        callback_list.on_train_end()
    return history


def _run_epoch(run, epoch, history, callback_list):
    """One epoch; False when training must stop after it."""
    callback_list.on_epoch_begin(epoch)
    started, costs, snapshot = time.perf_counter(), [], _finite_copy(run)
    if run.before_epoch is not None:
        run.before_epoch(epoch)
    for batch in range(run.n_batches):
        callback_list.on_batch_begin(batch)
        values = run.step(batch)
        values = values.tolist() if hasattr(values, "tolist") else values
        logs = dict(zip(run.record_names, values if isinstance(values, list) else [values]))
        history.record_batch(epoch=epoch, batch=batch, **logs)
        costs.append(logs["cost"])
        callback_list.on_batch_end(batch, logs)
        if not math.isfinite(logs["cost"]):
            _diverged(run, epoch, batch, logs["cost"], history, snapshot)
            return False
        if run.should_stop():
            break
    logs = {"cost": float(np.mean(costs)), **(run.epoch_logs() if run.epoch_logs else {}),
            "time": time.perf_counter() - started}
    history.record_epoch(epoch=epoch, **logs)
    callback_list.on_epoch_end(epoch, logs)
    return not run.should_stop()


def _diverged(run, epoch, batch, cost, history, snapshot):
    if snapshot is not None and run.set_weights is not None:
        run.set_weights(snapshot)
    if not run.should_stop():
        restored = "the start of the epoch" if snapshot is not None else "the diverged step"
        raise TrainingDiverged(epoch, batch, cost, history, restored)
