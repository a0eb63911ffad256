"""Batched convolution and pooling against SciPy and a NumPy transcription of Theano's ops."""

import itertools

import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from scipy.signal import convolve2d, correlate2d

from graphae.backend import compile_function, resolve_mode
from graphae.convolution import (
    conv2d,
    conv_output_length,
    pool_2d,
    pool_output_length,
)

RNG = np.random.default_rng(0)


def _conv_reference(images, filters, mode, flip):
    """Each output map: the sum over input channels of SciPy's 2-D convolution."""
    operation = convolve2d if flip else correlate2d
    return np.array([[sum(operation(image[c], kernel[c], mode=mode) for c in range(len(image)))
                      for kernel in filters] for image in images])


@pytest.mark.parametrize("mode", ["valid", "full"])
@pytest.mark.parametrize("flip", [True, False])
def test_conv2d_equals_scipy(mode, flip):
    images, filters = RNG.random((3, 2, 7, 6)), RNG.random((4, 2, 3, 2))
    x = pt.tensor4("x")
    ours = compile_function([x], conv2d(x, filters, border_mode=mode, filter_flip=flip))(images)
    np.testing.assert_allclose(ours, _conv_reference(images, filters, mode, flip), rtol=1e-10)


def test_conv2d_half_padding_stride_and_dilation():
    images, filters = RNG.random((2, 3, 9, 8)), RNG.random((2, 3, 3, 3))
    x = pt.tensor4("x")
    full = _conv_reference(images, filters, "full", True)
    half = compile_function([x], conv2d(x, filters, border_mode="half"))(images)
    np.testing.assert_allclose(half, full[:, :, 1:-1, 1:-1], rtol=1e-10)  # same size, centred
    strided = compile_function([x], conv2d(x, filters, subsample=(2, 3)))(images)
    np.testing.assert_allclose(strided, _conv_reference(images, filters, "valid", True)[
        :, :, ::2, ::3], rtol=1e-10)
    dilated_filters = np.zeros((2, 3, 5, 5))
    dilated_filters[:, :, ::2, ::2] = filters
    dilated = compile_function([x], conv2d(x, filters, filter_dilation=2))(images)
    np.testing.assert_allclose(dilated, _conv_reference(images, dilated_filters, "valid", True),
                               rtol=1e-10)
    assert strided.shape[2:] == (conv_output_length(9, 3, stride=2),
                                 conv_output_length(8, 3, stride=3))
    padded = compile_function([x], conv2d(x, filters, border_mode=(1, 2)))(images)
    assert padded.shape == (2, 2, 9, 10)


def test_conv2d_gradients_are_verified():
    images, filters = RNG.random((2, 2, 5, 4)), RNG.random((3, 2, 2, 3))
    pytensor.gradient.verify_grad(lambda x, w: conv2d(x, w, border_mode="full"),
                                  [images, filters], rng=np.random.default_rng(1), mode=resolve_mode("c"))
    pytensor.gradient.verify_grad(lambda x, w: conv2d(x, w, subsample=2, filter_flip=False),
                                  [images, filters], rng=np.random.default_rng(2), mode=resolve_mode("c"))


def _pool_reference(x, ws, ignore_border, stride, pad, mode):
    """Theano 1.0's Pool.perform, transcribed."""
    stride = stride or ws
    out_shape = [pool_output_length(x.shape[-2 + k], ws[k], stride[k], pad[k], ignore_border)
                 for k in range(2)]
    rows, cols = x.shape[-2] + 2 * pad[0], x.shape[-1] + 2 * pad[1]
    padded = np.zeros((*x.shape[:-2], rows, cols))
    padded[..., pad[0]:rows - pad[0], pad[1]:cols - pad[1]] = x
    out = np.empty((*x.shape[:-2], *out_shape))
    inc_pad = mode == "average_inc_pad"
    for r, c in itertools.product(range(out_shape[0]), range(out_shape[1])):
        r0, c0 = r * stride[0], c * stride[1]
        r1, c1 = min(r0 + ws[0], rows), min(c0 + ws[1], cols)
        if not inc_pad:
            r0, c0 = max(r0, pad[0]), max(c0, pad[1])
            r1, c1 = min(r1, x.shape[-2] + pad[0]), min(c1, x.shape[-1] + pad[1])
        region = padded[..., r0:r1, c0:c1]
        out[..., r, c] = {"max": np.max, "sum": np.sum}.get(mode, np.mean)(region, axis=(-2, -1))
    return out


POOL_CASES = [((2, 2), True, None, (0, 0)), ((2, 2), False, None, (0, 0)),
              ((3, 2), True, (1, 1), (0, 0)), ((3, 3), False, (2, 1), (0, 0)),
              ((3, 3), True, (2, 2), (1, 1)), ((2, 3), True, (1, 2), (1, 2)),
              ((4, 4), False, (5, 5), (0, 0))]


@pytest.mark.parametrize("mode", ["max", "sum", "average_inc_pad", "average_exc_pad"])
@pytest.mark.parametrize("ws, ignore_border, stride, pad", POOL_CASES)
def test_pool_2d_equals_theanos_pool(ws, ignore_border, stride, pad, mode):
    images = RNG.standard_normal((2, 3, 7, 9))
    x = pt.tensor4("x")
    ours = compile_function([x], pool_2d(x, ws, ignore_border, stride, pad, mode))(images)
    np.testing.assert_allclose(ours, _pool_reference(images, ws, ignore_border, stride, pad,
                                                     mode), rtol=1e-12)


@pytest.mark.parametrize("mode", ["max", "average_exc_pad"])
@pytest.mark.parametrize("ws, ignore_border, stride, pad",
                         [POOL_CASES[0], POOL_CASES[3], POOL_CASES[4]],
                         ids=["tiled", "overlapping partial windows", "padded"])
def test_pool_2d_gradients_are_verified(ws, ignore_border, stride, pad, mode):
    images = RNG.permutation(2 * 7 * 9).reshape(2, 1, 7, 9) / 10.0  # no ties: max is smooth
    pytensor.gradient.verify_grad(lambda x: pool_2d(x, ws, ignore_border, stride, pad, mode),
                                  [images], rng=np.random.default_rng(3), mode=resolve_mode("c"))


def test_float32_stays_float32():
    x = pt.tensor4("x", dtype="float32")
    filters = np.ones((2, 1, 3, 3), dtype="float32")
    assert conv2d(x, filters).dtype == "float32"
    assert pool_2d(conv2d(x, filters), 2, mode="average_exc_pad", stride=1).dtype == "float32"


@pytest.mark.parametrize("call, match", [
    (lambda x: conv2d(x[0], np.ones((1, 1, 2, 2))), "inputs must be 4-D"),
    (lambda x: conv2d(x, np.ones((1, 2, 2))), "filters must be 4-D"),
    (lambda x: conv2d(x, np.ones((1, 1, 2, 2)), border_mode="same"), "border_mode"),
    (lambda x: conv2d(x, np.ones((1, 1, 2, 2)), subsample=0), "subsample"),
    (lambda x: conv2d(x, pt.tensor4("w")), "filter size"),
    (lambda x: conv2d(pt.tensor4("x", shape=(None, 3, None, None)), np.ones((1, 2, 2, 2))),
     "3 channels"),
    (lambda x: pool_2d(x, 2, mode="median"), "mode"),
    (lambda x: pool_2d(x, (2, 0)), "ws"),
    (lambda x: pool_2d(x, 2, ignore_border=False, pad=1), "ignore_border=True"),
    (lambda x: pool_2d(x, 2, pad=2), "smaller than the window"),
    (lambda x: pool_2d(x, 2, ignore_border=None), "ignore_border"),
])
def test_bad_arguments_name_themselves(call, match):
    with pytest.raises(ValueError, match=match):
        call(pt.tensor4("x"))
