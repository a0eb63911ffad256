"""Machinery shared by graphae's trainable models."""

from __future__ import annotations

import numpy as np

from graphae._training import ProgressPrinter, SharedDataset, run_epochs
from graphae._validation import (
    check_batch_size,
    check_float_in,
    check_positive_int,
)
from graphae.backend import compile_function, float_x, matrix, normalize_mode_name, shared


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit``."""


class CompiledModel:
    """Base class: compiled-function cache, minibatch training, fit settings.

    Subclasses build symbolic graphs and ask :meth:`_function` for compiled
    versions; each graph is compiled once per model and reused by later
    calls, including later ``fit`` calls with the same architecture.
    """

    def _function(self, key, build):
        """Return the compiled function ``key``, compiling it on first use.

        ``build()`` returns ``(inputs, outputs, updates, givens)``.
        """
        cache = self.__dict__.setdefault("_compiled", {})
        if key not in cache:
            inputs, outputs, updates, givens = build()
            cache[key] = compile_function(
                inputs,
                outputs,
                updates=updates,
                givens=givens,
                mode=self.mode,
                name=f"{type(self).__name__}.{key}",
            )
        return cache[key]

    def _apply(self, key, symbolic, data, input_name="X"):
        """Run ``symbolic`` (a function of one symbolic matrix) on ``data``.

        The graph is compiled on first use under ``key`` and cached.
        """

        def build():
            variable = matrix(input_name)
            return [variable], symbolic(variable), None, None

        return self._function(key, build)(data)

    def _forget_compiled(self):
        self.__dict__["_compiled"] = {}

    def _check_fitted(self, attribute="params_"):
        if not hasattr(self, attribute):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet; call fit first"
            )

    def _fit_settings(self, learning_rate, momentum, epochs, batch_size, n_samples):
        """Merge per-call overrides with constructor values, validating each."""
        if self.mode is not None:
            normalize_mode_name(self.mode)
        pick = lambda given, default: default if given is None else given  # noqa: E731
        return {
            "learning_rate": check_float_in(
                pick(learning_rate, self.learning_rate), "learning_rate", 0, np.inf
            ),
            "momentum": check_float_in(
                pick(momentum, self.momentum), "momentum", 0, 1, include_low=True
            ),
            "epochs": check_positive_int(pick(epochs, self.epochs), "epochs"),
            "batch_size": check_batch_size(pick(batch_size, self.batch_size), n_samples),
        }

    def _hyper_shared(self):
        """Shared scalars for learning rate and momentum (no recompiles)."""
        if "_learning_rate_var" not in self.__dict__:
            self._learning_rate_var = shared(np.array(0.0), "learning_rate", float_x())
            self._momentum_var = shared(np.array(0.0), "momentum", float_x())
        return self._learning_rate_var, self._momentum_var

    def _dataset_for(self, arrays, batch_size):
        dataset = self.__dict__.get("_dataset")
        same_layout = dataset is not None and all(
            key in dataset.variables and dataset.variables[key].dtype == value.dtype
            for key, value in arrays.items()
        )
        if same_layout:
            dataset.assign(arrays, batch_size)
        else:
            self._dataset = dataset = SharedDataset(arrays, batch_size)
            self._forget_compiled()
        return dataset

    def _train(self, step_key, build_step, settings, n_samples, rng):
        """Run the minibatch loop; returns the per-batch record matrix."""
        learning_rate, momentum = self._hyper_shared()
        learning_rate.set_value(np.asarray(settings["learning_rate"], dtype=float_x()))
        momentum.set_value(np.asarray(settings["momentum"], dtype=float_x()))
        step = self._function(step_key, build_step)
        for velocity in self._velocities:
            velocity.set_value(np.zeros_like(velocity.get_value()))
        n_batches = n_samples // settings["batch_size"]
        progress = ProgressPrinter(
            self.verbose, settings["epochs"], n_batches, settings["batch_size"]
        )
        return run_epochs(
            step,
            dataset=self._dataset,
            n_batches=n_batches,
            epochs=settings["epochs"],
            rng=rng,
            shuffle=self.shuffle,
            progress=progress,
        )
