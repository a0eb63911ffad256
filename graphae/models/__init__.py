"""Trainable models built on compiled PyTensor graphs."""

from graphae.base import NotFittedError
from graphae.models.ann import ANN
from graphae.models.autoencoder import DeepAutoEncoder
from graphae.models.logistic import LogisticRegression, LogisticRegressionLayer
from graphae.models.mlp import MLPClassifier
from graphae.models.network import NetworkClassifier
from graphae.models.network_autoencoder import LinearAutoEncoder, NetworkAutoencoder
from graphae.models.oja import OjaRule
from graphae.models.rbm import BernoulliRBM
from graphae.models.softmax import SoftmaxRegression
from graphae.models.sparse_autoencoder import SparseAutoencoder
from graphae.models.stacked_autoencoder import StackedAutoencoder
from graphae.models.vae import VAE

__all__ = ["ANN", "BernoulliRBM", "DeepAutoEncoder", "LinearAutoEncoder", "LogisticRegression",
           "LogisticRegressionLayer",
           "MLPClassifier", "NetworkAutoencoder", "NetworkClassifier", "NotFittedError", "OjaRule",
           "SoftmaxRegression", "SparseAutoencoder", "StackedAutoencoder", "VAE"]

#: Every trainable model class by name (used by load_model and the CLI).
MODELS = {cls.__name__: cls for cls in (
    DeepAutoEncoder, ANN, BernoulliRBM, LinearAutoEncoder, LogisticRegression, MLPClassifier,
    NetworkAutoencoder, NetworkClassifier, OjaRule, SoftmaxRegression, SparseAutoencoder,
    StackedAutoencoder, VAE)}
__all__ += ["MODELS"]
