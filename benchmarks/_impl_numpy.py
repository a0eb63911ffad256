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


def _log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _cross_entropy_and_delta(logits, yb):
    """Mean cross-entropy of integer labels, and its gradient with respect to the logits."""
    log_p = _log_softmax(logits)
    rows = np.arange(len(yb))
    delta = np.exp(log_p)
    delta[rows, yb] -= 1
    return -log_p[rows, yb].mean(), delta / len(yb)


def _softmax_regression(params, hyper):
    (W,) = params  # the bias is W's first row, as graphae's SoftmaxRegression
    learning_rate = hyper["learning_rate"]

    def step(xb, yb, rng):
        cost, delta = _cross_entropy_and_delta(xb @ W[1:] + W[0], yb)
        W[1:] -= learning_rate * (xb.T @ delta)
        W[0] -= learning_rate * delta.sum(axis=0)
        return cost

    return step


def _adam(params, learning_rate, b1=0.9, b2=0.999, eps=1e-8):
    """Keras 1's Adam (graphae.updates.adam) on ``params`` in place; returns ``apply(grads)``."""
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    t = [0]

    def apply(grads):
        t[0] += 1
        rate = learning_rate * np.sqrt(1 - b2 ** t[0]) / (1 - b1 ** t[0])
        for p, (m, v), g in zip(params, moments, grads):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= rate * m / (np.sqrt(v) + eps)

    return apply


def _mlp_adam(params, hyper):
    W0, b0, W1, b1 = params
    apply = _adam(params, hyper["learning_rate"])

    def step(xb, yb, rng):
        a = xb @ W0 + b0
        h = np.maximum(a, 0)
        cost, delta = _cross_entropy_and_delta(h @ W1 + b1, yb)
        delta_h = (delta @ W1.T) * (a > 0)
        apply([xb.T @ delta_h, delta_h.sum(axis=0), h.T @ delta, delta.sum(axis=0)])
        return cost

    return step


_BUILDERS = {"A": _xwing, "B": _ann, "C": _denoising, "D": _softmax_regression, "G": _mlp_adam}


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
    costs = []
    while len(costs) < check_steps:  # a full-batch workload (D) has one step per epoch
        costs += epoch(check, X, y, workload.batch_size, rng, check_steps - len(costs))
    step = build([w.astype(dtype) for w in init], workload.hyper)

    def timed():
        started = time.perf_counter()
        for _ in range(workload.passes):
            epoch(step, X, y, workload.batch_size, rng)
        return time.perf_counter() - started

    first = timed()
    return {"costs": costs, "seconds": timed(), "first_fit_seconds": first}
