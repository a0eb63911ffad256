"""What every autoencoder shares: validation, evaluation and its compiled functions.

A subclass defines the symbolic ``encode``, ``decode``, ``forward`` and
``cost`` (prediction mode), ``_training_terms`` and ``_code_width``; it says
with ``_UNIT_INTERVAL`` whether its inputs must lie in [0, 1] (a
cross-entropy cost).
"""

from __future__ import annotations

import numpy as np

from graphae._validation import check_features, check_unit_interval
from graphae.backend import float_x
from graphae.base import AutoencoderMixin
from graphae.models._base import CompiledModel

__all__ = ["ReconstructionModel"]


class ReconstructionModel(AutoencoderMixin, CompiledModel):
    """Base of graphae's autoencoders: fit on ``X`` alone, reconstruct, encode, decode."""

    _ARCHITECTURE_KEYS = ("n_features_in_",)

    def _unit_interval(self):
        """Whether inputs must lie in [0, 1] (True for a cross-entropy cost)."""
        return True

    def _validated(self, X, n_features=None, name="X"):
        X = check_features(X, dtype=float_x(), n_features=n_features, name=name)
        if self._unit_interval():
            check_unit_interval(X, name)
        return X

    def _validation(self, data, n_features):
        """``(X_val,)`` from ``X_val``, ``(X_val,)`` or Keras' ``(X_val, X_val)``."""
        if data is None:
            return None
        if isinstance(data, tuple):
            if len(data) == 2 and data[1] is not data[0] and not np.array_equal(
                    np.asarray(data[0]), np.asarray(data[1])):
                raise ValueError("validation_data for an autoencoder is X_val, (X_val,) or "
                                 "(X_val, X_val): the target of a reconstruction is its input")
            if len(data) not in (1, 2):
                raise ValueError(f"validation_data must be X_val or (X_val,); got a tuple of "
                                 f"{len(data)}")
            data = data[0]
        return (self._validated(data, n_features, "validation X"),)

    def _fit_reconstruction(self, X, overrides, validation_data, callbacks, resume=None):
        X = self._validated(X)
        return self._fit_arrays({"X": X}, overrides, self._validation(validation_data, X.shape[1]),
                                callbacks, resume=resume)

    def partial_fit(self, X, callbacks=None):
        """One epoch over ``X``, continuing from the current weights."""
        X = self._validated(X)
        return self._fit_arrays({"X": X}, {"epochs": 1}, None, callbacks, partial=True)

    def _architecture_of(self, X):
        return {"n_features_in_": X.shape[1]}

    def evaluate(self, X, y=None):
        """``{"loss": reconstruction_cost(X)}`` (``y`` is ignored)."""
        return {"loss": self.reconstruction_cost(X)}

    # -- compiled functions of the fitted model ---------------------------
    def transform(self, X):
        """Codes of ``X`` (the encoder's output).

        Returns
        -------
        numpy.ndarray, shape (n_samples, code width)
        """
        return self._apply("transform", self.encode, self._checked(X))

    def inverse_transform(self, codes):
        """Reconstructions decoded from codes."""
        self._check_fitted()
        codes = check_features(codes, dtype=self._dtype, n_features=self._code_width(),
                               name="codes")
        return self._apply("inverse_transform", self.decode, codes, "codes")

    def reconstruct(self, X):
        """Reconstructions of ``X`` through the whole network."""
        return self._apply("reconstruct", self.forward, self._checked(X))

    def reconstruction_cost(self, X):
        """The mean cost of ``X``'s reconstruction (a float)."""
        X = self._checked(X)
        if self._unit_interval():
            check_unit_interval(X)
        return float(self._apply("reconstruction_cost", self.cost, X))
