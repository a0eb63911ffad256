"""Train / held-out splits of the digit files graphae reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from graphae.datasets._embedded import EMBEDDED_DESCRIPTION, load_embedded_mnist
from graphae.datasets._kaggle import read_kaggle_csv
from graphae.datasets._mnist_pickle import load_mnist_pickle

N_HELD_OUT = 1000


def train_and_held_out(path=None, random_state=0):
    """Training and held-out digits, pixels in [0, 1] (demos and the CLI).

    Parameters
    ----------
    path : str or Path, optional
        ``mnist.pkl.gz`` (train split for training, the first 1,000 test
        images held out) or a Kaggle ``train.csv`` (last 1,000 rows of a
        seeded shuffle held out). None: the embedded 5,000 digits, shuffled
        with ``random_state``, 4,000 for training and 1,000 held out.

    Returns
    -------
    (X_train, y_train, X_held_out, y_held_out, description)

    Examples
    --------
    >>> X, y, X_held, y_held, description = train_and_held_out()
    >>> X.shape, X_held.shape
    ((4000, 784), (1000, 784))
    """
    if path is None:
        X, y = load_embedded_mnist()
        order = np.random.default_rng(random_state).permutation(len(y))
        X, y = X[order], y[order]
        return (X[:-N_HELD_OUT], y[:-N_HELD_OUT], X[-N_HELD_OUT:], y[-N_HELD_OUT:],
                EMBEDDED_DESCRIPTION)
    path = Path(path)
    with open(path, "rb") as stream:
        magic = stream.read(2)
    if magic == b"\x1f\x8b" and not path.name.endswith(".csv.gz"):
        (X, y), _, (X_test, y_test) = load_mnist_pickle(path)
        return (X.astype(np.float64), y, X_test[:N_HELD_OUT].astype(np.float64),
                y_test[:N_HELD_OUT], f"{path} (train split, {len(y):,} images)")
    pixels, labels = read_kaggle_csv(path)
    order = np.random.default_rng(random_state).permutation(len(labels))
    X, y = pixels[order] / 255.0, labels[order]
    return (X[:-N_HELD_OUT], y[:-N_HELD_OUT], X[-N_HELD_OUT:], y[-N_HELD_OUT:],
            f"{path} (Kaggle CSV, {len(labels):,} images)")
