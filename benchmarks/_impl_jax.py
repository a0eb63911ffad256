"""JAX: the whole training step under ``jax.jit`` (optional peer)."""

from __future__ import annotations

import time

import numpy as np


def _losses(jnp, jax):
    def xwing(params, xb, yb, mask):
        Ws, bis, bos = params[0::3], params[1::3], params[2::3]
        h = xb
        for W, b in zip(Ws, bis):
            h = jax.nn.sigmoid(h @ W + b)
        for W, b in zip(reversed(Ws), reversed(bos)):
            h = jax.nn.sigmoid(h @ W.T + b)
        return -jnp.mean(xb * jnp.log(h) + (1 - xb) * jnp.log(1 - h))

    def ann(params, xb, yb, mask):
        h = xb
        for W, b in zip(params[2::2], params[3::2]):
            h = jax.nn.sigmoid(h @ W + b)
        log_p = jax.nn.log_softmax(h @ params[0] + params[1])
        return -jnp.mean(jnp.take_along_axis(log_p, yb[:, None], axis=1))

    def denoising(params, xb, yb, mask):
        W, b, b_prime = params
        h = jax.nn.sigmoid(xb * mask @ W + b)
        z = jax.nn.sigmoid(h @ W.T + b_prime)
        return -jnp.mean(jnp.sum(xb * jnp.log(z) + (1 - xb) * jnp.log(1 - z), axis=1))

    return {"A": xwing, "B": ann, "C": denoising}


def run(workload, dtype, X, y, init, check_steps):
    """Check costs and one timed epoch (after a warm-up epoch, which also compiles)."""
    import jax

    if dtype == "float64":
        jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    loss = _losses(jnp, jax)[workload.key]
    bs = workload.batch_size

    def make_step(hyper):
        lr, mu, level = hyper["learning_rate"], hyper.get("momentum", 0.0), hyper.get(
            "corruption", 0.0)

        def step(params, velocities, key, xb, yb):
            key, sub = jax.random.split(key)
            mask = (jax.random.uniform(sub, xb.shape, dtype=xb.dtype) >= level).astype(xb.dtype)
            cost, grads = jax.value_and_grad(loss)(params, xb, yb, mask)
            velocities = [mu * v - lr * g for v, g in zip(velocities, grads)]
            params = [p + v for p, v in zip(params, velocities)]
            return params, velocities, key, cost

        return jax.jit(step, donate_argnums=(0, 1))

    data_x = jnp.asarray(X)
    data_y = jnp.zeros(len(X), jnp.int32) if y is None else jnp.asarray(y.astype(np.int32))

    def epoch(step, state, max_steps=None):
        params, velocities, key = state
        costs = []
        for index, start in enumerate(range(0, len(X) - bs + 1, bs)):
            if max_steps is not None and index >= max_steps:
                break
            params, velocities, key, cost = step(params, velocities, key, data_x[start:start + bs],
                                                 data_y[start:start + bs])
            costs.append(cost)
        jax.block_until_ready(params)
        return (params, velocities, key), [float(c) for c in costs]

    def fresh():
        params = [jnp.asarray(w.astype(dtype)) for w in init]
        return params, [jnp.zeros_like(p) for p in params], jax.random.PRNGKey(0)

    _, costs = epoch(make_step(dict(workload.hyper, **workload.check_hyper)), fresh(), check_steps)
    step = make_step(workload.hyper)
    started = time.perf_counter()
    state, _ = epoch(step, fresh())
    first = time.perf_counter() - started
    started = time.perf_counter()
    epoch(step, state)
    return {"costs": costs, "seconds": time.perf_counter() - started, "first_fit_seconds": first}
