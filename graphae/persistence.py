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
import zipfile
from pathlib import Path

import numpy as np

from graphae._io import atomic_path, check_output_path
from graphae.errors import ModelFileError
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
    _check_finite_weights(model, model.params_, path)
    history = getattr(model, "history_", None) if history is None else history
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
        "generators": _generator_states(model),
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


def _check_finite_weights(model, params, path):
    """A diverged model is never written: refuse NaN or infinite weights."""
    for param in params:
        value = param.get_value(borrow=True)
        if not np.isfinite(value).all():
            raise ValueError(f"refusing to save {type(model).__name__} to {path}: its weights "
                             f"{param.name} hold {int(np.sum(~np.isfinite(value)))} NaN or "
                             f"infinite values (the training diverged)")


def _stored_array(archive, name, path):
    """Array ``name`` of an open archive, or a ModelFileError saying what is wrong."""
    if name not in archive.files:
        raise ModelFileError(path, f"array {name!r} is missing")
    try:
        return archive[name]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ModelFileError(path, f"array {name!r} is damaged ({exc})") from exc


def _stored_float_array(archive, name, path):
    """Like :func:`_stored_array`, for weights: finite floats only."""
    value = _stored_array(archive, name, path)
    if value.dtype.kind != "f" or not np.isfinite(value).all():
        raise ModelFileError(path, f"array {name} must hold finite floats")
    return value


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
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ModelFileError(path, f"not a graphae model file ({exc or 'empty'})") from exc


#: every key of a model file's metadata, and the type of its value
_METADATA_TYPES = {"format": str, "format_version": int, "class": str, "params": dict,
                   "architecture": dict, "n_params": int, "training_state": bool,
                   "history": (dict, type(None)), "extra": dict}
#: keys a file may lack (written by later versions of the format 1 writer)
_OPTIONAL_KEYS = {"generators"}
_METADATA_TYPES["generators"] = dict
#: the bit generators a saved generator state may name
_BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
#: the largest width an architecture entry may give (a bound before any allocation)
_MAX_WIDTH = 2 ** 24


def _metadata(archive, path):
    if "metadata" not in archive.files:
        raise ModelFileError(path, "not a graphae model file (no metadata)")
    try:
        metadata = json.loads(str(archive["metadata"]))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ModelFileError(path, f"its metadata is not readable JSON ({exc})") from exc
    if not isinstance(metadata, dict):
        raise ModelFileError(path, f"its metadata must be a JSON object, got "
                                   f"{type(metadata).__name__}")
    if metadata.get("format") == "graphae-tutorial":
        raise ModelFileError(path, "holds a tutorial model: load it with "
                                   "graphae.tutorials.load_tutorial")
    if metadata.get("format") != FORMAT or metadata.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(path, f"unsupported format {metadata.get('format')!r} "
                                   f"version {metadata.get('format_version')!r}")
    missing = set(_METADATA_TYPES) - set(metadata) - _OPTIONAL_KEYS
    unknown = set(metadata) - set(_METADATA_TYPES)
    if missing or unknown:
        raise ModelFileError(path, f"metadata keys missing {sorted(missing)}, unknown "
                                   f"{sorted(unknown)}")
    for key, kind in _METADATA_TYPES.items():
        if key not in metadata:
            continue
        value = metadata[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ModelFileError(path, f"metadata {key!r} must be {_type_name(kind)}, got "
                                       f"{value!r:.60}")
    return metadata


def _type_name(kind):
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"NoneType": "null"}.get(k.__name__, k.__name__) for k in kinds)


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
    for key, value in architecture.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= _MAX_WIDTH:
            raise ModelFileError(path, f"architecture {key!r} must be an integer in "
                                       f"1..{_MAX_WIDTH}, got {value!r:.60}")
    return cls


def _stored_arrays(archive, metadata, path):
    """The weights (and, when saved, velocities and learning rate) read from the archive."""
    stored = sum(name.startswith("param_") for name in archive.files)
    if not 0 < metadata["n_params"] <= stored:
        raise ModelFileError(path, f"metadata 'n_params' is {metadata['n_params']}, but the "
                                   f"file holds {stored} weight arrays")
    weights = [_stored_float_array(archive, f"param_{i}", path)
               for i in range(metadata["n_params"])]
    state = None
    if metadata["training_state"]:
        count = sum(name.startswith("velocity_") for name in archive.files)
        velocities = [_stored_array(archive, f"velocity_{i}", path) for i in range(count)]
        state = velocities, _stored_array(archive, "learning_rate", path)
        if state[1].shape != () or state[1].dtype.kind != "f":
            raise ModelFileError(path, "'learning_rate' must be one float")
    return weights, state


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
    from graphae.training.history import History

    with _open_archive(path) as archive:
        metadata = _metadata(archive, path)
        cls = _model_class(metadata, path)
        weights, state = _stored_arrays(archive, metadata, path)
    try:
        model = cls(**metadata["params"])
        architecture = metadata["architecture"]
        if _expected_size(model, architecture) > sum(w.size for w in weights):
            raise ValueError(f"its architecture {architecture} needs more weights than the "
                             f"{sum(w.size for w in weights):,} stored")
        model._build(architecture, np.random.default_rng(0))
        model.set_weights(weights)
        if state is not None:
            velocities, learning_rate = state
            _set_velocities(model, velocities)
            model.current_learning_rate = float(learning_rate)
        if metadata["history"]:
            model.history_ = History.from_dict(metadata["history"])
        _set_generator_states(model, metadata.get("generators", {}))
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFileError(path, f"does not rebuild a {cls.__name__}: {exc}") from exc
    return model


def _generator_states(model):
    """The states of the model's shuffling and noise generators (what resuming needs)."""
    states = {}
    if isinstance(model.__dict__.get("_rng"), np.random.Generator):
        states["shuffle"] = model._rng.bit_generator.state
    noise = model.__dict__.get("_noise")
    if noise is not None:
        states["noise"] = noise.get_value(borrow=True).bit_generator.state
    return _jsonable(states)


def _generator(state):
    if not isinstance(state, dict) or state.get("bit_generator") not in _BIT_GENERATORS:
        raise ValueError(f"a generator state must name one of {', '.join(_BIT_GENERATORS)}")
    bit_generator = getattr(np.random, state["bit_generator"])()
    bit_generator.state = state  # NumPy checks the rest (ValueError / TypeError)
    return np.random.Generator(bit_generator)


def _set_generator_states(model, states):
    """Put the saved generators back, so training resumes with the draws it would have made."""
    unknown = set(states) - {"shuffle", "noise"}
    if unknown:
        raise ValueError(f"unknown generators {sorted(unknown)}")
    if "shuffle" in states:
        model._rng = _generator(states["shuffle"])
    if "noise" in states and model.__dict__.get("_noise") is not None:
        model._noise.set_value(_generator(states["noise"]))


def _set_velocities(model, velocities):
    if len(velocities) != len(model._velocities):
        raise ValueError(f"{len(velocities)} optimiser-state arrays for "
                         f"{len(model._velocities)} variables")
    for variable, value in zip(model._velocities, velocities):
        if value.shape != variable.get_value(borrow=True).shape:
            raise ValueError(f"{variable.name}: shape {value.shape} does not match "
                             f"{variable.get_value(borrow=True).shape}")
        variable.set_value(value.astype(variable.dtype))


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
    model = load_model(path)
    before = getattr(model, "history_", None)
    done = before.n_epochs if before is not None else 0
    done = read_metadata(path)["extra"].get("epoch", done)  # a checkpoint says its epoch
    if isinstance(done, bool) or not isinstance(done, int) or done < 0:
        raise ModelFileError(path, f"its checkpoint epoch must be a whole number, got {done!r}")
    planned = model.epochs if epochs is None else epochs
    if isinstance(planned, bool) or not isinstance(planned, int) or planned < 1:
        raise ValueError(f"epochs must be a whole number >= 1, got {planned!r}")
    if planned <= done:
        return model
    warm_start = model.warm_start
    model.set_params(warm_start=True).fit(*arrays, epochs=planned - done, **fit_options)
    model.set_params(warm_start=warm_start)
    if before is not None:
        model.history_ = before.extend(model.history_)
        model._set_records(model.history_)
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

