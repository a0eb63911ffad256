"""Softmax runs inside the C kernels, not as a Python call per step (issue 16)."""

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.compile.builders import OpFromGraph
from pytensor.compile.mode import Mode
from pytensor.gradient import verify_grad

from graphae.backend import log_softmax_rows, mean_abs, softmax_rows
from graphae.backend._rewrites import register_inline_softmax

C_MODE = Mode(linker="cvm")


def _ops(function):
    return [node.op for node in function.maker.fgraph.toposort()]


def test_softmax_and_its_gradient_compile_without_python_nodes():
    assert register_inline_softmax()
    x = pt.matrix("x")
    y = pt.ivector("y")
    cost = -log_softmax_rows(x)[pt.arange(y.shape[0]), y].mean() + softmax_rows(x).max()
    function = pytensor.function([x, y], [cost, pytensor.grad(cost, x)], mode=C_MODE)
    assert not [op for op in _ops(function) if isinstance(op, OpFromGraph)]
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(7, 5)) * 30, rng.integers(0, 5, 7).astype("int32")
    got_cost, got_grad = function(X, Y)
    shifted = X - X.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    expected = -log_p[np.arange(7), Y].mean() + p.max()
    np.testing.assert_allclose(got_cost, expected, rtol=1e-12)
    assert np.isfinite(got_grad).all()


def test_gradient_of_the_inlined_log_softmax():
    rng = np.random.default_rng(1)
    verify_grad(lambda x: log_softmax_rows(x)[:, 1].sum() + softmax_rows(x)[:, 0].sum(),
                [rng.normal(size=(4, 3))], rng=rng, mode=C_MODE)


def test_softmax_of_large_and_infinite_logits_stays_stable():
    x = pt.matrix("x")
    function = pytensor.function([x], [softmax_rows(x), log_softmax_rows(x)], mode=C_MODE)
    p, log_p = function(np.array([[1000.0, 0.0], [-np.inf, 0.0], [np.nan, 0.0]]))
    np.testing.assert_allclose(p[:2], [[1.0, 0.0], [0.0, 1.0]])
    assert log_p[0, 0] == 0.0 and log_p[1, 0] == -np.inf
    assert np.isnan(p[2]).all()


def test_mean_abs_equals_numpy_and_keeps_float64_accumulation():
    rng = np.random.default_rng(2)
    for dtype in ("float64", "float32"):
        values = rng.normal(size=(300, 70)).astype(dtype)
        x = pt.matrix("x", dtype=dtype)
        function = pytensor.function([x], mean_abs(x), mode=C_MODE)
        expected = np.abs(values.astype("float64")).mean()
        np.testing.assert_allclose(function(values), expected,
                                   rtol=1e-12 if dtype == "float64" else 1e-6)
        # the column sums survive (PyTensor would otherwise merge them into one chain)
        reductions = [op for op in _ops(function)
                      if hasattr(op, "axis") and hasattr(op, "acc_dtype")]
        assert any(tuple(op.axis or ()) == (0,) for op in reductions), reductions
    vector = pt.vector("v")
    assert pytensor.function([vector], mean_abs(vector))(np.array([-1.0, 3.0])) == 2.0
