"""Reading graphae's model files: the archive, its metadata schema, its arrays.

Below the models in the import layers, so that both
:mod:`graphae.persistence` (``load_model``) and the estimators themselves
(``fit(..., resume=path)``) read a file through the same checks. Nothing
here builds a model: it returns checked metadata and arrays, and every
problem is a :class:`~graphae.errors.ModelFileError` naming the file.

Examples
--------
>>> import numpy as np, tempfile, pathlib, graphae
>>> from graphae.persistence import save_model
>>> X = np.random.default_rng(0).random((20, 4))
>>> dae = graphae.DeepAutoEncoder([2], epochs=1, batch_size=10, verbose=0).fit(X)
>>> stored = read_model_file(save_model(dae, pathlib.Path(tempfile.mkdtemp()) / "m.npz"))
>>> stored.metadata["class"], [w.shape for w in stored.weights]
('DeepAutoEncoder', [(4, 2), (2,), (4,)])
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from graphae.errors import ModelFileError

__all__ = ["FORMAT", "FORMAT_VERSION", "StoredModel", "checkpoint_epoch", "generator_from_state",
           "jsonable", "open_archive", "read_metadata", "read_model_file", "refuse_non_finite",
           "stored_float_array"]

FORMAT = "graphae-model"
FORMAT_VERSION = 1

#: every key of a model file's metadata, and the type of its value
_METADATA_TYPES = {"format": str, "format_version": int, "class": str, "params": dict,
                   "architecture": dict, "n_params": int, "training_state": bool,
                   "history": (dict, type(None)), "extra": dict, "generators": dict}
#: keys a file may lack (written by earlier versions of the format 1 writer)
_OPTIONAL_KEYS = {"generators"}
#: the bit generators a saved generator state may name
_BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
#: the largest width an architecture entry may give (a bound before any allocation)
MAX_WIDTH = 2 ** 24


class StoredModel(NamedTuple):
    """What a model file holds, checked: metadata, weights and the optimiser's state.

    Attributes
    ----------
    metadata : dict
        Validated against the schema; the architecture's entries are
        integers in ``1..MAX_WIDTH``.
    weights : list of numpy.ndarray
        Finite float arrays, in ``params_`` order.
    velocities : list of numpy.ndarray or None
        The optimiser's state, when the file holds it.
    learning_rate : float or None
        The learning rate the saved step was using (schedules change it).
    """

    metadata: dict
    weights: list
    velocities: list | None
    learning_rate: float | None


def jsonable(value):
    """``value`` as JSON-able data (``None`` where it cannot be restored from JSON).

    Examples
    --------
    >>> jsonable((np.int64(3), {"a": np.float32(0.5)}))
    [3, {'a': 0.5}]
    """
    if isinstance(value, (str, bool, int, float)) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "to_config"):  # a layer specification
        return value.to_config()
    return None  # e.g. a numpy Generator: not restorable from JSON


def refuse_non_finite(model, params, path):
    """A diverged model is never written: raise ``ValueError`` on NaN or infinite weights."""
    for param in params:
        value = param.get_value(borrow=True)
        if not np.isfinite(value).all():
            raise ValueError(f"refusing to save {type(model).__name__} to {path}: its weights "
                             f"{param.name} hold {int(np.sum(~np.isfinite(value)))} NaN or "
                             f"infinite values (the training diverged)")


def open_archive(path):
    """The ``.npz`` at ``path`` opened without pickles; FileNotFoundError or ModelFileError."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no saved model at {path}")
    try:
        return np.load(path, allow_pickle=False)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ModelFileError(path, f"not a graphae model file ({exc or 'empty'})") from exc


def stored_array(archive, name, path):
    """Array ``name`` of an open archive, or a ModelFileError saying what is wrong."""
    if name not in archive.files:
        raise ModelFileError(path, f"array {name!r} is missing")
    try:
        return archive[name]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ModelFileError(path, f"array {name!r} is damaged ({exc})") from exc


def stored_float_array(archive, name, path):
    """Like :func:`stored_array`, for weights: finite floats only."""
    value = stored_array(archive, name, path)
    if value.dtype.kind != "f" or not np.isfinite(value).all():
        raise ModelFileError(path, f"array {name} must hold finite floats")
    return value


def read_metadata(path):
    """The JSON metadata of a saved model, checked against the schema, without building it.

    Examples
    --------
    >>> read_metadata("no-such-model.npz")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no saved model at no-such-model.npz
    """
    with open_archive(path) as archive:
        return _metadata(archive, path)


def read_model_file(path):
    """Everything a model file holds, checked (see :class:`StoredModel`).

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    graphae.errors.ModelFileError
        Anything else wrong with it, naming the file and the problem.
    """
    with open_archive(path) as archive:
        metadata = _metadata(archive, path)
        _check_architecture_values(metadata["architecture"], path)
        weights, velocities, learning_rate = _stored_arrays(archive, metadata, path)
    return StoredModel(metadata, weights, velocities, learning_rate)


def checkpoint_epoch(metadata, recorded, path):
    """How many epochs the saved run had finished: a checkpoint says, else ``recorded``.

    ``recorded`` is the number of epochs in the file's history.
    """
    done = metadata["extra"].get("epoch", recorded)
    if isinstance(done, bool) or not isinstance(done, int) or done < 0:
        raise ModelFileError(path, f"its checkpoint epoch must be a whole number, got {done!r}")
    return done


def generator_from_state(state):
    """A NumPy Generator from a saved ``bit_generator.state``; ValueError if it is not one."""
    if not isinstance(state, dict) or state.get("bit_generator") not in _BIT_GENERATORS:
        raise ValueError(f"a generator state must name one of {', '.join(_BIT_GENERATORS)}")
    bit_generator = getattr(np.random, state["bit_generator"])()
    bit_generator.state = state  # NumPy checks the rest (ValueError / TypeError)
    return np.random.Generator(bit_generator)


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
        value = metadata.get(key, {})
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ModelFileError(path, f"metadata {key!r} must be {_type_name(kind)}, got "
                                       f"{value!r:.60}")
    return metadata


def _type_name(kind):
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"NoneType": "null"}.get(k.__name__, k.__name__) for k in kinds)


def _check_architecture_values(architecture, path):
    for key, value in architecture.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_WIDTH:
            raise ModelFileError(path, f"architecture {key!r} must be an integer in "
                                       f"1..{MAX_WIDTH}, got {value!r:.60}")


def _stored_arrays(archive, metadata, path):
    """The weights (and, when saved, velocities and learning rate) read from the archive."""
    stored = sum(name.startswith("param_") for name in archive.files)
    if not 0 < metadata["n_params"] <= stored:
        raise ModelFileError(path, f"metadata 'n_params' is {metadata['n_params']}, but the "
                                   f"file holds {stored} weight arrays")
    weights = [stored_float_array(archive, f"param_{i}", path)
               for i in range(metadata["n_params"])]
    if not metadata["training_state"]:
        return weights, None, None
    count = sum(name.startswith("velocity_") for name in archive.files)
    velocities = [stored_array(archive, f"velocity_{i}", path) for i in range(count)]
    learning_rate = stored_array(archive, "learning_rate", path)
    if learning_rate.shape != () or learning_rate.dtype.kind != "f":
        raise ModelFileError(path, "'learning_rate' must be one float")
    return weights, velocities, float(learning_rate)
