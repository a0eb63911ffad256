"""Activation functions; each works on symbolic tensors."""

from __future__ import annotations

from graphae.backend import sigmoid, softmax_rows

__all__ = ["relu", "sigmoid", "softmax"]


def relu(x):
    """The lectures' rectifier ``x * (x > 0)``.

    Works on NumPy arrays and on symbolic tensors alike.

    Examples
    --------
    >>> import numpy as np
    >>> relu(np.array([-1.0, 0.0, 2.0])).tolist()
    [-0.0, 0.0, 2.0]
    """
    return x * (x > 0)


#: Row-wise softmax (Theano's ``T.nnet.softmax``).
softmax = softmax_rows
