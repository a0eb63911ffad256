"""The training machinery every graphae model shares.

A model defines its graph (layers, cost, per-batch records, evaluation);
:class:`CompiledModel` does the rest: hyper-parameter handling, building and
resetting parameters, the compiled-function cache, the minibatch loop with
callbacks, history, progress, validation, warm starts and ``partial_fit``.
"""

from __future__ import annotations

import time

import numpy as np
import pytensor.tensor as pt

from graphae._training import SharedDataset, batch_index, compiled_once
from graphae._validation import (
    check_batch_size,
    check_features,
    check_float_in,
    check_positive_int,
)
from graphae.backend import compile_function, float_x, matrix, normalize_mode_name, shared
from graphae.base import BaseEstimator
from graphae.callbacks import CallbackList
from graphae.history import History
from graphae.init import check_random_state
from graphae.progress import ProgressLogger
from graphae.updates import classical_momentum


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit``.

    Examples
    --------
    >>> import graphae
    >>> try:
    ...     graphae.ANN([3]).predict([[0.0]])
    ... except NotFittedError as error:
    ...     print(error)
    this ANN is not fitted yet; call fit first
    """


class CompiledModel(BaseEstimator):
    """Base class of graphae's trainable models.

    Subclasses implement ``_architecture_of(*arrays)``, ``_layer_shapes``,
    ``_create_layers``, ``_all_layers``, ``_training_terms``, ``evaluate``
    and may add per-step records in ``_update_records``. Each graph is
    compiled once per model and reused by later calls, including later
    ``fit`` calls with the same architecture.
    """

    # -- compiled functions ----------------------------------------------
    def _function(self, key, build):
        """Return the compiled function ``key``, compiling it on first use.

        ``build()`` returns ``(inputs, outputs, updates, givens)``.
        """
        name = f"{type(self).__name__}.{key}"

        def compile_graph():
            inputs, outputs, updates, givens = build()
            return compile_function(inputs, outputs, updates=updates, givens=givens,
                                    mode=self.mode, name=name)

        return compiled_once(self.__dict__.setdefault("_compiled", {}), key, compile_graph,
                             name, self.verbose)

    def _apply(self, key, symbolic, data, input_name="X"):
        """Run ``symbolic`` (a function of one symbolic matrix) on ``data``."""

        def build():
            variable = matrix(input_name)
            return [variable], symbolic(variable), None, None

        return self._function(key, build)(data)

    def _forget_compiled(self):
        self.__dict__["_compiled"] = {}

    # -- fitted state ------------------------------------------------------
    def _check_fitted(self, attribute="params_"):
        if not hasattr(self, attribute):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")

    def _checked(self, X, name="X"):
        self._check_fitted()
        return check_features(X, dtype=float_x(), n_features=self.n_features_in_, name=name)

    def get_weights(self):
        """Copies of every parameter's value, in ``params_`` order."""
        self._check_fitted()
        return [p.get_value() for p in self.params_]

    def set_weights(self, weights):
        """Set every parameter from arrays in ``params_`` order (shapes must match)."""
        self._check_fitted()
        weights = list(weights)
        if len(weights) != len(self.params_):
            raise ValueError(f"expected {len(self.params_)} arrays, got {len(weights)}")
        for param, value in zip(self.params_, weights):
            value = np.asarray(value)
            if value.shape != param.get_value(borrow=True).shape:
                raise ValueError(f"{param.name}: shape {value.shape} does not match "
                                 f"{param.get_value(borrow=True).shape}")
            param.set_value(value.astype(param.dtype))

    @property
    def current_learning_rate(self):
        """The learning rate the compiled step uses now (schedules change it)."""
        return float(self._hyper_shared()[0].get_value())

    @current_learning_rate.setter
    def current_learning_rate(self, value):
        self._hyper_shared()[0].set_value(np.asarray(value, dtype=float_x()))

    def _hyper_shared(self):
        if "_learning_rate_var" not in self.__dict__:
            self._learning_rate_var = shared(np.array(self.learning_rate), "learning_rate",
                                             float_x())
            self._momentum_var = shared(np.array(self.momentum), "momentum", float_x())
        return self._learning_rate_var, self._momentum_var

    # -- building ------------------------------------------------------------
    def _build(self, architecture, rng):
        """Create the parameters for ``architecture``, or reset existing ones."""
        shapes = self._layer_shapes(architecture)
        built = getattr(self, "params_", None) is not None and [
            tuple(W.get_value(borrow=True).shape) for W in self.weights_] == shapes
        if built:
            for layer in self._all_layers():  # same draws in the same order
                layer.reset(rng)
        else:
            self._create_layers(architecture, shapes, rng)
            self._velocities = [shared(np.zeros_like(p.get_value(borrow=True)),
                                       f"velocity_{p.name}", p.dtype) for p in self.params_]
            self._forget_compiled()
        for velocity in self._velocities:
            velocity.set_value(np.zeros_like(velocity.get_value(borrow=True)))
        for key, value in architecture.items():
            setattr(self, key, value)

    def _architecture(self):
        return {key: getattr(self, key) for key in self._ARCHITECTURE_KEYS}

    def _train_graph(self):
        index = batch_index()
        cost, records, givens = self._training_terms(index)
        learning_rate, momentum = self._hyper_shared()
        updates, _ = classical_momentum(cost, self.params_, learning_rate, momentum,
                                        velocities=self._velocities)
        records.update(self._update_records(dict(updates)))
        self._record_names = ["cost", *records]
        outputs = pt.stack([cost, *(r.astype(cost.dtype) for r in records.values())])
        return [index], outputs, updates, givens

    def _update_records(self, new_values):
        """Extra per-step records computed from the parameter updates."""
        return {}

    # -- fitting -------------------------------------------------------------
    def _fit_settings(self, overrides, n_samples):
        """Merge per-call overrides with constructor values, validating each."""
        if self.mode is not None:
            normalize_mode_name(self.mode)
        value = {k: getattr(self, k) if overrides.get(k) is None else overrides[k]
                 for k in ("learning_rate", "momentum", "epochs", "batch_size")}
        return {
            "learning_rate": check_float_in(value["learning_rate"], "learning_rate", 0, np.inf),
            "momentum": check_float_in(value["momentum"], "momentum", 0, 1, include_low=True),
            "epochs": check_positive_int(value["epochs"], "epochs"),
            "batch_size": check_batch_size(value["batch_size"], n_samples),
        }

    def _fit_arrays(self, arrays, overrides, validation_data, callbacks, partial=False,
                    **architecture_options):
        """Shared body of ``fit`` and ``partial_fit``; returns ``self``."""
        n_samples = SharedDataset.n_samples_of(arrays)
        settings = self._fit_settings(overrides, n_samples)
        architecture = self._architecture_of(*arrays.values(), **architecture_options)
        continuing = (partial or self.warm_start) and hasattr(self, "params_") and (
            self._architecture() == architecture)
        if not continuing:
            self._rng = check_random_state(self.random_state)
            self._build(architecture, self._rng)
        elif "_rng" not in self.__dict__:  # a loaded model's first fit
            self._rng = check_random_state(self.random_state)
        dataset = self.__dict__.get("_dataset")
        if dataset is not None and dataset.accepts(arrays, settings["batch_size"]):
            dataset.assign(arrays)
        else:  # only the training step reads the dataset (and its batch size)
            self._dataset = SharedDataset(arrays, settings["batch_size"])
            self.__dict__.get("_compiled", {}).pop("train", None)
        learning_rate, momentum = self._hyper_shared()
        learning_rate.set_value(np.asarray(settings["learning_rate"], dtype=float_x()))
        momentum.set_value(np.asarray(settings["momentum"], dtype=float_x()))
        history = self._train_loop(settings, n_samples, validation_data, callbacks)
        if partial and continuing and getattr(self, "history_", None) is not None:
            history = self.history_.extend(history)
        self.history_ = history
        self._set_records(history)
        return self

    def _set_records(self, history):
        self.costs_ = history.batch_array("cost")

    def fit_history(self, *args, **kwargs):
        """``fit`` with the same arguments, returning the :class:`History`."""
        return self.fit(*args, **kwargs).history_

    def _train_loop(self, settings, n_samples, validation_data, callbacks):
        step = self._function("train", self._train_graph)
        n_batches = n_samples // settings["batch_size"]
        extra = [ProgressLogger(self.verbose)] if self.verbose else []
        callback_list = CallbackList(extra + list(callbacks or []))
        callback_list.set_model(self)
        callback_list.set_params({**settings, "n_batches": n_batches, "n_samples": n_samples,
                                  "validation_data": validation_data})
        history, self.stop_training = History(), False
        callback_list.on_train_begin()
        for epoch in range(settings["epochs"]):
            callback_list.on_epoch_begin(epoch)
            started = time.perf_counter()
            if self.shuffle:
                self._dataset.reshuffle(self._rng)
            costs = self._run_epoch(step, epoch, n_batches, history, callback_list)
            logs = {"cost": float(np.mean(costs)), "learning_rate": self.current_learning_rate,
                    "time": time.perf_counter() - started}
            if validation_data is not None:
                metrics = self.evaluate(*validation_data)
                logs.update({f"val_{key}": value for key, value in metrics.items()})
            history.record_epoch(epoch=epoch, **logs)
            callback_list.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        callback_list.on_train_end()
        return history

    def _run_epoch(self, step, epoch, n_batches, history, callback_list):
        names, costs = self._record_names, []
        for batch in range(n_batches):
            callback_list.on_batch_begin(batch)
            logs = dict(zip(names, step(batch).tolist()))
            history.record_batch(epoch=epoch, batch=batch, **logs)
            costs.append(logs["cost"])
            callback_list.on_batch_end(batch, logs)
            if self.stop_training:
                break
        return costs
