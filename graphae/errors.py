"""graphae's own exceptions for files it reads: what was wrong, and with which file.

Both are ``ValueError`` subclasses, so code that caught ``ValueError`` from a
loader keeps working; the command line turns them into one line and exit
code 2.

Examples
--------
>>> error = DataFileError("digits.npz", "train split: labels must be 0..9, found 42")
>>> str(error)
'digits.npz: train split: labels must be 0..9, found 42'
>>> isinstance(error, ValueError), error.path
(True, 'digits.npz')
"""

from __future__ import annotations

__all__ = ["DataFileError", "GraphaeFileError", "ModelFileError"]


class GraphaeFileError(ValueError):
    """A file graphae was asked to read is not what it should be.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    problem : str
        What is wrong with it (the message names the file first).

    Attributes
    ----------
    path : str
    problem : str

    Examples
    --------
    >>> GraphaeFileError("m.npz", "m.npz is empty").args  # a message naming it is kept
    ('m.npz is empty',)
    """

    def __init__(self, path, problem):
        self.path, self.problem = str(path), str(problem)
        named = self.problem.startswith(self.path)  # a lower-level message that names it
        super().__init__(self.problem if named else f"{self.path}: {self.problem}")


class DataFileError(GraphaeFileError):
    """A dataset file is unreadable or holds invalid content (pixels, labels, shapes).

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> from graphae.datasets import read_mnist_file
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "digits.npz"
    >>> np.savez(path, x_train=np.zeros((7, 10), np.uint8), y_train=np.arange(7))
    >>> try:
    ...     read_mnist_file(path)
    ... except DataFileError as error:
    ...     print(error.problem)
    train split: images must have 784 pixels each, got an array of shape (5, 10)
    """


class ModelFileError(GraphaeFileError):
    """A saved model file is unreadable, inconsistent, or not graphae's.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphae.persistence import load_model
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.npz"
    >>> _ = path.write_bytes(b"")
    >>> try:
    ...     load_model(path)
    ... except ModelFileError as error:
    ...     print(error.problem.split(" (")[0])
    not a graphae model file
    """
