"""The deeplearning.net "Restricted Boltzmann Machines" tutorial, run with graphae.

A 784-500 RBM (``graphae.tutorials.RBM``, ``numpy_rng=RandomState(123)``)
is trained with PCD-15, learning rate 0.1, minibatches of 20, on the 50,000
training images of mnist.pkl.gz, for 15 epochs or as many as fit in
``--minutes`` (10 by default). Each epoch's mean pseudo-log-likelihood cost
and wall time are printed; the filters are saved, and then 20 persistent
Gibbs chains started from test images give 10 samples each, 1,000 steps apart
(the tutorial's ``samples.png``).

    python benchmarks/rbm_tutorial.py [--data mnist.pkl.gz] [--minutes 10] [--float32] [--out DIR]

``--float32`` computes in single precision (as the tutorial did on a GPU),
about 1.5 times faster here than the default float64.

The tutorial publishes -90.65 (epoch 0), -81.24, -74.91, -73.02, -68.41 ...
-62.76 (epoch 14).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

if "--float32" in sys.argv:  # PyTensor reads floatX once, at import
    os.environ["PYTENSOR_FLAGS"] = ",".join(
        filter(None, [os.environ.get("PYTENSOR_FLAGS"), "floatX=float32"]))

import numpy as np  # noqa: E402

from graphae import tutorials  # noqa: E402
from graphae.datasets import load_mnist  # noqa: E402
from graphae.plotting import plot_filters  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.pkl.gz"


def sample_image(rbm, test_x, out, n_chains=20, n_samples=10, plot_every=1000):
    """The tutorial's grid: one row per sample, one column per chain."""
    start = np.random.RandomState(123).randint(len(test_x) - n_chains)
    samples = rbm.sample(test_x[start:start + n_chains], n_samples, plot_every)
    plot_filters(samples.reshape(-1, rbm.n_visible).T, tile_shape=(n_samples, n_chains),
                 path=out / "samples.png", title=f"RBM samples, {plot_every} Gibbs steps apart")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--float32", action="store_true",
                        help="single precision (PyTensor floatX=float32)")
    parser.add_argument("--out", default="out/rbm")
    args = parser.parse_args(argv)
    if not Path(args.data).exists():
        raise SystemExit(f"skipped: {args.data} not found (the full MNIST pickle is needed)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (train_x, _), _, (test_x, _) = load_mnist(args.data)
    rbm = tutorials.RBM(n_visible=784, n_hidden=500, numpy_rng=np.random.RandomState(123))
    started = time.perf_counter()
    rbm.fit(train_x, epochs=args.epochs, batch_size=20, learning_rate=0.1, k=15,
            persistent=True, max_seconds=args.minutes * 60)
    training = time.perf_counter() - started
    for epoch, cost in enumerate(rbm.costs_):
        print(f"Training epoch {epoch}, cost is {cost:.2f}")
    print(f"Training took {training / 60:.2f} minutes ({rbm.W.dtype})")
    plot_filters(rbm.W.get_value(), path=out / "filters.png", title="RBM filters")
    started = time.perf_counter()
    sample_image(rbm, test_x, out)
    print(f"Sampling took {time.perf_counter() - started:.1f} s; images in {out}")
    (out / "results.json").write_text(json.dumps(
        {"costs": rbm.costs_, "epoch_seconds": rbm.epoch_seconds_, "training_seconds": training,
         "dtype": str(rbm.W.dtype)},
        indent=1))
    return rbm


if __name__ == "__main__":
    main()
