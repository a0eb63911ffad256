"""graphae: the classic Theano deep-learning lectures, on PyTensor.

Importing :mod:`graphae.backend` (which every model does) configures PyTensor
once: its C kernels are linked to a real BLAS (a system one, or the OpenBLAS
of ``scipy-openblas32``) and the C linker becomes graphae's default mode.
``import graphae`` itself is light: each public name is imported on first use.

Examples
--------
>>> import graphae
>>> graphae.default_mode_name() in {"c", "numba"}
True
"""

import importlib

from graphae._version import __version__

#: Public name -> the module that defines it. Importing ``graphae`` loads
#: none of them (nor PyTensor), so ``graphae --help`` answers at once; the
#: first use of a name imports its module.
_EXPORTS = {
    "blas_config": "graphae.backend", "default_mode_name": "graphae.backend",
    "info": "graphae.backend", "info_dict": "graphae.backend", "set_mode": "graphae.backend",
    "set_num_threads": "graphae.backend",
    "get_kaggle_mnist": "graphae.datasets", "getKaggleMNIST": "graphae.datasets",
    "load_embedded_mnist": "graphae.datasets", "knn_accuracy": "graphae.evaluation",
    "init_weights": "graphae.init", "HiddenLayer": "graphae.layers", "Layer": "graphae.layers",
    "SoftmaxLayer": "graphae.layers", "ANN": "graphae.models",
    "DeepAutoEncoder": "graphae.models", "LogisticRegression": "graphae.models",
    "LogisticRegressionLayer": "graphae.models", "MLPClassifier": "graphae.models",
    "LinearAutoEncoder": "graphae.models", "NetworkAutoencoder": "graphae.models",
    "OjaRule": "graphae.models", "NetworkClassifier": "graphae.models",
    "SoftmaxRegression": "graphae.models", "StackedAutoencoder": "graphae.models",
    "SparseAutoencoder": "graphae.models", "VAE": "graphae.models",
    "BernoulliRBM": "graphae.models",
    "NotFittedError": "graphae.models", "relu": "graphae.nonlinearities",
    "sigmoid": "graphae.nonlinearities", "softmax": "graphae.nonlinearities",
    "error_rate": "graphae.objectives", "as_generator": "graphae.random",
    "check_random_state": "graphae.random",
    "DataFileError": "graphae.errors", "ModelFileError": "graphae.errors",
}


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'graphae' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = sorted(_EXPORTS)
