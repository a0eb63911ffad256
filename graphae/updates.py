"""Optimisers: pure functions from a cost and parameters to update pairs."""

from __future__ import annotations

import numpy as np

from graphae.backend import grad, shared


def classical_momentum(cost, params, learning_rate, momentum, velocities=None):
    """The lectures' momentum update.

    With velocity ``dp`` (initialised to zero) and gradient ``g``::

        p  <- p + momentum * dp - learning_rate * g
        dp <- momentum * dp - learning_rate * g

    Both right-hand sides use the *old* ``dp``, exactly as the lecture's
    Theano update list does.

    Parameters
    ----------
    cost : TensorVariable
        Scalar to minimise.
    params : list of SharedVariable
        Parameters to update.
    learning_rate, momentum : float or scalar TensorVariable
        Step size and momentum coefficient (shared scalars let a schedule
        change them without recompiling).
    velocities : list of SharedVariable, optional
        Existing velocity variables (one per parameter, same shapes); new
        zero-initialised ones are created when omitted.

    Returns
    -------
    updates : list of (SharedVariable, TensorVariable)
        Parameter updates first, then velocity updates.
    velocities : list of SharedVariable
        The velocity variables, so callers can reset them to zero.

    Examples
    --------
    >>> import numpy as np
    >>> from graphae.backend import compile_function
    >>> w = shared(np.array(1.0), name="w")
    >>> updates, velocities = classical_momentum(w ** 2, [w], learning_rate=0.1, momentum=0.9)
    >>> step = compile_function([], [], updates=updates)
    >>> step(); round(float(w.get_value()), 6)  # 1 - 0.1 * 2
    []
    0.8
    """
    if velocities is None:
        velocities = [
            shared(np.zeros_like(p.get_value()), name=f"velocity_{p.name}", dtype=p.dtype)
            for p in params
        ]
    elif len(velocities) != len(params):
        raise ValueError(f"{len(velocities)} velocities for {len(params)} parameters")
    grads = grad(cost, params)
    updates = [
        (p, p + momentum * dp - learning_rate * g)
        for p, dp, g in zip(params, velocities, grads)
    ] + [(dp, momentum * dp - learning_rate * g) for dp, g in zip(velocities, grads)]
    return updates, velocities
