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

    return {"A": xwing, "B": ann, "C": denoising}


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
        velocities = [torch.zeros_like(p) for p in params]
        step = _make_step(torch, loss, hyper)
        return params, velocities, (torch.compile(step) if compiled else step)

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
    costs = epoch(fresh(check_hyper), check_hyper, check_steps)
    state = fresh(workload.hyper)
    started = time.perf_counter()
    epoch(state, workload.hyper)
    first = time.perf_counter() - started
    started = time.perf_counter()
    epoch(state, workload.hyper)
    return {"costs": costs, "seconds": time.perf_counter() - started, "first_fit_seconds": first}
