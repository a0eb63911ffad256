"""The legacy lecture programs run unconverted (``graphae legacy run``) and
after ``graphae port``, on data prepared here from ../shared/data/mnist.pkl.gz."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from graphae.datasets import get_kaggle_mnist, load_mnist_pickle
from graphae.porting import port_file

SHARED = Path(__file__).resolve().parents[3] / "shared"
LEGACY = SHARED / "legacy"
MNIST = SHARED / "data" / "mnist.pkl.gz"
N_ROWS = 2000  # Kaggle-format rows: 1,000 for training after getKaggleMNIST's hold-out

# Runs a ported script with plt.show() saving figures (the headless display of
# these tests) and checks that nothing imported the Theano layer.
PORTED_RUNNER = """
import runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy
numpy.random.seed(int(sys.argv[3]))
out = sys.argv[2]
def show(*args, **kwargs):
    for number in plt.get_fignums():
        plt.figure(number).savefig(out + "/ported_figure%d.png" % number)
plt.show = show
script = sys.argv[1]
sys.argv = [script] + sys.argv[4:]
runpy.run_path(script, run_name="__main__")
assert "theano" not in sys.modules and "graphae.compat" not in sys.modules
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    if not (LEGACY.is_dir() and MNIST.is_file()):
        pytest.skip(f"legacy programs or MNIST not found under {SHARED}")
    root = tmp_path_factory.mktemp("lecture")
    scripts = root / "scripts"
    scripts.mkdir()
    for name in ("xwing.py", "vanishing.py", "dA.py", "util.py"):
        shutil.copy(LEGACY / name, scripts)
    (X, y), _, _ = load_mnist_pickle(MNIST)
    pixels = np.round(X[:N_ROWS] * 256).clip(0, 255)
    (root / "large_files").mkdir()
    header = ",".join(["label"] + [f"pixel{i}" for i in range(784)])
    np.savetxt(root / "large_files" / "train.csv", np.column_stack([y[:N_ROWS], pixels]),
               fmt="%d", delimiter=",", header=header, comments="")
    return scripts


def _run(command, cwd):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout, result.stderr


def _legacy(workspace, script, *args, seed=0, out="figures"):
    return _run([sys.executable, "-m", "graphae", "legacy", "run", "--seed", str(seed),
                 "--out", out, script, *args], workspace)


def _ported(workspace, script, *args, seed=0):
    port_file(workspace / script, workspace / f"ported_{script}")
    out = workspace / f"ported_{Path(script).stem}_figures"
    out.mkdir(exist_ok=True)
    stdout, stderr = _run([sys.executable, "-c", PORTED_RUNNER, f"ported_{script}", str(out),
                           str(seed), *args], workspace)
    return stdout, stderr, sorted(out.glob("*.png"))


def _costs(text, pattern=r"cost: ([-\d.e]+)"):
    return [float(value) for value in re.findall(pattern, text)]


def test_xwing_legacy_run_is_reproducible_and_learns(workspace):
    first, errors = _legacy(workspace, "xwing.py", seed=3)
    second, _ = _legacy(workspace, "xwing.py", seed=3)
    costs = _costs(first)
    assert len(costs) == 50 and costs == _costs(second)  # one print per epoch, same numbers
    assert np.mean(costs[-5:]) < 0.6 * costs[0]
    assert "saved figures/xwing_figure1.png" in errors
    assert (workspace / "figures" / "xwing_figure1.png").stat().st_size > 10_000


def test_xwing_ported_matches_native_deep_autoencoder(workspace):
    import graphae

    stdout, _, figures = _ported(workspace, "xwing.py", seed=5)
    ported = _costs(stdout)
    assert len(ported) == 50 and np.mean(ported[-5:]) < 0.6 * ported[0]
    assert len(figures) == 1
    np.random.seed(5)  # the same global state the ported script's shuffle starts from
    Xtrain, _, _, _ = get_kaggle_mnist(workspace.parent / "large_files" / "train.csv")
    native = graphae.DeepAutoEncoder([500, 300, 2], epochs=50, batch_size=100,
                                     random_state=5, verbose=0).fit(Xtrain)
    first_of_each_epoch = native.costs_[:: len(Xtrain) // 100]
    ported_final, native_final = np.mean(ported[-5:]), np.mean(first_of_each_epoch[-5:])
    assert abs(ported_final - native_final) / native_final < 0.05, (ported_final, native_final)


def test_vanishing_legacy_and_ported(workspace):
    for stdout, figures in (
        (_legacy(workspace, "vanishing.py", out="van")[0], list((workspace / "van").glob("*.png"))),
        _ported(workspace, "vanishing.py")[::2],
    ):
        costs = _costs(stdout)
        assert len(costs) == 30 and np.mean(costs[-3:]) < np.mean(costs[:3])
        assert "error:" in stdout and len(figures) == 1


@pytest.mark.parametrize("mode", ["legacy", "ported"])
def test_denoising_autoencoder(workspace, mode):
    args = (str(MNIST), "2")  # the script's own parameters: dataset, training epochs
    stdout = (_legacy(workspace, "dA.py", *args) if mode == "legacy"
              else _ported(workspace, "dA.py", *args))[0]
    costs = _costs(stdout, r"Training epoch \d+, cost\s+([-\d.e]+)")
    assert len(costs) == 4  # two epochs at 0% and at 30% corruption
    assert costs[1] < costs[0] and costs[3] < costs[2]
    assert costs[0] == pytest.approx(63.29, abs=0.05)  # the tutorial's first-epoch cost
