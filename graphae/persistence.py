"""Saving and loading fitted models, and the ModelCheckpoint callback.

A model file is one ``.npz`` archive, written atomically (temporary file,
then rename), read back with ``allow_pickle=False``: arrays ``param_0``...
(the weights, in ``params_`` order), ``velocity_0``... (the optimiser's
state, when saved) and ``metadata``, a JSON document naming the class, its
hyper-parameters, the architecture, the history and any extra fields.
Keeping the JSON inside the archive means weights and metadata are replaced
together or not at all.
"""

from __future__ import annotations

import inspect
import json
import math
from pathlib import Path

import numpy as np

from graphae._io import atomic_path, check_output_path
from graphae._model_file import (
    FORMAT,
    FORMAT_VERSION,
    jsonable,
    read_metadata,
    read_model_file,
    refuse_non_finite,
)
from graphae.errors import ModelFileError
from graphae.models._state import generator_states, restore_training_state
from graphae.training.callbacks import Callback, _better, _monitored

__all__ = ["ModelCheckpoint", "load_model", "read_metadata", "resume_fit", "save_model"]


def save_model(model, path, include_training_state=True, extra=None, history=None):
    """Write a fitted model to ``path`` (``.npz``) atomically.

    Parameters
    ----------
    model : a fitted graphae model
    path : str or Path
    include_training_state : bool, default True
        Also store the momentum velocities, so training can resume exactly.
    extra : dict, optional
        JSON-able fields stored under ``metadata["extra"]``.
    history : graphae.training.History, optional
        The history to store; default ``model.history_`` (a checkpoint
        passes the running fit's history).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        When a weight is NaN or infinite: a diverged model is never saved
        (the file already at ``path`` stays as it was).

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib, graphae
    >>> X = np.random.default_rng(0).random((20, 5))
    >>> dae = graphae.DeepAutoEncoder([3], epochs=1, batch_size=10, verbose=0).fit(X)
    >>> path = save_model(dae, pathlib.Path(tempfile.mkdtemp()) / "dae.npz")
    >>> np.allclose(load_model(path).transform(X), dae.transform(X))
    True
    """
    if not hasattr(model, "_check_fitted"):
        raise TypeError(f"save_model saves graphae's estimators; save a tutorial "
                        f"{type(model).__name__} with graphae.tutorials.save_tutorial")
    model._check_fitted()
    refuse_non_finite(model, model.params_, path)
    history = getattr(model, "history_", None) if history is None else history
    metadata = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "class": type(model).__name__,
        "params": {k: jsonable(v) for k, v in model.get_params().items()},
        "architecture": jsonable(model._architecture()),
        "n_params": len(model.params_),
        "training_state": bool(include_training_state),
        "history": history.to_dict() if history is not None else None,
        "extra": jsonable(extra or {}),
        "generators": generator_states(model),
    }
    arrays = {f"param_{i}": p.get_value() for i, p in enumerate(model.params_)}
    if include_training_state:
        arrays.update({f"velocity_{i}": v.get_value() for i, v in enumerate(model._velocities)})
        arrays["learning_rate"] = np.asarray(model.current_learning_rate)
    arrays["metadata"] = np.asarray(json.dumps(metadata))
    path = Path(path)
    with atomic_path(path) as temporary, open(temporary, "wb") as stream:
        np.savez(stream, **arrays)
    return path


def _model_class(metadata, path):
    """The class the file names, with its hyper-parameters and architecture checked."""
    from graphae.models import MODELS

    cls = MODELS.get(metadata["class"])
    if cls is None:
        raise ModelFileError(path, f"unknown model class {metadata['class']!r}")
    accepted = set(inspect.signature(cls).parameters)
    unknown = set(metadata["params"]) - accepted
    if unknown:
        raise ModelFileError(path, f"{cls.__name__} has no hyper-parameter(s) {sorted(unknown)}")
    architecture = metadata["architecture"]
    if set(architecture) != set(cls._ARCHITECTURE_KEYS):
        raise ModelFileError(path, f"a {cls.__name__}'s architecture is "
                                   f"{sorted(cls._ARCHITECTURE_KEYS)}, got {sorted(architecture)}")
    return cls


def _expected_size(model, architecture):
    shapes = model._layer_shapes(architecture)
    return sum(int(np.prod(shape)) for shape in shapes
               if all(isinstance(d, int) for d in shape))


def load_model(path):
    """Rebuild a model saved by :func:`save_model` (weights, state, history).

    The file is checked before anything is built from it: metadata keys and
    types against a fixed schema, hyper-parameters against the class's,
    architecture entries against the class's (nothing else can be set on
    the model), and the sizes the architecture implies against the arrays
    actually stored, so a crafted file cannot ask for a huge allocation.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    graphae.errors.ModelFileError
        (a ``ValueError``) anything else: not a graphae archive, damaged,
        unknown class or keys, arrays that do not match, non-finite weights;
        the message names the file and the problem.

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib, graphae
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((20, 4)), rng.integers(0, 2, 20)
    >>> ann = graphae.ANN([3], epochs=1, batch_size=10, verbose=0).fit(X, y)
    >>> path = save_model(ann, pathlib.Path(tempfile.mkdtemp()) / "ann.npz")
    >>> (load_model(path).predict(X) == ann.predict(X)).all()
    np.True_
    """
    stored = read_model_file(path)
    cls = _model_class(stored.metadata, path)
    try:
        model = cls(**stored.metadata["params"])
        architecture = stored.metadata["architecture"]
        if _expected_size(model, architecture) > sum(w.size for w in stored.weights):
            raise ValueError(f"its architecture {architecture} needs more weights than the "
                             f"{sum(w.size for w in stored.weights):,} stored")
        model._build(architecture, np.random.default_rng(0))
        history = restore_training_state(model, stored)
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFileError(path, f"does not rebuild a {cls.__name__}: {exc}") from exc
    if history is not None:
        model.history_ = history
    return model


def _with_epoch(history, epoch, logs):
    """The running history with the epoch being finished (recorded after its callbacks)."""
    if history is None:
        return None
    from graphae.training.history import History

    copy = History.from_dict(history.to_dict())
    if copy.n_epochs == epoch:
        copy.record_epoch(epoch=epoch, **{k: v for k, v in logs.items() if k != "stop_reason"})
    return copy


def resume_fit(path, *arrays, epochs=None, **fit_options):
    """Continue the training saved at ``path`` (a :class:`ModelCheckpoint` file) to its end.

    Loads the model with its weights, optimiser state, generators and
    history, and trains the epochs that remain of ``epochs`` (default: the
    model's ``epochs``), so a run killed after epoch k and resumed from its
    epoch-k checkpoint ends with the very weights and history of a run that
    was never interrupted.

    Parameters
    ----------
    path : str or Path
    *arrays
        The training data, as for the model's ``fit`` (``X`` or ``X, y``).
    epochs : int, optional
        The run's planned total of epochs.
    **fit_options
        Passed to ``fit`` (``validation_data``, ``callbacks``...).

    Returns
    -------
    model
        With ``history_`` holding every epoch, those before the checkpoint too.

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib, graphae
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.random((40, 4)), rng.integers(0, 2, 40)
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> straight = graphae.ANN([3], epochs=3, batch_size=10, verbose=0, random_state=0).fit(X, y)
    >>> interrupted = graphae.ANN([3], epochs=1, batch_size=10, verbose=0, random_state=0)
    >>> _ = interrupted.fit(X, y, callbacks=[ModelCheckpoint(folder / "ck.npz")])
    >>> resumed = resume_fit(folder / "ck.npz", X, y, epochs=3)
    >>> all(np.array_equal(a, b) for a, b in zip(straight.get_weights(), resumed.get_weights()))
    True
    >>> resumed.history_.n_epochs
    3
    """
    return load_model(path).fit(*arrays, epochs=epochs, resume=path, **fit_options)


class ModelCheckpoint(Callback):
    """Save the model (weights and training state) at the end of epochs.

    Parameters
    ----------
    path : str or Path
        May contain ``{epoch}`` and epoch-record names, e.g.
        ``"ckpt-{epoch:03d}.npz"``.
    monitor : str, default "cost"
    save_best_only : bool, default False
        Save only when ``monitor`` improves (the file is replaced atomically).
    mode : {"auto", "min", "max"}
    include_training_state : bool, default True

    Attributes
    ----------
    saved : list of pathlib.Path

    Raises
    ------
    ValueError
        At construction, before any training: a pattern that does not
        format (``{epoch:q}``) or whose folder does not exist or is not
        writable; at an epoch's end, a field that is not one of its records.

    Examples
    --------
    >>> ModelCheckpoint("best.npz", monitor="val_loss", save_best_only=True).saved
    []
    """

    def __init__(self, path, monitor="cost", save_best_only=False, mode="auto",
                 include_training_state=True):
        _check_pattern(str(path))
        self.path, self.monitor, self.save_best_only = str(path), monitor, save_best_only
        self.include_training_state = include_training_state
        self._improved, self._worst = _better(mode, monitor)
        self.saved = []

    def on_train_begin(self, logs=None):
        self.best = self._worst

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.save_best_only:
            value = _monitored(logs, self.monitor, "ModelCheckpoint")
            if math.isnan(value) or not self._improved(value, self.best, 0.0):
                return
            self.best = value
        try:
            path = Path(self.path.format(epoch=epoch + 1, **logs))
        except KeyError as exc:
            raise ValueError(f"ModelCheckpoint: path {self.path!r} names {exc}, which is not "
                             f"among this epoch's records {['epoch', *logs]}") from None
        save_model(self.model, path, self.include_training_state,
                   extra={"epoch": epoch + 1, "logs": logs},
                   history=_with_epoch(self.params.get("history"), epoch, logs))
        self.saved.append(path)


class _AnyRecord(dict):
    """Format values for checking a path pattern: ``epoch`` an int, any record a float."""

    def __missing__(self, key):
        return 0.0


def _check_pattern(pattern):
    """A checkpoint path pattern must format, and its folder must exist, before training."""
    try:
        probe = pattern.format_map(_AnyRecord(epoch=1))
    except (ValueError, IndexError, AttributeError, TypeError) as exc:
        raise ValueError(f"ModelCheckpoint: path {pattern!r} is not a valid pattern "
                         f"({exc}); use e.g. 'ckpt-{{epoch:03d}}.npz'") from None
    check_output_path(probe, "ModelCheckpoint path")

