"""The deeplearning.net tutorials' reduced speed runs, with graphae, beside the published times.

The tutorials' ``code/test.py`` ``speed()`` timed six reduced runs on an
i7-920 (2.67 GHz, single-threaded BLAS). This script runs the same six with
graphae's tutorial classes and the same settings, on the full MNIST pickle:

- ``logistic``: ``sgd_optimization_mnist(n_epochs=30)``: learning rate 0.13,
  minibatches of 600, validation each epoch (patience 5000);
- ``mlp``: ``test_mlp(n_epochs=5)``: 784-500-10 tanh, learning rate 0.01,
  L2 0.0001, minibatches of 20, validation each epoch;
- ``dA``: ``test_dA(training_epochs=2)``: 784-500, minibatches of 20,
  learning rate 0.1, once without and once with 30 % corruption;
- ``SdA``: ``test_SdA(pretraining_epochs=1, training_epochs=2, batch_size=300)``:
  3 x 1000 hidden, corruption 0.1 / 0.2 / 0.3, pre-training rate 0.001,
  fine-tuning rate 0.1;
- ``DBN``: ``test_DBN(pretraining_epochs=1, training_epochs=2, batch_size=300)``:
  3 x 1000 hidden, CD-1, pre-training rate 0.01, fine-tuning rate 0.1;
- ``RBM``: ``test_rbm(training_epochs=1, batch_size=300, n_chains=1, n_samples=1)``:
  500 hidden, PCD-15, learning rate 0.1, then one chain of 1,000 Gibbs steps.

Each run is a fresh process. It first trains the same graphs for one
minibatch (compiling them, or loading PyTensor's compile cache), then times
the reduced run from a new model: wall seconds, data already in memory, no
plotting.

    python benchmarks/tutorial_runs.py [--runs logistic,mlp,...] [--dtypes float64,float32]
                                       [--data mnist.pkl.gz] [--out benchmarks/results]

Writes ``tutorials.md`` and ``tutorials.json`` to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.pkl.gz"

#: run -> (float64, float32) seconds published by the tutorials' speed().
PUBLISHED = {"logistic": (9.3, 6.4), "mlp": (76.1, 42.5), "dA": (116.4, 71.0),
             "SdA": (346.9, 191.2), "DBN": (355.0, 199.0), "RBM": (268.2, 201.9)}
TITLES = {"logistic": "logistic regression, 30 epochs", "mlp": "MLP, 5 epochs",
          "dA": "dA, 2 epochs (0 % and 30 % corruption)",
          "SdA": "SdA, pretraining 1 + training 2 epochs, batch 300",
          "DBN": "DBN, pretraining 1 + training 2 epochs, batch 300",
          "RBM": "RBM, 1 epoch, batch 300, 1 chain, 1 sample"}


def _logistic(data, epochs, n=None):
    import graphae
    from graphae.callbacks import PatienceEarlyStopping

    (X, y), (Xv, yv), (Xt, yt) = data
    full = lambda m: (m // 600) * 600  # noqa: E731 - the tutorial's full minibatches
    stopper = PatienceEarlyStopping(patience=5000, patience_increase=2,
                                    improvement_threshold=0.995,
                                    test_data=(Xt[:full(len(yt))], yt[:full(len(yt))]),
                                    restore_best_weights=False)
    model = graphae.LogisticRegression(learning_rate=0.13, batch_size=600, epochs=epochs,
                                       verbose=0)
    model.fit(X[:n], y[:n], validation_data=(Xv[:full(len(yv))], yv[:full(len(yv))]),
              callbacks=[stopper])
    return {"test_error": float(stopper.test_score)}


def _mlp(data, epochs, n=None):
    import graphae

    (X, y), (Xv, yv), _ = data
    model = graphae.MLPClassifier((500,), activation="tanh", learning_rate=0.01,
                                  l2_penalty=0.0001, epochs=epochs, batch_size=20,
                                  random_state=1234, verbose=0)
    model.fit(X[:n], y[:n], validation_data=(Xv, yv))
    return {"validation_error": float(1 - model.score(Xv, yv))}


def _denoising(data, epochs, n=None):
    from graphae import tutorials

    costs = []
    for level in (0.0, 0.3):
        da = tutorials.dA(numpy_rng=np.random.RandomState(123), n_visible=784, n_hidden=500)
        da.fit(data[0][0][:n], epochs=epochs, batch_size=20, learning_rate=0.1,
               corruption_level=level, verbose=0)
        costs.append(float(da.costs_[-1]))
    return {"last_costs": costs}


def _stack(kind, data, epochs, n=None):
    from graphae import tutorials

    (X, y), valid, test = data
    if kind == "SdA":
        model = tutorials.SdA(np.random.RandomState(89677), n_ins=784,
                              hidden_layers_sizes=[1000, 1000, 1000], n_outs=10,
                              corruption_levels=[0.1, 0.2, 0.3])
        model.pretrain(X[:n], epochs=1, batch_size=300, learning_rate=0.001, verbose=0)
    else:
        model = tutorials.DBN(np.random.RandomState(123), n_ins=784,
                              hidden_layers_sizes=[1000, 1000, 1000], n_outs=10)
        model.pretrain(X[:n], epochs=1, batch_size=300, learning_rate=0.01, k=1, verbose=0)
    result = model.finetune([(X[:n], y[:n]), valid, test], epochs=epochs, batch_size=300,
                            learning_rate=0.1, verbose=0)
    return {"test_error": float(result["test_error"])}


def _rbm(data, epochs, n=None):
    from graphae import tutorials

    (X, _), _, (Xt, _) = data
    rbm = tutorials.RBM(n_visible=784, n_hidden=500, numpy_rng=np.random.RandomState(123))
    rbm.fit(X[:n], epochs=epochs, batch_size=300, learning_rate=0.1, k=15, persistent=True,
            verbose=0)
    rbm.sample(Xt[:1], n_samples=1, plot_every=1000)
    return {"cost": float(rbm.costs_[-1])}


#: run -> (function, epochs of the timed run)
RUNS = {"logistic": (_logistic, 30), "mlp": (_mlp, 5), "dA": (_denoising, 2),
        "SdA": (lambda d, e, n=None: _stack("SdA", d, e, n), 2),
        "DBN": (lambda d, e, n=None: _stack("DBN", d, e, n), 2), "RBM": (_rbm, 1)}
#: rows of the warm-up fit (a few minibatches of the run's size)
WARM_ROWS = {"logistic": 1200, "mlp": 40, "dA": 40, "SdA": 600, "DBN": 600, "RBM": 600}


def run_one(name, dtype, data_path, rows=None):
    """Warm up, then time one reduced run in this process; a result dict.

    ``rows`` limits the timed run's training rows (tests); None: all.
    """
    from graphae.backend import float_x_context
    from graphae.datasets import load_mnist

    function, epochs = RUNS[name]
    splits = load_mnist(data_path)
    data = [(X.astype(dtype), y) for X, y in splits]
    with float_x_context(dtype):
        started = time.perf_counter()
        function(data, 1, n=WARM_ROWS[name])
        warm = time.perf_counter() - started
        started = time.perf_counter()
        outcome = function(data, epochs, n=rows)
        seconds = time.perf_counter() - started
    return {"run": name, "dtype": dtype, "seconds": seconds, "warm_up_seconds": warm,
            **outcome}


def markdown(results, meta):
    """The table: published i7-920 times beside graphae's on this machine."""
    lines = [f"{meta['date']}; {meta['machine']}; each run a fresh process, warm compile cache.",
             "", "| run | published float64 | graphae float64 | published float32 | "
             "graphae float32 |", "|---|---|---|---|---|"]
    by_key = {(r["run"], r["dtype"]): r for r in results}
    for name in RUNS:
        cells = []
        for index, dtype in enumerate(("float64", "float32")):
            mine = by_key.get((name, dtype))
            cells += [f"{PUBLISHED[name][index]:g}", f"{mine['seconds']:.1f}" if mine else "-"]
        lines.append(f"| {TITLES[name]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=",".join(RUNS))
    parser.add_argument("--dtypes", default="float64,float32")
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    parser.add_argument("--one", help=argparse.SUPPRESS)  # "run:dtype": the worker
    args = parser.parse_args(argv)
    if args.one:
        name, dtype = args.one.split(":")
        print(json.dumps(run_one(name, dtype, args.data)))
        return None
    runs, dtypes = args.runs.split(","), args.dtypes.split(",")
    unknown = sorted(set(runs) - set(RUNS))
    if unknown:
        parser.error(f"--runs: unknown {unknown}; expected some of {sorted(RUNS)}")
    if not set(dtypes) <= {"float64", "float32"}:
        parser.error(f"--dtypes: expected float64 and/or float32, got {args.dtypes!r}")
    if not Path(args.data).exists():
        raise SystemExit(f"skipped: {args.data} not found (the full MNIST pickle is needed)")
    results = []
    for dtype in dtypes:
        for name in runs:
            done = subprocess.run([sys.executable, __file__, "--one", f"{name}:{dtype}",
                                   "--data", args.data], capture_output=True, text=True,
                                  check=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            published = PUBLISHED[name][("float64", "float32").index(dtype)]
            print(f"{name:9s} {dtype}: {results[-1]['seconds']:7.1f} s (published {published:g})",
                  flush=True)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores"}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tutorials.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    (out / "tutorials.md").write_text(markdown(results, meta))
    print(markdown(results, meta))
    return results


if __name__ == "__main__":
    main()
