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

import json
import math
import zipfile
from pathlib import Path

import numpy as np

from graphae._io import atomic_path
from graphae.training.callbacks import Callback, _better, _monitored

FORMAT = "graphae-model"
FORMAT_VERSION = 1


def _jsonable(value):
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if hasattr(value, "to_config"):  # a layer specification
        return value.to_config()
    return None  # e.g. a numpy Generator: not restorable from JSON


def save_model(model, path, include_training_state=True, extra=None):
    """Write a fitted model to ``path`` (``.npz``) atomically.

    Parameters
    ----------
    model : a fitted graphae model
    path : str or Path
    include_training_state : bool, default True
        Also store the momentum velocities, so training can resume exactly.
    extra : dict, optional
        JSON-able fields stored under ``metadata["extra"]``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib, graphae
    >>> X = np.random.default_rng(0).random((20, 5))
    >>> dae = graphae.DeepAutoEncoder([3], epochs=1, batch_size=10, verbose=0).fit(X)
    >>> path = save_model(dae, pathlib.Path(tempfile.mkdtemp()) / "dae.npz")
    >>> np.allclose(load_model(path).transform(X), dae.transform(X))
    True
    """
    model._check_fitted()
    history = getattr(model, "history_", None)
    metadata = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "class": type(model).__name__,
        "params": {k: _jsonable(v) for k, v in model.get_params().items()},
        "architecture": _jsonable(model._architecture()),
        "n_params": len(model.params_),
        "training_state": bool(include_training_state),
        "history": history.to_dict() if history is not None else None,
        "extra": _jsonable(extra or {}),
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


def read_metadata(path):
    """The JSON metadata of a saved model, without building the model.

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib, graphae
    >>> X = np.random.default_rng(0).random((20, 4))
    >>> dae = graphae.DeepAutoEncoder([2], epochs=1, batch_size=10, verbose=0).fit(X)
    >>> path = save_model(dae, pathlib.Path(tempfile.mkdtemp()) / "dae.npz")
    >>> read_metadata(path)["class"]
    'DeepAutoEncoder'
    """
    with _open_archive(path) as archive:
        return _metadata(archive, path)


def _open_archive(path):
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no saved model at {path}")
    try:
        return np.load(path, allow_pickle=False)
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValueError(f"{path} is not a graphae model file: {exc}") from exc


def _metadata(archive, path):
    if "metadata" not in archive.files:
        raise ValueError(f"{path} is not a graphae model file (no metadata)")
    metadata = json.loads(str(archive["metadata"]))
    if metadata.get("format") != FORMAT or metadata.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported format {metadata.get('format')!r} "
                         f"version {metadata.get('format_version')!r}")
    return metadata


def load_model(path):
    """Rebuild a model saved by :func:`save_model` (weights, state, history).

    Raises
    ------
    FileNotFoundError, ValueError
        Missing file, not a graphae archive, unknown class or mismatched arrays.

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
    from graphae.training.history import History
    from graphae.models import MODELS

    with _open_archive(path) as archive:
        metadata = _metadata(archive, path)
        cls = MODELS.get(metadata["class"])
        if cls is None:
            raise ValueError(f"{path}: unknown model class {metadata['class']!r}")
        model = cls(**metadata["params"])
        model._build(metadata["architecture"], np.random.default_rng(0))
        weights = [archive[f"param_{i}"] for i in range(metadata["n_params"])]
        model.set_weights(weights)
        if metadata["training_state"]:
            for i, velocity in enumerate(model._velocities):
                velocity.set_value(archive[f"velocity_{i}"].astype(velocity.dtype))
            model.current_learning_rate = float(archive["learning_rate"])
    if metadata.get("history"):
        model.history_ = History.from_dict(metadata["history"])
    return model


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

    Examples
    --------
    >>> ModelCheckpoint("best.npz", monitor="val_loss", save_best_only=True).saved
    []
    """

    def __init__(self, path, monitor="cost", save_best_only=False, mode="auto",
                 include_training_state=True):
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
        path = Path(self.path.format(epoch=epoch + 1, **logs))
        save_model(self.model, path, self.include_training_state,
                   extra={"epoch": epoch + 1, "logs": logs})
        self.saved.append(path)
