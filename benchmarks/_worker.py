"""One measurement in a fresh process; prints one JSON line (run by ``suite.py``).

    python benchmarks/_worker.py '{"task": "run", "impl": "numpy", "workload": "A",
                                   "dtype": "float32", "init": "init_A_float32.npz"}'

Tasks: ``init`` (write graphae's initial weights), ``run`` (check costs and
time one epoch), ``gemm`` (the GEMM throughput at the workload's shapes).
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from _workloads import WORKLOADS, data, load_init, save_init  # noqa: E402

#: implementation name -> (module, keyword arguments of its run)
IMPLEMENTATIONS = {
    "graphae": ("_impl_graphae", {}),
    "graphae-numba": ("_impl_graphae", {"mode": "numba"}),
    "graphae-jax": ("_impl_graphae", {"mode": "jax"}),
    "numpy": ("_impl_numpy", {}),
    "torch": ("_impl_torch", {}),
    "torch-compile": ("_impl_torch", {"compiled": True}),
    "jax": ("_impl_jax", {}),
}


def step_shapes(workload):
    """``(m, k, n)`` of every GEMM of one training step (forward and backward)."""
    sizes = [784, *workload.hyper.get("sizes", (workload.hyper.get("n_hidden"),))]  # D: 784-10
    if workload.labels:
        sizes.append(workload.hyper["n_classes"])
    pairs = list(zip(sizes[:-1], sizes[1:]))
    if workload.hyper.get("tied"):
        pairs += [(b, a) for a, b in reversed(pairs)]
    b = workload.batch_size
    shapes = []
    for index, (fan_in, fan_out) in enumerate(pairs):
        shapes += [(b, fan_in, fan_out), (fan_in, b, fan_out)]  # forward, weight gradient
        if index:  # no gradient flows into the data
            shapes.append((b, fan_out, fan_in))
    return shapes


def gemm_seconds_per_epoch(workload, dtype, n_samples, repeats=5, min_seconds=0.3):
    """Seconds the GEMMs alone of one epoch take (NumPy's BLAS), best of ``repeats``.

    Each repeat runs the step's GEMMs, with preallocated outputs, for at least
    ``min_seconds``; the best time per step is scaled to the epoch.
    """
    rng = np.random.default_rng(0)
    operands = [(rng.random((m, k)).astype(dtype), rng.random((k, n)).astype(dtype),
                 np.empty((m, n), dtype)) for m, k, n in step_shapes(workload)]
    steps = n_samples // workload.batch_size
    best = np.inf
    for _ in range(repeats):
        started, done = time.perf_counter(), 0
        while done == 0 or time.perf_counter() - started < min_seconds:
            for a, b, out in operands:
                np.matmul(a, b, out=out)
            done += 1
        best = min(best, (time.perf_counter() - started) / done)
    flops = sum(2 * m * k * n for m, k, n in step_shapes(workload)) * steps
    return best * steps, flops


def main(argv):
    request = json.loads(argv[1])
    workload, dtype = WORKLOADS[request["workload"]], request["dtype"]
    if "batch_size" in request:  # scaling.py varies it
        workload = dataclasses.replace(workload, batch_size=int(request["batch_size"]))
    n = workload.fixed_samples or request.get("n_samples", workload.n_samples)
    result = {"request": request}
    if request["task"] == "init":
        from _impl_graphae import initial_weights

        save_init(request["init"], initial_weights(workload, dtype))
    elif request["task"] == "gemm":
        result["gemm_seconds"], result["flops"] = gemm_seconds_per_epoch(
            workload, dtype, n * workload.passes)
    else:
        import importlib

        module_name, options = IMPLEMENTATIONS[request["impl"]]
        module = importlib.import_module(module_name)
        X, y = data(workload, dtype, n)
        check = request.get("check_steps", 3)
        if module_name == "_impl_graphae":
            result.update(module.run(workload, dtype, X, y, check, **options))
        else:
            result.update(module.run(workload, dtype, X, y, load_init(request["init"]), check,
                                     **options))
        result["n_samples"] = n * workload.passes  # rows the timed run went through
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
