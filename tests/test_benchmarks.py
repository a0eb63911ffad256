"""The benchmark suite runs end to end and checks its implementations against each other."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SUITE = Path(__file__).resolve().parents[1] / "benchmarks" / "suite.py"


def _suite(tmp_path, *args):
    return subprocess.run([sys.executable, str(SUITE), "--n-samples", "300", "--repeats", "1",
                           "--no-cold", "--out", str(tmp_path), *args],
                          capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("workload", ["A", "B", "C", "D", "G"])
def test_graphae_and_numpy_agree_and_the_table_is_written(tmp_path, workload):
    done = _suite(tmp_path, "--workloads", workload, "--dtypes", "float64",
                  "--impls", "graphae,numpy")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads((tmp_path / "suite.json").read_text())["table"][f"{workload} float64"]
    assert [row["impl"] for row in rows] == ["graphae", "numpy"]
    assert all(row["costs_ok"] for row in rows)
    graphae, numpy = rows
    assert len(graphae["costs"]) == 3
    assert graphae["costs"] == pytest.approx(numpy["costs"], rel=1e-9)
    assert graphae["median"] > 0 and 0 < graphae["roofline"]
    assert "| graphae/peer |" in (tmp_path / "suite.md").read_text()
    assert (tmp_path / "suite.png").stat().st_size > 0


def test_every_available_implementation_of_g_reproduces_numpys_costs(tmp_path):
    sys.path.insert(0, str(SUITE.parent))
    import suite

    impls = ["graphae", "numpy"] + [peer for peer in ("torch", "jax") if suite.available(peer)]
    if len(impls) == 2:
        pytest.skip("no peer (torch, jax) installed: the [G] case above covers graphae and NumPy")
    done = _suite(tmp_path, "--workloads", "G", "--dtypes", "float64", "--impls", ",".join(impls))
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads((tmp_path / "suite.json").read_text())["table"]["G float64"]
    assert [row["impl"] for row in rows] == impls
    numpy = rows[1]["costs"]
    for row in rows:
        assert row["costs_ok"], row
        np.testing.assert_allclose(row["costs"], numpy, rtol=1e-9)


def test_a_missing_peer_is_skipped_not_failed(tmp_path, monkeypatch):
    sys.path.insert(0, str(SUITE.parent))
    import suite

    monkeypatch.setitem(suite.NEEDS, "torch", "no_such_package_graphae")
    assert not suite.available("torch")
    assert suite.available("numpy")


def test_unknown_implementation_is_an_error(tmp_path):
    done = _suite(tmp_path, "--impls", "graphae,matlab")
    assert done.returncode == 2 and "unknown implementation(s) ['matlab']" in done.stderr


def test_unknown_workload_is_an_error(tmp_path):
    done = _suite(tmp_path, "--workloads", "A,Z")
    assert done.returncode == 2 and "unknown workload(s) ['Z']" in done.stderr


def test_scaling_runs_and_writes_its_table(tmp_path):
    script = SUITE.parent / "scaling.py"
    done = subprocess.run([sys.executable, str(script), "--workload", "A", "--dtype", "float64",
                           "--samples", "200,400", "--batch-sizes", "20", "--tolerance", "100",
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    table = (tmp_path / "scaling_A_float64.md").read_text()
    assert "| 400 |" in table and "least squares: seconds =" in table
    assert (tmp_path / "scaling_A_float64.png").stat().st_size > 0


def test_linear_fit_finds_the_line():
    sys.path.insert(0, str(SUITE.parent))
    from scaling import linear_fit

    intercept, slope, deviation = linear_fit([1000, 2000, 4000], [0.3, 0.5, 0.9])
    assert intercept == pytest.approx(0.1) and slope == pytest.approx(2e-4)
    assert deviation == pytest.approx(0.0, abs=1e-9)
    assert linear_fit([1000, 2000, 4000], [0.3, 0.9, 0.9])[2] > 0.2


def test_costs_are_checked_in_full_and_a_lone_implementation_claims_nothing():
    sys.path.insert(0, str(SUITE.parent))
    import suite

    assert not suite._costs_agree([1.0], [1.0, 2.0], "float64")  # a short list is no match
    assert suite._costs_agree([1.0, 2.0], [1.0, 2.0 + 1e-12], "float64")
    run = {"costs": [1.0, 2.0], "seconds": 1.0, "n_samples": 600, "first_fit_seconds": 1.0,
           "peak_rss_mb": 1.0}
    gemm = {"flops": 1e9, "gemm_seconds": 0.5}
    alone = suite.summarize("float64", {"runs": {"graphae": [run]}, "gemm": gemm,
                                        "cold": {"error": "skipped"}})
    assert alone[0]["costs_ok"] is None
    wrong = dict(run, costs=[1.0, 2.5])
    pair = suite.summarize("float64", {"runs": {"graphae": [wrong], "numpy": [run]},
                                       "gemm": gemm, "cold": {"error": "skipped"}})
    assert [row["costs_ok"] for row in pair] == [False, True]


TUTORIALS = SUITE.parent / "tutorial_runs.py"
MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.pkl.gz"


def test_tutorial_runs_table_puts_graphae_beside_the_published_times():
    sys.path.insert(0, str(SUITE.parent))
    import tutorial_runs

    results = [{"run": "dA", "dtype": "float32", "seconds": 12.34}]
    table = tutorial_runs.markdown(results, {"date": "today", "machine": "here"})
    assert "| dA, 2 epochs (0 % and 30 % corruption) | 116.4 | - | 71 | 12.3 |" in table
    assert table.count("\n| ") == 1 + len(tutorial_runs.RUNS)  # header and rows


def test_tutorial_runs_reject_unknown_runs_and_dtypes():
    for args, message in ((["--runs", "dA,cnn"], "--runs: unknown ['cnn']"),
                          (["--dtypes", "float16"], "--dtypes: expected float64")):
        done = subprocess.run([sys.executable, str(TUTORIALS), *args], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 2 and message in done.stderr, done.stderr


@pytest.mark.skipif(not MNIST.exists(), reason=f"{MNIST} (the full MNIST pickle) is missing")
@pytest.mark.parametrize("name", ["logistic", "mlp", "dA", "SdA", "DBN", "RBM"])
def test_every_tutorial_run_trains_after_its_warm_up(name):
    sys.path.insert(0, str(SUITE.parent))
    import tutorial_runs

    result = tutorial_runs.run_one(name, "float64", MNIST, rows=600)
    assert result["run"] == name and result["seconds"] > 0
    outcome = {key: value for key, value in result.items()
               if key not in {"run", "dtype", "seconds", "warm_up_seconds"}}
    assert outcome, result  # each run reports what it trained to
    for key, value in outcome.items():
        values = np.atleast_1d(value)
        assert values.size and np.all(np.isfinite(values)), (key, value)
        if key.endswith("_error"):
            assert 0.0 <= float(value) < 0.95, (key, value)  # better than chance-ish
