"""How graphae's training time grows with the number of samples and with the batch size.

Each point is one ``fit`` epoch of a workload of ``suite.py`` in a fresh
process (``_worker.py``), after that process's warm-up epoch. The time must
grow linearly with the samples: the script fits ``seconds = a + b · n`` by
least squares, prints the fit and its largest relative deviation, and fails
when a point is more than ``--tolerance`` off the line.

    python benchmarks/scaling.py [--workload A] [--dtype float32]
        [--samples 3000,6000,12000,24000] [--batch-sizes 20,50,100,200]

Writes ``benchmarks/results/scaling_<workload>_<dtype>.md`` and ``.png``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _workloads import WORKLOADS  # noqa: E402
from suite import worker  # noqa: E402


def measure(workload, dtype, n_samples, batch_size=None):
    """Seconds of one timed graphae epoch over ``n_samples`` rows."""
    request = {"task": "run", "impl": "graphae", "workload": workload.key, "dtype": dtype,
               "n_samples": n_samples, "check_steps": 1}
    if batch_size is not None:
        request["batch_size"] = batch_size
    result = worker(request)
    if "error" in result:
        raise RuntimeError(f"{workload.key} at {n_samples} rows: {result['error']}")
    return result["seconds"]


def linear_fit(sizes, seconds):
    """``(a, b, largest relative deviation)`` of ``seconds ≈ a + b · size``."""
    slope, intercept = np.polyfit(sizes, seconds, 1)
    predicted = intercept + slope * np.asarray(sizes, float)
    return intercept, slope, float(np.max(np.abs(np.asarray(seconds) - predicted) / predicted))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scalable = sorted(key for key, workload in WORKLOADS.items() if not workload.fixed_samples)
    parser.add_argument("--workload", default="A", choices=scalable,
                        help="a workload whose size is not fixed (D is its one full batch)")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--samples", default="3000,6000,12000,24000")
    parser.add_argument("--batch-sizes", default="20,50,100,200")
    parser.add_argument("--tolerance", type=float, default=0.25,
                        help="largest allowed relative distance from the line (default 0.25)")
    parser.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args(argv)
    workload = WORKLOADS[args.workload]
    sizes = [int(s) for s in args.samples.split(",")]
    by_size = [measure(workload, args.dtype, n) for n in sizes]
    intercept, slope, deviation = linear_fit(sizes, by_size)
    batches = [int(b) for b in args.batch_sizes.split(",")]
    by_batch = [measure(workload, args.dtype, sizes[-2], b) for b in batches]
    lines = [f"# graphae {workload.key} ({workload.title}), {args.dtype}: time against size", "",
             "| samples | seconds | s per 60,000 |", "|---|---|---|"]
    lines += [f"| {n:,} | {s:.3f} | {s * 60_000 / n:.2f} |" for n, s in zip(sizes, by_size)]
    lines += ["", f"least squares: seconds = {intercept:.3f} + {slope * 1e6:.2f} µs × samples; "
              f"largest relative deviation {deviation:.1%}", "",
              f"| batch size ({sizes[-2]:,} samples) | s per 60,000 |", "|---|---|"]
    lines += [f"| {b} | {s * 60_000 / sizes[-2]:.2f} |" for b, s in zip(batches, by_batch)]
    text = "\n".join(lines) + "\n"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"scaling_{workload.key}_{args.dtype}"
    stem.with_suffix(".md").write_text(text)
    _plot(sizes, by_size, intercept, slope, stem.with_suffix(".png"))
    print(text)
    if deviation > args.tolerance:
        print(f"not linear: a point is {deviation:.0%} off the line", file=sys.stderr)
        return 1
    return 0


def _plot(sizes, seconds, intercept, slope, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot(sizes, seconds, "o", label="measured")
    ax.plot(sizes, [intercept + slope * n for n in sizes], "-", label="least-squares line")
    ax.set_xlabel("samples per epoch")
    ax.set_ylabel("seconds per epoch")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
