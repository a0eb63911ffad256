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
from graphae.training.callbacks import CallbackList
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

    def __init__(self, epoch, batch, cost, history, restored, to=None, weights=False):
        self.epoch, self.batch, self.cost = epoch, batch, cost
        self.history, self.restored = history, restored
        where = to or "those at the start of the epoch"
        what = (f"the weights and optimiser state were restored to {where}" if restored else
                "the weights were already non-finite at the start of the epoch and were left "
                "as they are")
        change = ("the weights became non-finite (the cost was still finite)" if weights else
                  f"the training cost became {cost}")
        super().__init__(f"{change} at epoch {epoch + 1}, minibatch {batch + 1}; {what} (try a "
                         f"smaller learning rate)")


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
    replayable : bool
        True when ``step`` is a compiled function whose effect depends only on
        the shared variables it updates and the batch index (a model's
        training step): a divergence then puts back the state from *before the
        bad minibatch*, by restoring the epoch's start and replaying the
        epoch's earlier steps, and :class:`SkipNaNBatches` can skip it.
        Otherwise the state goes back to the epoch's start.
    history : History, optional
        A resumed run's history so far: the run starts from a copy of it and
        goes on from epoch ``history.n_epochs`` up to ``epochs`` (the run's
        total, as Keras' ``initial_epoch``), so callbacks, progress and the
        records number the epochs as an uninterrupted run would.
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
    replayable: bool = False
    history: History | None = None


def _finite(values):
    return all(np.isfinite(v).all() for v in values
               if isinstance(v, np.ndarray) and v.dtype.kind == "f")


def _finite_snapshot(state):
    values = [variable.get_value() for variable in state]
    return values if _finite(values) else None


def _restore(state, values):
    for variable, value in zip(state, values):
        variable.set_value(value)


def _training_state(run):
    """``run.state`` and, for a replayable step, every shared variable the step updates.

    The step's own generators (dropout, corruption) and counters belong to
    it: a replay must start them where the epoch started them.
    """
    state = list(run.state)
    maker = getattr(run.step, "maker", None) if run.replayable else None
    for item in getattr(maker, "inputs", ()):
        if getattr(item, "update", None) is not None and all(
                item.variable is not known for known in state):
            state.append(item.variable)
    return state


@dataclass
class _Epoch:
    """What a divergence needs to know about the epoch it happened in."""

    index: int
    state: list
    snapshot: list | None
    skipped: set = field(default_factory=set)

    def rewind(self, run, upto):
        """Back to the last finite state before minibatch ``upto``; the minibatch it is before.

        Restores the epoch's start and replays its steps up to ``upto`` (the
        skipped ones excepted), stopping early where a step made the state
        non-finite although its cost was finite.
        """
        _restore(self.state, self.snapshot)
        for batch in range(upto):
            if batch in self.skipped:
                continue
            before = [variable.get_value() for variable in self.state]
            run.step(batch)
            if not _finite(variable.get_value(borrow=True) for variable in self.state):
                _restore(self.state, before)
                return batch
        return upto


def _nan_policy(callbacks):
    """"raise" (default), or the one policy a callback asks for: "stop", "skip" or "off"."""
    chosen = {c.nan_policy: c for c in callbacks if getattr(c, "nan_policy", None)}
    if len(chosen) > 1:
        names = sorted(type(c).__name__ for c in chosen.values())
        raise ValueError(f"callbacks: {' and '.join(names)} ask for different handling of a "
                         f"NaN cost; pass one of them")
    return next(iter(chosen), "raise"), next(iter(chosen.values()), None)


def run_training(run, callbacks=(), verbose=1, name=None):
    """Train: every epoch, every minibatch, through the callbacks; returns a History.

    A non-finite minibatch cost stops the run and puts the training state
    back to the last finite one: that from before the bad minibatch when the
    step is ``replayable`` (a model's), else that of the epoch's start. With
    a :class:`~graphae.training.callbacks.TerminateOnNaN` among the callbacks
    the run then just ends; with :class:`~graphae.training.callbacks.SkipNaNBatches`
    the bad minibatch is skipped and training goes on; with
    :class:`~graphae.training.callbacks.AllowNaN` nothing is checked;
    otherwise :class:`TrainingDiverged` is raised, naming epoch and
    minibatch. A replayable run also checks, at each epoch's end, that the
    state is finite (a NaN gradient with a finite cost).

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
    policy, chooser = _nan_policy(callback_list.callbacks)
    if policy == "skip" and not run.replayable:
        raise ValueError("SkipNaNBatches needs a model's compiled training step")
    if verbose:
        callback_list = CallbackList([*callback_list.callbacks,
                                      ProgressLogger(verbose, name=name)])
    history = History() if run.history is None else History.from_dict(run.history.to_dict())
    diverged, state = None, _training_state(run)
    callback_list.set_params({"epochs": run.epochs, "n_batches": run.n_batches,
                              "batch_size": run.batch_size,
                              "n_samples": run.n_batches * run.batch_size, **run.params,
                              "history": history})  # what this run has recorded so far
    callback_list.on_train_begin()
    try:
        for epoch in range(history.n_epochs, run.epochs):
            current = _Epoch(epoch, state, None if policy == "off" else _finite_snapshot(state))
            diverged = _run_epoch(run, current, history, callback_list, policy, chooser)
            if diverged is not None or run.should_stop():
                break
    finally:
        end_logs = {}  # callbacks say what they did at the end (e.g. "restored")
        callback_list.on_train_end(end_logs)
        history.summary.update(end_logs)
    if diverged is not None:
        _put_back_and_report(run, current, diverged, history, policy)
    return history


def _put_back_and_report(run, epoch, diverged, history, policy):
    """Restore the last finite state after a divergence; raise unless it was tolerated."""
    batch, cost, weights = diverged
    to = None
    if epoch.snapshot is not None:
        if run.replayable:
            batch = epoch.rewind(run, batch)
            to = f"those before minibatch {batch + 1}"
        else:
            _restore(epoch.state, epoch.snapshot)
    history.summary["diverged_at"] = [epoch.index, batch]
    if policy == "raise" or policy == "skip":
        raise TrainingDiverged(epoch.index, batch, cost, history,
                               restored=epoch.snapshot is not None, to=to, weights=weights)


def _run_epoch(run, epoch, history, callback_list, policy, chooser):
    """One epoch; ``(batch, cost, weights)`` of a divergence it cannot go past, else None.

    A tolerated divergence (``TerminateOnNaN``) still ends the epoch (it is
    recorded); otherwise the epoch ends at the bad minibatch.
    """
    callback_list.on_epoch_begin(epoch.index)
    adapt_blas_threads()  # the cores other processes leave free (backend/_threads.py)
    started, costs = time.perf_counter(), []
    if run.before_epoch is not None:
        run.before_epoch(epoch.index)
    diverged = None
    for batch in range(run.n_batches):
        logs = _step(run, epoch.index, batch, history, callback_list)
        costs.append(logs["cost"])
        if policy != "off" and not math.isfinite(logs["cost"]):
            if policy == "skip" and len(chooser.skipped) < chooser.max_skips \
                    and epoch.snapshot is not None:
                epoch.rewind(run, batch)
                epoch.skipped.add(batch)
                chooser.skipped.append((epoch.index, batch))
                costs.pop()  # the epoch's cost is that of the minibatches it trained on
                continue
            diverged = batch, logs["cost"], False
            if policy != "stop":
                return diverged
            break
        if run.should_stop():
            break
    if diverged is None and policy != "off" and run.replayable and epoch.snapshot is not None \
            and not _finite(v.get_value(borrow=True) for v in epoch.state):
        return run.n_batches, float("nan"), True  # the rewind finds the step that did it
    _end_epoch(run, epoch.index, history, callback_list, costs, started)
    return diverged


def _step(run, epoch, batch, history, callback_list):
    """One minibatch: the step, its records in the history, the callbacks' hooks."""
    callback_list.on_batch_begin(batch)
    values = run.step(batch)
    values = values.tolist() if hasattr(values, "tolist") else values
    logs = dict(zip(run.record_names, values if isinstance(values, list) else [values]))
    history.record_batch(epoch=epoch, batch=batch, **logs)
    callback_list.on_batch_end(batch, logs)
    return logs


def _end_epoch(run, epoch, history, callback_list, costs, started):
    logs = {"cost": float(np.mean(costs)) if costs else math.nan,
            **(run.epoch_logs() if run.epoch_logs else {}),
            "time": time.perf_counter() - started}
    logs.update(run.validate() if run.validate else {})
    callback_list.on_epoch_end(epoch, logs)
    if "stop_reason" in logs:
        history.summary["stop_reason"] = logs["stop_reason"]
    history.record_epoch(epoch=epoch, **{k: v for k, v in logs.items() if k != "stop_reason"})
