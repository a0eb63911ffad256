"""PyTorch: eager autograd, and the same step under ``torch.compile`` (optional peer)."""

from __future__ import annotations

import time

import numpy as np


def _losses(torch):
    def xwing(params, xb, yb, mask):
        Ws, bis, bos = params[0::3], params[1::3], params[2::3]
        h = xb
        for W, b in zip(Ws, bis):
            h = torch.sigmoid(h @ W + b)
        for W, b in zip(reversed(Ws), reversed(bos)):
            h = torch.sigmoid(h @ W.T + b)
        return -(xb * torch.log(h) + (1 - xb) * torch.log(1 - h)).mean()

    def ann(params, xb, yb, mask):
        h = xb
        for W, b in zip(params[2::2], params[3::2]):
            h = torch.sigmoid(h @ W + b)
        logits = h @ params[0] + params[1]
        return torch.nn.functional.cross_entropy(logits, yb)

    def denoising(params, xb, yb, mask):
        W, b, b_prime = params
        h = torch.sigmoid((xb if mask is None else xb * mask) @ W + b)
        z = torch.sigmoid(h @ W.T + b_prime)
        return -(xb * torch.log(z) + (1 - xb) * torch.log(1 - z)).sum(dim=1).mean()

    def softmax_regression(params, xb, yb, mask):
        (W,) = params
        return torch.nn.functional.cross_entropy(xb @ W[1:] + W[0], yb)

    def mlp(params, xb, yb, mask):
        W0, b0, W1, b1 = params
        return torch.nn.functional.cross_entropy(torch.relu(xb @ W0 + b0) @ W1 + b1, yb)

    return {"A": xwing, "B": ann, "C": denoising, "D": softmax_regression, "G": mlp}


def _make_adam_step(torch, loss, hyper, compiled, dtype, b1=0.9, b2=0.999, eps=1e-8):
    """Keras 1's Adam (graphae.updates.adam), by hand: torch.optim.Adam scales eps otherwise.

    The step count stays in Python and the bias-corrected rate enters as a
    0-d tensor: one compiled graph for every step, and no in-place counter
    inside it (torch.compile gave NaN from the second float64 step with one).
    """
    lr = hyper["learning_rate"]

    def update(params, moments, rate, xb, yb, mask):
        cost = loss(params, xb, yb, mask)
        grads = torch.autograd.grad(cost, params)
        with torch.no_grad():
            for p, (m, v), g in zip(params, moments, grads):
                m.mul_(b1).add_((1 - b1) * g)
                v.mul_(b2).add_((1 - b2) * g * g)
                p.sub_(rate * m / (torch.sqrt(v) + eps))
        return cost.detach()

    inner = torch.compile(update) if compiled else update
    steps = [0]

    def step(params, moments, xb, yb, mask):
        steps[0] += 1
        t = steps[0]
        rate = torch.tensor(lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t), dtype=dtype)
        return inner(params, moments, rate, xb, yb, mask)

    return step


def _make_step(torch, loss, hyper):
    lr, mu = hyper["learning_rate"], hyper.get("momentum", 0.0)

    def step(params, velocities, xb, yb, mask):
        cost = loss(params, xb, yb, mask)
        grads = torch.autograd.grad(cost, params)
        with torch.no_grad():
            for p, v, g in zip(params, velocities, grads):
                if mu:
                    v.mul_(mu).sub_(lr * g)
                    p.add_(v)
                else:
                    p.sub_(lr * g)
        return cost.detach()

    return step


def run(workload, dtype, X, y, init, check_steps, compiled=False):
    """Check costs and one timed epoch (after a warm-up epoch, which also compiles)."""
    import torch

    torch_dtype = getattr(torch, dtype)
    loss = _losses(torch)[workload.key]
    data_x = torch.from_numpy(X)
    data_y = None if y is None else torch.from_numpy(y.astype(np.int64))
    generator = torch.Generator().manual_seed(0)

    def fresh(hyper):
        params = [torch.tensor(w, dtype=torch_dtype, requires_grad=True) for w in init]
        if workload.key == "G":
            moments = [[torch.zeros_like(p), torch.zeros_like(p)] for p in params]
            return params, moments, _make_adam_step(torch, loss, hyper, compiled, torch_dtype)
        step = _make_step(torch, loss, hyper)
        return params, [torch.zeros_like(p) for p in params], (
            torch.compile(step) if compiled else step)

    def epoch(state, hyper, max_steps=None):
        params, velocities, step = state
        level, costs, bs = hyper.get("corruption", 0.0), [], workload.batch_size
        for index, start in enumerate(range(0, len(X) - bs + 1, bs)):
            if max_steps is not None and index >= max_steps:
                break
            xb = data_x[start:start + bs]
            yb = None if data_y is None else data_y[start:start + bs]
            mask = None
            if level:
                mask = (torch.rand(xb.shape, generator=generator, dtype=torch_dtype) >= level
                        ).to(torch_dtype)
            costs.append(step(params, velocities, xb, yb, mask))
        return [float(c) for c in costs]

    check_hyper = dict(workload.hyper, **workload.check_hyper)
    check, costs = fresh(check_hyper), []
    while len(costs) < check_steps:  # a full-batch workload (D) has one step per epoch
        costs += epoch(check, check_hyper, check_steps - len(costs))
    state = fresh(workload.hyper)

    def timed():
        started = time.perf_counter()
        for _ in range(workload.passes):
            epoch(state, workload.hyper)
        return time.perf_counter() - started

    first = timed()
    return {"costs": costs, "seconds": timed(), "first_fit_seconds": first}
