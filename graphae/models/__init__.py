"""Trainable models built on compiled PyTensor graphs."""

from graphae.models._base import NotFittedError
from graphae.models.ann import ANN
from graphae.models.autoencoder import DeepAutoEncoder

__all__ = ["ANN", "DeepAutoEncoder", "NotFittedError"]
