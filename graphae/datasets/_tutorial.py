"""Helpers with the lectures' and tutorials' own semantics."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae.backend import float_x, shared
from graphae.datasets._locate import load_mnist


def load_data(dataset=None):
    """The Theano tutorials' ``load_data``: shared variables ready for ``givens``.

    Parameters
    ----------
    dataset : str or Path, optional
        Any MNIST source :func:`load_mnist` reads; None searches for one.

    Returns
    -------
    list of three ``(shared_x, y)`` pairs
        ``shared_x`` holds floatX pixels; ``y`` is the tutorial's
        ``T.cast(shared_y, 'int32')`` of labels stored as floatX.

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.npz"
    >>> np.savez(path, x_train=np.zeros((14, 784), np.uint8), y_train=np.arange(14) % 10)
    >>> (train_x, train_y), valid, test = load_data(path)
    >>> train_x.get_value().shape, train_y.dtype
    ((10, 784), 'int32')
    """
    result = []
    for X, y in load_mnist(dataset):
        shared_x = shared(np.asarray(X, dtype=float_x()), name="x")
        shared_y = shared(np.asarray(y, dtype=float_x()), name="y")
        result.append((shared_x, pt.cast(shared_y, "int32")))
    return result


def make_3d_dataset(m=200, w1=0.1, w2=0.3, noise=0.1, random_state=4):
    """The rotated, noisy 3-D points of the linear-autoencoder PCA lecture.

    With the defaults this is exactly the lecture's ``data`` (it seeded NumPy's
    global generator with 4 and drew in this order).

    Parameters
    ----------
    m : int
        Number of points.
    w1, w2 : float
        The third coordinate is ``w1 * x + w2 * y`` plus noise.
    noise : float
    random_state : int or numpy.random.RandomState

    Returns
    -------
    numpy.ndarray, shape (m, 3)

    Examples
    --------
    >>> make_3d_dataset().shape
    (200, 3)
    """
    if m < 1:
        raise ValueError(f"m must be positive, got {m}")
    rng = (random_state if isinstance(random_state, np.random.RandomState)
           else np.random.RandomState(random_state))
    angles = rng.rand(m) * 3 * np.pi / 2 - 0.5
    data = np.empty((m, 3))
    data[:, 0] = np.cos(angles) + np.sin(angles) / 2 + noise * rng.randn(m) / 2
    data[:, 1] = np.sin(angles) * 0.7 + noise * rng.randn(m) / 2
    data[:, 2] = data[:, 0] * w1 + data[:, 1] * w2 + noise * rng.randn(m)
    return data


def standardize(train, test=None):
    """Scale columns to zero mean and unit variance using ``train``'s statistics.

    The lecture's ``StandardScaler().fit_transform(data[:100])`` /
    ``.transform(data[100:])``.

    Examples
    --------
    >>> data = make_3d_dataset()
    >>> X_train, X_test = standardize(data[:100], data[100:])
    >>> bool(abs(X_train.mean()) < 1e-12)
    True
    """
    train = np.asarray(train, dtype=float)
    mean, std = train.mean(axis=0), train.std(axis=0)
    if np.any(std == 0):
        raise ValueError("a column of train is constant: cannot standardize")
    scaled = (train - mean) / std
    return scaled if test is None else (scaled, (np.asarray(test, dtype=float) - mean) / std)


def make_low_rank_data(n_samples=295, n_features=14376, rank=30, noise=0.1, random_state=0):
    """Rows near a ``rank``-dimensional subspace: a stand-in for §18.4's expression matrix.

    Seed 003 §18.4 compresses a gene-expression table (295 samples of 14,376
    genes, not distributed with the lecture) with a linear autoencoder. This
    draws a matrix of that shape instead: ``Z · Vᵀ + noise · E`` with ``Z``
    (n_samples × rank) and ``E`` standard normal and ``V`` normal with
    variance ``1 / rank``, so every entry has variance ``1 + noise²``, near
    the seed's first train MSE (0.966 with small initial weights).

    Parameters
    ----------
    n_samples, n_features, rank : int
    noise : float
        Standard deviation of the added noise.
    random_state : int, default 0
        The generator's seed (numpy ``default_rng``).

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_features)

    Examples
    --------
    >>> X = make_low_rank_data(20, 50, rank=3, noise=0.0)
    >>> X.shape, int(np.linalg.matrix_rank(X))
    ((20, 50), 3)
    """
    for name, value in (("n_samples", n_samples), ("n_features", n_features), ("rank", rank)):
        if not (isinstance(value, (int, np.integer)) and value > 0):
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if rank > min(n_samples, n_features):
        raise ValueError(f"rank={rank} exceeds min(n_samples, n_features)="
                         f"{min(n_samples, n_features)}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    rng = np.random.default_rng(random_state)
    Z = rng.standard_normal((n_samples, rank))
    V = rng.standard_normal((n_features, rank)) / np.sqrt(rank)
    return Z @ V.T + noise * rng.standard_normal((n_samples, n_features))
