"""Each converter rule on a small snippet: the output text, the report, and
(where it matters) that the result runs without the compatibility layer."""

import sys
import textwrap

import numpy as np
import pytest

from graphae.porting import ParseError, port_file, port_source


def port(source, **kwargs):
    return port_source(textwrap.dedent(source), **kwargs)


def run(code, **names):
    assert "theano" not in sys.modules
    namespace = dict(names)
    exec(compile(code, "<ported>", "exec"), namespace)
    return namespace


PYTHON2_RULES = [
    ("print 'a', 1\n", "print('a', 1)\n", "print statements"),
    ("import sys\nprint >> sys.stderr, 'x'\n", "print('x', file=sys.stderr)", "print statements"),
    ("for i in xrange(3): pass\n", "for i in range(3): pass\n", "xrange"),
    ("import cPickle\n", "import pickle\n", "renamed modules (cPickle, urllib...)"),
    ("x = raw_input()\n", "x = input()\n", "raw_input"),
    ("for k, v in d.iteritems(): pass\n", "for k, v in d.items(): pass\n",
     "dict.iteritems/keys/values"),
    ("if d.has_key(1): pass\n", "if 1 in d: pass\n", "dict.has_key"),
    ("try:\n    pass\nexcept ValueError, e:\n    pass\n", "except ValueError as e:",
     "except X, e"),
]


@pytest.mark.parametrize("old, new, category", PYTHON2_RULES)
def test_python2_rules(old, new, category):
    report = port(old)
    assert new in report.source
    assert category in report.categories()


def test_integer_division_feeding_range():
    report = port("""\
        N, batch_sz = 10, 3
        n_batches = N / batch_sz
        ratio = N / batch_sz
        for j in xrange(n_batches): pass
        for k in range(N / 2): pass
        """)
    assert "n_batches = N // batch_sz" in report.source
    assert "ratio = N / batch_sz" in report.source  # a true division stays
    assert "range(N // 2)" in report.source
    assert report.categories()["integer division (/ -> //)"] == [2, 5]
    assert run(report.source)["n_batches"] == 3


def test_time_clock():
    report = port("import time\nt = time.clock()\n")
    assert "t = time.perf_counter()" in report.source
    assert report.categories()["time.clock -> time.perf_counter"] == [2]
    run(report.source)


def test_as_matrix():
    report = port("X = frame.as_matrix()\n")
    assert report.source == "X = frame.values\n"


def test_typographic_quotes_and_dashes():
    report = port("x = \u201chello\u201d  # \u2018comment\u2019 stays\ny = 1 \u2013 x.count(\u2018l\u2019)\n")
    assert report.source == ('x = "hello"  # \u2018comment\u2019 stays\n'
                             "y = 1 - x.count('l')\n")
    assert report.categories()["typographic quotes and dashes"] == [1, 2]
    assert run(report.source)["y"] == -1


def test_pickle_load_goes_through_the_restricted_unpickler(tmp_path):
    import pickle

    path = tmp_path / "data.pkl"
    path.write_bytes(pickle.dumps((np.arange(3), np.ones(2)), protocol=2))
    report = port(f"""\
        import cPickle
        f = open({str(path)!r}, 'rb')
        a, b = cPickle.load(f)
        """)
    assert "graphae.ported.restricted_load(f)" in report.source
    assert "import graphae.ported" in report.source
    assert run(report.source)["a"].tolist() == [0, 1, 2]


THEANO_PROGRAM = """\
    import numpy
    import theano
    import theano.tensor as T
    from theano.tensor.shared_randomstreams import RandomStreams


    class Layer(object):
        def __init__(self, rng, n_in, n_out, theano_rng=None, W=None):
            if not theano_rng:
                theano_rng = RandomStreams(rng.randint(2 ** 30))
            if not W:
                W = theano.shared(numpy.zeros((n_in, n_out), dtype=theano.config.floatX))
            self.W = W
            self.theano_rng = theano_rng

        def output(self, x, level):
            noisy = self.theano_rng.binomial(size=x.shape, n=1, p=1 - level,
                                             dtype=theano.config.floatX) * x
            return T.nnet.softmax(T.dot(noisy, self.W) + 1)


    x = T.matrix('x')
    lr = T.scalar('lr')
    layer = Layer(numpy.random.RandomState(0), 3, 2)
    out = layer.output(x, 0.0)
    cost = -T.mean(T.log(out[T.arange(x.shape[0]), 0]))
    g = T.grad(cost, layer.W)
    f = theano.function([x, theano.Param(lr, default=0.1)], [out, T.nnet.relu(x).sum()],
                        updates=[(layer.W, layer.W - lr * g)])
    result = f(numpy.ones((4, 3)))
"""


def test_theano_program_converted_and_runs_without_compat():
    report = port(THEANO_PROGRAM)
    code = report.source
    for expected in ("import pytensor\n", "import pytensor.tensor as T\n",
                     "import graphae.ported\n", "if theano_rng is None:", "if W is None:",
                     "graphae.ported.shared_generator(rng.randint(2 ** 30))",
                     "graphae.ported.binomial(self.theano_rng, size=x.shape",
                     "pytensor.shared(", "dtype=pytensor.config.floatX",
                     "graphae.ported.softmax(T.dot(noisy, self.W) + 1)",
                     "graphae.ported.function([x, graphae.ported.Input(lr, value=0.1)]",
                     "graphae.ported.relu(x)"):
        assert expected in code, expected
    assert "theano" not in code.replace("theano_rng", "")
    assert "RandomStreams" not in code
    categories = report.categories()
    assert categories["truthiness test -> is None"] == [9, 11]
    assert categories["RandomStreams draws -> explicit generator"] == [17]
    assert categories["Theano imports"] == [2, 3, 4]
    probabilities, relu_sum = run(code)["result"]
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)  # row-wise softmax
    assert relu_sum == 12.0


def test_unsupported_theano_names_are_reported_not_changed():
    report = port("""\
        import theano
        from theano.sandbox import cuda
        theano.printing.pydotprint(y, outfile="graph.png")
        """)
    assert "theano.printing.pydotprint(y" in report.source
    reasons = {change.line: change.detail for change in report.unported}
    assert "debugprint" in reasons[3] and "CUDA backend" in reasons[2]
    assert "could not port:\n  line 2:" in report.format()


def test_convolution_pooling_and_batch_norm_are_ported():
    report = port("""\
        import theano.tensor as T
        from theano.tensor.signal import pool
        from theano.tensor.nnet import bn
        y = pool.pool_2d(T.nnet.conv2d(a, b), ws=(2, 2), ignore_border=True)
        z = bn.batch_normalization_train(y, g, b)
        """)
    assert ("y = graphae.ported.pool_2d(graphae.ported.conv2d(a, b), ws=(2, 2), "
            "ignore_border=True)") in report.source
    assert "z = graphae.ported.batch_normalization_train(y, g, b)" in report.source
    assert not report.unported


def test_unknown_stream_methods_are_reported():
    report = port("""\
        from theano.tensor.shared_randomstreams import RandomStreams
        srng = RandomStreams(1)
        p = srng.permutation(n=5)
        """)
    assert "permutation" in report.unported[0].detail


def test_python2_only_keeps_theano():
    report = port("import theano\nprint theano.config.floatX\n", theano=False)
    assert report.source == "import theano\nprint(theano.config.floatX)\n"


def test_parse_error_names_the_file():
    with pytest.raises(ParseError, match="broken.py: cannot parse"):
        port_source("def f(:\n", name="broken.py")


def test_port_file_writes_atomically_and_diffs(tmp_path):
    old = tmp_path / "old.py"
    old.write_text("print 'hi'\n")
    report = port_file(old, tmp_path / "new.py")
    assert (tmp_path / "new.py").read_text() == "print('hi')\n"
    assert "-print 'hi'\n+print('hi')" in report.diff
    with pytest.raises(FileNotFoundError, match="no such file"):
        port_file(tmp_path / "missing.py")
