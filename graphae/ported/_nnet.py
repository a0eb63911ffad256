"""Theano's convolution, pooling and batch normalisation signatures, on graphae's core.

Re-exported by :mod:`graphae.ported` (what ``graphae port`` writes) and bound
by the compatibility layer (``theano.tensor.nnet.conv2d``,
``nnet.conv.conv2d``, ``signal.pool.pool_2d``, ``signal.downsample.max_pool_2d``,
``nnet.bn.*``). The computations are :mod:`graphae.convolution` and
:mod:`graphae.normalization`; this module only translates Theano's
arguments (``input_shape``/``image_shape``, ``ws``/``ds``, ``st``,
``padding``, ``'per-activation'``...) and its defaults.
"""

from __future__ import annotations

import warnings

import pytensor.tensor as pt

from graphae import convolution, normalization

__all__ = ["batch_normalization", "batch_normalization_test", "batch_normalization_train",
           "conv2d", "legacy_conv2d", "max_pool_2d", "pool_2d"]


def _with_filter_shape(filters, filter_shape):
    filters = pt.as_tensor_variable(filters)
    if filter_shape is None or None not in (filters.type.shape[2], filters.type.shape[3]):
        return filters
    if len(filter_shape) != 4 or any(s is not None and int(s) < 1 for s in filter_shape):
        raise ValueError(f"filter_shape must be 4 sizes (out, in, rows, columns), "
                         f"got {filter_shape!r}")
    return pt.specify_shape(filters, tuple(None if s is None else int(s) for s in filter_shape))


def conv2d(input, filters, input_shape=None, filter_shape=None, border_mode="valid",  # noqa: A002
           subsample=(1, 1), filter_flip=True, image_shape=None, filter_dilation=(1, 1),
           num_groups=1, unshared=False, **kwargs):
    """Theano's ``theano.tensor.nnet.conv2d`` (see :func:`graphae.convolution.conv2d`).

    ``input_shape``/``image_shape`` are hints Theano used to choose an
    implementation and are checked for length only; ``filter_shape`` gives
    the filter size when ``filters`` does not have a static one.

    Raises
    ------
    NotImplementedError
        For ``num_groups`` other than 1 or ``unshared=True``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x, W = pt.tensor4("x"), pt.tensor4("W")
    >>> out = conv2d(x, W, filter_shape=(2, 1, 3, 3), border_mode="half")
    >>> compile_function([x, W], out)(np.ones((1, 1, 5, 5)), np.ones((2, 1, 3, 3))).shape
    (1, 2, 5, 5)
    """
    if num_groups != 1 or unshared:
        raise NotImplementedError("conv2d: grouped (num_groups != 1) and unshared convolutions "
                                  "are not provided; split the channels and call conv2d per "
                                  "group")
    for name, shape in (("input_shape", input_shape), ("image_shape", image_shape)):
        if shape is not None and len(shape) != 4:
            raise ValueError(f"{name} must be 4 sizes (batch, channels, rows, columns), "
                             f"got {shape!r}")
    return convolution.conv2d(input, _with_filter_shape(filters, filter_shape),
                              border_mode=border_mode, subsample=subsample,
                              filter_flip=filter_flip, filter_dilation=filter_dilation)


def legacy_conv2d(input, filters, image_shape=None, filter_shape=None,  # noqa: A002
                  border_mode="valid", subsample=(1, 1), **kwargs):
    """Theano's older ``theano.tensor.nnet.conv.conv2d``: a true convolution, 'valid' or 'full'.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.tensor4("x")
    >>> out = legacy_conv2d(x, np.ones((1, 1, 2, 2)), border_mode="full")
    >>> compile_function([x], out)(np.ones((1, 1, 3, 3)))[0, 0, 0].tolist()
    [1.0, 2.0, 2.0, 1.0]
    """
    if border_mode not in ("valid", "full"):
        raise ValueError(f"nnet.conv.conv2d: border_mode must be 'valid' or 'full', "
                         f"got {border_mode!r}")
    return conv2d(input, filters, image_shape=image_shape, filter_shape=filter_shape,
                  border_mode=border_mode, subsample=subsample, filter_flip=True)


def _first(name, value, alias_name, alias):
    if alias is not None:
        if value is not None:
            raise ValueError(f"pass {name} or its old name {alias_name}, not both")
        return alias
    return value


def pool_2d(input, ws=None, ignore_border=None, stride=None, pad=(0, 0),  # noqa: A002
            mode="max", ds=None, st=None, padding=None):
    """Theano's ``theano.tensor.signal.pool.pool_2d`` (see :func:`graphae.convolution.pool_2d`).

    ``ds``, ``st`` and ``padding`` are the old names of ``ws``, ``stride``
    and ``pad``; ``ignore_border=None`` means False with a warning, as in
    Theano 1.0.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.matrix("x")
    >>> out = pool_2d(x, ds=(2, 2), ignore_border=True, mode="sum")
    >>> compile_function([x], out)(np.ones((4, 5))).tolist()
    [[4.0, 4.0], [4.0, 4.0]]
    """
    ws = _first("ws", ws, "ds", ds)
    stride = _first("stride", stride, "st", st)
    if padding is not None:
        pad = padding
    if ws is None:
        raise ValueError("pool_2d needs the window size ws")
    if ignore_border is None:
        warnings.warn("pool_2d: ignore_border=None means False (Theano 1.0's default); pass "
                      "it explicitly", UserWarning, stacklevel=2)
        ignore_border = False
    return convolution.pool_2d(input, ws, ignore_border=ignore_border, stride=stride, pad=pad,
                               mode=mode)


def max_pool_2d(input, ds, ignore_border=None, st=None, padding=(0, 0),  # noqa: A002
                mode="max"):
    """Theano 0.7's ``theano.tensor.signal.downsample.max_pool_2d``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.matrix("x")
    >>> compile_function([x], max_pool_2d(x, (1, 3), ignore_border=True))(
    ...     np.arange(6.0).reshape(1, 6)).tolist()
    [[2.0, 5.0]]
    """
    return pool_2d(input, ws=ds, ignore_border=ignore_border, stride=st, pad=padding, mode=mode)


def batch_normalization(inputs, gamma, beta, mean, std, mode="low_mem"):
    """Theano's ``theano.tensor.nnet.bn.batch_normalization``: ``(x - mean) * gamma / std + beta``.

    Examples
    --------
    >>> batch_normalization(4.0, 2.0, 1.0, 3.0, 0.5)  # plain numbers work too
    5.0
    """
    if mode not in ("low_mem", "high_mem"):
        raise ValueError(f"mode must be 'low_mem' or 'high_mem', got {mode!r}")
    return (inputs - mean) * (gamma / std) + beta


def _params_layout(results, inputs, gamma, axes):
    """Theano returns the statistics laid out like ``gamma`` (without the normalised axes)."""
    if pt.as_tensor_variable(gamma).ndim == inputs.ndim:
        return results
    kept = [i for i in range(inputs.ndim) if i not in axes]
    return [results[0], *(r.dimshuffle(kept) for r in results[1:])]


def batch_normalization_train(inputs, gamma, beta, axes="per-activation", epsilon=1e-4,
                              running_average_factor=0.1, running_mean=None, running_var=None):
    """Theano's ``bn.batch_normalization_train``.

    Returns
    -------
    tuple
        ``(out, mean, invstd)``, and with ``running_mean`` and
        ``running_var`` also ``(new_running_mean, new_running_var)`` (the
        variance unbiased), for the caller's updates.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.matrix("x")
    >>> results = batch_normalization_train(x, np.ones(1), np.zeros(1), running_mean=np.zeros(1),
    ...                                     running_var=np.ones(1))
    >>> [r.tolist() for r in compile_function([x], results[3:])(np.array([[1.0], [3.0]]))]
    [[0.2], [1.1]]
    """
    if (running_mean is None) != (running_var is None):
        raise ValueError("pass both running_mean and running_var, or neither")
    axes = normalization.batch_norm_axes(axes, inputs.ndim)
    out, mean, var, invstd = normalization.batch_norm_train(inputs, gamma, beta, axes, epsilon)
    results = [out, mean, invstd]
    if running_mean is not None:
        count = pt.prod([inputs.shape[a] for a in axes]).astype(inputs.dtype)
        layout = [normalization.broadcast_to_input(r, axes, inputs.ndim) if pt.as_tensor_variable(
            r).ndim != inputs.ndim else r for r in (running_mean, running_var)]
        results += normalization.running_statistics(*layout, mean, var, count,
                                                    running_average_factor)
    return tuple(_params_layout(results, inputs, gamma, axes))


def batch_normalization_test(inputs, gamma, beta, mean, var, axes="per-activation",
                             epsilon=1e-4):
    """Theano's ``bn.batch_normalization_test``: normalise with the running statistics.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.matrix("x")
    >>> out = batch_normalization_test(x, np.ones(1), np.zeros(1), np.ones(1), np.full(1, 0.9999))
    >>> compile_function([x], out)(np.array([[2.0]])).round(6).tolist()
    [[1.0]]
    """
    return normalization.batch_norm_test(inputs, gamma, beta, mean, var, axes, epsilon)
