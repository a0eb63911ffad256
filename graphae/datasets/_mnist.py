"""``load_mnist``: every MNIST layout users hold, detected from the content.

Formats: the deeplearning.net ``mnist.pkl.gz`` (a Python-2 pickle, read with
the restricted unpickler), the IDX files of the original site and of
Fashion-MNIST (a folder holding ``train-images-idx3-ubyte[.gz]`` and
friends, or one of those files), Kaggle's digit-recognizer ``train.csv``, and
``.npz`` archives (``x_train, y_train, x_test, y_test`` and optionally
``x_valid, y_valid``; read with ``allow_pickle=False``).

Scale: pixels are float32 in [0, 1]. Sources holding raw bytes 0..255 (IDX,
CSV, integer npz) are divided by 255; ``mnist.pkl.gz`` is returned as
stored (pixel / 256, so at most 255/256), which is what the Theano
tutorials' published results were computed on.

Splits: ``mnist.pkl.gz`` has its own 50,000 / 10,000 / 10,000; IDX and
two-split npz files keep the 10,000 test images and hold out the last
10,000 training images for validation (the deeplearning.net split); a CSV
(or an npz without a test split) is split 5 : 1 : 1 in file order.
"""

from __future__ import annotations

import collections
import gzip
import logging
import pickle
import zipfile
from pathlib import Path

import numpy as np

from graphae.errors import DataFileError

from graphae.datasets._idx import find_idx_pair, read_idx_split
from graphae.datasets._kaggle import read_kaggle_csv
from graphae.datasets._mnist_pickle import load_mnist_pickle
from graphae.datasets._safe_pickle import UnsafePickleError

logger = logging.getLogger("graphae")

MNISTSplits = collections.namedtuple("MNISTSplits", ["train", "valid", "test"])
MNISTSplits.__doc__ = """``(X, y)`` of the train, valid and test splits.

Examples
--------
>>> import numpy as np
>>> splits = MNISTSplits((np.zeros((5, 784)), np.zeros(5)), None, None)
>>> splits.train[0].shape
(5, 784)
"""

VALIDATION_SIZE = 10_000


def detect_format(path):
    """``"pickle"``, ``"idx"``, ``"idx-folder"``, ``"npz"`` or ``"csv"``, from the content.

    Raises
    ------
    ValueError
        When the content matches none of them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "digits.dat"
    >>> _ = path.write_text("label,pixel0\\n1,0\\n")
    >>> detect_format(path)
    'csv'
    """
    path = Path(path)
    if path.is_dir():
        if find_idx_pair(path, "train") and find_idx_pair(path, "test"):
            return "idx-folder"
        raise ValueError(f"{path} is a folder without MNIST IDX files")
    with open(path, "rb") as stream:
        head = stream.read(64)
    if head[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as stream:
            try:
                head = stream.read(64)
            except (OSError, EOFError) as exc:
                raise ValueError(f"{path}: corrupt gzip data ({exc})") from exc
    if head[:1] == b"\x80" or head[:1] == b"(":
        return "pickle"
    if head[:3] == b"\x00\x00\x08":
        return "idx"
    if head[:4] == b"PK\x03\x04":
        return "npz"
    text = head.decode("ascii", errors="replace")
    first = text.splitlines()[0] if text else ""
    if "," in first and all(c.isalnum() or c in ",_ -\r" for c in first):
        return "csv"
    raise ValueError(f"{path}: not a recognised MNIST file (pickle, IDX, npz or CSV)")


def _as_unit(X, scale):
    return (np.asarray(X, dtype=np.float32) / np.float32(scale)).astype(np.float32)


def _split_5_1_1(X, y):
    n = len(y)
    cut_valid, cut_test = n * 5 // 7, n * 6 // 7
    return MNISTSplits((X[:cut_valid], y[:cut_valid]), (X[cut_valid:cut_test], y[cut_valid:cut_test]),
                       (X[cut_test:], y[cut_test:]))


def _hold_out(X, y, X_test, y_test):
    if len(y) <= VALIDATION_SIZE:
        raise ValueError(f"only {len(y)} training images: cannot hold out {VALIDATION_SIZE:,}")
    cut = len(y) - VALIDATION_SIZE
    return MNISTSplits((X[:cut], y[:cut]), (X[cut:], y[cut:]), (X_test, y_test))


def _check_pixels(X, path, high):
    if X.dtype.kind not in "fiu":
        raise ValueError(f"{path}: pixels must be numbers, got dtype {X.dtype}")
    if X.size and (X.min() < 0 or X.max() > high):
        raise ValueError(f"{path}: pixel values must lie in 0..{high}, found "
                         f"{X.min()}..{X.max()}")


def _load_npz(path):
    with np.load(path, allow_pickle=False) as archive:
        missing = {"x_train", "y_train"} - set(archive.files)
        if missing:
            raise ValueError(f"{path}: npz needs x_train and y_train (missing {sorted(missing)})")
        arrays = {key: archive[key] for key in archive.files}
    X = arrays["x_train"].reshape(len(arrays["x_train"]), -1)
    integer = X.dtype.kind in "ui"
    scale, high = (255.0, 255) if integer else (1.0, 1.0)
    parts = {}
    for name in ("train", "valid", "test"):
        if f"x_{name}" in arrays:
            if f"y_{name}" not in arrays:
                raise ValueError(f"{path}: npz has x_{name} but no y_{name}")
            images = arrays[f"x_{name}"].reshape(len(arrays[f"x_{name}"]), -1)
            labels = arrays[f"y_{name}"]
            if len(images) != len(labels):
                raise ValueError(f"{path}: {len(images)} {name} images but {len(labels)} labels")
            _check_pixels(images, path, high)
            parts[name] = (_as_unit(images, scale), labels)
    if "test" not in parts:
        return _split_5_1_1(*parts["train"])
    if "valid" not in parts:
        return _hold_out(*parts["train"], *parts["test"])
    return MNISTSplits(parts["train"], parts["valid"], parts["test"])


def read_mnist_file(path):
    """Read one MNIST source (file or IDX folder) into :data:`MNISTSplits`.

    Every split is checked: 784 finite pixels in [0, 1] per image (after
    scaling), whole-number labels 0..9 in a 1-D array of the same length, at
    least one image.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    graphae.errors.DataFileError
        (a ``ValueError``) when the file is unreadable or its content is
        invalid; the message names the file and the split.
    graphae.datasets.UnsafePickleError
        (a ``ValueError``) when a pickle asks for anything but arrays.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "digits.npz"
    >>> np.savez(path, x_train=np.zeros((7, 784), np.uint8), y_train=np.arange(7))
    >>> [len(y) for _, y in read_mnist_file(path)]
    [5, 1, 1]
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no MNIST data at {path}")
    try:
        splits = _read_splits(path)
    except (DataFileError, FileNotFoundError):
        raise
    except pickle.UnpicklingError as exc:
        if isinstance(exc, UnsafePickleError):
            raise UnsafePickleError(f"{path}: {exc}") from exc
        raise DataFileError(path, f"not a readable pickle ({exc})") from exc
    except (ValueError, KeyError, EOFError, OSError, TypeError, zipfile.BadZipFile) as exc:
        raise DataFileError(path, str(exc) or type(exc).__name__) from exc
    return check_splits(splits, path)


def _read_splits(path):
    kind = detect_format(path)
    if kind == "pickle":
        splits = load_mnist_pickle(path)
        for X, _ in splits:
            _check_pixels(X, path, 1.0)
        return MNISTSplits(*splits)
    if kind in ("idx", "idx-folder"):
        folder = path if kind == "idx-folder" else path.parent
        (X, y), (X_test, y_test) = (read_idx_split(folder, s) for s in ("train", "test"))
        return _hold_out(_as_unit(X, 255), y, _as_unit(X_test, 255), y_test)
    if kind == "npz":
        return _load_npz(path)
    pixels, labels = read_kaggle_csv(path)
    return _split_5_1_1(_as_unit(pixels, 255), labels)


def check_splits(splits, path, n_features=784, n_classes=10):
    """Validate every split of ``splits``; float32 pixels and int64 labels.

    Parameters
    ----------
    splits : sequence of (X, y)
        Train, valid and test, in that order.
    path : str or Path
        The file they came from, named in every error.
    n_features, n_classes : int
        The dataset's image size and number of classes.

    Raises
    ------
    graphae.errors.DataFileError
        Naming the file and the split: a split that is empty, images that
        are not ``n_features`` finite numbers in [0, 1], labels that are not
        a 1-D array of whole numbers in ``0..n_classes - 1``, or counts
        that differ.

    Examples
    --------
    >>> import numpy as np
    >>> good = (np.zeros((2, 784), np.float32), np.array([3, 4]))
    >>> check_splits([good, good, good], "d.npz").train[1].dtype
    dtype('int64')
    >>> bad = (np.zeros((2, 784), np.float32), np.array([3, 42]))
    >>> check_splits([good, bad, good], "d.npz")
    Traceback (most recent call last):
    ...
    graphae.errors.DataFileError: d.npz: valid split: labels must be 0..9, found 3..42
    """
    checked = []
    for name, (X, y) in zip(("train", "valid", "test"), splits):
        X, y = np.asarray(X), np.asarray(y)

        def refuse(problem, name=name):
            raise DataFileError(path, f"{name} split: {problem}")

        if X.ndim != 2 or X.shape[1] != n_features:
            refuse(f"images must have {n_features} pixels each, got an array of shape {X.shape}")
        if len(X) == 0:
            refuse("it holds no images")
        if X.dtype.kind not in "fiu":
            refuse(f"pixels must be numbers, got dtype {X.dtype}")
        if not np.isfinite(X).all():
            refuse(f"{int(np.sum(~np.isfinite(X)))} pixel values are NaN or infinite")
        if X.min() < 0 or X.max() > 1:
            refuse(f"pixels must lie in [0, 1], found {X.min()}..{X.max()}")
        if y.ndim != 1 or len(y) != len(X):
            refuse(f"labels must be one per image (shape ({len(X)},)), got shape {y.shape}")
        if y.dtype.kind not in "iuf" or (y.dtype.kind == "f" and not (
                np.isfinite(y).all() and (y == np.round(y)).all())):
            refuse(f"labels must be whole numbers, got {y.dtype} values such as "
                   f"{y[:3].tolist()}")
        if y.min() < 0 or y.max() >= n_classes:
            refuse(f"labels must be 0..{n_classes - 1}, found {y.min():g}..{y.max():g}")
        checked.append((X.astype(np.float32, copy=False), y.astype(np.int64, copy=False)))
    return MNISTSplits(*checked)


def keras_split(splits, pixel_scale=255):
    """``((X_train, y_train), (X_test, y_test))`` as Keras' ``mnist.load_data()`` / 255.

    Train and valid are joined in order; pixels stored as ``k / pixel_scale``
    become ``k / 255`` (float32).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.full((2, 784), 128 / 256, np.float32)
    >>> y = np.zeros(2, np.int64)
    >>> (X_train, y_train), (X_test, y_test) = keras_split(MNISTSplits((X, y), (X, y), (X, y)), 256)
    >>> X_train.shape, bool(X_train[0, 0] == np.float32(128 / 255))
    ((4, 784), True)
    """
    (X, y), (X_valid, y_valid), (X_test, y_test) = splits

    def rescaled(pixels):
        if pixel_scale == 255:
            return pixels.astype(np.float32)
        return (np.round(pixels.astype(np.float64) * pixel_scale) / 255).astype(np.float32)

    return ((rescaled(np.concatenate([X, X_valid])), np.concatenate([y, y_valid])),
            (rescaled(X_test), y_test))
