"""A model's saved training state: what a file gives back to an estimator.

The weights, the optimiser's state, the learning rate a schedule had
reached, the shuffling and noise generators and the history: everything the
next training step depends on. :func:`graphae.persistence.load_model`
restores it into a new model; ``fit(..., resume=path)`` into the model it
is called on, after checking that the file was written by a model like it.
"""

from __future__ import annotations

import numpy as np

from graphae._model_file import generator_from_state, jsonable
from graphae.errors import ModelFileError
from graphae.training.history import History

__all__ = ["check_resumable", "generator_states", "restore_training_state"]


def generator_states(model):
    """The states of the model's shuffling and noise generators (what resuming needs)."""
    states = {}
    if isinstance(model.__dict__.get("_rng"), np.random.Generator):
        states["shuffle"] = model._rng.bit_generator.state
    noise = model.__dict__.get("_noise")
    if noise is not None:
        states["noise"] = noise.get_value(borrow=True).bit_generator.state
    return jsonable(states)


def check_resumable(model, metadata, architecture, path):
    """Refuse a file that another kind of model, or one shaped otherwise, wrote.

    Parameters
    ----------
    model : CompiledModel
        The model ``fit(..., resume=path)`` was called on.
    metadata : dict
        The file's checked metadata.
    architecture : dict
        What ``model`` builds for the data it was given.
    path : str or Path

    Raises
    ------
    graphae.errors.ModelFileError
        Naming the file and what differs.
    """
    name = type(model).__name__
    if metadata["class"] != name:
        raise ModelFileError(path, f"holds a model of class {metadata['class']}; resume it with "
                                   f"that class, not {name}")
    stored = metadata["architecture"]
    changed = [f"{key} {stored.get(key)} (file) vs {value} (data)"
               for key, value in architecture.items() if stored.get(key) != value]
    shaping = {key: jsonable(getattr(model, key)) for key in model._GRAPH_PARAMS}
    changed += [f"{key} {metadata['params'].get(key)!r} (file) vs {value!r} (model)"
                for key, value in shaping.items()
                if key in metadata["params"] and metadata["params"][key] != value]
    if changed:
        raise ModelFileError(path, f"cannot resume this {name} from it: {'; '.join(changed)}")
    if not metadata["training_state"]:
        raise ModelFileError(path, "holds no optimiser state (saved with "
                                   "include_training_state=False), so training cannot resume "
                                   "exactly from it")


def restore_training_state(model, stored):
    """Put a file's weights, optimiser state, generators and history into a built ``model``.

    Parameters
    ----------
    model : CompiledModel
        Built for the file's architecture (``_build``).
    stored : graphae._model_file.StoredModel

    Returns
    -------
    History or None
        The saved history.

    Raises
    ------
    ValueError, TypeError, KeyError
        When the arrays or states do not fit the model (the caller names
        the file).
    """
    model.set_weights(stored.weights)
    if stored.velocities is not None:
        _set_velocities(model, stored.velocities)
        model.current_learning_rate = stored.learning_rate
    _set_generator_states(model, stored.metadata.get("generators", {}))
    history = stored.metadata["history"]
    return History.from_dict(history) if history else None


def _set_generator_states(model, states):
    """Put the saved generators back, so training resumes with the draws it would have made."""
    unknown = set(states) - {"shuffle", "noise"}
    if unknown:
        raise ValueError(f"unknown generators {sorted(unknown)}")
    if "shuffle" in states:
        model._rng = generator_from_state(states["shuffle"])
    if "noise" in states and model.__dict__.get("_noise") is not None:
        model._noise.set_value(generator_from_state(states["noise"]))


def _set_velocities(model, velocities):
    if len(velocities) != len(model._velocities):
        raise ValueError(f"{len(velocities)} optimiser-state arrays for "
                         f"{len(model._velocities)} variables")
    for variable, value in zip(model._velocities, velocities):
        if value.shape != variable.get_value(borrow=True).shape:
            raise ValueError(f"{variable.name}: shape {value.shape} does not match "
                             f"{variable.get_value(borrow=True).shape}")
        variable.set_value(value.astype(variable.dtype))
