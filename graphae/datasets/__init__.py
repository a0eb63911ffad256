"""Datasets: the embedded MNIST subset and readers of the formats users hold."""

from graphae.datasets._embedded import (
    EMBEDDED_DESCRIPTION,
    embedded_mnist_path,
    load_embedded_mnist,
)
from graphae.datasets._kaggle import get_kaggle_mnist, read_kaggle_csv
from graphae.datasets._mnist_pickle import load_mnist_pickle
from graphae.datasets._splits import train_and_held_out
from graphae.datasets._safe_pickle import (
    RestrictedUnpickler,
    UnsafePickleError,
    restricted_load,
    restricted_loads,
)

from graphae._legacy import install_function_aliases

__all__ = [
    "EMBEDDED_DESCRIPTION",
    "RestrictedUnpickler",
    "UnsafePickleError",
    "embedded_mnist_path",
    "get_kaggle_mnist",
    "load_embedded_mnist",
    "load_mnist_pickle",
    "read_kaggle_csv",
    "restricted_load",
    "restricted_loads",
    "train_and_held_out",
]
__all__ += install_function_aliases(__name__, globals())  # getKaggleMNIST
