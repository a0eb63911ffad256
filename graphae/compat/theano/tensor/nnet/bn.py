"""``theano.tensor.nnet.bn``: batch normalisation on graphae's core (:mod:`graphae.normalization`)."""

from graphae.ported import (
    batch_normalization,
    batch_normalization_test,
    batch_normalization_train,
)

__all__ = ["batch_normalization", "batch_normalization_test", "batch_normalization_train"]
