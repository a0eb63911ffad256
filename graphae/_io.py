"""Atomic file writing: a temporary file in the target folder, then a rename.

A crash or an exception mid-write leaves the previous file intact, never a
partial one (``os.replace`` is atomic on POSIX and Windows); the data is
flushed to disk (``fsync``) before the rename and the folder after it, so a
power cut cannot leave an empty file under the new name either. The new
file gets the permissions a plain ``open`` would give it (or keeps those of
the file it replaces), not the owner-only mode of a temporary file. A
temporary file left by a writer that was killed (its process is gone) is
removed by the next write to the same path.
"""

from __future__ import annotations

import contextlib
import glob
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
    remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                         dir=path.parent)
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        _fsync(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync(name):
    with open(name, "rb") as stream:
        os.fsync(stream.fileno())


def _fsync_folder(folder):
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open a folder: the rename is still atomic
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def remove_stale_temporaries(path):
    """Delete the temporary files of writers to ``path`` whose process no longer exists.

    Returns
    -------
    list of pathlib.Path
        The files removed. A temporary file of a live process (another
        writer, right now) is left alone.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".model.npz.999999999.x1.tmp").write_text("half")
    >>> [p.name for p in remove_stale_temporaries(folder / "model.npz")]
    ['.model.npz.999999999.x1.tmp']
    """
    path = Path(path)
    removed = []
    for candidate in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = candidate.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _process_exists(int(pid)):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _process_exists(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:  # another user's live process
        return True
    except (OverflowError, OSError):  # no such process (or an impossible pid)
        return False
    return True


def check_output_path(path, option):
    """Refuse, before any work, a path that could not be written.

    Parameters
    ----------
    path : str or Path
    option : str
        How the user named it (``"--save"``), for the message.

    Raises
    ------
    ValueError
        When the parent folder does not exist, is not a folder or is not
        writable, or ``path`` is a folder.

    Examples
    --------
    >>> check_output_path("/no/such/folder/model.npz", "--save")
    Traceback (most recent call last):
    ...
    ValueError: --save: folder /no/such/folder does not exist (for /no/such/folder/model.npz)
    """
    path = Path(path)
    parent = path.parent
    if path.is_dir():
        raise ValueError(f"{option}: {path} is a folder, not a file name")
    if not parent.exists():
        raise ValueError(f"{option}: folder {parent} does not exist (for {path})")
    if not parent.is_dir():
        raise ValueError(f"{option}: {parent} is not a folder (for {path})")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"{option}: folder {parent} is not writable (for {path})")
    return path


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
