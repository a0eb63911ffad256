"""Kaggle's digit-recognizer ``train.csv`` and the lecture's ``getKaggleMNIST``."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from graphae.random import as_generator


def read_kaggle_csv(path):
    """Read a Kaggle digit-recognizer CSV: header, label, 784 pixels 0..255.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    X : numpy.ndarray of float32, shape (n, 784)
        Raw pixel values 0..255.
    y : numpy.ndarray of int32, shape (n,)

    Raises
    ------
    FileNotFoundError, ValueError
        When the file is missing or not in that layout.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "train.csv"
    >>> _ = path.write_text("label," + ",".join(f"p{i}" for i in range(784)) + "\\n"
    ...                     + "7," + ",".join(["255"] * 784) + "\\n")
    >>> X, y = read_kaggle_csv(path)
    >>> X.shape, y.tolist(), float(X.max())
    ((1, 784), [7], 255.0)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no Kaggle train.csv at {path}")
    try:
        with warnings.catch_warnings():  # an empty file gets our error below
            warnings.simplefilter("ignore", UserWarning)
            table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    except ValueError as exc:
        raise ValueError(f"{path} is not a numeric Kaggle CSV: {exc}") from exc
    if table.shape[0] == 0 or table.shape[1] != 785:
        raise ValueError(
            f"{path}: expected a header and rows of 785 columns (label + 784 "
            f"pixels), got shape {table.shape}"
        )
    pixels, labels = table[:, 1:], table[:, 0]
    if pixels.min() < 0 or pixels.max() > 255:
        raise ValueError(f"{path}: pixel values must lie in 0..255")
    if labels.min() < 0 or labels.max() > 9 or np.any(labels != np.round(labels)):
        raise ValueError(f"{path}: labels must be integers 0..9")
    return pixels, labels.astype(np.int32)


def get_kaggle_mnist(path="../large_files/train.csv", random_state=None, n_test=1000):
    """The lecture's ``getKaggleMNIST()``: shuffle, hold out the last 1,000 rows.

    Parameters
    ----------
    path : str or Path, default "../large_files/train.csv"
        The lecture's location, relative to the working directory.
    random_state : None, int or numpy generator
        Shuffle order. None shuffles with NumPy's global state on purpose,
        as the lecture's ``sklearn.utils.shuffle`` did, so a legacy script
        seeded with ``np.random.seed`` gets the lecture's split.
    n_test : int, default 1000

    Returns
    -------
    Xtrain, Ytrain, Xtest, Ytest
        Pixels scaled to [0, 1] (float32) and int32 labels.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "train.csv"
    >>> rows = ["label," + ",".join(f"p{i}" for i in range(784))]
    >>> rows += [f"{d % 10}," + ",".join(["128"] * 784) for d in range(1200)]
    >>> _ = path.write_text("\\n".join(rows) + "\\n")
    >>> Xtrain, Ytrain, Xtest, Ytest = get_kaggle_mnist(path, random_state=0)
    >>> Xtrain.shape, Xtest.shape, Ytrain.dtype.name
    ((200, 784), (1000, 784), 'int32')
    """
    pixels, labels = read_kaggle_csv(path)
    if not 0 < n_test < len(labels):
        raise ValueError(f"n_test={n_test} must be between 1 and {len(labels) - 1}")
    shuffle = np.random.permutation if random_state is None else (
        as_generator(random_state).permutation)
    order = shuffle(len(labels))
    X, y = pixels[order] / np.float32(255), labels[order]
    return X[:-n_test], y[:-n_test], X[-n_test:], y[-n_test:]
