"""One check per row of the Theano compatibility table (plus the docs copy)."""

import importlib
import warnings
from pathlib import Path

import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from pytensor.tensor.special import softmax as pytensor_softmax

from graphae.compat.theano._table import (
    THEANO_NAMES,
    TheanoFeatureUnsupported,
    markdown_table,
)

ROOT = Path(__file__).resolve().parents[2]
CHECKS = {}


def row(name):
    def register(function):
        CHECKS[name] = function
        return function

    return register


def rows_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@row("theano")
def _(theano):
    from graphae.porting import modern_path

    assert theano.__version__ == "1.0.5+graphae"
    assert modern_path("theano.tensor.dot") == "pytensor.tensor.dot"  # the root rename


@row("theano.shared")
def _(theano):
    W = theano.shared(np.ones((2, 2)), name="W")
    assert bool(W) and (not W) is False  # `if not W:` works
    assert W.get_value().shape == (2, 2)


@row("theano.function")
def _(theano):
    T = theano.tensor
    x = T.dvector("x")
    w = theano.shared(np.float32(1.0))
    step = theano.function([x], x.sum(), updates={w: w - 0.5 * x.sum()})  # float64 into float32
    assert step(np.ones(2)) == 2.0 and w.get_value() == np.float32(0.0)
    data = theano.shared(np.arange(6.0))
    i = T.lscalar()
    window = theano.function([i], x.sum(), givens=[(x, data[i:i + 2])])
    assert window(2) == 5.0
    assert theano.function([x], x * 2, allow_input_downcast=True)(np.ones(2, np.float64)).sum() == 4
    y = T.dvector("unused")
    assert theano.function([x, y], x.sum(), on_unused_input="ignore")(np.ones(1), np.ones(1)) == 1


@row("theano.compile.function")
def _(theano):
    from theano.compile import function

    x = theano.tensor.dscalar("x")
    assert function is theano.compile.function is theano.function
    assert function([x], 2 * x)(3.0) == 6.0
    with pytest.raises(AttributeError, match="not provided by graphae"):
        theano.compile.pfunc  # noqa: B018


@row("theano.In")
def _(theano):
    T = theano.tensor
    x, rate = T.dscalar("x"), T.dscalar("rate")
    f = theano.function([x, theano.In(rate, value=2.0)], x * rate)
    assert f(3.0) == 6.0 and f(3.0, 1.0) == 3.0 and f(3.0, rate=4.0) == 12.0


@row("theano.Param")
def _(theano):
    T = theano.tensor
    x, rate = T.dscalar("x"), T.dscalar("rate")
    assert theano.function([x, theano.Param(rate, default=5.0)], x + rate)(1.0) == 6.0


@row("theano.scan")
def _(theano):
    T = theano.tensor
    v = T.dvector("v")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        outputs, updates = theano.scan(lambda a: a * 2, sequences=[v])
    assert theano.function([v], outputs, updates=updates)([1.0, 2.0]).tolist() == [2.0, 4.0]


@row("theano.grad")
def _(theano):
    T = theano.tensor
    x = T.dscalar("x")
    y = x ** 2
    assert theano.function([x], theano.grad(x * y, x, consider_constant=[y]))(3.0) == 9.0
    assert theano.function([x], theano.grad(x * y, x))(3.0) == 27.0


@row("theano.config")
def _(theano):
    from graphae.compat.theano._core import apply_theano_flags

    before = pytensor.config.floatX
    try:
        assert apply_theano_flags("floatX=float32,mode=FAST_RUN") == {"floatX": "float32"}
        assert theano.config.floatX == "float32" == theano.tensor.matrix().dtype
        with pytest.warns(RuntimeWarning, match="runs Theano code on the CPU"):
            apply_theano_flags("device=cuda0")
        assert theano.config.device == "cuda0"
        theano.config.warn.subtensor_merge_bug = False  # Theano-only: kept without effect
        assert theano.config.warn.subtensor_merge_bug is False
        assert theano.config.gcc.cxxflags == pytensor.config.gcc__cxxflags
    finally:
        pytensor.config.floatX = before
        theano.config.device = "cpu"
    with pytest.raises(ValueError, match="not NAME=VALUE"):
        apply_theano_flags("floatX")


@row("theano.printing.pp")
def _(theano):
    assert "x" in theano.printing.pp(theano.tensor.dscalar("x") * 2)


@row("theano.printing.debugprint")
def _(theano):
    import io

    buffer = io.StringIO()
    theano.printing.debugprint(theano.tensor.dscalar("x") + 1, file=buffer)
    assert "Add" in buffer.getvalue()


@row("theano.printing.pydotprint")
def _(theano):
    with pytest.raises(TheanoFeatureUnsupported, match="debugprint"):
        theano.printing.pydotprint(theano.tensor.dscalar())


@row("theano.tensor")
def _(theano):
    import theano.tensor as T

    X = T.dmatrix("X")
    assert bool(X) and T.dot is pt.dot
    with pytest.raises(AttributeError, match="does not exist in PyTensor"):
        T.no_such_op  # noqa: B018


@row("theano.tensor.grad")
def _(theano):
    x = theano.tensor.dscalar()
    assert theano.tensor.grad(x ** 3, x).eval({x: 2.0}) == 12.0


@row("theano.tensor.nnet.sigmoid")
def _(theano):
    assert theano.tensor.nnet.sigmoid(pt.constant(0.0)).eval() == 0.5


@row("theano.tensor.nnet.softplus")
def _(theano):
    assert theano.tensor.nnet.softplus(pt.constant(0.0)).eval() == pytest.approx(np.log(2))


@row("theano.tensor.nnet.softmax")
def _(theano):
    x = np.random.default_rng(0).normal(size=(3, 4))
    ours = theano.tensor.nnet.softmax(pt.constant(x)).eval()
    np.testing.assert_allclose(ours, rows_softmax(x))
    # the silent wrong answer the layer avoids: PyTensor without axis normalises everything
    assert not np.allclose(pytensor_softmax(pt.constant(x)).eval(), rows_softmax(x))
    assert theano.tensor.nnet.softmax(pt.constant(np.zeros(2))).eval().shape == (1, 2)


@row("theano.tensor.nnet.relu")
def _(theano):
    x = theano.tensor.dscalar()
    relu = theano.tensor.nnet.relu
    assert theano.function([x], theano.grad(relu(x), x))(0.0) == 0.5  # Theano's, not 1.0
    assert relu(pt.constant(np.array([-2.0, 3.0])), 0.1).eval() == pytest.approx([-0.2, 3.0])


@row("theano.tensor.nnet.binary_crossentropy")
def _(theano):
    value = theano.tensor.nnet.binary_crossentropy(pt.constant(0.25), pt.constant(1.0)).eval()
    assert value == pytest.approx(-np.log(0.25))


@row("theano.tensor.nnet.categorical_crossentropy")
def _(theano):
    P = np.array([[0.2, 0.8], [0.6, 0.4]])
    cce = theano.tensor.nnet.categorical_crossentropy
    expected = -np.log([0.8, 0.6])
    np.testing.assert_allclose(cce(pt.constant(P), pt.constant(np.array([1, 0]))).eval(), expected)
    np.testing.assert_allclose(cce(pt.constant(P), pt.constant(np.eye(2)[[1, 0]])).eval(), expected)


@row("theano.tensor.nnet.hard_sigmoid")
def _(theano):
    values = theano.tensor.nnet.hard_sigmoid(pt.constant(np.array([-5.0, 0.0, 1.0, 5.0]))).eval()
    assert values.tolist() == pytest.approx([0.0, 0.5, 0.7, 1.0])


@row("theano.tensor.nnet.ultra_fast_sigmoid")
def _(theano):
    assert theano.tensor.nnet.ultra_fast_sigmoid(pt.constant(0.0)).eval() == 0.5


@row("theano.tensor.nnet.conv2d")
def _(theano):
    from scipy.signal import convolve2d

    T = theano.tensor
    x = T.tensor4("x")
    W = theano.shared(np.arange(8.0).reshape(2, 1, 2, 2))
    images = np.random.default_rng(0).random((3, 1, 5, 4))
    out = theano.function([x], T.nnet.conv2d(x, W, input_shape=(3, 1, 5, 4),
                                             filter_shape=(2, 1, 2, 2)))(images)
    np.testing.assert_allclose(out[2, 1], convolve2d(images[2, 0], W.get_value()[1, 0], "valid"))


@row("theano.tensor.nnet.conv.conv2d")
def _(theano):
    from scipy.signal import convolve2d
    from theano.tensor.nnet import conv

    x = theano.tensor.tensor4("x")
    kernel = np.arange(6.0).reshape(1, 1, 2, 3)
    images = np.random.default_rng(1).random((1, 1, 4, 4))
    out = theano.function([x], conv.conv2d(x, kernel, border_mode="full"))(images)
    np.testing.assert_allclose(out[0, 0], convolve2d(images[0, 0], kernel[0, 0], "full"))


@row("theano.tensor.nnet.bn.batch_normalization")
def _(theano):
    from theano.tensor.nnet import bn

    x = theano.tensor.matrix("x")
    out = theano.function([x], bn.batch_normalization(x, 2.0, 1.0, 3.0, 0.5))(np.array([[4.0]]))
    assert out.tolist() == [[5.0]]


@row("theano.tensor.nnet.bn.batch_normalization_train")
def _(theano):
    from theano.tensor.nnet import bn

    x = theano.tensor.matrix("x")
    values = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0]])
    out, mean, invstd = theano.function([x], bn.batch_normalization_train(
        x, np.ones(2), np.zeros(2), epsilon=1e-5))(values)
    np.testing.assert_allclose(mean, values.mean(0))
    np.testing.assert_allclose(invstd, 1 / np.sqrt(values.var(0) + 1e-5))
    np.testing.assert_allclose(out, (values - values.mean(0)) * invstd)


@row("theano.tensor.nnet.bn.batch_normalization_test")
def _(theano):
    from theano.tensor.nnet import bn

    x = theano.tensor.matrix("x")
    out = theano.function([x], bn.batch_normalization_test(
        x, np.full(1, 2.0), np.zeros(1), np.ones(1), np.full(1, 4.0 - 1e-4)))(np.array([[3.0]]))
    np.testing.assert_allclose(out, [[2.0]])


@row("theano.tensor.signal.pool.pool_2d")
def _(theano):
    from theano.tensor.signal import pool

    x = theano.tensor.tensor4("x")
    images = np.arange(16.0).reshape(1, 1, 4, 4)
    out = theano.function([x], pool.pool_2d(x, ws=(2, 2), ignore_border=True))(images)
    assert out[0, 0].tolist() == [[5.0, 7.0], [13.0, 15.0]]
    with pytest.warns(UserWarning, match="ignore_border=None means False"):
        pool.pool_2d(x, (2, 2))


@row("theano.tensor.signal.downsample.max_pool_2d")
def _(theano):
    from theano.tensor.signal import downsample

    x = theano.tensor.tensor4("x")
    out = theano.function([x], downsample.max_pool_2d(x, (2, 2), ignore_border=False))(
        np.arange(9.0).reshape(1, 1, 3, 3))
    assert out[0, 0].tolist() == [[4.0, 5.0], [7.0, 8.0]]


@row("theano.scalar")
def _(theano):
    import theano.scalar

    assert theano.scalar.upcast("float32", "int16") == "float32"


def _check_streams(theano, streams_class):
    T = theano.tensor
    srng = streams_class(seed=42)
    mask = srng.binomial(size=(4, 5), n=1, p=0.5, dtype=theano.config.floatX)
    normal = srng.normal((20000,), avg=3.0, std=0.5)  # size positional, as in Theano
    uniform = srng.uniform(size=(1000,), low=-1.0, high=0.0)
    draw = theano.function([], [mask, normal, uniform])
    first, second = draw(), draw()
    assert first[0].dtype == np.float64 and set(np.unique(first[0])) <= {0.0, 1.0}
    assert not np.array_equal(first[1], second[1])  # states update automatically
    assert first[1].mean() == pytest.approx(3.0, abs=0.02)  # avg and std are honoured
    assert first[1].std() == pytest.approx(0.5, abs=0.02)
    assert -1.0 <= first[2].min() and first[2].max() < 0.0
    again = streams_class(seed=42)
    repeat = theano.function([], again.binomial(size=(4, 5), n=1, p=0.5,
                                                dtype=theano.config.floatX))
    np.testing.assert_array_equal(repeat(), first[0])  # same seed, same numbers
    seeded_runs = []
    for _ in range(2):  # seed=None follows NumPy's global generator (legacy run --seed)
        np.random.seed(7)
        seeded_runs.append(theano.function([], streams_class(seed=None).uniform((3,)))())
    np.testing.assert_array_equal(*seeded_runs)
    x = T.dmatrix()
    assert theano.function([x], srng.binomial(size=x.shape, p=1.0) * x)(np.ones((2, 2))).sum() == 4
    integers = theano.function([], srng.random_integers((500,), low=3, high=5))()
    assert sorted(set(integers.tolist())) == [3, 4, 5]  # both ends included


@row("theano.tensor.shared_randomstreams.RandomStreams")
def _(theano):
    from theano.tensor.shared_randomstreams import RandomStreams

    _check_streams(theano, RandomStreams)


@row("theano.sandbox.rng_mrg.MRG_RandomStreams")
def _(theano):
    from theano.sandbox.rng_mrg import MRG_RandomStreams

    _check_streams(theano, MRG_RandomStreams)
    assert MRG_RandomStreams()._sequence.entropy == 12345


@row("theano.sandbox.cuda")
def _(theano):
    with pytest.raises(ImportError, match="graphae runs on the CPU"):
        importlib.import_module("theano.sandbox.cuda")


@row("theano.gpuarray")
def _(theano):
    with pytest.raises(ImportError, match="libgpuarray"):
        importlib.import_module("theano.gpuarray")


@row("theano.ifelse.ifelse")
def _(theano):
    from theano.ifelse import ifelse

    x = theano.tensor.dscalar()
    assert theano.function([x], ifelse(x > 0, x, -x))(-3.0) == 3.0


@row("theano.gradient")
def _(theano):
    from theano.gradient import verify_grad

    verify_grad(lambda v: (v ** 2).sum(), [np.array([1.0, 2.0])], rng=np.random.default_rng(0))


@row("SharedVariable.get_value / set_value(borrow=)")
def _(theano):
    value = np.zeros(3)
    W = theano.shared(value, borrow=True)
    W.set_value(np.ones(3), borrow=True)
    assert W.get_value(borrow=True).sum() == 3.0


@row("if not W: (truthiness of variables)")
def _(theano):
    T = theano.tensor

    def layer(W=None, x=None):
        if not W:
            W = theano.shared(np.eye(2))
        if not x:
            x = T.dmatrix("x")
        return W, x

    W, x = layer()
    assert layer(W, x) == (W, x)  # given variables are kept, not replaced


def test_every_row_has_a_check():
    assert set(CHECKS) == {name for name, *_ in THEANO_NAMES}


@pytest.mark.parametrize("name", [name for name, *_ in THEANO_NAMES])
def test_row(theano, name):
    CHECKS[name](theano)


def test_docs_table_is_generated_from_the_code():
    text = (ROOT / "docs" / "theano-compat.md").read_text()
    assert markdown_table() in text


def test_unknown_theano_module_is_named(theano):
    with pytest.raises(ModuleNotFoundError, match="theano.nonexistent"):
        importlib.import_module("theano.nonexistent")


def test_uninstall_forgets_theano():
    import sys

    import graphae.compat

    with graphae.compat.installed():
        assert importlib.import_module("theano").__version__.endswith("+graphae")
    assert "theano" not in sys.modules
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("theano")
