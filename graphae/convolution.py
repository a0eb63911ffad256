"""Batched 2-D convolution and pooling as graph functions, with their gradients.

PyTensor 3 has no batched 4-D convolution or pooling op. These build them
from ops it has: a convolution gathers its input patches with strided slices
(one per filter tap) and multiplies them by the filters in one matrix
product (im2col + GEMM, so it runs on the BLAS); pooling reshapes and takes
the max (or sum) over the window axes when the windows tile the image, and
otherwise stacks one strided slice per window offset and reduces over them.
PyTensor differentiates both, so they train like any other graph.

Shapes follow Theano: inputs ``(batch, channels, rows, columns)``, filters
``(out_channels, in_channels, rows, columns)``.

Examples
--------
>>> import numpy as np, pytensor.tensor as pt
>>> from graphae.backend import compile_function
>>> x = pt.tensor4("x")
>>> image = np.arange(16.0).reshape(1, 1, 4, 4)
>>> compile_function([x], pool_2d(x, (2, 2)))(image)[0, 0].tolist()
[[5.0, 7.0], [13.0, 15.0]]
>>> compile_function([x], conv2d(x, np.ones((1, 1, 2, 2))))(image)[0, 0, 0].tolist()
[10.0, 14.0, 18.0]
"""

from __future__ import annotations

import numbers

import numpy as np
import pytensor.tensor as pt

__all__ = ["BORDER_MODES", "POOL_MODES", "conv2d", "conv_output_length", "pool_2d",
           "pool_output_length"]

#: ``border_mode`` names (an int or a pair pads explicitly)
BORDER_MODES = ("valid", "full", "half")
#: ``mode`` names of :func:`pool_2d`, as Theano spelled them
POOL_MODES = ("max", "sum", "average_inc_pad", "average_exc_pad")


def _pair(value, name, minimum):
    pair = (value, value) if isinstance(value, numbers.Integral) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool)
                                 and v >= minimum for v in pair):
        raise ValueError(f"{name} must be an integer >= {minimum} or a pair of them, "
                         f"got {value!r}")
    return int(pair[0]), int(pair[1])


def _check_4d(tensor, name):
    if tensor.ndim != 4:
        raise ValueError(f"{name} must be 4-D (batch, channels, rows, columns), "
                         f"got {tensor.ndim}-D")


def _padding(border_mode, filter_rows, filter_cols, dilation):
    extent = ((filter_rows - 1) * dilation[0] + 1, (filter_cols - 1) * dilation[1] + 1)
    if isinstance(border_mode, str):
        if border_mode not in BORDER_MODES:
            raise ValueError(f"border_mode must be one of {', '.join(BORDER_MODES)} or "
                             f"padding sizes, got {border_mode!r}")
        return {"valid": (0, 0), "full": (extent[0] - 1, extent[1] - 1),
                "half": (extent[0] // 2, extent[1] // 2)}[border_mode]
    return _pair(border_mode, "border_mode", 0)


def conv_output_length(length, filter_length, border_mode="valid", stride=1, dilation=1):
    """Output length of :func:`conv2d` along one axis (ints, or None when unknown).

    Examples
    --------
    >>> conv_output_length(28, 5), conv_output_length(28, 5, "full"), conv_output_length(28, 5, "half", 2)
    (24, 32, 14)
    """
    if length is None:
        return None
    pad = _padding(border_mode, filter_length, filter_length, (dilation, dilation))[0] \
        if isinstance(border_mode, str) else _pair(border_mode, "border_mode", 0)[0]
    extent = (filter_length - 1) * dilation + 1
    return (length + 2 * pad - extent) // stride + 1


def _zero_pad(x, rows, cols):
    if rows == 0 and cols == 0:
        return x
    return pt.pad(x, [(0, 0), (0, 0), (rows, rows), (cols, cols)])


def conv2d(inputs, filters, border_mode="valid", subsample=(1, 1), filter_flip=True,
           filter_dilation=(1, 1)):
    """Batched 2-D convolution of ``inputs`` with a bank of ``filters``.

    Parameters
    ----------
    inputs : symbolic 4-D tensor, ``(batch, in_channels, rows, columns)``
    filters : symbolic or array 4-D, ``(out_channels, in_channels, filter_rows, filter_columns)``
        The filter size must be known (a shared variable, a constant, or a
        tensor with a static shape).
    border_mode : {"valid", "full", "half"} or int or (int, int)
        ``valid``: only where the filter fits; ``full``: wherever it
        overlaps (zero padding of filter size - 1); ``half``: padding of
        half the filter size (same size output for odd filters and stride 1);
        integers pad explicitly.
    subsample : int or (int, int)
        The stride.
    filter_flip : bool, default True
        Flip the filters (a true convolution, as Theano's ``conv2d`` and
        ``scipy.signal.convolve2d``); False correlates (``correlate2d``,
        PyTorch's ``conv2d``).
    filter_dilation : int or (int, int)
        Spacing between filter taps (atrous convolution).

    Returns
    -------
    symbolic 4-D tensor, ``(batch, out_channels, out_rows, out_columns)``

    Raises
    ------
    ValueError
        For tensors that are not 4-D, a filter size that is not known, an
        unknown ``border_mode``, a stride or dilation below 1, or channel
        counts that differ.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from scipy.signal import convolve2d
    >>> from graphae.backend import compile_function
    >>> image, kernel = np.random.default_rng(0).random((2, 5, 6)), np.arange(4.0).reshape(2, 2)
    >>> x = pt.tensor4("x")
    >>> full = compile_function([x], conv2d(x, kernel[None, None], border_mode="full"))
    >>> ours = full(image[:1, None])
    >>> np.allclose(ours[0, 0], convolve2d(image[0], kernel, mode="full"))
    True
    """
    filters = pt.as_tensor_variable(filters)
    _check_4d(inputs, "inputs")
    _check_4d(filters, "filters")
    stride = _pair(subsample, "subsample", 1)
    dilation = _pair(filter_dilation, "filter_dilation", 1)
    shape = _static_filter_shape(filters)
    n_out, n_in, rows, cols = shape
    if inputs.type.shape[1] is not None and n_in is not None and inputs.type.shape[1] != n_in:
        raise ValueError(f"inputs have {inputs.type.shape[1]} channels, the filters expect "
                         f"{n_in}")
    if filter_flip:
        filters = filters[:, :, ::-1, ::-1]
    pad_rows, pad_cols = _padding(border_mode, rows, cols, dilation)
    padded = _zero_pad(inputs, pad_rows, pad_cols)
    out_rows = (padded.shape[2] - (rows - 1) * dilation[0] - 1) // stride[0] + 1
    out_cols = (padded.shape[3] - (cols - 1) * dilation[1] - 1) // stride[1] + 1
    taps = [padded[:, :, i * dilation[0]: i * dilation[0] + (out_rows - 1) * stride[0] + 1:
                   stride[0],
                   j * dilation[1]: j * dilation[1] + (out_cols - 1) * stride[1] + 1: stride[1]]
            for i in range(rows) for j in range(cols)]
    # (batch, in, taps, out_rows, out_cols) -> (batch * out_rows * out_cols, in * taps)
    patches = pt.stack(taps, axis=2).dimshuffle(0, 3, 4, 1, 2)
    batch = inputs.shape[0]
    columns = patches.reshape((batch * out_rows * out_cols, -1))
    product = pt.dot(columns, filters.reshape((filters.shape[0], -1)).T)
    return product.reshape((batch, out_rows, out_cols, filters.shape[0])).dimshuffle(0, 3, 1, 2)


def _static_filter_shape(filters):
    shape = filters.type.shape
    if shape[2] is None or shape[3] is None:
        value = getattr(filters, "get_value", None)
        if value is None:
            raise ValueError("conv2d needs the filter size: pass filters as a shared variable, "
                             "an array, or a tensor with a static shape (filter_shape=)")
        shape = value(borrow=True).shape
    return tuple(shape)


def pool_output_length(length, window, stride=None, pad=0, ignore_border=True):
    """Output length of :func:`pool_2d` along one axis (Theano's rule).

    Examples
    --------
    >>> pool_output_length(24, 2), pool_output_length(5, 2, ignore_border=False)
    (12, 3)
    """
    stride = window if stride is None else stride
    if ignore_border:
        return max(0, (length + 2 * pad - window) // stride + 1)
    if stride >= window:
        return (length - 1) // stride + 1
    return max(0, (length - 1 - window + stride) // stride) + 1


def _pool_settings(ws, stride, pad, ignore_border, mode):
    window = _pair(ws, "ws", 1)
    stride = window if stride is None else _pair(stride, "stride", 1)
    pad = _pair(pad, "pad", 0)
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {', '.join(POOL_MODES)}, got {mode!r}")
    if not isinstance(ignore_border, bool):
        raise ValueError(f"ignore_border must be True or False, got {ignore_border!r}")
    if pad != (0, 0) and not ignore_border:
        raise ValueError("padding works only with ignore_border=True (as in Theano)")
    if pad[0] >= window[0] or pad[1] >= window[1]:
        raise ValueError(f"pad {pad} must be smaller than the window {window}")
    return window, stride, pad


def pool_2d(inputs, ws=(2, 2), ignore_border=True, stride=None, pad=(0, 0), mode="max"):
    """Pool over the last two axes of ``inputs`` (any number of leading axes).

    Parameters
    ----------
    inputs : symbolic tensor, at least 2-D
    ws : int or (int, int)
        The window.
    ignore_border : bool, default True
        Drop the partial windows at the lower and right borders; False keeps
        them (pooling what there is), as Theano's ``ignore_border=False``.
    stride : int or (int, int), optional
        Default: the window (windows that tile the image).
    pad : int or (int, int)
        Zero padding on every side (``ignore_border=True`` only); padding is
        never the maximum and counts in the average only for
        ``average_inc_pad``.
    mode : {"max", "sum", "average_inc_pad", "average_exc_pad"}

    Returns
    -------
    symbolic tensor
        The leading axes, then the pooled rows and columns
        (:func:`pool_output_length`).

    Raises
    ------
    ValueError
        For an unknown mode, a window or stride below 1, padding as large as
        the window, or padding with ``ignore_border=False``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> from graphae.backend import compile_function
    >>> x = pt.matrix("x")
    >>> partial = compile_function([x], pool_2d(x, (2, 2), ignore_border=False))
    >>> partial(np.arange(9.0).reshape(3, 3)).tolist()
    [[4.0, 5.0], [7.0, 8.0]]
    """
    if inputs.ndim < 2:
        raise ValueError(f"inputs must have at least 2 axes to pool over, got {inputs.ndim}")
    window, stride, pad = _pool_settings(ws, stride, pad, ignore_border, mode)
    if ignore_border and stride == window and pad == (0, 0):
        return _tiled_pool(inputs, window, mode)
    return _window_pool(inputs, window, stride, pad, ignore_border, mode)


def _tiled_pool(x, window, mode):
    """Windows that tile the image: crop to whole windows, reshape, reduce."""
    rows, cols = x.shape[-2] // window[0], x.shape[-1] // window[1]
    lead = [x.shape[i] for i in range(x.ndim - 2)]
    cropped = x[..., : rows * window[0], : cols * window[1]]
    blocks = cropped.reshape((*lead, rows, window[0], cols, window[1]))
    axes = (x.ndim - 1, x.ndim + 1)
    if mode == "max":
        return blocks.max(axis=axes)
    total = blocks.sum(axis=axes)
    return total if mode == "sum" else total / (window[0] * window[1])


def _axis_plan(length, window, stride, pad, ignore_border):
    """(output length, padded length the windows read) along one symbolic axis."""
    if ignore_border:
        out = pt.maximum(0, (length + 2 * pad - window) // stride + 1)
    elif stride >= window:
        out = (length - 1) // stride + 1
    else:
        out = pt.maximum(0, (length - 1 - window + stride) // stride) + 1
    return out, (out - 1) * stride + window


def _extend(x, axis, before, total, fill):
    """``x`` with ``before`` fill values ahead along ``axis`` and fill up to ``total``."""
    length = x.shape[axis]
    after = pt.maximum(0, total - before - length)
    shape = [x.shape[i] for i in range(x.ndim)]
    head = pt.full([*shape[:axis], before, *shape[axis + 1:]], fill, dtype=x.dtype)
    tail = pt.full([*shape[:axis], after, *shape[axis + 1:]], fill, dtype=x.dtype)
    return pt.concatenate([head, x, tail], axis=axis)[
        (slice(None),) * axis + (slice(0, total),)]


def _window_pool(x, window, stride, pad, ignore_border, mode):
    """Any windows: pad (and extend to the last partial window), one slice per offset."""
    fill = -np.inf if mode == "max" else 0.0
    plans = [_axis_plan(x.shape[x.ndim - 2 + k], window[k], stride[k], pad[k], ignore_border)
             for k in range(2)]
    padded = _extend(x, x.ndim - 2, pad[0], plans[0][1], fill)
    padded = _extend(padded, x.ndim - 1, pad[1], plans[1][1], fill)
    reduced = _reduce_offsets(padded, window, stride, plans, pt.max if mode == "max" else pt.sum)
    if mode in ("max", "sum"):
        return reduced
    if mode == "average_inc_pad":  # the padding counts, the extension past it does not
        inside = pt.ones((x.shape[-2] + 2 * pad[0], x.shape[-1] + 2 * pad[1]), dtype=x.dtype)
        ahead = (0, 0)
    else:
        inside, ahead = pt.ones((x.shape[-2], x.shape[-1]), dtype=x.dtype), pad
    counts = _extend(inside, 0, ahead[0], plans[0][1], 0.0)
    counts = _extend(counts, 1, ahead[1], plans[1][1], 0.0)
    return reduced / _reduce_offsets(counts, window, stride, plans, pt.sum)


def _reduce_offsets(padded, window, stride, plans, reduce):
    (out_rows, _), (out_cols, _) = plans
    views = [padded[..., i: i + (out_rows - 1) * stride[0] + 1: stride[0],
                    j: j + (out_cols - 1) * stride[1] + 1: stride[1]]
             for i in range(window[0]) for j in range(window[1])]
    return reduce(pt.stack(views, axis=0), axis=0)
