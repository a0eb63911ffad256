"""Hebbian learning rules: update pairs computed from activity, without a gradient.

Seed 003 §18.1 trains a linear layer ``Y = X · W`` by Oja's rule (18.3),
``w_ij += α y_j (x_i - Σ_k w_ik y_k)``: Hebb's ``α y_j x_i`` with a decay
that keeps the weights bounded. Its fixed points span the principal subspace
of (centred) data; Sanger's generalised Hebbian algorithm, which subtracts
only the components up to ``j``, finds the principal components themselves,
in order. Like the optimisers of :mod:`graphae.updates` these are pure
functions returning ``(shared, new_value)`` pairs; nothing is compiled here.
"""

from __future__ import annotations

import pytensor.tensor as pt

__all__ = ["HEBBIAN_RULES", "oja_updates"]

#: The rules :func:`oja_updates` knows.
HEBBIAN_RULES = ("oja", "sanger")


def oja_updates(X, W, learning_rate=0.01, rule="oja"):
    """One step of Oja's rule on the rows of ``X``: ``[(W, W + α (Xᵀ Y - W M) / n)]``.

    With ``Y = X · W`` and ``n`` the number of rows, ``M = YᵀY`` for Oja's
    subspace rule (seed 003 (18.3), summed over the minibatch) and
    ``M = triu(YᵀY)`` for Sanger's rule (column ``j`` only subtracts the
    reconstruction by columns ``k ≤ j``). One row (``n = 1``) is the
    lecture's online rule.

    Parameters
    ----------
    X : TensorVariable, shape (n, d)
        Centred inputs.
    W : SharedVariable, shape (d, p)
    learning_rate : float or scalar TensorVariable
    rule : {"oja", "sanger"}

    Returns
    -------
    list of (SharedVariable, TensorVariable)

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import shared
    >>> W = shared(np.array([[1.0], [0.0]]), "W")
    >>> [(_, new)] = oja_updates(pt.constant(np.array([[1.0, 1.0]])), W, 0.5)
    >>> new.eval().ravel().tolist()  # y = 1: w += 0.5 * 1 * (x - w * 1)
    [1.0, 0.5]
    """
    if rule not in HEBBIAN_RULES:
        raise ValueError(f"rule must be one of {', '.join(HEBBIAN_RULES)}; got {rule!r}")
    Y = pt.dot(X, W)
    products = pt.dot(Y.T, Y)
    decay = products if rule == "oja" else pt.triu(products)
    step = (pt.dot(X.T, Y) - pt.dot(W, decay)) / X.shape[0].astype(W.dtype)
    return [(W, (W + learning_rate * step).astype(W.dtype))]
