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
