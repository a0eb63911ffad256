"""Reading legacy NumPy pickles without running arbitrary code.

A pickle names callables that the loader calls; a hostile file can name
``os.system``. This unpickler resolves only what a pickled NumPy array, its
dtype and plain containers need, and refuses everything else by name.
"""

from __future__ import annotations

import io
import pickle

import numpy as np

try:  # NumPy 2 moved numpy.core to numpy._core
    from numpy._core.multiarray import _reconstruct, scalar as _scalar
except ImportError:  # pragma: no cover - NumPy 1
    from numpy.core.multiarray import _reconstruct, scalar as _scalar

class UnsafePickleError(pickle.UnpicklingError, ValueError):
    """A pickle asked for something other than NumPy arrays and tuples.

    Also a ``ValueError``: like every refusal of a data file's content, the
    command line reports it in one line.

    Examples
    --------
    >>> import os, pickle
    >>> try:
    ...     restricted_loads(pickle.dumps(os.getcwd))
    ... except UnsafePickleError as error:
    ...     print("refused")
    refused
    """


def _latin1_encode(text, encoding="latin1"):
    """``_codecs.encode`` as Python 3 protocol-2 pickles use it for bytes."""
    if encoding.replace("-", "").lower() != "latin1":
        raise UnsafePickleError(f"refusing _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


# (module, name) pairs a NumPy array pickle (Python 2 or 3, NumPy 1 or 2)
# uses, mapped to the object they resolve to today.
_ALLOWED = {
    ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
    ("numpy.core.multiarray", "scalar"): _scalar,
    ("numpy._core.multiarray", "scalar"): _scalar,
    ("numpy", "ndarray"): np.ndarray,
    ("numpy", "dtype"): np.dtype,
    ("_codecs", "encode"): _latin1_encode,
    ("__builtin__", "tuple"): tuple,
    ("builtins", "tuple"): tuple,
}


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that admits only NumPy arrays, dtypes, scalars and tuples.

    Examples
    --------
    >>> import io, pickle, numpy as np
    >>> RestrictedUnpickler(io.BytesIO(pickle.dumps((np.arange(3),)))).load()[0].tolist()
    [0, 1, 2]
    """

    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise UnsafePickleError(
                f"refusing to load {module}.{name} from a pickle: only NumPy "
                "arrays and tuples are allowed (the file may be malicious)"
            )
        return _ALLOWED[(module, name)]


def restricted_loads(data: bytes, encoding: str = "latin1"):
    """Unpickle ``data`` with :class:`RestrictedUnpickler`.

    Parameters
    ----------
    data : bytes
    encoding : str, default "latin1"
        How Python-2 byte strings are decoded (NumPy buffers need latin1).

    Raises
    ------
    UnsafePickleError
        If the pickle references anything but NumPy arrays and tuples.

    Examples
    --------
    >>> import pickle, numpy as np
    >>> restricted_loads(pickle.dumps((np.ones(2), np.zeros(1)), protocol=2))[0].tolist()
    [1.0, 1.0]
    """
    return RestrictedUnpickler(io.BytesIO(data), encoding=encoding).load()


def restricted_load(file, encoding="latin1"):
    """Read one pickle from an open binary file with :class:`RestrictedUnpickler`.

    The drop-in replacement ``graphae port`` puts in place of a legacy
    ``cPickle.load(f)``: NumPy arrays and tuples only, Python-2 strings read
    as latin1.

    Examples
    --------
    >>> import io, pickle, numpy as np
    >>> restricted_load(io.BytesIO(pickle.dumps((np.arange(2),), protocol=2)))[0].tolist()
    [0, 1]

    A file opened in text mode (Python 2's ``pickle.load(open(path))``) is
    read through its binary buffer.
    """
    text = file if isinstance(file, io.TextIOBase) and hasattr(file, "buffer") else None
    # ``text`` stays referenced until the load ends: dropping it would close its buffer
    return RestrictedUnpickler(file if text is None else text.buffer, encoding=encoding).load()
