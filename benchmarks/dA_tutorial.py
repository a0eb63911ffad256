"""The deeplearning.net "Denoising Autoencoders" tutorial, run with graphae.

A 784-500 dA (``graphae.tutorials.dA``, seeded with ``RandomState(123)``) is
trained on the 50,000 training images of mnist.pkl.gz for 15 epochs,
minibatches of 20, learning rate 0.1, once without corruption and once with
30% masking noise. Each epoch's mean cost and wall time are printed and the
500 filters of each run are saved as a 10x10 tile image of the first 100.

    python benchmarks/dA_tutorial.py [--data mnist.pkl.gz] [--epochs 15] [--out DIR]

The tutorial's first epoch at 0% corruption costs 63.2891; the legacy
Theano program run through graphae's compat layer prints 63.289 -> 55.787.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np

from graphae import tutorials
from graphae.datasets import load_mnist
from graphae.plotting import plot_filters

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.pkl.gz"


def run(train_x, corruption_level, epochs, out):
    rng = np.random.RandomState(123)
    da = tutorials.dA(numpy_rng=rng, n_visible=784, n_hidden=500)
    started = time.perf_counter()
    da.fit(train_x, epochs=epochs, batch_size=20, learning_rate=0.1,
           corruption_level=corruption_level, verbose=1)
    total = time.perf_counter() - started
    name = f"filters_corruption_{round(corruption_level * 100)}.png"
    plot_filters(da.W.get_value(), path=out / name,
                 title=f"dA filters, {corruption_level:.0%} corruption")
    print(f"corruption {corruption_level:.0%}: ran for {total / 60:.2f} m, filters in {out / name}")
    return {"corruption_level": corruption_level, "costs": da.costs_,
            "epoch_seconds": da.epoch_seconds_, "total_seconds": total, "filters": name}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--out", default="out/dA")
    args = parser.parse_args(argv)
    if not Path(args.data).exists():
        raise SystemExit(f"skipped: {args.data} not found (the full MNIST pickle is needed)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (train_x, _), _, _ = load_mnist(args.data)
    results = [run(train_x, level, args.epochs, out) for level in (0.0, 0.3)]
    (out / "results.json").write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
