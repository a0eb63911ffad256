"""The IDX format of the original MNIST site (and of Fashion-MNIST).

A big-endian header: two zero bytes, a type code (0x08 = unsigned byte), the
number of dimensions, then one 32-bit size per dimension; the data follow.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

from graphae._io import atomic_path

_UBYTE = 0x08
#: IDX file names of MNIST and Fashion-MNIST: (images, labels) per split.
IDX_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def _read_bytes(path):
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no IDX file at {path}")
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ValueError(f"{path}: corrupt or truncated gzip data ({exc})") from exc
    return data


def read_idx(path):
    """Read an IDX file (optionally gzip-compressed) into a uint8 array.

    Raises
    ------
    ValueError
        Wrong magic number, unsupported type, or a size that does not match
        the header (a truncated or padded file).

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x-idx3-ubyte.gz"
    >>> _ = write_idx(path, np.arange(24, dtype=np.uint8).reshape(2, 3, 4))
    >>> read_idx(path).shape
    (2, 3, 4)
    """
    data = _read_bytes(path)
    if len(data) < 4 or data[:2] != b"\x00\x00":
        raise ValueError(f"{path}: not an IDX file (bad magic number {data[:4].hex()})")
    kind, ndim = data[2], data[3]
    if kind != _UBYTE:
        raise ValueError(f"{path}: IDX type 0x{kind:02x} is not supported (only unsigned bytes)")
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise ValueError(f"{path}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    expected = header + int(np.prod(shape))
    if len(data) != expected:
        raise ValueError(f"{path}: IDX header promises {expected - header} values of shape "
                         f"{shape} but the file holds {len(data) - header} (truncated?)")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def write_idx(path, array):
    """Write a uint8 array as IDX (gzip-compressed when ``path`` ends in .gz), atomically.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> path = write_idx(pathlib.Path(tempfile.mkdtemp()) / "labels-idx1-ubyte", np.arange(3, dtype=np.uint8))
    >>> read_idx(path).tolist()
    [0, 1, 2]
    """
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise ValueError(f"IDX arrays must be uint8, got {array.dtype}")
    data = bytes([0, 0, _UBYTE, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    data += array.tobytes()
    if str(path).endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    with atomic_path(path) as temporary:
        Path(temporary).write_bytes(data)
    return Path(path)


def find_idx_pair(folder, split):
    """Paths of the images and labels files of ``split`` in ``folder``, or None."""
    found = []
    for stem in IDX_FILES[split]:
        candidates = [Path(folder) / f"{stem}{suffix}" for suffix in (".gz", "")]
        candidates += [Path(folder) / f"{stem.replace('-idx', '.idx')}{suffix}"
                       for suffix in (".gz", "")]
        match = next((p for p in candidates if p.is_file()), None)
        if match is None:
            return None
        found.append(match)
    return tuple(found)


def read_idx_split(folder, split):
    """``(images (n, 784) uint8, labels (n,) uint8)`` of one split in ``folder``."""
    pair = find_idx_pair(folder, split)
    if pair is None:
        raise FileNotFoundError(f"no {split} IDX files ({' and '.join(IDX_FILES[split])}"
                                f"[.gz]) in {folder}")
    images, labels = (read_idx(path) for path in pair)
    if images.ndim != 3 or labels.ndim != 1:
        raise ValueError(f"{pair[0]}: expected 3-D images and 1-D labels, got "
                         f"{images.shape} and {labels.shape}")
    if len(images) != len(labels):
        raise ValueError(f"{folder}: {len(images)} {split} images but {len(labels)} labels")
    if labels.size and labels.max() > 9:
        raise ValueError(f"{pair[1]}: labels must be 0..9, found {labels.max()}")
    return images.reshape(len(images), -1), labels
