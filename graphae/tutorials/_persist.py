"""Saving and loading the tutorial dA and RBM, so their training resumes exactly.

A tutorial file is an ``.npz`` like a model file (written atomically, read
with ``allow_pickle=False``): ``param_0``... (``params`` order), the other
state a training step updates (the RBM's persistent chain and bit index) and
a JSON ``metadata`` entry naming the class, its sizes, the state of its
symbolic generator (the tutorial's ``theano_rng``: corruption masks, Gibbs
samples) and the history. Training a loaded model on goes on with the very
draws the saved one would have made.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from graphae._io import atomic_path
from graphae._model_file import (
    generator_from_state,
    jsonable,
    open_archive,
    refuse_non_finite,
    stored_float_array,
)
from graphae.errors import ModelFileError
from graphae.training.history import History
from graphae.tutorials.denoising import DenoisingAutoEncoder
from graphae.tutorials.rbm import RBM

__all__ = ["load_tutorial", "save_tutorial"]

FORMAT, FORMAT_VERSION = "graphae-tutorial", 1
#: the tutorial classes a file may name
TUTORIAL_CLASSES = {"DenoisingAutoEncoder": DenoisingAutoEncoder, "RBM": RBM}
_KEYS = {"format", "format_version", "class", "n_visible", "n_hidden", "generator", "history",
         "bit_index"}


def save_tutorial(model, path):
    """Write a tutorial :class:`DenoisingAutoEncoder` or :class:`RBM` to ``path`` atomically.

    Raises
    ------
    TypeError
        For another class.
    ValueError
        When a weight is NaN or infinite (a diverged model is never saved).

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib
    >>> rbm = RBM(n_visible=6, n_hidden=3, numpy_rng=np.random.RandomState(0))
    >>> path = save_tutorial(rbm, pathlib.Path(tempfile.mkdtemp()) / "rbm.npz")
    >>> np.array_equal(load_tutorial(path).W.get_value(), rbm.W.get_value())
    True
    """
    name = type(model).__name__
    if TUTORIAL_CLASSES.get(name) is not type(model):
        raise TypeError(f"save_tutorial saves {' and '.join(TUTORIAL_CLASSES)}, not {name}")
    refuse_non_finite(model, model.params, path)
    history = getattr(model, "history_", None)
    metadata = {"format": FORMAT, "format_version": FORMAT_VERSION, "class": name,
                "n_visible": int(model.n_visible), "n_hidden": int(model.n_hidden),
                "generator": jsonable(model.rng.get_value(borrow=True).bit_generator.state),
                "history": history.to_dict() if history is not None else None,
                "bit_index": int(model._bit_index.get_value()) if name == "RBM" else None}
    arrays = {f"param_{i}": p.get_value() for i, p in enumerate(model.params)}
    chain = model.__dict__.get("_chain")
    if chain is not None:
        arrays["chain"] = chain.get_value()
    arrays["metadata"] = np.asarray(json.dumps(metadata))
    with atomic_path(path) as temporary, open(temporary, "wb") as stream:
        np.savez(stream, **arrays)
    return Path(path)


def load_tutorial(path):
    """Rebuild a model written by :func:`save_tutorial`: weights, generator, chain, history.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    graphae.errors.ModelFileError
        (a ``ValueError``) anything else, naming the file and the problem.

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib
    >>> da = DenoisingAutoEncoder(np.random.RandomState(0), n_visible=6, n_hidden=3)
    >>> path = save_tutorial(da, pathlib.Path(tempfile.mkdtemp()) / "da.npz")
    >>> type(load_tutorial(path)).__name__, load_tutorial(path).n_hidden
    ('DenoisingAutoEncoder', 3)
    """
    with open_archive(path) as archive:
        metadata = _tutorial_metadata(archive, path)
        cls = TUTORIAL_CLASSES[metadata["class"]]
        sizes = (metadata["n_visible"], metadata["n_hidden"])
        params = [stored_float_array(archive, f"param_{i}", path) for i in range(3)]
        chain = (stored_float_array(archive, "chain", path) if "chain" in archive.files
                 else None)
    if params[0].shape != sizes:
        raise ModelFileError(path, f"W has shape {params[0].shape}, the sizes say {sizes}")
    try:
        model = cls(numpy_rng=np.random.RandomState(0), n_visible=sizes[0], n_hidden=sizes[1])
        model.set_weights(params)
        model.rng.set_value(generator_from_state(metadata["generator"]))
        if chain is not None:
            model._persistent_chain(chain.shape[0]).set_value(chain)
        if metadata["bit_index"] is not None:
            model._bit_index.set_value(np.int64(metadata["bit_index"]))
        if metadata["history"]:
            model.history_ = History.from_dict(metadata["history"])
            model.costs_ = model.history_.epoch.get("cost", [])
    except (ValueError, TypeError, KeyError) as exc:
        raise ModelFileError(path, f"does not rebuild a {cls.__name__}: {exc}") from exc
    return model


def _tutorial_metadata(archive, path):
    if "metadata" not in archive.files:
        raise ModelFileError(path, "not a graphae tutorial file (no metadata)")
    try:
        metadata = json.loads(str(archive["metadata"]))
    except ValueError as exc:
        raise ModelFileError(path, f"its metadata is not readable JSON ({exc})") from exc
    if not isinstance(metadata, dict) or set(metadata) != _KEYS:
        raise ModelFileError(path, f"its metadata must be an object with the keys {sorted(_KEYS)}")
    if (metadata["format"], metadata["format_version"]) != (FORMAT, FORMAT_VERSION):
        raise ModelFileError(path, f"unsupported format {metadata['format']!r} version "
                                   f"{metadata['format_version']!r}")
    if metadata["class"] not in TUTORIAL_CLASSES:
        raise ModelFileError(path, f"unknown tutorial class {metadata['class']!r}")
    for key in ("n_visible", "n_hidden"):
        value = metadata[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 2 ** 24:
            raise ModelFileError(path, f"{key} must be a whole number in 1..{2 ** 24}")
    return metadata
