"""The pickles a legacy program writes (its models, with their graphs) and reads back, safely.

The deeplearning.net tutorials save their best model with ``cPickle.dump``
and load it again to predict: the file holds the program's own classes,
shared variables and the symbolic graph. No allow-list of classes can make
such a file safe to load (a PyTensor op's state names functions that are
imported and called when the graph is compiled), so graphae tells its own
files apart instead: :func:`dump` (what ``graphae port`` and ``legacy run``
put in place of ``pickle.dump``) writes the pickle behind a header and an
HMAC-SHA256 of it under a key private to this user
(``$GRAPHAE_PICKLE_KEY``, default ``<cache>/pickle-signing.key``, created
with mode 0600). :func:`restricted_load` unpickles a file in full only when
its signature verifies, that is when graphae wrote it for this user; any
other file goes through the data loader's restricted unpickler (NumPy
arrays and tuples only), and a signed file whose signature does not match
is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
from pathlib import Path

from graphae.datasets import RestrictedUnpickler, UnsafePickleError

__all__ = ["dump", "dumps", "restricted_load", "restricted_loads", "signing_key_path"]

MAGIC = b"graphae-signed-pickle-1\n"
_DIGEST = hashlib.sha256().digest_size


def signing_key_path():
    """Where this user's signing key lives: ``$GRAPHAE_PICKLE_KEY`` or the cache folder.

    Examples
    --------
    >>> signing_key_path().name in ("pickle-signing.key",) or "GRAPHAE_PICKLE_KEY" in os.environ
    True
    """
    from graphae.datasets import cache_folder

    given = os.environ.get("GRAPHAE_PICKLE_KEY")
    return Path(given) if given else cache_folder() / "pickle-signing.key"


def _key():
    path = signing_key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: of two processes creating it at once, one writes, both read
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secrets.token_bytes(32))
            stream.flush()
            os.fsync(stream.fileno())
        return path.read_bytes()


def _signature(payload):
    return hmac.new(_key(), payload, hashlib.sha256).digest()


def dumps(obj, protocol=2, **options):
    """``pickle.dumps`` behind graphae's header and this user's signature.

    Examples
    --------
    >>> import numpy as np
    >>> restricted_loads(dumps({"W": np.eye(2)}))["W"].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    payload = pickle.dumps(obj, protocol=protocol, **options)
    return MAGIC + len(payload).to_bytes(8, "big") + _signature(payload) + payload


def dump(obj, file, protocol=2, **options):
    """Write ``obj`` to the open binary ``file`` as :func:`dumps` does (``pickle.dump``'s place).

    Examples
    --------
    >>> import io
    >>> stream = io.BytesIO()
    >>> dump([1, 2], stream)
    >>> _ = stream.seek(0)
    >>> restricted_load(stream)
    [1, 2]
    """
    file.write(dumps(obj, protocol, **options))


class _Prefixed(io.RawIOBase):
    """The bytes already read from a stream, then the rest of it (one pickle at a time)."""

    def __init__(self, prefix, stream):
        self.prefix, self.stream = prefix, stream

    def readable(self):
        return True

    def readinto(self, buffer):
        """Exactly what is asked for (no read-ahead: the next pickle stays in the stream)."""
        count = min(len(buffer), len(self.prefix))
        buffer[:count], self.prefix = self.prefix[:count], self.prefix[count:]
        data = self.stream.read(len(buffer) - count) if len(buffer) > count else b""
        buffer[count:count + len(data)] = data
        return count + len(data)


def _read_exactly(stream, count, what):
    data = stream.read(count)
    if len(data) != count:
        raise UnsafePickleError(f"a graphae pickle ends inside its {what}")
    return data


def restricted_load(file, encoding="latin1"):
    """Read one pickle from an open file (``pickle.load``'s place): in full when graphae signed it.

    A signed pickle (:func:`dump`) whose signature verifies is unpickled in
    full; any other pickle goes through the data loader's restricted
    unpickler (NumPy arrays and tuples only). Pickles written one after
    another are read one per call. A file opened in text mode (Python 2's
    ``pickle.load(open(path))``) is read through its binary buffer.

    Raises
    ------
    graphae.datasets.UnsafePickleError
        For a signed pickle whose signature does not verify (altered, or
        written with another key), and for an unsigned pickle that holds
        anything but NumPy arrays and tuples.

    Examples
    --------
    >>> import io, os, pickle, numpy as np
    >>> restricted_load(io.BytesIO(pickle.dumps((np.arange(2),), protocol=2)))[0].tolist()
    [0, 1]
    >>> try:
    ...     restricted_load(io.BytesIO(pickle.dumps(os.system)))
    ... except UnsafePickleError:
    ...     print("refused")
    refused
    """
    text = file if isinstance(file, io.TextIOBase) and hasattr(file, "buffer") else None
    stream = file if text is None else text.buffer  # ``text`` kept alive: it owns the buffer
    head = stream.read(len(MAGIC))
    if head != MAGIC:
        return RestrictedUnpickler(_Prefixed(head, stream), encoding=encoding).load()
    size = int.from_bytes(_read_exactly(stream, 8, "length"), "big")
    signature = _read_exactly(stream, _DIGEST, "signature")
    payload = _read_exactly(stream, size, "content")
    if not hmac.compare_digest(signature, _signature(payload)):
        raise UnsafePickleError("refusing a graphae pickle whose signature does not match: it "
                                "was altered, or written with another user's key "
                                f"({signing_key_path()})")
    return pickle.loads(payload, encoding=encoding)  # noqa: S301 - graphae wrote and signed it


def restricted_loads(data, encoding="latin1"):
    """:func:`restricted_load` of bytes.

    Examples
    --------
    >>> restricted_loads(dumps({"a": [1, 2]}))
    {'a': [1, 2]}
    """
    return restricted_load(io.BytesIO(data), encoding=encoding)
