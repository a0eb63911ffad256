"""The deeplearning.net ``mnist.pkl.gz`` (a Python-2 pickle of three splits)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from graphae.datasets._safe_pickle import restricted_loads


def load_mnist_pickle(path):
    """Read ``mnist.pkl.gz`` safely: ``((X, y), (X, y), (X, y))``.

    The splits are train (50,000), valid (10,000) and test (10,000) images,
    float32 pixels in [0, 255/256] and int64 labels, as stored.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is not a gzip pickle of three ``(X, y)`` pairs.
    graphae.datasets.UnsafePickleError
        If the pickle references anything but NumPy arrays and tuples.

    Examples
    --------
    >>> import gzip, pickle, tempfile, pathlib, numpy as np
    >>> split = (np.zeros((2, 784), np.float32), np.array([3, 4]))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mnist.pkl.gz"
    >>> with gzip.open(path, "wb") as stream:
    ...     pickle.dump((split, split, split), stream, protocol=2)
    >>> (X, y), valid, test = load_mnist_pickle(path)
    >>> X.shape, y.tolist()
    ((2, 784), [3, 4])
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no MNIST pickle at {path}")
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read()
    except (OSError, EOFError) as exc:
        raise ValueError(f"{path} is not a readable gzip file: {exc}") from exc
    splits = restricted_loads(data)
    if not (isinstance(splits, tuple) and len(splits) == 3):
        raise ValueError(f"{path} does not hold a (train, valid, test) tuple")
    result = []
    for name, split in zip(("train", "valid", "test"), splits):
        X, y = (np.asarray(part) for part in split)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"{path}: {name} split has shapes {X.shape}, {y.shape}")
        result.append((X, y))
    return tuple(result)
