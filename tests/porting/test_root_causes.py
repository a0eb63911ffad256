"""Issue 18: each root cause of a legacy program that failed, with its smallest snippet.

Every snippet runs both ways where both apply: unmodified under ``graphae
legacy run`` (the compatibility layer) and converted by ``graphae port``,
then run as plain Python 3 + PyTensor without the layer. The port report
must never say "could not port: nothing" for a construct it left broken,
which running the converted code checks.
"""

import builtins
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

from graphae.porting import port_source, run_legacy


def _legacy(tmp_path, source, capsys, name="legacy.py"):
    script = tmp_path / name
    script.write_text(textwrap.dedent(source))
    run_legacy(script, out_dir=tmp_path / "figures")
    return capsys.readouterr().out


def _run(how, source, tmp_path, capsys):
    """``(report, printed)``: the snippet under legacy run (report None) or ported."""
    if how == "port":
        report, _, out = _ported(source, capsys)
        return report, out
    return None, _legacy(tmp_path, source, capsys)


def _ported(source, capsys):
    report = port_source(textwrap.dedent(source))
    namespace = {"__name__": "__main__"}
    exec(compile(report.source, "<ported>", "exec"), namespace)
    return report, namespace, capsys.readouterr().out


# 1. `from builtins import input` keeps Python 3's input (no eval around it)
INPUT = """\
    from __future__ import print_function
    from builtins import input
    ans = input("Generate another?")
    print("answer", ans)
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_input_imported_from_builtins_is_not_evaluated(how, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(builtins, "input", lambda prompt="": "n")
    if how == "legacy run":
        out = _legacy(tmp_path, INPUT, capsys)
    else:
        report, _, out = _ported(INPUT, capsys)
        assert "eval(" not in report.source
    assert "answer n" in out


def test_plain_python2_input_is_still_evaluated():
    assert "eval(input(" in port_source("x = input('n? ')\n").source


# 3. theano.tensor.nnet.bn: training statistics, running averages as updates, the test form
BATCH_NORM = """\
    import numpy
    import theano
    import theano.tensor as T
    from theano.tensor.nnet.bn import batch_normalization_train, batch_normalization_test
    x = T.matrix('x')
    gamma = theano.shared(numpy.ones(2))
    beta = theano.shared(numpy.zeros(2))
    running_mean = theano.shared(numpy.zeros(2))
    running_var = theano.shared(numpy.ones(2))
    out, mean, invstd, new_mean, new_var = batch_normalization_train(
        x, gamma, beta, running_mean=running_mean, running_var=running_var)
    train = theano.function([x], out, updates=[(running_mean, new_mean), (running_var, new_var)])
    test = theano.function([x], batch_normalization_test(x, gamma, beta, running_mean, running_var))
    data = numpy.array([[1.0, 10.0], [3.0, 30.0]])
    print numpy.round(train(data), 3).tolist()
    print running_mean.get_value().tolist(), running_var.get_value().tolist()
    print numpy.round(test(data), 3).tolist()
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_batch_normalization_train_and_test(how, tmp_path, capsys):
    report, out = _run(how, BATCH_NORM, tmp_path, capsys)
    assert report is None or ("graphae.ported.batch_normalization_train" in report.source
                              and not report.unported)
    lines = out.splitlines()
    assert lines[0] == "[[-1.0, -1.0], [1.0, 1.0]]"
    # means 2 and 20, unbiased variances 2 and 200, a tenth of the way from 0 and 1
    assert lines[1] == "[0.2, 2.0] [1.1, 20.9]"
    np.testing.assert_allclose(eval(lines[2]), [[0.762, 1.75], [2.669, 6.125]], atol=1e-3)


# 4. `n /= k` feeding range, an index or a slice becomes `//=`
DIVISION = """\
    import numpy
    data = numpy.arange(20)
    batch_size = 5
    n_train_batches = data.shape[0]
    n_train_batches /= batch_size
    half = len(data) / 2
    scale = data.sum() / 70
    for index in xrange(n_train_batches):
        print index, data[index * batch_size: (index + 1) * batch_size].sum()
    print data[:half].sum(), data[data > scale].size
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_integer_division_feeding_range_slices_and_indices(how, tmp_path, capsys):
    out = (_legacy(tmp_path, DIVISION, capsys) if how == "legacy run"
           else _ported(DIVISION, capsys)[2])
    assert out.split("\n")[:5] == ["0 10", "1 35", "2 60", "3 85", "45 17"]


def test_division_in_a_mask_or_a_float_is_left_alone():
    source = port_source(textwrap.dedent(DIVISION)).source
    assert "n_train_batches //= batch_size" in source and "half = len(data) // 2" in source
    assert "scale = data.sum() / 70" in source  # `scale` feeds a comparison, not an index


# 6. pickle.load(open(path)) in text mode, and six.moves.cPickle
@pytest.mark.parametrize("header", ["import cPickle", "import six.moves.cPickle as cPickle",
                                    "from six.moves import cPickle"])
@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_text_mode_pickle_loads_through_the_restricted_unpickler(header, how, tmp_path,
                                                                 capsys):
    import pickle

    path = tmp_path / "arrays.pkl"
    path.write_bytes(pickle.dumps((np.arange(3), np.ones(2)), protocol=2))
    source = f"""\
        {header}
        a, b = cPickle.load(open({str(path)!r}))
        print a.sum() + b.sum()
        """
    report, out = _run(how, source, tmp_path, capsys)
    assert report is None or ("restricted_load(" in report.source)
    assert out.strip() == "5.0"


# 8. computed expressions are true in `if not x:` tests under legacy run
TRUTH = """\
    import theano.tensor as T
    class RBM(object):
        def __init__(self, input=None):
            if not input:
                input = T.matrix('input')
            self.input = input
    x = T.matrix('x')
    rbm = RBM(input=T.nnet.sigmoid(x))
    print rbm.input is not x, rbm.input.ndim
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_computed_expressions_are_true_as_in_theano(how, tmp_path, capsys):
    out = _legacy(tmp_path, TRUTH, capsys) if how == "legacy run" else _ported(TRUTH, capsys)[2]
    assert out.strip() == "True 2"


def test_a_chained_comparison_still_refuses_to_be_a_bool(tmp_path, capsys):
    with pytest.raises(TypeError, match="boolean"):
        _legacy(tmp_path, "import theano.tensor as T\nx = T.scalar()\nif x < 1: pass\n", capsys)


# 9. theano.config.warn.* and theano.scalar
CONFIG = """\
    import theano
    import theano.scalar
    theano.config.warn.subtensor_merge_bug = False
    theano.config.warn.sum_div_dimshuffle_bug = False
    print theano.config.warn.subtensor_merge_bug, theano.scalar.upcast('float32', 'int16')
    """


def test_theano_config_warn_sections_and_theano_scalar(tmp_path, capsys):
    assert _legacy(tmp_path, CONFIG, capsys).strip() == "False float32"


# 10. a comment right above a RandomStreams stream does not hide it
STREAM = """\
    import theano
    from theano.tensor.shared_randomstreams import RandomStreams
    # the noise
    rng = RandomStreams(1)
    x = rng.normal((2, 3))
    f = theano.function([], x)
    print f().shape
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_a_stream_under_a_comment_is_converted(how, tmp_path, capsys):
    report, out = _run(how, STREAM, tmp_path, capsys)
    assert report is None or ("graphae.ported.normal(rng, (2, 3))" in report.source)
    assert out.strip() == "(2, 3)"


# 11. a Python 3 script is read as Python 3
PYTHON3 = """\
    import numpy
    values = numpy.arange(4)
    print("values", values.sum(), sep=": ")
    print("halves", 7 / 2)
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_python3_files_are_not_converted_as_python2(how, tmp_path, capsys):
    report, out = _run(how, PYTHON3, tmp_path, capsys)
    assert report is None or ("read as Python 3" in report.format())
    assert out.splitlines() == ["values: 6", "halves 3.5"]


def test_dialect_detection():
    from graphae.porting._dialect import is_python3

    assert is_python3("def f(x: int) -> int:\n    return x\n")
    assert is_python3("first, *rest = [1, 2]\n")
    assert not is_python3("print 'a'\n")
    assert not is_python3("d = {}\nfor k, v in d.iteritems(): print(k, v)\n")
    assert not is_python3("import cPickle\nprint('a', 1)\n")
    assert not is_python3("print('a')\n")  # ambiguous: Python 2 (identical either way)


# 12. the packages a Theano environment had: six and python-future
SIX = """\
    from __future__ import print_function
    import six.moves.cPickle as pickle
    from six.moves import xrange
    from past.utils import old_div
    from builtins import range
    print(sum(xrange(3)), old_div(7, 2), list(range(2)))
    """


def test_six_and_future_imports_run_under_legacy_run(tmp_path, capsys):
    assert _legacy(tmp_path, SIX, capsys).strip() == "3 3 [0, 1]"


def test_a_missing_theano_era_package_names_the_extra(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "six", None)  # as if not installed
    with pytest.raises(ModuleNotFoundError, match=r'graphae\[legacy\]'):
        _legacy(tmp_path, "import six\n", capsys)


# 13. PyTensor 3.0.7's scan returned one step too few when the step ignores its state
def test_scan_with_an_invariant_step_returns_every_step():
    import pytensor
    import pytensor.tensor as pt

    from graphae.backend import compile_function, scan_with_updates

    outputs, updates = scan_with_updates(lambda p: pt.ones((3,)), outputs_info=[pt.zeros((3,))],
                                         n_steps=3)
    assert compile_function([], outputs)().shape == (3, 3)
    plain = pytensor.function([], pytensor.scan(lambda p: pt.ones((3,)),
                                                outputs_info=[pt.zeros((3,))], n_steps=3,
                                                return_updates=False))
    assert plain().shape == (3, 3)  # the guard is in PyTensor's pipeline, for every mode
    W = pt.matrix("W")
    states, _ = scan_with_updates(lambda p, W: p + W.sum(), outputs_info=[pt.zeros((3,))],
                                  non_sequences=[W], n_steps=3)
    np.testing.assert_array_equal(compile_function([W], states)(np.ones((2, 2)))[:, 0],
                                  [4, 8, 12])


# the convolution and pooling: a LeNet in the deeplearning.net tutorial's style
LENET = Path(__file__).parent / "programs" / "lenet_style.py"
MNIST = Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist.pkl.gz"


def _lenet_lines(out):
    return [line.rsplit(",", 1)[0] for line in out.splitlines() if "error" in line]


def test_a_lenet_trains_under_legacy_run_and_after_port_with_the_same_numbers(tmp_path, capsys):
    if not MNIST.is_file():
        pytest.skip(f"MNIST not found at {MNIST}")
    run_legacy(LENET, [str(MNIST), "500", "2"], out_dir=tmp_path)
    legacy = _lenet_lines(capsys.readouterr().out)
    report = port_source(LENET.read_text())
    assert "graphae.ported.conv2d(" in report.source and not report.unported
    namespace = {"__name__": "lenet"}
    exec(compile(report.source, str(LENET), "exec"), namespace)
    namespace["evaluate_lenet5"](dataset=str(MNIST), n_train=500, n_epochs=2)
    ported = _lenet_lines(capsys.readouterr().out)
    assert legacy == ported and len(legacy) == 3
    errors = [float(re.search(r"([\d.]+) %", line).group(1)) for line in legacy]
    assert errors[0] > 80 and errors[2] < errors[1] < errors[0] - 10  # it learns


# 2. random draws inside theano.scan advance at every step (the RBM's Gibbs chain)
GIBBS = """\
    import numpy
    import theano
    import theano.tensor as T
    from theano.sandbox.rng_mrg import MRG_RandomStreams
    srng = MRG_RandomStreams(1)
    def step(h):
        return srng.binomial(size=h.shape, n=1, p=T.nnet.sigmoid(h), dtype=theano.config.floatX)
    x = T.matrix('x')
    out, upd = theano.scan(step, outputs_info=[x], n_steps=3)
    f = theano.function([x], out, updates=upd)
    # a draw that does not depend on the state: it used to repeat at every step
    noise, noise_updates = theano.scan(lambda: srng.uniform((4,)), n_steps=3)
    g = theano.function([], noise, updates=noise_updates)
    first, second = f(numpy.zeros((50, 8))), f(numpy.zeros((50, 8)))
    print (first[0] != first[1]).any(), (first[1] != first[2]).any(), (first != second).any()
    a, b = g(), g()
    print len(set(a.ravel().tolist())), (a != b).any()
    """


@pytest.mark.parametrize("how", ["legacy run", "port"])
def test_random_draws_inside_scan_advance_at_every_step(how, tmp_path, capsys):
    report, out = _run(how, GIBBS, tmp_path, capsys)
    assert report is None or ("graphae.ported.scan(" in report.source and not report.unported)
    assert out.splitlines() == ["True True True", "12 True"]


# 7. a legacy program pickles its model and loads it again later (the tutorials' predict())
SAVE_AND_PREDICT = """\
    import sys
    import cPickle
    import numpy
    import theano
    import theano.tensor as T

    class LogisticRegression(object):
        def __init__(self, input, n_in, n_out):
            self.W = theano.shared(numpy.zeros((n_in, n_out)), name='W', borrow=True)
            self.b = theano.shared(numpy.zeros((n_out,)), name='b', borrow=True)
            self.p_y_given_x = T.nnet.softmax(T.dot(input, self.W) + self.b)
            self.y_pred = T.argmax(self.p_y_given_x, axis=1)
            self.params = [self.W, self.b]
            self.input = input

    data = numpy.array([[0., 1.], [1., 0.], [0., 2.], [2., 0.]])
    if sys.argv[1] == 'train':
        x, y = T.matrix('x'), T.ivector('y')
        classifier = LogisticRegression(input=x, n_in=2, n_out=2)
        cost = -T.mean(T.log(classifier.p_y_given_x)[T.arange(y.shape[0]), y])
        updates = [(p, p - 0.5 * T.grad(cost, p)) for p in classifier.params]
        train = theano.function([x, y], cost, updates=updates)
        for i in xrange(20):
            train(data, numpy.array([0, 1, 0, 1], dtype='int32'))
        with open(sys.argv[2], 'wb') as f:
            cPickle.dump(classifier, f)
    else:
        classifier = cPickle.load(open(sys.argv[2]))
        predict_model = theano.function(inputs=[classifier.input], outputs=classifier.y_pred)
        print 'predicted', predict_model(data)
    """


def test_a_pickled_model_loads_again_in_a_later_process(tmp_path, capsys, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("GRAPHAE_PICKLE_KEY", str(tmp_path / "key"))  # the later process's too
    script = tmp_path / "logistic.py"
    script.write_text(textwrap.dedent(SAVE_AND_PREDICT))
    model = tmp_path / "best_model.pkl"
    run_legacy(script, ["train", str(model)], out_dir=tmp_path)
    assert model.read_bytes().startswith(b"graphae-signed-pickle-1\n")
    later = subprocess.run([sys.executable, "-m", "graphae", "legacy", "run", str(script),
                            "predict", str(model)], capture_output=True, text=True, timeout=300)
    assert later.returncode == 0, later.stderr
    assert later.stdout.strip() == "predicted [0 1 0 1]"
    tampered = bytearray(model.read_bytes())
    tampered[-5] ^= 1
    model.write_bytes(bytes(tampered))
    again = subprocess.run([sys.executable, "-m", "graphae", "legacy", "run", str(script),
                            "predict", str(model)], capture_output=True, text=True, timeout=300)
    assert again.returncode != 0 and "signature does not match" in again.stderr


def test_only_graphae_signed_pickles_load_in_full(tmp_path, monkeypatch):
    import io
    import os
    import pickle
    import subprocess

    from graphae.datasets import UnsafePickleError
    from graphae.ported import dump, dumps, restricted_load, restricted_loads

    monkeypatch.setenv("GRAPHAE_PICKLE_KEY", str(tmp_path / "key"))
    for hostile in (os.system, subprocess.Popen, np.memmap, pickle.loads):
        with pytest.raises(UnsafePickleError, match="refusing"):
            restricted_loads(pickle.dumps(hostile))
    signed = dumps({"ok": 1})
    monkeypatch.setenv("GRAPHAE_PICKLE_KEY", str(tmp_path / "someone else's key"))
    with pytest.raises(UnsafePickleError, match="signature does not match"):
        restricted_loads(signed)
    stream = io.BytesIO()  # pickles written one after another are read one per call
    dump([1], stream)
    stream.write(pickle.dumps((np.arange(2),)))
    dump({"b": 2}, stream)
    stream.seek(0)
    assert restricted_load(stream) == [1]
    assert restricted_load(stream)[0].tolist() == [0, 1]
    assert restricted_load(stream) == {"b": 2}
    assert oct((tmp_path / "someone else's key").stat().st_mode & 0o777) == "0o600"


# 5. Python 2 modules reached through sys.path, and implicit relative imports in a package
def _program_with_a_sibling_package(root):
    package = root / "helpers"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helper.py").write_text("def twice(x):\n    print 'twice', x\n    return 2 * x\n")
    (package / "mod.py").write_text("from helper import twice\n"
                                    "def f(x):\n    return twice(x) + len(range(3))\n")
    scripts = root / "scripts"
    scripts.mkdir()
    script = scripts / "main.py"
    script.write_text("import os, sys\n"
                      "sys.path.append(os.path.abspath(os.path.join(os.path.dirname(__file__), "
                      "'..')))\n"
                      "from helpers.mod import f\n"
                      "print 'result', f(5)\n")
    return script, package


def test_python2_modules_on_a_path_the_script_adds_are_converted(tmp_path, capsys):
    script, _ = _program_with_a_sibling_package(tmp_path)
    run_legacy(script, out_dir=tmp_path / "figures")
    assert capsys.readouterr().out.splitlines() == ["twice 5", "result 13"]


def test_port_makes_implicit_relative_imports_explicit_inside_a_package(tmp_path):
    from graphae.porting import port_file

    _, package = _program_with_a_sibling_package(tmp_path)
    report = port_file(package / "mod.py")
    assert "from .helper import twice" in report.source
    assert "from helper import twice" in port_source("from helper import twice\n").source


# the report never says "could not port: nothing" for a name it left broken
def test_names_with_no_modern_counterpart_are_reported():
    report = port_source(textwrap.dedent("""\
        import theano.tensor as T
        from theano.tensor.nnet import neighbours
        patches = neighbours.images2neibs(x, (2, 2))
        up = T.nnet.abstract_conv.bilinear_upsampling(x, 2)
        fine = T.nnet.sigmoid(x)
        """))
    assert "could not port: nothing" not in report.format()
    reasons = {change.line: change.detail for change in report.unported}
    assert set(reasons) == {2, 4} and "does not exist" in reasons[4]
    assert "fine = T.sigmoid(x)" in report.source


def test_a_python2_file_with_print_function_is_still_converted():
    from graphae.porting._dialect import is_python3

    source = ("from __future__ import print_function\nn = 7 / 2\nprint('batches', n)\n"
              "for i in range(n): pass\n")
    assert not is_python3(source)
    assert "n = 7 // 2" in port_source(source).source


def test_integer_division_respects_scopes_and_float_operands():
    source = port_source(textwrap.dedent("""\
        for t in range(n):
            y = x[t]
        t = 1.0 / n
        def pick(a, k):
            return a[k]
        k = 7 / 2
        def f(data, batch):
            nb = data.shape[0]
            nb /= batch
            for i in xrange(nb): pass
        nb = a / b
        """)).source
    assert "t = 1.0 / n" in source  # a float operand: true division
    assert "k = 7 / 2" in source  # the k that indexes is pick's parameter, not this one
    assert "nb //= batch" in source and "nb = a / b" in source  # f's nb, not the module's
