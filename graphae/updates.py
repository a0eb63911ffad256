"""Optimisers: pure functions from a cost (or its gradients) and parameters to update pairs.

Each takes ``loss_or_grads`` — a scalar cost, or a list of gradients already
computed — and returns ``(shared, new_value)`` pairs; nothing is compiled
here. ``consider_constant`` holds parts of the graph fixed under
differentiation (the RBM's chain end).
"""

from __future__ import annotations

import numpy as np

from graphae._legacy import legacy_function
from graphae.backend import grad, shared

__all__ = ["classical_momentum", "gradients", "momentum", "sgd", "sgd_updates"]


def gradients(loss_or_grads, params, consider_constant=None):
    """The gradients of ``loss_or_grads`` with respect to ``params`` (a list passes through).

    Raises
    ------
    ValueError
        When a list of gradients does not match ``params`` in length.

    Examples
    --------
    >>> w = shared(np.array(3.0), "w")
    >>> [g] = gradients(w ** 2, [w])
    >>> float(g.eval())
    6.0
    """
    if isinstance(loss_or_grads, (list, tuple)):
        if len(loss_or_grads) != len(params):
            raise ValueError(f"{len(loss_or_grads)} gradients for {len(params)} parameters")
        return list(loss_or_grads)
    return grad(loss_or_grads, params, consider_constant=consider_constant)


def sgd(loss_or_grads, params, learning_rate, consider_constant=None):
    """Plain gradient descent: ``(p, p - learning_rate * dcost/dp)`` for each parameter.

    Each new value keeps its parameter's dtype, so a float64 learning rate
    does not break float32 parameters.

    Examples
    --------
    >>> w = shared(np.array([1.0, 2.0]), "w")
    >>> [(p, new)] = sgd((w ** 2).sum(), [w], 0.25)
    >>> new.eval().tolist()
    [0.5, 1.0]
    """
    grads = gradients(loss_or_grads, params, consider_constant)
    return [(param, (param - learning_rate * g).astype(param.dtype))
            for param, g in zip(params, grads)]


def momentum(loss_or_grads, params, learning_rate, momentum, velocities=None,
             consider_constant=None):
    """The lectures' classical momentum; returns ``(updates, velocities)``.

    With velocity ``dp`` (initialised to zero) and gradient ``g``::

        p  <- p + momentum * dp - learning_rate * g
        dp <- momentum * dp - learning_rate * g

    Both right-hand sides use the *old* ``dp``, exactly as the lecture's
    Theano update list does.

    Parameters
    ----------
    loss_or_grads : TensorVariable or list of TensorVariable
        Scalar to minimise, or its gradients.
    params : list of SharedVariable
    learning_rate, momentum : float or scalar TensorVariable
        Shared scalars let a schedule change them without recompiling.
    velocities : list of SharedVariable, optional
        Existing velocity variables (one per parameter, same shapes); new
        zero-initialised ones are created when omitted.
    consider_constant : list, optional

    Returns
    -------
    updates : list of (SharedVariable, TensorVariable)
        Parameter updates first, then velocity updates.
    velocities : list of SharedVariable

    Examples
    --------
    >>> from graphae.backend import compile_function
    >>> w = shared(np.array(1.0), name="w")
    >>> updates, velocities = momentum(w ** 2, [w], learning_rate=0.1, momentum=0.9)
    >>> step = compile_function([], [], updates=updates)
    >>> step(); round(float(w.get_value()), 6)  # 1 - 0.1 * 2
    []
    0.8
    """
    mu = momentum
    if velocities is None:
        velocities = [shared(np.zeros_like(p.get_value()), name=f"velocity_{p.name}",
                             dtype=p.dtype) for p in params]
    elif len(velocities) != len(params):
        raise ValueError(f"{len(velocities)} velocities for {len(params)} parameters")
    grads = gradients(loss_or_grads, params, consider_constant)
    updates = [(p, p + mu * dp - learning_rate * g) for p, dp, g in zip(params, velocities, grads)]
    updates += [(dp, mu * dp - learning_rate * g) for dp, g in zip(velocities, grads)]
    return updates, velocities


#: The lectures' name of :func:`momentum`.
classical_momentum = legacy_function("classical_momentum", momentum, __name__)
#: The tutorials' name of :func:`sgd`.
sgd_updates = legacy_function("sgd_updates", sgd, __name__)
