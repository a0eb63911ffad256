"""What every estimator shares: hyper-parameters, parameters, the compile cache, fitting.

A model defines its graph (layers, cost, per-batch records, evaluation);
:class:`CompiledModel` does the rest through the core: hyper-parameter
handling, building and resetting parameters, compiling through the model's
:class:`~graphae.training.CompileCache`, and fitting through the one
training loop (:func:`~graphae.training.run_training`) with callbacks,
history, progress, validation, warm starts and ``partial_fit``.
"""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._model_file import checkpoint_epoch, read_model_file
from graphae._validation import (
    check_batch_size,
    check_bool,
    check_features,
    check_float_in,
    check_positive_int,
    check_verbose,
    check_weights,
)
from graphae.backend import default_mode_name, float_x, matrix, normalize_mode_name, shared
from graphae.base import BaseEstimator, NotFittedError
from graphae.errors import ModelFileError
from graphae.models._state import check_resumable, restore_training_state
from graphae.random import as_generator
from graphae.training import (
    CallbackList,
    CompiledOwner,
    Graph,
    History,
    SharedDataset,
    TrainingDiverged,
    TrainingRun,
    batch_index,
    run_training,
)
from graphae.updates import momentum

__all__ = ["CompiledModel", "NotFittedError"]


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class CompiledModel(CompiledOwner, BaseEstimator):
    """Base class of graphae's estimators.

    Subclasses implement ``_architecture_of(*arrays)``, ``_layer_shapes``,
    ``_create_layers``, ``_all_layers``, ``_training_terms`` (returning the
    step's cost, its per-batch records, the minibatch ``givens`` and the
    updates of any random generator it draws from), ``evaluate``
    and may add per-step records in ``_update_records``. They list in
    ``_GRAPH_PARAMS`` the hyper-parameters that shape the graph (part of
    every compile-cache key; ``set_params`` on one of them rebuilds the
    model at the next ``fit``) and in ``_SHARED_PARAMS`` those held in shared
    scalars (changing them never recompiles).
    """

    _GRAPH_PARAMS: tuple = ()
    _SHARED_PARAMS: tuple = ("learning_rate", "momentum")

    # -- compiled functions ----------------------------------------------
    def _graph_key(self):
        return tuple((name, _hashable(getattr(self, name))) for name in self._GRAPH_PARAMS)

    def _function(self, key, build):
        """The compiled function ``key``; ``build()`` returns a :class:`~graphae.training.Graph`."""
        return self._compiled.function(key, build, key=self._graph_key(), mode=self.mode,
                                       verbose=self.verbose)

    def _apply(self, key, symbolic, data, input_name="X"):
        """Run ``symbolic`` (a function of one symbolic matrix) on ``data``."""

        def build():
            variable = matrix(input_name, dtype=self._dtype)
            return Graph([variable], symbolic(variable))

        return self._function(key, build)(data)

    def _forget_compiled(self):
        self._compiled.invalidate()

    def _on_params_changed(self, names):
        """``set_params`` changed ``names``: a graph-shaping one means a rebuild at the next fit."""
        if set(names) & set(self._GRAPH_PARAMS):
            self.__dict__.pop("_built", None)
            self._forget_compiled()

    # -- fitted state ------------------------------------------------------
    def _check_fitted(self, attribute="params_"):
        if not hasattr(self, attribute):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")

    @property
    def _dtype(self):
        """The float dtype of the fitted parameters (floatX before fitting).

        A model fitted under ``float_x_context("float32")`` keeps computing in
        float32 after the context ends.
        """
        params = self.__dict__.get("params_")
        return params[0].dtype if params else float_x()

    def _checked(self, X, name="X"):
        self._check_fitted()
        return check_features(X, dtype=self._dtype, n_features=self.n_features_in_, name=name)

    def get_weights(self):
        """Copies of every parameter's value, in ``params_`` order."""
        self._check_fitted()
        return [p.get_value() for p in self.params_]

    def set_weights(self, weights):
        """Set every parameter from arrays in ``params_`` order.

        Raises
        ------
        ValueError
            When the count or a shape does not match, or an array holds NaN,
            inf or non-numbers; nothing is changed then.
        """
        self._check_fitted()
        for param, value in zip(self.params_, check_weights(self.params_, weights)):
            param.set_value(value.astype(param.dtype))

    @property
    def current_learning_rate(self):
        """The learning rate the compiled step uses now (schedules change it)."""
        return float(self._scalar("learning_rate").get_value())

    @current_learning_rate.setter
    def current_learning_rate(self, value):
        self._scalar("learning_rate", value)

    # -- building ------------------------------------------------------------
    def _signature(self, architecture):
        """What the built parameters and graphs depend on; a change means a rebuild."""
        shapes = tuple(tuple(shape) for shape in self._layer_shapes(architecture))
        return tuple(sorted(architecture.items())), shapes, self._graph_key(), float_x()

    def _build(self, architecture, rng):
        """Create the parameters for ``architecture``, or reset existing ones."""
        shapes = self._layer_shapes(architecture)
        if self.__dict__.get("_built") == self._signature(architecture):
            for layer in self._all_layers():  # same draws in the same order
                layer.reset(rng)
        else:
            self.__dict__.pop("_scalars", None)  # recreated in the new parameters' floatX
            self._create_layers(architecture, shapes, rng)
            self._velocities = self._new_optimizer_state()
            self._forget_compiled()
            self._built = self._signature(architecture)
        for state in self._velocities:  # zero, or what the optimiser starts from
            start = getattr(state.tag, "initial_value", 0.0)
            state.set_value(np.full_like(state.get_value(borrow=True), start))
        for key, value in architecture.items():
            setattr(self, key, value)

    def _architecture(self):
        return {key: getattr(self, key) for key in self._ARCHITECTURE_KEYS}

    def _new_optimizer_state(self):
        """The optimiser's state variables, created once per build (momentum velocities).

        Saved by checkpoints (``velocity_0``...) and reset at every new fit.
        """
        return [shared(np.zeros_like(p.get_value(borrow=True)), f"velocity_{p.name}", p.dtype)
                for p in self._trainable_params()]

    def _trainable_params(self):
        """The parameters the optimiser updates (all of ``params_`` unless layers are frozen)."""
        return self.params_

    def _optimizer_updates(self, cost):
        """Parameter and optimiser-state updates of one step (the lectures' momentum)."""
        updates, _ = momentum(cost, self._trainable_params(), self._scalar("learning_rate"),
                              self._scalar("momentum"), velocities=self._velocities)
        return updates

    def _train_graph(self):
        index = batch_index()
        cost, records, givens, random_updates = self._training_terms(index)
        updates = self._optimizer_updates(cost) + random_updates
        records.update(self._update_records(dict(updates)))
        self._record_names = ("cost", *records)
        outputs = pt.stack([cost, *(r.astype(cost.dtype) for r in records.values())])
        return Graph([index], outputs, updates, givens)

    def _update_records(self, new_values):
        """Extra per-step records computed from the parameter updates."""
        return {}

    # -- fitting -------------------------------------------------------------
    def _fit_settings(self, overrides, n_samples):
        """Merge per-call overrides with constructor values, validating each."""
        if self.mode is not None:
            normalize_mode_name(self.mode)
        check_verbose(self.verbose)
        for flag in ("shuffle", "warm_start"):
            if hasattr(self, flag):
                check_bool(getattr(self, flag), flag)
        value = {k: getattr(self, k) if overrides.get(k) is None else overrides[k]
                 for k in ("learning_rate", "momentum", "epochs", "batch_size")}
        return {
            "learning_rate": check_float_in(value["learning_rate"], "learning_rate", 0, np.inf),
            "momentum": check_float_in(value["momentum"], "momentum", 0, 1, include_low=True),
            "epochs": check_positive_int(value["epochs"], "epochs"),
            "batch_size": check_batch_size(value["batch_size"], n_samples),
        }

    def _shared_values(self, settings):
        """The values of ``_SHARED_PARAMS`` for this fit (per-call settings win)."""
        return {name: settings.get(name, getattr(self, name)) for name in self._SHARED_PARAMS}

    def _fit_arrays(self, arrays, overrides, validation_data, callbacks, partial=False,
                    resume=None, **architecture_options):
        """Shared body of ``fit`` and ``partial_fit``; returns ``self``."""
        n_samples = SharedDataset.n_samples_of(arrays)
        settings = self._fit_settings(overrides, n_samples)
        architecture = self._architecture_of(*arrays.values(), **architecture_options)
        stored = None if resume is None else self._resumable(resume, architecture)
        resuming = (partial or self.warm_start) and hasattr(self, "params_") and stored is None
        if resuming and "_built" in self.__dict__:
            self._check_same_architecture(architecture, "partial_fit" if partial else
                                          "fit with warm_start=True")
        continuing = resuming and (
            self.__dict__.get("_built") == self._signature(architecture))
        if not continuing or "_rng" not in self.__dict__:
            self._rng = as_generator(self.random_state)
        if not continuing:
            self._build(architecture, self._rng)
        self._assign_dataset(arrays, settings["batch_size"])
        for name, value in self._shared_values(settings).items():
            self._scalar(name, value)
        before = None if stored is None else self._restore_stored(stored, resume)
        try:
            history = self._train(settings, n_samples, validation_data, callbacks, before)
        except TrainingDiverged as error:
            self._keep_history(error.history, partial and continuing)
            raise
        self._keep_history(history, partial and continuing)
        return self

    def _assign_dataset(self, arrays, batch_size):
        dataset = self.__dict__.get("_dataset")
        sliced = self._sliced_minibatches()
        if dataset is not None and dataset.accepts(arrays, batch_size, sliced):
            dataset.assign(arrays)
        else:  # only the training step reads the dataset (and its batch size)
            self._dataset = SharedDataset(arrays, batch_size, sliced=sliced)
            self._compiled.invalidate("train")

    def _resumable(self, path, architecture):
        """The checked contents of the file ``fit(..., resume=path)`` continues."""
        stored = read_model_file(path)
        check_resumable(self, stored.metadata, architecture, path)
        return stored

    def _restore_stored(self, stored, path):
        """Load a checked file's state into the built model; the History it had recorded."""
        try:
            history = restore_training_state(self, stored)
        except (ValueError, TypeError, KeyError) as exc:
            raise ModelFileError(path, f"does not fit this {type(self).__name__}: {exc}") from exc
        recorded = history.n_epochs if history is not None else 0
        done = checkpoint_epoch(stored.metadata, recorded, path)
        if done != recorded:
            raise ModelFileError(path, f"its history records {recorded} epochs, but it is the "
                                       f"checkpoint of epoch {done}")
        return history if history is not None else History()

    def _check_same_architecture(self, architecture, call):
        """Continuing on data of another shape would silently re-initialise: refuse."""
        fitted = self._architecture()
        changed = [f"{key} {fitted[key]} -> {architecture[key]}" for key in architecture
                   if key in fitted and fitted[key] != architecture[key]]
        if changed:
            raise ValueError(f"{call} continues the fitted {type(self).__name__}, but the data "
                             f"would change its {', '.join(changed)}; call fit with "
                             f"warm_start=False to train a new model")

    def _sliced_minibatches(self):
        """Whether minibatches can be views (no shuffling, and not the JAX mode)."""
        mode = default_mode_name() if self.mode is None else normalize_mode_name(self.mode)
        return not getattr(self, "shuffle", False) and mode != "jax"

    def _keep_history(self, history, extend):
        """``history_`` (and the record arrays) after a fit; ``partial_fit`` appends."""
        if extend and getattr(self, "history_", None) is not None:
            history = self.history_.extend(history)
        self.history_ = history
        self._set_records(history)

    def _set_records(self, history):
        self.costs_ = history.batch_array("cost")

    def fit_history(self, *args, **kwargs):
        """``fit`` with the same arguments, returning the :class:`History`."""
        return self.fit(*args, **kwargs).history_

    def _validation_logs(self, validation_data):
        return {f"val_{k}": v for k, v in self.evaluate(*validation_data).items()}

    def _train(self, settings, n_samples, validation_data, callbacks, history=None):
        """Run the one training loop over the shared dataset; returns its History.

        ``history`` is that of a resumed run: the loop goes on from its last
        epoch up to ``settings["epochs"]``.
        """
        step = self._function("train", self._train_graph)
        callback_list = CallbackList(callbacks or [])
        callback_list.set_model(self)
        self.stop_training = False
        run = TrainingRun(
            step=step, n_batches=self._dataset.n_batches, epochs=settings["epochs"],
            batch_size=settings["batch_size"], record_names=self._record_names,
            before_epoch=(lambda epoch: self._dataset.reshuffle(self._rng)) if self.shuffle
            else None,
            epoch_logs=lambda: {"learning_rate": self.current_learning_rate},
            validate=None if validation_data is None else (
                lambda: self._validation_logs(validation_data)),
            state=[*self.params_, *self._velocities], should_stop=lambda: self.stop_training,
            replayable=True, history=history,
            params={**settings, "n_samples": n_samples, "validation_data": validation_data})
        return run_training(run, callback_list, verbose=self.verbose)
