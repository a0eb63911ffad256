"""Optimisers: pure functions from a cost (or its gradients) and parameters to update pairs.

Each takes ``loss_or_grads`` — a scalar cost, or a list of gradients already
computed — and returns ``(shared, new_value)`` pairs; nothing is compiled
here. ``consider_constant`` holds parts of the graph fixed under
differentiation (the RBM's chain end).

The optimisers with state (velocities, running averages, a step counter)
keep it in shared variables created here, zero at the start; they are the
update targets that are not parameters (:func:`optimizer_state`), so a
checkpoint that saves them resumes exactly. Defaults are Keras 1's, which
seed 002's notebook relies on: ``SGD()`` learning rate 0.01, ``RMSprop()``
0.001 and rho 0.9, ``Adadelta()`` 1.0 and rho 0.95, ``Adam()`` 0.001,
``Nadam()`` 0.002; epsilon 1e-8.
"""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import legacy_function
from graphae.backend import grad, shared

__all__ = ["OPTIMIZERS", "adadelta", "adam", "classical_momentum", "gradients", "momentum",
           "keras_sgd", "local_gains", "nadam", "nesterov_momentum", "optimizer_state", "rmsprop",
           "sgd", "sgd_updates"]

EPSILON = 1e-8


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


def sgd(loss_or_grads, params, learning_rate=0.01, consider_constant=None):
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


class _StateVariables:
    """Hands out an optimiser's state variables: the given ones in order, else new ones.

    Passing the state of an earlier call (``state=``) makes a second graph
    (or a rebuilt one) update the very same variables, so a checkpoint of
    them resumes exactly. Each new variable remembers its starting value
    (``tag.initial_value``) for a reset.
    """

    def __init__(self, state):
        self._given = None if state is None else list(state)
        self._next = 0

    def _take(self):
        if self._next >= len(self._given):
            raise ValueError(f"state has {len(self._given)} variables; this optimiser needs more")
        self._next += 1
        return self._given[self._next - 1]

    @staticmethod
    def _new(start, name, dtype, value):
        variable = shared(start, name, dtype)
        variable.tag.initial_value = value
        return variable

    def like(self, param, role, value=0.0):
        """A variable shaped like ``param`` (a velocity, a running average)."""
        if self._given is not None:
            return self._take()
        start = np.full_like(param.get_value(borrow=True), value)
        return self._new(start, f"{role}_{param.name}", param.dtype, value)

    def scalar(self, name, value=0.0):
        """A float64 scalar of the optimiser's own (a step count, a running product)."""
        if self._given is not None:
            return self._take()
        return self._new(np.array(value), name, "float64", value)


_classical_momentum = momentum  # keras_sgd's ``momentum`` argument shadows the function


def optimizer_state(updates, params):
    """The optimiser's state variables among ``updates``' targets (not ``params``).

    Examples
    --------
    >>> w = shared(np.array([1.0]), "w")
    >>> [v.name for v in optimizer_state(adam((w ** 2).sum(), [w]), [w])]
    ['adam_iterations', 'adam_m_w', 'adam_v_w']
    """
    owned = set(params)
    return [target for target, _ in updates if target not in owned]


def _cast(updates):
    return [(target, value.astype(target.dtype)) for target, value in updates]


def _as_dtype_of(param, *scalars):
    """``scalars`` (the float64 step-count terms) cast to ``param``'s dtype.

    Without the cast one float64 factor makes the whole elementwise update
    of a float32 parameter run in float64 (and at half the vector width):
    Adam's step of a 784 x 512 float32 matrix took twice as long.
    """
    cast = [pt.cast(s, param.dtype) if getattr(s, "dtype", param.dtype) != param.dtype else s
            for s in scalars]
    return cast[0] if len(cast) == 1 else cast


def nesterov_momentum(loss_or_grads, params, learning_rate=0.01, momentum=0.9,
                      consider_constant=None, state=None):
    """Nesterov momentum in Keras' form (``SGD(nesterov=True)``).

    ``v <- momentum * v - learning_rate * g``; ``p <- p + momentum * v -
    learning_rate * g`` with the new ``v``.

    Examples
    --------
    >>> w = shared(np.array(1.0), "w")
    >>> [(p, new), (v, new_v)] = nesterov_momentum(w ** 2, [w], 0.1, 0.5)
    >>> round(float(new.eval()), 6)  # 1 + 0.5 * (-0.2) - 0.2
    0.7
    """
    grads, make = gradients(loss_or_grads, params, consider_constant), _StateVariables(state)
    updates = []
    for param, g in zip(params, grads):
        velocity = make.like(param, "nesterov_velocity")
        new_velocity = momentum * velocity - learning_rate * g
        updates += [(param, param + momentum * new_velocity - learning_rate * g),
                    (velocity, new_velocity)]
    return _cast(updates)


def rmsprop(loss_or_grads, params, learning_rate=0.001, rho=0.9, epsilon=EPSILON,
            consider_constant=None, state=None):
    """RMSprop: ``a <- rho a + (1 - rho) g²``; ``p <- p - learning_rate g / (sqrt(a) + eps)``.

    Examples
    --------
    >>> w = shared(np.array(1.0), "w")
    >>> [(p, new), _] = rmsprop(w ** 2, [w], learning_rate=0.1)
    >>> round(float(new.eval()), 4)  # 1 - 0.1 * 2 / sqrt(0.1 * 4)
    0.6838
    """
    grads, make = gradients(loss_or_grads, params, consider_constant), _StateVariables(state)
    updates = []
    for param, g in zip(params, grads):
        average = make.like(param, "rmsprop_average")
        new_average = rho * average + (1 - rho) * g ** 2
        updates += [(param, param - learning_rate * g / (pt.sqrt(new_average) + epsilon)),
                    (average, new_average)]
    return _cast(updates)


def adadelta(loss_or_grads, params, learning_rate=1.0, rho=0.95, epsilon=EPSILON,
             consider_constant=None, state=None):
    """Adadelta (Zeiler 2012, in Keras' form with a learning rate).

    ``a <- rho a + (1 - rho) g²``; ``u = g sqrt(d + eps) / sqrt(a + eps)``;
    ``p <- p - learning_rate u``; ``d <- rho d + (1 - rho) u²``.

    Examples
    --------
    >>> w = shared(np.array(1.0), "w")
    >>> [(p, new), _, _] = adadelta(w ** 2, [w])
    >>> round(float(new.eval()), 6)  # a tiny first step: 2 sqrt(eps) / sqrt(0.05 * 2²)
    0.999553
    """
    grads, make = gradients(loss_or_grads, params, consider_constant), _StateVariables(state)
    updates = []
    for param, g in zip(params, grads):
        average, delta = make.like(param, "adadelta_average"), make.like(param, "adadelta_delta")
        new_average = rho * average + (1 - rho) * g ** 2
        step = g * pt.sqrt(delta + epsilon) / pt.sqrt(new_average + epsilon)
        updates += [(param, param - learning_rate * step), (average, new_average),
                    (delta, rho * delta + (1 - rho) * step ** 2)]
    return _cast(updates)


def adam(loss_or_grads, params, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
         epsilon=EPSILON, consider_constant=None, state=None):
    """Adam (Kingma & Ba 2015) as Keras 1 writes it.

    With ``t`` the step number from 1: ``m <- b1 m + (1 - b1) g``, ``v <- b2
    v + (1 - b2) g²``, ``p <- p - lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) +
    eps)``.

    Examples
    --------
    >>> w = shared(np.array(1.0), "w")
    >>> updates = adam(w ** 2, [w], learning_rate=0.1)
    >>> round(float(dict(updates)[w].eval()), 6)  # the first step is about -lr
    0.9
    """
    grads, make = gradients(loss_or_grads, params, consider_constant), _StateVariables(state)
    iterations = make.scalar("adam_iterations")
    t = iterations + 1
    rate = learning_rate * pt.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    updates = [(iterations, t)]
    for param, g in zip(params, grads):
        m, v = make.like(param, "adam_m"), make.like(param, "adam_v")
        new_m, new_v = beta_1 * m + (1 - beta_1) * g, beta_2 * v + (1 - beta_2) * g ** 2
        step = _as_dtype_of(param, rate) * new_m / (pt.sqrt(new_v) + epsilon)
        updates += [(m, new_m), (v, new_v), (param, param - step)]
    return _cast(updates)


def nadam(loss_or_grads, params, learning_rate=0.002, beta_1=0.9, beta_2=0.999,
          epsilon=EPSILON, schedule_decay=0.004, consider_constant=None, state=None):
    """Nadam (Dozat 2016): Adam with Nesterov momentum, as Keras 1 writes it.

    The momentum ``b1 (1 - 0.5 * 0.96^(t * schedule_decay))`` warms up over
    the steps; its running product is a state variable like ``m`` and ``v``.

    Examples
    --------
    >>> w = shared(np.array(1.0), "w")
    >>> updates = nadam(w ** 2, [w], learning_rate=0.1)
    >>> 0.85 < float(dict(updates)[w].eval()) < 0.95
    True
    """
    grads, make = gradients(loss_or_grads, params, consider_constant), _StateVariables(state)
    iterations, schedule = make.scalar("nadam_iterations"), make.scalar("nadam_m_schedule", 1.0)
    t = iterations + 1
    cache_t = beta_1 * (1 - 0.5 * 0.96 ** (t * schedule_decay))
    cache_next = beta_1 * (1 - 0.5 * 0.96 ** ((t + 1) * schedule_decay))
    schedule_new = schedule * cache_t
    schedule_next = schedule_new * cache_next
    updates = [(iterations, t), (schedule, schedule_new)]
    for param, g in zip(params, grads):
        m, v = make.like(param, "nadam_m"), make.like(param, "nadam_v")
        new_m, new_v = beta_1 * m + (1 - beta_1) * g, beta_2 * v + (1 - beta_2) * g ** 2
        # the float64 step-count factors, each cast to the parameter's dtype
        keep, rescale, ahead, ahead_rescale, bias = _as_dtype_of(
            param, 1 - cache_t, 1 - schedule_new, cache_next, 1 - schedule_next,
            1 - beta_2 ** t)
        m_bar = keep * g / rescale + ahead * new_m / ahead_rescale
        v_hat = new_v / bias
        updates += [(m, new_m), (v, new_v),
                    (param, param - learning_rate * m_bar / (pt.sqrt(v_hat) + epsilon))]
    return _cast(updates)


def keras_sgd(loss_or_grads, params, learning_rate=0.01, momentum=0.0, nesterov=False,
              consider_constant=None, state=None):
    """Keras' ``SGD``: plain, with classical momentum, or Nesterov; returns the updates.

    Examples
    --------
    >>> w = shared(np.array(1.0), "w")
    >>> [(p, new)] = keras_sgd(w ** 2, [w])
    >>> round(float(new.eval()), 6)  # 1 - 0.01 * 2
    0.98
    """
    if nesterov:
        return nesterov_momentum(loss_or_grads, params, learning_rate, momentum,
                                 consider_constant, state)
    if momentum:
        updates, _ = _classical_momentum(loss_or_grads, params, learning_rate, momentum,
                                         velocities=state, consider_constant=consider_constant)
        return _cast(updates)
    return sgd(loss_or_grads, params, learning_rate, consider_constant)


#: Optimisers by Keras' lower-case name (``optimizer="adadelta"``), each
#: ``(loss_or_grads, params, **hyper_parameters) -> updates`` with Keras' defaults.
def local_gains(loss_or_grads, params, learning_rate=0.001, momentum=0.9, gain_limits=(0.1, 10.0),
                bonus=0.05, penalty=0.95, consider_constant=None, state=None):
    """Momentum with a local gain per weight (seed 003 §19.3's ``NeuronLocalGainLimit``).

    Each weight has a gain ``γ`` starting at 1. At every step it grows by
    ``bonus`` while the weight's gradient keeps its sign (``g · g_prev > 0``)
    and shrinks by the factor ``penalty`` when the sign flips
    (``g · g_prev < 0``), then is clipped to ``gain_limits``; a zero product
    (the first step) leaves it. The step is classical momentum on the
    scaled gradient (Jacobs' delta-bar-delta, Hinton's "adaptive local
    gains")::

        v <- momentum · v - learning_rate · γ · g
        p <- p + v

    Parameters
    ----------
    loss_or_grads, params
        As every optimiser.
    learning_rate : float, default 0.001
    momentum : float, default 0.9
    gain_limits : (float, float), default (0.1, 10.0)
        The seed's ``Limit = [0.1, 10]``.
    bonus : float, default 0.05
    penalty : float, default 0.95
    consider_constant, state
        As every optimiser; the state is each weight's last gradient, gain
        and velocity.

    Examples
    --------
    >>> from graphae.backend import compile_function
    >>> w = shared(np.array([1.0, -1.0]), "w")
    >>> step = compile_function([], [], updates=local_gains((w ** 2).sum(), [w], 0.1))
    >>> for _ in range(2):
    ...     _ = step()
    >>> [round(float(v), 4) for v in w.get_value()]  # 0.8, then 0.8 - 0.9·0.2 - 0.1·1.05·1.6
    [0.452, -0.452]
    """
    low, high = gain_limits
    if not 0 < low <= high:
        raise ValueError(f"gain_limits must be (low, high) with 0 < low <= high; got {gain_limits}")
    grads, make = gradients(loss_or_grads, params, consider_constant), _StateVariables(state)
    updates = []
    for param, g in zip(params, grads):
        previous, gain = make.like(param, "previous_gradient"), make.like(param, "gain", 1.0)
        velocity = make.like(param, "velocity")
        agreement = g * previous
        new_gain = pt.switch(pt.gt(agreement, 0), gain + bonus,
                             pt.switch(pt.lt(agreement, 0), gain * penalty, gain))
        new_gain = pt.clip(new_gain, low, high)
        new_velocity = momentum * velocity - learning_rate * new_gain * g
        updates += [(previous, g), (gain, new_gain), (velocity, new_velocity),
                    (param, param + new_velocity)]
    return _cast(updates)


OPTIMIZERS = {"sgd": keras_sgd, "nesterov": nesterov_momentum, "rmsprop": rmsprop,
              "adadelta": adadelta, "adam": adam, "nadam": nadam, "local_gains": local_gains}


#: The lectures' name of :func:`momentum`.
classical_momentum = legacy_function("classical_momentum", momentum, __name__)
#: The tutorials' name of :func:`sgd`.
sgd_updates = legacy_function("sgd_updates", sgd, __name__)
