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

from graphae.backend import adapt_blas_threads
from graphae.training.callbacks import CallbackList, TerminateOnNaN
from graphae.training.history import History
from graphae.training.progress import ProgressLogger

__all__ = ["TrainingDiverged", "TrainingRun", "run_training"]


class TrainingDiverged(FloatingPointError):
    """A minibatch cost became NaN or infinite.

    Attributes
    ----------
    epoch, batch : int
        Where it happened (counted from 0; the message counts from 1).
    cost : float
    history : graphae.training.History
        Everything recorded up to and including that minibatch.
    restored : bool
        Whether the training state was put back to that of the start of the
        epoch (it is not when it was already non-finite then).

    Examples
    --------
    >>> error = TrainingDiverged(2, 5, float("nan"), History(), restored=True)
    >>> str(error).split(";")[0]
    'the training cost became nan at epoch 3, minibatch 6'
    """

    def __init__(self, epoch, batch, cost, history, restored):
        self.epoch, self.batch, self.cost = epoch, batch, cost
        self.history, self.restored = history, restored
        what = ("the weights and optimiser state were restored to those at the start of the "
                "epoch" if restored else "the weights were already non-finite at the start of "
                "the epoch and were left as they are")
        super().__init__(f"the training cost became {cost} at epoch {epoch + 1}, minibatch "
                         f"{batch + 1}; {what} (try a smaller learning rate)")


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
        ``epoch_logs()`` returns extra epoch records measured with the epoch
        (the learning rate).
    validate : callable, optional
        ``validate()`` returns records measured after the epoch's time
        (validation metrics).
    state : list of SharedVariable
        What a diverging run puts back: the weights and whatever else the
        steps update (velocities, a persistent chain).
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
    validate: Callable | None = None
    state: list = field(default_factory=list)
    should_stop: Callable = lambda: False
    params: dict = field(default_factory=dict)


def _finite_snapshot(state):
    values = [variable.get_value() for variable in state]
    finite = all(np.isfinite(v).all() for v in values
                 if isinstance(v, np.ndarray) and v.dtype.kind == "f")
    return values if finite else None


def run_training(run, callbacks=(), verbose=1, name=None):
    """Train: every epoch, every minibatch, through the callbacks; returns a History.

    A non-finite minibatch cost stops the run and puts the training
    ``state`` back to the last finite one seen (that of the epoch's start).
    With a :class:`~graphae.training.callbacks.TerminateOnNaN` among the
    callbacks the run then just ends; otherwise :class:`TrainingDiverged`
    is raised, naming epoch and minibatch.

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
    tolerates_nan = any(isinstance(c, TerminateOnNaN) for c in callback_list.callbacks)
    if verbose:
        callback_list = CallbackList([*callback_list.callbacks,
                                      ProgressLogger(verbose, name=name)])
    callback_list.set_params({"epochs": run.epochs, "n_batches": run.n_batches,
                              "batch_size": run.batch_size,
                              "n_samples": run.n_batches * run.batch_size, **run.params})
    history, diverged = History(), None
    callback_list.on_train_begin()
    try:
        for epoch in range(run.epochs):
            snapshot = _finite_snapshot(run.state)
            diverged = _run_epoch(run, epoch, history, callback_list, tolerates_nan)
            if diverged is not None or run.should_stop():
                break
    finally:
        end_logs = {}  # callbacks say what they did at the end (e.g. "restored")
        callback_list.on_train_end(end_logs)
        history.summary.update(end_logs)
    if diverged is not None:
        if snapshot is not None:
            for variable, value in zip(run.state, snapshot):
                variable.set_value(value)
        if not tolerates_nan:
            raise TrainingDiverged(*diverged, history, restored=snapshot is not None)
    return history


def _run_epoch(run, epoch, history, callback_list, tolerates_nan):
    """One epoch; ``(epoch, batch, cost)`` of a non-finite cost, else None.

    A tolerated divergence (``TerminateOnNaN``) still ends the epoch (it is
    recorded); otherwise the epoch ends at the bad minibatch.
    """
    callback_list.on_epoch_begin(epoch)
    adapt_blas_threads()  # the cores other processes leave free (backend/_threads.py)
    started, costs = time.perf_counter(), []
    if run.before_epoch is not None:
        run.before_epoch(epoch)
    diverged = None
    for batch in range(run.n_batches):
        callback_list.on_batch_begin(batch)
        values = run.step(batch)
        values = values.tolist() if hasattr(values, "tolist") else values
        logs = dict(zip(run.record_names, values if isinstance(values, list) else [values]))
        history.record_batch(epoch=epoch, batch=batch, **logs)
        costs.append(logs["cost"])
        callback_list.on_batch_end(batch, logs)
        if not math.isfinite(logs["cost"]):
            diverged = epoch, batch, logs["cost"]
            if not tolerates_nan:
                return diverged
            break
        if run.should_stop():
            break
    logs = {"cost": float(np.mean(costs)), **(run.epoch_logs() if run.epoch_logs else {}),
            "time": time.perf_counter() - started}
    logs.update(run.validate() if run.validate else {})
    callback_list.on_epoch_end(epoch, logs)
    if "stop_reason" in logs:
        history.summary["stop_reason"] = logs["stop_reason"]
    history.record_epoch(epoch=epoch, **{k: v for k, v in logs.items() if k != "stop_reason"})
    return diverged
