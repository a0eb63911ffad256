"""What the tutorials' training scripts repeat: shared data, minibatch slices, epoch loops."""

from __future__ import annotations

import time

import numpy as np
import pytensor.tensor as pt
from pytensor.compile.sharedvalue import SharedVariable

from graphae.backend import float_x, shared
from graphae.callbacks import PatienceRule
from graphae.progress import format_epoch_line

__all__ = ["as_shared_data", "minibatch", "n_minibatches", "n_rows", "patience_loop", "run_epochs",
           "training_data"]


def as_shared_data(data, name="data", dtype=None):
    """Data as a symbolic variable: arrays are copied into a shared variable.

    Shared variables and symbolic expressions (the tutorials' ``load_data``
    gives ``T.cast(shared_y, 'int32')``) are returned unchanged.

    Parameters
    ----------
    data : array_like, SharedVariable or TensorVariable
    name : str
    dtype : str, optional
        Dtype of the copy (floatX by default).

    Raises
    ------
    ValueError
        For an empty array or non-finite values.

    Examples
    --------
    >>> as_shared_data(np.ones((3, 2))).get_value().shape
    (3, 2)
    """
    if isinstance(data, pt.TensorVariable) or isinstance(data, SharedVariable):
        return data
    array = np.asarray(data, dtype=dtype or float_x())
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return shared(array, name=name, dtype=array.dtype)


def n_rows(data):
    """Number of rows of shared or array data.

    Examples
    --------
    >>> n_rows(as_shared_data(np.ones((5, 2))))
    5
    """
    if isinstance(data, SharedVariable):
        return int(data.get_value(borrow=True).shape[0])
    if isinstance(data, pt.TensorVariable):
        raise TypeError("the number of rows of a symbolic expression is unknown; "
                        "pass the shared variable or an array")
    return len(data)


def n_minibatches(data, batch_size):
    """Full minibatches in ``data`` (the tutorials drop the remainder).

    Raises
    ------
    ValueError
        When ``batch_size`` is not a positive int or exceeds the data.

    Examples
    --------
    >>> n_minibatches(np.ones((45, 2)), 20)
    2
    """
    rows = n_rows(data)
    if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or (
            batch_size <= 0):
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    if batch_size > rows:
        raise ValueError(f"batch_size {batch_size} is larger than the data ({rows} rows)")
    return rows // batch_size


def minibatch(data, index, batch_size):
    """Symbolic rows ``index * batch_size`` to ``(index + 1) * batch_size``.

    The rows are gathered with an index vector of static length rather than
    sliced, so the minibatch has exactly ``batch_size`` rows in the graph
    (only full minibatches are used): JAX needs static shapes both to index
    and to draw noise of the minibatch's shape.

    Examples
    --------
    >>> rows = minibatch(pt.constant(np.arange(10)), pt.constant(1), 4)
    >>> rows.eval().tolist()
    [4, 5, 6, 7]
    """
    rows = data[index * int(batch_size) + pt.arange(int(batch_size))]
    return pt.specify_shape(rows, (int(batch_size),) + (None,) * (rows.ndim - 1))


def run_epochs(step, n_batches, epochs, name="training", verbose=1, batch_size=None,
               max_seconds=None):
    """Call ``step(batch)`` for every minibatch of every epoch.

    Parameters
    ----------
    step : callable
        Returns the minibatch's cost.
    n_batches, epochs : int
    name : str
        Shown in progress lines.
    verbose : int
        0 prints nothing; otherwise one line per epoch (cost, time, speed).
    batch_size : int, optional
        For the samples-per-second figure.
    max_seconds : float, optional
        Stop before an epoch that, at the last epoch's pace, would end after
        this many seconds from the start.

    Returns
    -------
    costs : list of float
        Mean cost of each epoch.
    seconds : list of float
        Wall time of each epoch.

    Raises
    ------
    FloatingPointError
        When an epoch's mean cost is not finite (training diverged).

    Examples
    --------
    >>> run_epochs(lambda batch: float(batch), n_batches=3, epochs=2, verbose=0)[0]
    [1.0, 1.0]
    """
    costs, seconds, started = [], [], time.perf_counter()
    for epoch in range(epochs):
        epoch_started = time.perf_counter()
        cost = float(np.mean([step(batch) for batch in range(n_batches)]))
        seconds.append(time.perf_counter() - epoch_started)
        costs.append(cost)
        if verbose:
            line = format_epoch_line(epoch, epochs, {"cost": cost}, n_batches * (batch_size or 1),
                                     seconds[-1], time.perf_counter() - started)
            print(f"{name}: {line}", flush=True)
        if not np.isfinite(cost):
            raise FloatingPointError(f"{name}: cost became {cost} in epoch {epoch}")
        if max_seconds is not None and (
                time.perf_counter() - started + seconds[-1] > max_seconds):
            if verbose and epoch + 1 < epochs:
                print(f"{name}: stopping after {epoch + 1} epochs (time limit "
                      f"{max_seconds:g} s)", flush=True)
            break
    return costs, seconds


def training_data(owner, train_set_x, n_columns, unit_interval=True):
    """Validated shared training data, reusing ``owner``'s earlier copy when possible.

    Arrays are copied into one shared variable per model, refilled on later
    calls, so a model's compiled step (which reads that variable through
    ``givens``) is compiled once. A shared variable passed by the caller is
    used as it is.

    Raises
    ------
    ValueError
        When the data is not 2-D with ``n_columns`` columns, or (with
        ``unit_interval``) holds values outside [0, 1].

    Examples
    --------
    >>> class Model: pass
    >>> model = Model()
    >>> first = training_data(model, np.zeros((4, 2)), 2)
    >>> training_data(model, np.ones((6, 2)), 2) is first
    True
    """
    data = as_shared_data(train_set_x, "train_set_x")
    values = data.get_value(borrow=True)
    if values.ndim != 2 or values.shape[1] != n_columns:
        raise ValueError(f"train_set_x must have shape (n, {n_columns}), got {values.shape}")
    if unit_interval and (values.min() < 0 or values.max() > 1):
        raise ValueError("train_set_x must hold values in [0, 1]")
    if data is train_set_x:
        return data
    stored = owner.__dict__.get("_data")
    if stored is not None and stored.dtype == data.dtype:
        stored.set_value(values, borrow=True)
        return stored
    owner._data = data
    return data


def patience_loop(train_step, n_train_batches, validate, test, epochs, patience=None,
                  patience_increase=2.0, improvement_threshold=0.995, on_best=None,
                  name="fine-tuning", verbose=1):
    """The tutorials' early-stopping loop over minibatches, with patience.

    Every ``validation_frequency = min(n_train_batches, patience // 2)``
    minibatches the validation error is measured; a new best that beats the
    old by ``improvement_threshold`` extends patience to ``iteration *
    patience_increase``, and the test error is measured at each new best.
    Training stops when patience runs out or after ``epochs`` epochs.

    Parameters
    ----------
    train_step : callable
        ``train_step(minibatch_index)`` returns the minibatch cost.
    n_train_batches, epochs : int
    validate, test : callable
        Return the mean validation / test error.
    patience : int, optional
        In minibatches; ``10 * n_train_batches`` by default (SdA and DBN).
    on_best : callable, optional
        Called at each new best (e.g. to keep the best parameters).

    Returns
    -------
    dict
        ``best_validation_error``, ``test_error``, ``best_iteration``,
        ``epochs`` (run), ``costs`` (mean per epoch), ``seconds``.

    Examples
    --------
    >>> errors = iter([0.5, 0.4, 0.4, 0.4])
    >>> result = patience_loop(lambda i: 0.0, 2, lambda: next(errors), lambda: 0.3,
    ...                        epochs=10, patience=4, verbose=0)
    >>> result["best_validation_error"], result["epochs"]
    (0.4, 4)
    """
    rule = PatienceRule(10 * n_train_batches if patience is None else int(patience),
                        n_train_batches, patience_increase, improvement_threshold)
    test_error, costs, seconds, started, epoch, done = None, [], [], time.perf_counter(), 0, False
    while epoch < epochs and not done:
        epoch += 1
        epoch_started, epoch_costs = time.perf_counter(), []
        for index in range(n_train_batches):
            epoch_costs.append(float(train_step(index)))
            iteration = (epoch - 1) * n_train_batches + index
            if rule.due(iteration) and rule.record(iteration, float(validate())):
                test_error = float(test())
                if on_best is not None:
                    on_best()
            if rule.exhausted(iteration):
                done = True
                break
        costs.append(float(np.mean(epoch_costs)))
        seconds.append(time.perf_counter() - epoch_started)
        if verbose:
            print(f"{name}: epoch {epoch}, cost {costs[-1]:.6f}, best validation error "
                  f"{rule.best_score * 100:.4f} %, test error {(test_error or 0) * 100:.4f} %, "
                  f"{seconds[-1]:.1f} s", flush=True)
        if not np.isfinite(costs[-1]):
            raise FloatingPointError(f"{name}: cost became {costs[-1]} in epoch {epoch}")
    return {"best_validation_error": rule.best_score, "test_error": test_error,
            "best_iteration": rule.best_iteration, "epochs": epoch, "costs": costs,
            "seconds": seconds, "total_seconds": time.perf_counter() - started}

