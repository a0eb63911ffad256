"""graphae: the classic Theano deep-learning lectures, on PyTensor.

Importing graphae configures PyTensor once: its C kernels are linked to a
real BLAS (a system one, or the OpenBLAS of ``scipy-openblas32``) and the C
linker becomes graphae's default mode; see :mod:`graphae.backend`.

Examples
--------
>>> import graphae
>>> graphae.default_mode_name() in {"c", "numba"}
True
"""

from graphae._version import __version__

from graphae.backend import (
    blas_config,
    default_mode_name,
    info,
    info_dict,
    set_mode,
)
from graphae.datasets import get_kaggle_mnist, getKaggleMNIST, load_embedded_mnist
from graphae.evaluation import knn_accuracy
from graphae.init import init_weights
from graphae.layers import HiddenLayer, Layer, SoftmaxLayer
from graphae.models import (
    ANN,
    DeepAutoEncoder,
    LogisticRegression,
    LogisticRegressionLayer,
    MLPClassifier,
    NotFittedError,
)
from graphae.nonlinearities import relu, sigmoid, softmax
from graphae.objectives import error_rate
from graphae.random import as_generator, check_random_state
from graphae import callbacks, history, progress  # noqa: E402,F401 - old module paths

blas_config()  # link the C kernels to a BLAS now, once, before any compile

__all__ = [
    "ANN",
    "DeepAutoEncoder",
    "HiddenLayer",
    "LogisticRegression",
    "Layer",
    "LogisticRegressionLayer",
    "MLPClassifier",
    "NotFittedError",
    "SoftmaxLayer",
    "as_generator",
    "blas_config",
    "check_random_state",
    "default_mode_name",
    "error_rate",
    "getKaggleMNIST",
    "get_kaggle_mnist",
    "info",
    "info_dict",
    "init_weights",
    "knn_accuracy",
    "load_embedded_mnist",
    "relu",
    "set_mode",
    "sigmoid",
    "softmax",
]
