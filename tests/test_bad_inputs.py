"""Issue 17: bad input anywhere gets a documented exception whose message names what is wrong.

Each row is one bad input: what is called, the exception type it must raise,
and a pattern its message must contain (the argument, the file, the split).
The command-line rows also check that the answer is one line and exit code
2, never a traceback.
"""

import gzip
import json
import math
import os
import pickle
import re
import subprocess
import sys
import tempfile

import numpy as np
import pytest

import graphae
from graphae.callbacks import EarlyStopping
from graphae.datasets import UnsafePickleError, read_mnist_file
from graphae.errors import DataFileError, ModelFileError
from graphae.persistence import ModelCheckpoint, load_model, save_model
from graphae.training.history import History

RNG = np.random.default_rng(0)
X = RNG.random((60, 8))
Y = RNG.integers(0, 3, 60)
FAST = {"epochs": 1, "batch_size": 20, "verbose": 0, "random_state": 0}


def _ann(**options):
    return graphae.ANN([4], **{**FAST, **options})


@pytest.fixture(scope="module")
def fitted():
    return _ann().fit(X, Y)


# -- the estimators' and callbacks' arguments ------------------------------------------------
API_CASES = {
    "verbose a word": (lambda m: _ann(verbose="loud").fit(X, Y), ValueError, "verbose"),
    "verbose negative": (lambda m: _ann(verbose=-3).fit(X, Y), ValueError, "verbose"),
    "verbose a fraction": (lambda m: _ann(verbose=2.5).fit(X, Y), ValueError, "verbose"),
    "shuffle a word": (lambda m: _ann(shuffle="no").fit(X, Y), ValueError, "shuffle"),
    "warm_start a word": (lambda m: _ann(warm_start="yes").fit(X, Y), ValueError, "warm_start"),
    "n_classes 0": (lambda m: _ann(n_classes=0).fit(X, Y), ValueError, "n_classes"),
    "n_classes 1": (lambda m: _ann(n_classes=1).fit(X, Y), ValueError, "n_classes"),
    "n_classes 2.5": (lambda m: _ann(n_classes=2.5).fit(X, Y), ValueError, "n_classes"),
    "n_classes a string": (lambda m: _ann(n_classes="3").fit(X, Y), ValueError, "n_classes"),
    "learning rate negative": (lambda m: _ann(learning_rate=-1).fit(X, Y), ValueError,
                               "learning_rate"),
    "epochs 0": (lambda m: _ann(epochs=0).fit(X, Y), ValueError, "epochs"),
    "batch size 0": (lambda m: _ann(batch_size=0).fit(X, Y), ValueError, "batch_size"),
    "momentum above 1": (lambda m: _ann(momentum=1.5).fit(X, Y), ValueError, "momentum"),
    "X with NaN": (lambda m: _ann().fit(np.where(X > 0.99, np.nan, X), Y), ValueError, "NaN"),
    "labels 2-D": (lambda m: _ann().fit(X, np.stack([Y, Y], 1)), ValueError, "1-D"),
    "labels negative": (lambda m: _ann().fit(X, Y - 5), ValueError, "negative"),
    "labels fractional": (lambda m: _ann().fit(X, Y + 0.5), ValueError, "integer"),
    "a label of a million": (lambda m: _ann().fit(X, np.where(Y == 0, 10 ** 6, Y)),
                             ValueError, "1,000,001-class output layer"),
    "partial_fit with a label of a million": (
        lambda m: _ann().partial_fit(X, np.where(Y == 0, 10 ** 6, Y)), ValueError,
        "1,000,001-class"),
    "labels one short": (lambda m: _ann().fit(X, Y[:-1]), ValueError, "59 labels"),
    "validation label outside the classes": (
        lambda m: _ann().fit(X, Y, validation_data=(X, np.full(60, 7))), ValueError,
        "validation y has label 7"),
    "validation of another width": (
        lambda m: _ann().fit(X, Y, validation_data=(X[:, :5], Y)), ValueError, "validation X"),
    "validation not a pair": (lambda m: _ann().fit(X, Y, validation_data=X), ValueError,
                              "validation_data"),
    "partial_fit on another width": (lambda m: m.partial_fit(X[:, :5], Y), ValueError,
                                     "n_features_in_ 8 -> 5"),
    "warm start with a new class": (
        lambda m: m.set_params(warm_start=True).fit(X, np.where(Y == 0, 5, Y)), ValueError,
        "n_classes_ 3 -> 6"),
    "set_weights with NaN": (
        lambda m: m.set_weights([np.full_like(w, np.nan) for w in m.get_weights()]),
        ValueError, "must be finite"),
    "set_weights with inf": (
        lambda m: m.set_weights([w + np.inf for w in m.get_weights()]), ValueError,
        "infinite"),
    "set_weights one short": (lambda m: m.set_weights(m.get_weights()[:-1]), ValueError,
                              "expected 4 arrays"),
    "set_weights wrong shape": (
        lambda m: m.set_weights([w.T for w in m.get_weights()]), ValueError, "shape"),
    "callbacks not a list": (lambda m: _ann().fit(X, Y, callbacks="x"), TypeError, "callbacks"),
    "callbacks holding a number": (lambda m: _ann().fit(X, Y, callbacks=[1]), TypeError,
                                   "not a graphae.callbacks.Callback"),
    "EarlyStopping patience -1": (lambda m: EarlyStopping(patience=-1), ValueError, "patience"),
    "EarlyStopping patience 1.5": (lambda m: EarlyStopping(patience=1.5), ValueError,
                                   "patience"),
    "EarlyStopping monitor a number": (lambda m: EarlyStopping(monitor=3), ValueError,
                                       "monitor"),
    "EarlyStopping min_delta NaN": (lambda m: EarlyStopping(min_delta=math.nan), ValueError,
                                    "min_delta"),
    "History of a string": (lambda m: History.from_dict("garbage"), ValueError,
                            "History.from_dict"),
    "History of a number table": (lambda m: History.from_dict({"epoch": 5}), ValueError,
                                  "'epoch' table"),
    "History with unknown tables": (lambda m: History.from_dict({"bogus": {}}), ValueError,
                                    "bogus"),
    "History with ragged columns": (
        lambda m: History.from_dict({"epoch": {"epoch": [0, 1], "cost": [1.0]}}), ValueError,
        "differ in length"),
    "checkpoint pattern format code": (lambda m: ModelCheckpoint("ck-{epoch:q}.npz"),
                                       ValueError, "not a valid pattern"),
    "checkpoint pattern positional": (lambda m: ModelCheckpoint("ck-{0}.npz"), ValueError,
                                      "not a valid pattern"),
    "checkpoint into a missing folder": (lambda m: ModelCheckpoint("/no/such/dir/ck.npz"),
                                         ValueError, "does not exist"),
    "save a diverged model": (lambda m: save_model(_nan_model(m), "/tmp/never.npz"),
                              ValueError, "refusing to save"),
    "resume from a missing file": (lambda m: _ann().fit(X, Y, resume="/no/such/ck.npz"),
                                   FileNotFoundError, "/no/such/ck.npz"),
    "resume with another width": (
        lambda m: graphae.ANN([5], **FAST).fit(X, Y, resume=_saved(m)), ModelFileError,
        r"ck.npz: cannot resume this ANN from it: hidden_layer_sizes \[4\]"),
    "resume with another class": (
        lambda m: graphae.DeepAutoEncoder([4], **FAST).fit(X, resume=_saved(m)),
        ModelFileError, "ck.npz: holds a model of class ANN"),
    "resume on data of another width": (
        lambda m: _ann().fit(X[:, :5], Y, resume=_saved(m)), ModelFileError,
        "n_features_in_ 8 \\(file\\) vs 5 \\(data\\)"),
}


def _saved(model):
    return save_model(model, tempfile.mkdtemp() + "/ck.npz")


def _nan_model(model):
    broken = _ann().fit(X, Y)
    broken.params_[0].set_value(np.full_like(broken.params_[0].get_value(), np.nan))
    return broken


@pytest.mark.parametrize("case", list(API_CASES))
def test_bad_arguments_raise_a_clear_error(case, fitted):
    call, kind, pattern = API_CASES[case]
    model = _ann().fit(X, Y) if "partial_fit" in case or "warm start" in case else fitted
    with pytest.raises(kind, match=pattern):
        call(model)
    assert all(np.isfinite(w).all() for w in fitted.get_weights())  # nothing corrupted


def test_a_refused_checkpoint_pattern_field_names_the_records(tmp_path):
    checkpoint = ModelCheckpoint(tmp_path / "ck-{bogus}.npz")
    with pytest.raises(ValueError, match=r"names 'bogus', which is not among"):
        _ann().fit(X, Y, callbacks=[checkpoint])


# -- data files -------------------------------------------------------------------------
def _digits(n=14, width=784):
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, (n, width), dtype=np.uint8), rng.integers(0, 10, n)


def _npz(path, **changes):
    images, labels = _digits()
    arrays = {"x_train": images, "y_train": labels, **changes}
    np.savez(path, **{k: v for k, v in arrays.items() if v is not None})
    return path


def _pickle(path, X_part, y_part, truncate=False):
    data = pickle.dumps(((X_part, y_part),) * 3, protocol=2)
    with gzip.open(path, "wb") as stream:
        stream.write(data[: len(data) // 2] if truncate else data)
    return path


def _csv(path, rows, nan=False):
    images, labels = _digits(rows)
    lines = ["label," + ",".join(f"pixel{i}" for i in range(784))]
    for label, image in zip(labels, images):
        cells = [str(v) for v in image]
        if nan:
            cells[0] = "nan"
        lines.append(f"{label}," + ",".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo owned",))


DATA_CASES = {
    "NaN pixels (npz)": (lambda d: _npz(d / "a.npz", x_train=_nan_float()), "NaN"),
    "NaN pixels (pickle)": (lambda d: _pickle(d / "a.pkl.gz", _nan_float(), np.arange(14) % 10),
                            "NaN"),
    "NaN pixels (CSV)": (lambda d: _csv(d / "a.csv", 14, nan=True), "NaN"),
    "label -5": (lambda d: _npz(d / "a.npz", y_train=np.full(14, -5)), "train split: labels"),
    "label 42": (lambda d: _npz(d / "a.npz", y_train=np.full(14, 42)), "labels must be 0..9"),
    "label 10**6": (lambda d: _npz(d / "a.npz", y_train=np.full(14, 10 ** 6)), "0..9"),
    "float labels": (lambda d: _npz(d / "a.npz", y_train=np.arange(14) % 10 + 0.5),
                     "whole numbers"),
    "2-D labels": (lambda d: _npz(d / "a.npz", y_train=np.zeros((14, 2), int)),
                   "labels must be one per image"),
    "1-D x_train": (lambda d: _npz(d / "a.npz", x_train=np.zeros(14, np.uint8)),
                    "784 pixels"),
    "width 10": (lambda d: _npz(d / "a.npz", x_train=np.zeros((14, 10), np.uint8)),
                 "784 pixels"),
    "CSV of 2 rows": (lambda d: _csv(d / "a.csv", 2), "valid split: it holds no images"),
    "x_valid without y_valid": (
        lambda d: _npz(d / "a.npz", x_test=_digits()[0], y_test=_digits()[1],
                       x_valid=_digits()[0]), "x_valid but no y_valid"),
    "more labels than images": (lambda d: _npz(d / "a.npz", y_train=np.zeros(15, int)),
                                "14 train images but 15 labels"),
    "truncated gzip pickle": (
        lambda d: _pickle(d / "a.pkl.gz", *(_digits()[0] / 256.0, _digits()[1]),
                          truncate=True), "a.pkl.gz"),
    "pickle of strings": (lambda d: _pickle(d / "a.pkl.gz", np.array([["x"] * 784] * 2),
                                            np.zeros(2, int)), "pixels must be numbers"),
    "object-dtype npz": (lambda d: _npz(d / "a.npz", x_train=np.array([{"a": 1}], object)),
                         "allow_pickle"),
    "not MNIST at all": (lambda d: _write(d / "a.bin", b"\x00\x01junk"), "not a recognised"),
    "empty file": (lambda d: _write(d / "a.npz", b""), "not a recognised"),
}


def _nan_float():
    images = _digits()[0] / 255.0
    images[3, 5] = np.nan
    return images


def _write(path, data):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_a_bad_data_file_is_refused_naming_the_file(case, tmp_path):
    make, pattern = DATA_CASES[case]
    path = make(tmp_path)
    with pytest.raises(DataFileError, match=pattern) as raised:
        read_mnist_file(path)
    assert str(path) in str(raised.value) and raised.value.path == str(path)


def test_a_malicious_pickle_is_refused_without_running_it(tmp_path):
    path = tmp_path / "evil.pkl.gz"
    with gzip.open(path, "wb") as stream:
        pickle.dump(_Evil(), stream, protocol=2)
    with pytest.raises(UnsafePickleError, match="refusing") as raised:
        read_mnist_file(path)
    assert isinstance(raised.value, ValueError) and str(path) in str(raised.value)


def test_a_missing_data_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no MNIST data"):
        read_mnist_file(tmp_path / "nothing.npz")


# -- model files ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def model_file(tmp_path_factory, fitted):
    return save_model(fitted, tmp_path_factory.mktemp("models") / "good.npz")


def _rewrite(source, target, metadata=None, arrays=None):
    with np.load(source, allow_pickle=False) as archive:
        content = {name: archive[name] for name in archive.files}
    document = json.loads(str(content.pop("metadata")))
    if metadata:
        document = metadata(document)
    if arrays:
        arrays(content)
    np.savez(target, metadata=np.asarray(json.dumps(document)), **content)
    return target


def _set(key, value):
    def change(document):
        document[key] = value
        return document
    return change


def _without(key):
    def change(document):
        document.pop(key)
        return document
    return change


def _flip_middle(source, target):
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


MODEL_CASES = {
    "empty file": (lambda s, t: _write(t, b""), "not a graphae model file"),
    "a flipped byte": (_flip_middle, "damaged|not a graphae model file|metadata"),
    "truncated": (lambda s, t: _write(t, s.read_bytes()[:200]), "not a graphae model file"),
    "metadata not JSON": (
        lambda s, t: _raw_metadata(s, t, "{not json"), "metadata is not readable JSON"),
    "metadata a list": (lambda s, t: _raw_metadata(s, t, "[1, 2]"), "JSON object"),
    "class changed": (lambda s, t: _rewrite(s, t, _set("class", "DeepAutoEncoder")),
                      "DeepAutoEncoder"),
    "unknown class": (lambda s, t: _rewrite(s, t, _set("class", "Nope")),
                      "unknown model class"),
    "extra key": (lambda s, t: _rewrite(s, t, _set("bogus", 1)), "unknown \\['bogus'\\]"),
    "missing architecture": (lambda s, t: _rewrite(s, t, _without("architecture")),
                             "missing \\['architecture'\\]"),
    "missing params": (lambda s, t: _rewrite(s, t, _without("params")), "missing"),
    "unknown hyper-parameter": (
        lambda s, t: _rewrite(s, t, lambda d: {**d, "params": {**d["params"], "bogus": 1}}),
        "no hyper-parameter"),
    "n_params too many": (lambda s, t: _rewrite(s, t, lambda d: {**d, "n_params": 6}),
                          "n_params"),
    "n_params a string": (lambda s, t: _rewrite(s, t, _set("n_params", "4")),
                          "'n_params' must be int"),
    "velocity missing": (lambda s, t: _rewrite(s, t, arrays=lambda a: a.pop("velocity_1")),
                         "optimiser-state|velocity"),
    "learning rate an array": (
        lambda s, t: _rewrite(s, t, arrays=lambda a: a.update(learning_rate=np.ones(3))),
        "learning_rate"),
    "history a string": (lambda s, t: _rewrite(s, t, _set("history", "garbage")),
                         "'history' must be dict"),
    "history garbage table": (lambda s, t: _rewrite(s, t, _set("history", {"epoch": 5})),
                              "History.from_dict"),
    "architecture key predict": (
        lambda s, t: _rewrite(s, t, lambda d: {**d, "architecture": {
            **d["architecture"], "predict": 1}}), "architecture is"),
    "architecture of 29 TiB": (
        lambda s, t: _rewrite(s, t, lambda d: {**d, "architecture": {
            "n_features_in_": 2 ** 22, "n_classes_": 2 ** 20}}), "needs more weights"),
    "architecture a string": (
        lambda s, t: _rewrite(s, t, lambda d: {**d, "architecture": {
            "n_features_in_": "8", "n_classes_": 3}}), "n_features_in_"),
    "NaN weights": (lambda s, t: _rewrite(s, t, arrays=lambda a: a.update(
        param_0=np.full_like(a["param_0"], np.nan))), "finite"),
    "weights of another shape": (lambda s, t: _rewrite(s, t, arrays=lambda a: a.update(
        param_0=a["param_0"].T.copy())), "shape"),
    "generator of an unknown kind": (
        lambda s, t: _rewrite(s, t, _set("generators", {"shuffle": {"bit_generator": "os"}})),
        "generator state must name one of"),
    "generator state garbage": (
        lambda s, t: _rewrite(s, t, _set("generators", {"shuffle": {
            "bit_generator": "PCG64", "state": "x"}})), "does not rebuild"),
    "unknown generator": (lambda s, t: _rewrite(s, t, _set("generators", {"dice": {}})),
                          "unknown generators"),
    "weights of strings": (lambda s, t: _rewrite(s, t, arrays=lambda a: a.update(
        param_0=np.full(a["param_0"].shape, "x"))), "finite floats"),
}


def _raw_metadata(source, target, text):
    with np.load(source, allow_pickle=False) as archive:
        content = {name: archive[name] for name in archive.files if name != "metadata"}
    np.savez(target, metadata=np.asarray(text), **content)
    return target


@pytest.mark.parametrize("case", list(MODEL_CASES))
def test_a_bad_model_file_is_refused_naming_the_file(case, model_file, tmp_path):
    make, pattern = MODEL_CASES[case]
    path = make(model_file, tmp_path / "bad.npz")
    with pytest.raises(ModelFileError, match=pattern) as raised:
        load_model(path)
    assert str(path) in str(raised.value)


def test_a_missing_model_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved model"):
        load_model(tmp_path / "nothing.npz")


def test_the_good_model_file_still_loads(model_file, fitted):
    np.testing.assert_array_equal(load_model(model_file).predict(X), fitted.predict(X))


# -- the command line: one line, exit code 2, never a traceback --------------------------
def _cli(*argv, cwd=None):
    done = subprocess.run([sys.executable, "-m", "graphae", *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    return done.returncode, done.stderr


@pytest.fixture(scope="module")
def cli_files(tmp_path_factory, model_file):
    folder = tmp_path_factory.mktemp("cli")
    images, labels = _digits(70)
    good = folder / "good.npz"
    np.savez(good, x_train=images, y_train=labels)
    evil = folder / "evil.pkl.gz"
    with gzip.open(evil, "wb") as stream:
        pickle.dump(_Evil(), stream, protocol=2)
    (folder / "old.py").write_text("print 'hello'\n")
    (folder / "file").write_text("not a folder")
    return {"good": good, "evil": evil, "nan": _npz(folder / "nan.npz", x_train=_nan_float()),
            "empty": _write(folder / "empty.npz", b""),
            "flipped": _flip_middle(model_file, folder / "flipped.npz"),
            "notobject": _raw_metadata(model_file, folder / "list.npz", "[1]"),
            "old": folder / "old.py", "file": folder / "file", "folder": folder,
            "model": model_file}


CLI_CASES = {
    "train on a malicious pickle": (lambda f: ["train", "ANN", "--data", f["evil"], "--save",
                                               f["folder"] / "m.npz"], "refusing"),
    "train on NaN pixels": (lambda f: ["train", "ANN", "--data", f["nan"], "--save",
                                       f["folder"] / "m.npz"], "NaN"),
    "train saving into a missing folder": (
        lambda f: ["train", "ANN", "--data", f["good"], "--save", "/no/such/dir/m.npz"],
        "--save: folder /no/such/dir does not exist"),
    "train saving under a file": (
        lambda f: ["train", "ANN", "--data", f["good"], "--save", f["file"] / "m.npz"],
        "--save: .* is not a folder"),
    "train with --history under a file": (
        lambda f: ["train", "ANN", "--data", f["good"], "--save", f["folder"] / "m.npz",
                   "--history", f["file"] / "h.csv"], "--history"),
    "train diverging": (lambda f: ["train", "ANN", "--data", f["good"], "--save",
                                   f["folder"] / "nan-model.npz", "--hidden-layer-sizes", "4",
                                   "--epochs", "3", "--batch-size", "10", "--learning-rate", "1e307",
                                   "--verbose", "0"],
                        "training cost became"),
    "evaluate an empty file": (lambda f: ["evaluate", f["empty"], "--data", f["good"]],
                               "empty.npz"),
    "evaluate a flipped byte": (lambda f: ["evaluate", f["flipped"], "--data", f["good"]],
                                "flipped.npz"),
    "evaluate metadata not an object": (
        lambda f: ["evaluate", f["notobject"], "--data", f["good"]], "JSON object"),
    "port over its own source": (lambda f: ["port", f["old"], "-o", f["old"]],
                                 "would be overwritten"),
    "train resuming a missing checkpoint": (
        lambda f: ["train", "ANN", "--data", f["good"], "--save", f["folder"] / "m.npz",
                   "--resume", f["folder"] / "none.npz"], "none.npz"),
    "train resuming another class's checkpoint": (
        lambda f: ["train", "DeepAutoEncoder", "--data", f["good"], "--save",
                   f["folder"] / "m.npz", "--resume", f["model"]], "class ANN"),
    "train checkpointing into a missing folder": (
        lambda f: ["train", "ANN", "--data", f["good"], "--save", f["folder"] / "m.npz",
                   "--checkpoint", "/no/such/dir/ck-{epoch}.npz"], "--checkpoint"),
    "a negative seed": (lambda f: ["train", "ANN", "--data", f["good"], "--save",
                                   f["folder"] / "m.npz", "--seed", "-1"], "--seed"),
}


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_the_command_line_answers_bad_input_in_one_line(case, cli_files):
    argv, pattern = CLI_CASES[case]
    code, stderr = _cli(*argv(cli_files))
    assert code == 2, stderr
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, stderr
    assert re.search(pattern, errors[0]), errors[0]
    assert not (cli_files["folder"] / "nan-model.npz").exists()  # a diverged model is not saved
    if case == "port over its own source":
        assert cli_files["old"].read_text() == "print 'hello'\n"  # the original is intact


def test_the_table_covers_at_least_sixty_bad_inputs():
    counted = len(API_CASES) + len(DATA_CASES) + len(MODEL_CASES) + len(CLI_CASES)
    assert counted >= 60, counted


def test_unusable_theano_flags_are_reported_not_ignored_in_silence():
    from graphae.compat.theano._core import apply_theano_flags

    with pytest.warns(RuntimeWarning) as warned:
        applied = apply_theano_flags("floatX=float99,bogus=1,lib.cnmem=0.5")
    messages = [str(w.message) for w in warned]
    assert any("floatX=float99 ignored: Invalid value" in m for m in messages), messages
    assert any("bogus=1 ignored: neither PyTensor nor Theano" in m for m in messages), messages
    assert applied == {"lib__cnmem": "0.5"}  # a Theano-only flag is kept, without effect
