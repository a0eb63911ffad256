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

    def softmax_regression(params, xb, yb, mask):
        (W,) = params
        log_p = jax.nn.log_softmax(xb @ W[1:] + W[0])
        return -jnp.mean(jnp.take_along_axis(log_p, yb[:, None], axis=1))

    def mlp(params, xb, yb, mask):
        W0, b0, W1, b1 = params
        log_p = jax.nn.log_softmax(jax.nn.relu(xb @ W0 + b0) @ W1 + b1)
        return -jnp.mean(jnp.take_along_axis(log_p, yb[:, None], axis=1))

    return {"A": xwing, "B": ann, "C": denoising, "D": softmax_regression, "G": mlp}


def _adam_update(jnp, params, state, grads, lr, b1=0.9, b2=0.999, eps=1e-8):
    """Keras 1's Adam (graphae.updates.adam): ``(params, state)`` after one step."""
    moments, t = state[:-1], state[-1] + 1
    rate = lr * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
    new_params, new_moments = [], []
    for p, (m, v), g in zip(params, moments, grads):
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        new_params.append(p - rate * m / (jnp.sqrt(v) + eps))
        new_moments.append((m, v))
    return new_params, [*new_moments, t]


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
            if workload.key == "G":  # "velocities" holds Adam's moments and step count
                params, velocities = _adam_update(jnp, params, velocities, grads, lr)
                return params, velocities, key, cost
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
        if workload.key == "G":
            state = [(jnp.zeros_like(p), jnp.zeros_like(p)) for p in params]
            return params, [*state, jnp.zeros((), dtype)], jax.random.PRNGKey(0)
        return params, [jnp.zeros_like(p) for p in params], jax.random.PRNGKey(0)

    check, state, costs = make_step(dict(workload.hyper, **workload.check_hyper)), fresh(), []
    while len(costs) < check_steps:  # a full-batch workload (D) has one step per epoch
        state, more = epoch(check, state, check_steps - len(costs))
        costs += more
    step = make_step(workload.hyper)

    def timed(state):
        started = time.perf_counter()
        for _ in range(workload.passes):
            state, _ = epoch(step, state)
        return state, time.perf_counter() - started

    state, first = timed(fresh())
    _, seconds = timed(state)
    return {"costs": costs, "seconds": seconds, "first_fit_seconds": first}
