"""Weight penalties (symbolic)."""

from __future__ import annotations

import pytensor.tensor as pt

__all__ = ["l1", "l2", "penalty"]


def l1(weights):
    """``Σ |W|`` over every matrix of ``weights`` (the tutorials' ``L1``).

    Examples
    --------
    >>> import numpy as np
    >>> float(l1([pt.constant(np.array([[-1.0, 2.0]]))]).eval())
    3.0
    """
    return sum(pt.abs(W).sum() for W in weights)


def l2(weights):
    """``Σ W²`` over every matrix of ``weights`` (the tutorials' ``L2_sqr``).

    Examples
    --------
    >>> import numpy as np
    >>> float(l2([pt.constant(np.array([[-1.0, 2.0]]))]).eval())
    5.0
    """
    return sum((W ** 2).sum() for W in weights)


def penalty(weights, l1_penalty=0.0, l2_penalty=0.0):
    """``l1_penalty * l1(weights) + l2_penalty * l2(weights)``.

    The coefficients may be shared scalars, so changing them never recompiles.

    Examples
    --------
    >>> import numpy as np
    >>> float(penalty([pt.constant(np.array([[-1.0, 2.0]]))], 1.0, 0.5).eval())
    5.5
    """
    return l1_penalty * l1(weights) + l2_penalty * l2(weights)
