"""Batch normalisation as graph functions: the training form, the inference form, running averages.

PyTensor 3 removed Theano's ``theano.tensor.nnet.bn``; these are its
formulas (Ioffe & Szegedy 2015) as plain symbolic expressions, so PyTensor
differentiates them. ``axes`` are those the statistics are taken over:
``(0,)`` normalises each activation over the minibatch (Theano's
``'per-activation'``), ``(0, 2, 3)`` each channel of a 4-D input over the
minibatch and the image (``'spatial'``).

Examples
--------
>>> import numpy as np, pytensor.tensor as pt
>>> from graphae.backend import compile_function
>>> x = pt.matrix("x")
>>> out, mean, var, invstd = batch_norm_train(x, np.ones(2), np.zeros(2))
>>> compile_function([x], out)(np.array([[1.0, 10.0], [3.0, 30.0]])).round(3).tolist()
[[-1.0, -1.0], [1.0, 1.0]]
"""

from __future__ import annotations

import numbers

import pytensor.tensor as pt

__all__ = ["batch_norm_axes", "batch_norm_test", "batch_norm_train", "broadcast_to_input",
           "running_statistics"]


def batch_norm_axes(axes, ndim):
    """Normalisation axes from Theano's names (``'per-activation'``, ``'spatial'``) or ints.

    Examples
    --------
    >>> batch_norm_axes("spatial", 4), batch_norm_axes("per-activation", 2), batch_norm_axes([2, 0], 3)
    ((0, 2, 3), (0,), (0, 2))
    """
    if axes == "per-activation":
        return (0,)
    if axes == "spatial":
        return (0, *range(2, ndim))
    if isinstance(axes, str) or not all(isinstance(a, numbers.Integral) and 0 <= a < ndim
                                        for a in axes) or not axes:
        raise ValueError(f"axes must be 'per-activation', 'spatial' or axis numbers below "
                         f"{ndim}, got {axes!r}")
    return tuple(sorted(set(int(a) for a in axes)))


def _check_epsilon(epsilon):
    if not isinstance(epsilon, numbers.Real) or not epsilon >= 1e-5:
        raise ValueError(f"epsilon must be a number >= 1e-5 (as cuDNN and Theano require), "
                         f"got {epsilon!r}")


def broadcast_to_input(parameter, axes, ndim):
    """A per-feature parameter laid out to broadcast against an ``ndim`` input.

    Examples
    --------
    >>> import numpy as np
    >>> broadcast_to_input(np.ones(3), (0, 2, 3), 4).type.shape
    (1, 3, 1, 1)
    """
    parameter = pt.as_tensor_variable(parameter)
    if parameter.ndim == ndim:
        return parameter
    kept = [i for i in range(ndim) if i not in axes]
    if parameter.ndim != len(kept):
        raise ValueError(f"a parameter must have {len(kept)} axes (one per axis not "
                         f"normalised over) or {ndim}, got {parameter.ndim}")
    pattern = ["x"] * ndim
    for position, axis in enumerate(kept):
        pattern[axis] = position
    return parameter.dimshuffle(pattern)


def batch_norm_train(inputs, gamma, beta, axes=(0,), epsilon=1e-4):
    """Normalise with the minibatch's own statistics: ``(x - mean) * gamma * invstd + beta``.

    Parameters
    ----------
    inputs : symbolic tensor
    gamma, beta : tensor or array
        Scale and shift, one per feature (the axes not in ``axes``), or
        already broadcastable against ``inputs``.
    axes : tuple of int, or "per-activation" or "spatial"
    epsilon : float, default 1e-4
        Added to the variance (at least 1e-5).

    Returns
    -------
    out, mean, var, invstd : symbolic tensors
        ``mean``, ``var`` (biased, as used) and ``invstd = 1 / sqrt(var +
        epsilon)`` keep the normalised axes with length 1.

    Raises
    ------
    ValueError
        For unknown axes, ``epsilon`` below 1e-5, or parameters with the
        wrong number of axes.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> x = pt.tensor4("x")
    >>> out, mean, var, invstd = batch_norm_train(x, np.ones(3), np.zeros(3), axes="spatial")
    >>> mean.type.shape  # per channel: the normalised axes kept with length 1
    (1, None, 1, 1)
    """
    axes = batch_norm_axes(axes, inputs.ndim)
    _check_epsilon(epsilon)
    gamma, beta = (broadcast_to_input(p, axes, inputs.ndim) for p in (gamma, beta))
    mean = inputs.mean(axis=axes, keepdims=True)
    var = pt.sqr(inputs - mean).mean(axis=axes, keepdims=True)
    invstd = pt.reciprocal(pt.sqrt(var + pt.as_tensor_variable(epsilon, dtype=inputs.dtype)))
    return (inputs - mean) * (gamma * invstd) + beta, mean, var, invstd


def batch_norm_test(inputs, gamma, beta, mean, var, axes=(0,), epsilon=1e-4):
    """Normalise with given statistics (the running averages): the inference form.

    Parameters are as :func:`batch_norm_train`; ``mean`` and ``var`` are
    laid out like ``gamma``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.matrix("x")
    >>> out = batch_norm_test(x, np.ones(1), np.zeros(1), np.full(1, 2.0), np.full(1, 4.0 - 1e-4))
    >>> compile_function([x], out)(np.array([[4.0]])).round(6).tolist()
    [[1.0]]
    """
    axes = batch_norm_axes(axes, inputs.ndim)
    _check_epsilon(epsilon)
    gamma, beta, mean, var = (broadcast_to_input(p, axes, inputs.ndim)
                              for p in (gamma, beta, mean, var))
    scale = gamma / pt.sqrt(var + pt.as_tensor_variable(epsilon, dtype=inputs.dtype))
    return (inputs - mean) * scale + beta


def running_statistics(running_mean, running_var, mean, var, count, factor=0.1):
    """The running averages after one minibatch (the variance unbiased, as Theano's).

    ``new_mean = (1 - factor) * running_mean + factor * mean`` and
    ``new_var = (1 - factor) * running_var + factor * var * count / (count - 1)``,
    ``count`` being the number of values each statistic averaged.

    Examples
    --------
    >>> running_statistics(0.0, 1.0, 2.0, 0.5, count=2, factor=0.5)
    (1.0, 1.0)
    """
    if not isinstance(factor, numbers.Real) or not 0 <= factor <= 1:
        raise ValueError(f"running_average_factor must be in [0, 1], got {factor!r}")
    new_mean = running_mean * (1.0 - factor) + mean * factor
    new_var = running_var * (1.0 - factor) + var * (count / (count - 1.0)) * factor
    return new_mean, new_var
