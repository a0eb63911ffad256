"""graphae's training speed against NumPy by hand, PyTorch and JAX, side by side in one run.

Every measurement runs in a fresh process (``_worker.py``); the
implementations take turns (interleaved, the order rotated at every
repeat) so that a noisy shared machine slows all of them alike. Before
timing, each implementation's first minibatch costs from the same initial
weights and minibatches are checked against NumPy's; a mismatch is reported
and makes the run fail.

    python benchmarks/suite.py                # full run: A, B, C in float32 and float64
    python benchmarks/suite.py --quick        # under 5 minutes: fewer rows, one repeat
    python benchmarks/suite.py --workloads A --dtypes float32 --impls graphae,numpy

Peers that are not installed (``pip install torch==2.13.0 jax``) are
reported as skipped. Results: ``benchmarks/results/suite.md`` (the table),
``suite.json`` and ``suite.png``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _workloads import WORKLOADS  # noqa: E402

#: implementation -> the module it needs
NEEDS = {"graphae": None, "graphae-numba": "numba", "graphae-jax": "jax", "numpy": None,
         "torch": "torch", "torch-compile": "torch", "jax": "jax"}
DEFAULT_IMPLS = ("graphae", "numpy", "torch", "torch-compile", "jax")
TOLERANCE = {"float32": 2e-4, "float64": 1e-9}
_COSTS_CELL = {True: "ok", False: "MISMATCH", None: "unchecked"}


def worker(request, env=None, timeout=1800):
    """Run one measurement in a fresh interpreter; its JSON result (or an ``error``)."""
    completed = subprocess.run([sys.executable, str(HERE / "_worker.py"), json.dumps(request)],
                               capture_output=True, text=True, env=env, timeout=timeout)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode or not lines:
        return {"request": request, "error": completed.stderr.strip().splitlines()[-1:]}
    return json.loads(lines[-1])


def available(impl):
    module = NEEDS[impl]
    return module is None or importlib.util.find_spec(module) is not None


def measure(workload, dtype, impls, repeats, n_samples, folder, log, cold=True):
    """All implementations of one workload: check, cold compile, interleaved timings."""
    init = str(folder / f"init_{workload.key}_{dtype}.npz")
    base = {"workload": workload.key, "dtype": dtype, "init": init, "n_samples": n_samples}
    made = worker(dict(base, task="init"))
    if "error" in made:
        raise RuntimeError(f"graphae's initial weights for {workload.key}: {made['error']}")
    runs = {impl: [] for impl in impls}
    cold_run = {"error": "not measured (--no-cold)"}
    if cold and "graphae" in impls:
        empty_cache = folder / f"cold_{workload.key}_{dtype}"
        cold_run = worker(dict(base, task="run", impl="graphae"),
                          env=dict(os.environ, PYTENSOR_FLAGS=f"base_compiledir={empty_cache}"))
    for repeat in range(repeats):
        order = impls[repeat % len(impls):] + impls[:repeat % len(impls)]
        for impl in order:
            result = worker(dict(base, task="run", impl=impl))
            runs[impl].append(result)
            log(f"  {workload.key} {dtype} {impl:<14} "
                + (f"{_per_60k(result):7.2f} s/60k" if "error" not in result
                   else f"failed: {result['error']}"))
    gemm = worker(dict(base, task="gemm"))
    return {"runs": runs, "cold": cold_run, "gemm": gemm}


def _per_60k(result):
    return result["seconds"] * 60_000 / result["n_samples"]


def _reference(runs):
    """The costs every implementation is checked against: NumPy's, else graphae's."""
    for impl in ("numpy", "graphae"):
        good = [r for r in runs.get(impl, []) if "error" not in r]
        if good:
            return impl, good[0]["costs"]
    return None, None


def _costs_agree(costs, reference, dtype):
    return len(costs) == len(reference) and all(
        abs(a - b) <= TOLERANCE[dtype] * max(abs(b), 1.0) for a, b in zip(costs, reference))


def summarize(dtype, measured):
    """Rows of the table: one per implementation, with ratios to graphae's median.

    ``costs_ok`` is None ("unchecked") for the reference itself when no
    other implementation ran, so a run of one implementation claims nothing.
    """
    reference_impl, reference = _reference(measured["runs"])
    gemm = measured["gemm"]
    rows = []
    for impl, results in measured["runs"].items():
        good = [r for r in results if "error" not in r]
        if not good:
            rows.append({"impl": impl, "error": results[0].get("error") if results else "none"})
            continue
        times = [_per_60k(r) for r in good]
        costs_ok = None
        if reference is not None and (impl != reference_impl or len(measured["runs"]) > 1):
            costs_ok = all(_costs_agree(r["costs"], reference, dtype) for r in good)
        n = good[0]["n_samples"]
        rows.append({
            "impl": impl, "median": statistics.median(times), "min": min(times),
            "max": max(times), "first_fit": statistics.median(r["first_fit_seconds"] for r in good),
            "peak_mb": max(r["peak_rss_mb"] for r in good), "costs_ok": costs_ok,
            "costs": good[0]["costs"],
            "gflops": gemm["flops"] / (statistics.median(times) * n / 60_000) / 1e9,
            "roofline": gemm["gemm_seconds"] / (statistics.median(times) * n / 60_000),
        })
    graphae = next((r for r in rows if r["impl"] == "graphae" and "median" in r), None)
    for row in rows:
        if graphae and "median" in row:
            row["ratio"] = graphae["median"] / row["median"]
    if "error" not in measured["cold"]:
        cold = measured["cold"]["compile_seconds"]
        for row in rows:
            if row["impl"] == "graphae":
                row["cold_compile"] = cold
                row["warm_compile"] = statistics.median(r["compile_seconds"] for r in
                                                        measured["runs"]["graphae"]
                                                        if "error" not in r)
    return rows


def markdown(table, meta):
    lines = [f"# graphae training speed — {meta['machine']}", "",
             f"{meta['date']}; {meta['n_samples']:,} random MNIST-shaped rows per timed epoch"
             + (" (D: 60,000 rows, ten full-batch steps)"
                if any(key == "D" for key, _ in table) else "") + ", "
             f"{meta['repeats']} interleaved repeats, each a fresh process. Seconds per 60,000 "
             "samples (median, min–max). *graphae/peer* below 1 means graphae is faster. "
             "*Roofline*: the GEMMs of the epoch alone (NumPy's BLAS, same shapes, same run) as "
             "a fraction of the implementation's time. *First fit*: the first epoch (peers: "
             "including their JIT compile; graphae: a second model in the process). *Compile*: "
             "graphae's first fit of 3 minibatches in a process with an empty and with a warm "
             "PyTensor compile cache. Costs: the first minibatch costs equal "
             "NumPy's within "
             f"{TOLERANCE['float32']:g} (float32) / {TOLERANCE['float64']:g} (float64).", "",
             "| workload | dtype | implementation | s / 60k | min–max | graphae/peer | GFLOP/s |"
             " roofline | first fit s | compile s cold / warm | peak MB | costs |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (key, dtype), rows in table.items():
        for row in rows:
            if "median" not in row:
                lines.append(f"| {key} | {dtype} | {row['impl']} | failed: {row['error']} |"
                             + " |" * 8)
                continue
            lines.append(
                f"| {key} | {dtype} | {row['impl']} | {row['median']:.2f} | {row['min']:.2f}–"
                f"{row['max']:.2f} | {row.get('ratio', float('nan')):.2f} | {row['gflops']:.1f} |"
                f" {row['roofline']:.0%} | {row['first_fit']:.1f} | "
                f"{_compile_cell(row)} | {row['peak_mb']:.0f} | "
                f"{_COSTS_CELL[row['costs_ok']]} |")
    lines += ["", "Workloads: " + "; ".join(f"{w.key} {w.title}" for w in WORKLOADS.values()), ""]
    return "\n".join(lines).replace("| nan |", "| - |")


def _compile_cell(row):
    if "cold_compile" not in row:
        return "-"
    return f"{row['cold_compile']:.1f} / {row['warm_compile']:.1f}"


def plot(table, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = list(table)
    impls = sorted({r["impl"] for rows in table.values() for r in rows if "median" in r})
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(keys)), 4))
    width = 0.8 / max(len(impls), 1)
    for i, impl in enumerate(impls):
        values = [next((r["median"] for r in table[k] if r["impl"] == impl and "median" in r),
                       0.0) for k in keys]
        ax.bar([x + i * width for x in range(len(keys))], values, width, label=impl)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(keys))])
    ax.set_xticklabels([f"{k} {d}" for k, d in keys])
    ax.set_ylabel("seconds per 60,000 samples (median)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="3,000 rows, one repeat, no D (under 5 minutes)")
    parser.add_argument("--workloads", default=None,
                        help="comma-separated keys (default A,B,C,D,G; A,B,C,G with --quick)")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--impls", default=",".join(DEFAULT_IMPLS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--n-samples", type=int, default=None,
                        help="rows per timed epoch (default 12,000; 3,000 with --quick)")
    parser.add_argument("--out", default=str(HERE / "results"))
    parser.add_argument("--no-cold", action="store_true",
                        help="skip the cold-cache compile measurement (10-20 s per workload)")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else args.repeats
    workloads = (args.workloads or ("A,B,C,G" if args.quick else ",".join(WORKLOADS))).split(",")
    unknown = [key for key in workloads if key not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {unknown}; choose from {sorted(WORKLOADS)}")
    n_samples = args.n_samples or (3_000 if args.quick else 12_000)
    impls = [i for i in args.impls.split(",") if i]
    unknown = [i for i in impls if i not in NEEDS]
    if unknown:
        parser.error(f"unknown implementation(s) {unknown}; choose from {sorted(NEEDS)}")
    skipped = [i for i in impls if not available(i)]
    for impl in skipped:
        print(f"skipped {impl}: its package ({NEEDS[impl]}) is not installed", flush=True)
    impls = [i for i in impls if i not in skipped]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key in workloads:
            for dtype in args.dtypes.split(","):
                measured = measure(WORKLOADS[key], dtype, impls, repeats, n_samples, Path(tmp),
                                   lambda line: print(line, flush=True), cold=not args.no_cold)
                table[(key, dtype)] = summarize(dtype, measured)
    meta = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
            "date": subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True,
                                   text=True).stdout.strip(),
            "n_samples": n_samples, "repeats": repeats, "skipped": skipped}
    text = markdown(table, meta)
    (out / "suite.md").write_text(text)
    (out / "suite.json").write_text(json.dumps(
        {"meta": meta, "table": {f"{k} {d}": rows for (k, d), rows in table.items()}}, indent=1))
    plot(table, out / "suite.png")
    print(text)
    mismatches = [(k, r["impl"]) for k, rows in table.items() for r in rows
                  if "median" in r and r["costs_ok"] is False]
    if mismatches:
        print(f"cost mismatch against NumPy: {mismatches}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
