"""Seconds per X-wing training epoch: graphae (compiled) vs NumPy by hand.

Both run in the same process, alternating, on the same data, so the ratio
holds on a noisy shared machine even when absolute times drift. The NumPy
version is ``tests/reference.py``, the very code the unit tests prove
computes the same update as graphae to 1e-10.

    python benchmarks/bench_xwing_epoch.py [--float32] [--repeats 3] [--mode c]

Prints seconds per 60,000 samples (the unit of DEVELOPERS.md's bar) for each
implementation and their ratio (NumPy / graphae; above 1 means graphae wins).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pytensor

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference import momentum_step, xwing_cost_and_grads  # noqa: E402

import graphae  # noqa: E402

SIZES = [500, 300, 2]


def numpy_epoch(X, params, velocities, batch_size, learning_rate=0.5, mu=0.99):
    L = len(SIZES)
    Ws, bis, bos = params[:L], params[L:2 * L], params[2 * L:]
    for start in range(0, len(X) - batch_size + 1, batch_size):
        _, gW, gbi, gbo = xwing_cost_and_grads(X[start:start + batch_size], Ws, bis, bos)
        momentum_step(params, velocities, gW + gbi + gbo, learning_rate, mu)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--float32", action="store_true", help="float32 instead of float64")
    parser.add_argument("--repeats", type=int, default=3, help="timed epochs per implementation")
    parser.add_argument("--mode", default="c", choices=["c", "numba", "jax"])
    args = parser.parse_args(argv)
    dtype = "float32" if args.float32 else "float64"
    X, _ = graphae.load_embedded_mnist()
    X = X.astype(dtype)
    batch_size, n = 100, len(X)
    with pytensor.config.change_flags(floatX=dtype):
        model = graphae.DeepAutoEncoder(SIZES, epochs=1, batch_size=batch_size,
                                        random_state=0, mode=args.mode, verbose=0)
        started = time.perf_counter()
        model.fit(X)  # compiles (cached afterwards) and warms up
        print(f"first fit incl. compile: {time.perf_counter() - started:.1f} s")
        params = [p.get_value().copy() for p in model.params_]
        order = [0, 3, 6, 1, 4, 7, 2, 5, 8]  # model: W,bi,bo per layer -> Ws,bis,bos
        numpy_params = [params[i] for i in order]
        velocities = [np.zeros_like(p) for p in numpy_params]
        times = {"graphae": [], "numpy": []}
        for _ in range(args.repeats):
            started = time.perf_counter()
            model.fit(X)
            times["graphae"].append(time.perf_counter() - started)
            started = time.perf_counter()
            numpy_epoch(X, numpy_params, velocities, batch_size)
            times["numpy"].append(time.perf_counter() - started)
    per_60k = {k: min(v) * 60000 / n for k, v in times.items()}
    info = graphae.info_dict()
    print(f"X-wing 784-500-300-2 tied, batch {batch_size}, {dtype}, {n:,} samples/epoch, "
          f"mode {args.mode}, BLAS {info['blas_source']}, best of {args.repeats}")
    for name, seconds in per_60k.items():
        print(f"  {name:<8} {seconds:6.2f} s per 60,000 samples")
    print(f"  ratio numpy/graphae = {per_60k['numpy'] / per_60k['graphae']:.2f}")
    return per_60k


if __name__ == "__main__":
    main()
