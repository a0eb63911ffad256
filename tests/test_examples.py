"""The examples under examples/ run (shortened, on the embedded digits) and say what they show."""

import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def examples_on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLES))


def _run(script, *arguments, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", [script, *arguments])
    runpy.run_path(str(EXAMPLES / script), run_name="__main__")
    return capsys.readouterr().out


def test_boolean_networks_realise_every_function_they_are_given(examples_on_path):
    import seed002_boolean_networks as boolean

    X = boolean.all_inputs(3)
    rng = np.random.default_rng(1)
    tables = [rng.integers(0, 2, 8).astype(bool) for _ in range(6)]
    tables += [np.zeros(8, bool), np.ones(8, bool)]
    for values in tables:
        table = {tuple(int(v) for v in row): value for row, value in zip(X, values)}
        np.testing.assert_array_equal(
            boolean.network_output(boolean.dnf_network(table), X).astype(bool), values)
    X2 = boolean.all_inputs(2)
    xor = {tuple(int(v) for v in row): bool(row[0]) != bool(row[1]) for row in X2}
    assert boolean.network_output(boolean.dnf_network(xor), X2).tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("script, arguments, expected", [
    ("seed000_information_theory.py", [], "H(P) + KL(P||Q) = 0.886941 = H(P,Q)"),
    ("seed002_boolean_networks.py", [], "xor through its DNF: [0, 1, 1, 0]"),
    ("seed002_softmax_regression.py", ["--epochs", "5", "--grid", "2", "--grid-steps", "1"],
     "In [8]: 2 x 2 grid"),
    ("seed002_relu_mlp.py", ["--epochs", "1"], "In [11]: test accuracy"),
    ("seed002_width_sweep.py", ["--epochs", "1", "--max-power", "2"], "width     4"),
    ("seed002_depth_sweep.py", ["--epochs", "1", "--max-depth", "2", "--optimizer", "rmsprop"],
     " 2 hidden layers"),
    ("seed002_dropout_network.py", ["--epochs", "1"], "In [18]: test accuracy"),
    ("seed003_linear_autoencoder.py", ["--epochs", "1000", "--oja-epochs", "100"],
     "both within a degree of PCA's plane: True"),
    ("seed003_wide_linear_autoencoder.py", ["--epochs", "30", "--features", "500"],
     "30 full-batch steps on 201 x 500"),
    ("seed003_stacked_autoencoder.py", ["--epochs", "1", "--limit", "1500"],
     "denoising, dropout 0.3: test MSE"),
    ("seed003_denoising_autoencoder.py", ["--epochs", "1", "--limit", "1500"],
     "random intensities, 10 %"),
    ("seed001_sparse_autoencoder.py", ["--epochs", "2", "--limit", "1000", "--codes", "100"],
     "no penalty (weight 0): mean activation"),
    ("seed003_pretraining.py", ["--epochs", "2", "--pretrain-epochs", "1", "--limit", "1500",
                                "--labelled", "200", "--seeds", "2"],
     "gain over no pretraining: fine-tuned"),
    ("seed003_vanishing_chain.py", [], "largest gradient difference from the seed"),
    ("seed003_printed_letters.py", ["--seeds", "1", "--max-epochs", "3", "--rbm-epochs", "1"],
     "deep, RBM-pretrained"),
    ("seed003_rbm_classifier.py", ["--epochs", "1", "--limit", "2000", "--iterations", "20"],
     "Optimization Finished! Testing Accuracy:"),
    ("seed003_vae.py", ["--epochs", "1", "--limit", "1500"],
     "VAE with a 2-D latent space: test cost per image"),
    ("seed002_autoencoder.py", ["--epochs", "1", "--limit", "1000", "--labelled", "200"],
     "In [34] frozen encoder + dropout/tanh network: test accuracy"),
])
def test_example_runs(script, arguments, expected, tmp_path, examples_on_path, monkeypatch,
                      capsys):
    out = _run(script, *arguments, "--out", str(tmp_path), monkeypatch=monkeypatch,
               capsys=capsys)
    assert expected in out
    if "wrote" in out:
        written = Path(out.rsplit("wrote ", 1)[1].strip())
        assert written.stat().st_size > 5_000
