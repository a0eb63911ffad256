"""NumPy by hand: the forward and backward passes written out (``tests/reference.py``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference import ann_cost_and_grads, momentum_step, sigmoid, xwing_cost_and_grads  # noqa: E402


def _xwing(params, hyper):
    Ws, bis, bos = params[0::3], params[1::3], params[2::3]
    ordered = Ws + bis + bos
    velocities = [np.zeros_like(p) for p in ordered]

    def step(xb, yb, rng):
        cost, gW, gbi, gbo = xwing_cost_and_grads(xb, Ws, bis, bos)
        momentum_step(ordered, velocities, gW + gbi + gbo, hyper["learning_rate"],
                      hyper["momentum"])
        return cost

    return step


def _ann(params, hyper):
    # graphae's ANN order: output [W, b] first, then each hidden layer's.
    Ws = params[2::2] + [params[0]]
    bs = params[3::2] + [params[1]]
    velocities = [np.zeros_like(p) for p in Ws + bs]

    def step(xb, yb, rng):
        cost, _, gW, gb = ann_cost_and_grads(xb, yb, Ws, bs)
        momentum_step(Ws + bs, velocities, gW + gb, hyper["learning_rate"], hyper["momentum"])
        return cost

    return step


def _denoising(params, hyper):
    W, b, b_prime = params
    level, learning_rate = hyper["corruption"], hyper["learning_rate"]

    def step(xb, yb, rng):
        x_tilde = xb * (rng.random(xb.shape) >= level) if level else xb
        h = sigmoid(x_tilde @ W + b)
        z = sigmoid(h @ W.T + b_prime)
        cost = -np.mean(np.sum(xb * np.log(z) + (1 - xb) * np.log(1 - z), axis=1))
        delta_z = (z - xb) / len(xb)
        delta_h = (delta_z @ W) * h * (1 - h)
        gW = x_tilde.T @ delta_h + delta_z.T @ h
        for param, grad in ((W, gW), (b, delta_h.sum(axis=0)), (b_prime, delta_z.sum(axis=0))):
            param -= learning_rate * grad  # in place: the closure's arrays
        return cost

    return step


_BUILDERS = {"A": _xwing, "B": _ann, "C": _denoising}


def epoch(step, X, y, batch_size, rng, max_steps=None):
    """One pass over the whole minibatches of ``X``; the costs."""
    costs = []
    for index, start in enumerate(range(0, len(X) - batch_size + 1, batch_size)):
        if max_steps is not None and index >= max_steps:
            break
        yb = None if y is None else y[start:start + batch_size]
        costs.append(float(step(X[start:start + batch_size], yb, rng)))
    return costs


def run(workload, dtype, X, y, init, check_steps):
    """Check costs and one timed epoch (after a warm-up epoch)."""
    build = _BUILDERS[workload.key]
    rng = np.random.default_rng(0)
    check = build([w.astype(dtype) for w in init], dict(workload.hyper, **workload.check_hyper))
    costs = epoch(check, X, y, workload.batch_size, rng, check_steps)
    step = build([w.astype(dtype) for w in init], workload.hyper)
    started = time.perf_counter()
    epoch(step, X, y, workload.batch_size, rng)
    first = time.perf_counter() - started
    started = time.perf_counter()
    epoch(step, X, y, workload.batch_size, rng)
    return {"costs": costs, "seconds": time.perf_counter() - started, "first_fit_seconds": first}
