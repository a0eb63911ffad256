"""The tutorials' ``LogisticRegression`` graph piece (``logistic_sgd``)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae.backend import shared, softmax_rows

__all__ = ["LogisticRegressionLayer"]


class LogisticRegressionLayer:
    """The tutorial's ``LogisticRegression(input, n_in, n_out)`` graph piece.

    Zero-initialised ``W`` (n_in, n_out) and ``b`` (n_out,); ``p_y_given_x`` is
    the row-wise softmax of ``input · W + b`` and ``y_pred`` its argmax.

    Parameters
    ----------
    input : TensorVariable
        Symbolic minibatch, shape (n, n_in).
    n_in, n_out : int
    W, b : SharedVariable, optional
        Existing parameters to share (new zero ones otherwise).

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = LogisticRegressionLayer(pt.matrix("x"), 784, 10)
    >>> layer.negative_log_likelihood(pt.ivector("y")).ndim
    0
    """

    def __init__(self, input, n_in, n_out, W=None, b=None):
        self.W = shared(np.zeros((n_in, n_out)), name="W") if W is None else W
        self.b = shared(np.zeros(n_out), name="b") if b is None else b
        self.params = [self.W, self.b]
        self.input = input
        self.p_y_given_x = softmax_rows(pt.dot(input, self.W) + self.b)
        self.y_pred = pt.argmax(self.p_y_given_x, axis=1)

    def reset(self, random_state=None):
        """Zero the parameters again (the tutorial's initialisation)."""
        for param in self.params:
            param.set_value(np.zeros_like(param.get_value(borrow=True)))

    def negative_log_likelihood(self, y):
        """Mean negative log-probability of the integer labels ``y``."""
        return -pt.mean(pt.log(self.p_y_given_x)[pt.arange(y.shape[0]), y])

    def errors(self, y):
        """Fraction of ``y`` that ``y_pred`` gets wrong."""
        return pt.mean(pt.neq(self.y_pred, y))
