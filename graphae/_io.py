"""Atomic file writing: a temporary file in the target folder, then a rename.

A crash or an exception mid-write leaves the previous file intact, never a
partial one (``os.replace`` is atomic on POSIX and Windows). The new file
gets the permissions a plain ``open`` would give it (or keeps those of the
file it replaces), not the owner-only mode of a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as temporary:
    ...     _ = pathlib.Path(temporary).write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path):
    """The replaced file's permissions, or what ``open`` would create under the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path, text):
    """Write ``text`` to ``path`` atomically; returns the path."""
    with atomic_path(path) as temporary:
        Path(temporary).write_text(text)
    return Path(path)
