"""What every layer-list model shares: its stack, any optimiser, penalties, frozen layers.

:class:`graphae.NetworkClassifier` and :class:`graphae.NetworkAutoencoder`
are made of a list of layer specifications (Keras' ``Sequential``), trained by
any optimiser of :mod:`graphae.updates` with Keras' defaults, with optional
L1/L2 penalties and layers frozen by ``trainable=False``.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_float_in
from graphae.backend import shared_generator
from graphae.layers import Dense, build_stack, parse_layer
from graphae.models._base import CompiledModel
from graphae.random import seed_from
from graphae.regularization import regularization
from graphae.updates import OPTIMIZERS, optimizer_state

__all__ = ["LayerStackModel", "parsed_layers"]


def parsed_layers(layers, name="layers"):
    """``layers`` (a list of specifications or compact forms) parsed, or ValueError naming it."""
    if not isinstance(layers, (list, tuple)):
        raise ValueError(f"{name} must be a list of layer specifications, got {layers!r}")
    return [parse_layer(spec) for spec in layers]


class LayerStackModel(CompiledModel):
    """Mixin base: a model whose layers come from a list of specifications.

    Subclasses give ``optimizer``, ``optimizer_options``, ``learning_rate``,
    ``l1_penalty`` and ``l2_penalty`` as hyper-parameters and build with
    :meth:`_make_stack`.
    """

    _SHARED_PARAMS = ("learning_rate", "l1_penalty", "l2_penalty")
    momentum = 0.0  # momentum lives in optimizer_options

    # -- settings --------------------------------------------------------------
    def _optimizer(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}; "
                             f"got {self.optimizer!r}")
        options = dict(self.optimizer_options or {})
        accepted = inspect.signature(OPTIMIZERS[self.optimizer]).parameters
        unknown = set(options) - set(accepted) - {"learning_rate"}
        if unknown or "learning_rate" in options:
            raise ValueError(f"optimizer_options for {self.optimizer!r} take "
                             f"{', '.join(n for n in accepted if n not in _NOT_OPTIONS)}; "
                             f"got {sorted(options)} (learning_rate is its own argument)")
        return OPTIMIZERS[self.optimizer], options

    def _default_learning_rate(self):
        function, _ = self._optimizer()
        return inspect.signature(function).parameters["learning_rate"].default

    def _fit_settings(self, overrides, n_samples):
        for name in ("l1_penalty", "l2_penalty"):
            if name in self._SHARED_PARAMS:
                check_float_in(getattr(self, name), name, 0, float("inf"), include_low=True)
        if overrides.get("learning_rate") is None and self.learning_rate is None:
            overrides = {**overrides, "learning_rate": self._default_learning_rate()}
        return super()._fit_settings(overrides, n_samples)

    # -- building ----------------------------------------------------------------
    def _make_stack(self, specs, n_in, rng):
        """Build ``specs`` on ``n_in`` inputs and adopt them; returns the dense layers."""
        return self._adopt_layers(build_stack(specs, n_in, rng)[0])

    def _adopt_layers(self, layers):
        """``layers_``, ``params_``, ``weights_`` and the noise generator of built ``layers``."""
        self.layers_ = list(layers)
        self.params_ = self._ordered_params([layer for layer in layers if layer.params])
        dense = [layer for layer in layers if isinstance(layer, Dense)]
        self.weights_ = [layer.W for layer in dense]
        self._noise = shared_generator(0)  # seeded by _build, at every fit
        return dense

    def _ordered_params(self, layers):
        """``params_``: each layer's parameters (a dense layer's ``[W, b]``), bottom to top."""
        return [p for layer in layers for p in layer.params]

    def _trainable_params(self):
        """``params_`` less those of frozen (``trainable=False``) layers."""
        frozen = {id(p) for layer in self.layers_ if not getattr(layer, "trainable", True)
                  for p in layer.params}
        return [p for p in self.params_ if id(p) not in frozen]

    def _draws_noise(self):
        """Whether training draws from the noise generator (noise layers, a VAE's codes)."""
        return any(getattr(layer, "draws_noise", False) for layer in self.layers_)

    def _build(self, architecture, rng):
        super()._build(architecture, rng)
        if self._draws_noise():
            self._noise.set_value(np.random.default_rng(seed_from(rng)))  # same draws each fit

    def _all_layers(self):
        return [layer for layer in self.layers_ if layer.params]

    def _new_optimizer_state(self):
        function, options = self._optimizer()
        params = self._trainable_params()
        return optimizer_state(function([pt.zeros_like(p) for p in params], params, **options),
                               params)

    def _optimizer_updates(self, cost):
        function, options = self._optimizer()
        return function(cost, self._trainable_params(), self._scalar("learning_rate"),
                        state=self._velocities, **options)

    # -- graph ---------------------------------------------------------------------
    @staticmethod
    def _run(layers, X, rng, training):
        """``(next_rng, output)`` of ``layers`` applied to ``X`` in order."""
        for layer in layers:
            rng, X = layer.output(X, rng, training)
        return rng, X

    def _random_updates(self, next_rng):
        """The generator's update pair, if the training graph drew from it."""
        return [] if next_rng is self._noise else [(self._noise, next_rng)]

    def penalty(self):
        """Symbolic ``l1_penalty * Σ|W| + l2_penalty * Σ W²`` over the trainable weight matrices.

        The coefficients are shared scalars: a new value takes effect at the
        next ``fit`` without recompiling.
        """
        return regularization(self._trainable_params(), self._scalar("l1_penalty"),
                              self._scalar("l2_penalty"))


_NOT_OPTIONS = {"loss_or_grads", "params", "learning_rate", "consider_constant", "state"}
