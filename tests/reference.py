"""Hand-written NumPy versions of the lectures' training steps (float64).

They share no code with graphae: forward passes, backpropagation and the
momentum rule are written out here from the lecture's formulas.
"""

import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def momentum_step(params, velocities, grads, learning_rate, mu):
    """p <- p + mu*dp - lr*g ; dp <- mu*dp - lr*g (both with the old dp)."""
    for p, dp, g in zip(params, velocities, grads):
        step = mu * dp - learning_rate * g
        p += step
        dp[...] = step


def xwing_cost_and_grads(X, Ws, bis, bos):
    """Tied autoencoder: encoder X->...->code with W_l, decoder back with W_l.T."""
    hs = [X]
    for W, bi in zip(Ws, bis):
        hs.append(sigmoid(hs[-1] @ W + bi))
    zs = [hs[-1]]  # zs[k] feeds the decoder layer L-1-k
    for W, bo in zip(reversed(Ws), reversed(bos)):
        zs.append(sigmoid(zs[-1] @ W.T + bo))
    X_hat = zs[-1]
    cost = -np.mean(X * np.log(X_hat) + (1 - X) * np.log(1 - X_hat))
    gW = [np.zeros_like(W) for W in Ws]
    gbi = [np.zeros_like(b) for b in bis]
    gbo = [np.zeros_like(b) for b in bos]
    L = len(Ws)
    delta = (X_hat - X) / X.size  # d cost / d pre-activation of the output
    for k in range(L):  # decoder layers, output first
        layer = k
        inp = zs[L - 1 - k]
        gW[layer] += delta.T @ inp
        gbo[layer] += delta.sum(axis=0)
        grad_inp = delta @ Ws[layer]
        if k < L - 1:
            delta = grad_inp * inp * (1 - inp)
    grad_h = grad_inp
    for layer in reversed(range(L)):  # encoder layers, top first
        out = hs[layer + 1]
        delta = grad_h * out * (1 - out)
        gW[layer] += hs[layer].T @ delta
        gbi[layer] += delta.sum(axis=0)
        grad_h = delta @ Ws[layer].T
    return cost, gW, gbi, gbo


def ann_cost_and_grads(X, Y, Ws, bs):
    """Sigmoid hidden layers, softmax output, mean negative log-likelihood."""
    hs = [X]
    for W, b in zip(Ws[:-1], bs[:-1]):
        hs.append(sigmoid(hs[-1] @ W + b))
    logits = hs[-1] @ Ws[-1] + bs[-1]
    logits -= logits.max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    N = len(Y)
    cost = -np.mean(np.log(P[np.arange(N), Y]))
    error = np.mean(P.argmax(axis=1) != Y)
    delta = P.copy()
    delta[np.arange(N), Y] -= 1
    delta /= N
    gW, gb = [None] * len(Ws), [None] * len(Ws)
    for layer in reversed(range(len(Ws))):
        gW[layer] = hs[layer].T @ delta
        gb[layer] = delta.sum(axis=0)
        if layer:
            delta = (delta @ Ws[layer].T) * hs[layer] * (1 - hs[layer])
    return cost, error, gW, gb


# -- optimisers, from the published update rules (Keras 1's forms) ---------
def nesterov_reference(p, g_of, steps, lr, mu):
    v = np.zeros_like(p)
    for _ in range(steps):
        g = g_of(p)
        v = mu * v - lr * g
        p = p + mu * v - lr * g
    return p


def rmsprop_reference(p, g_of, steps, lr=0.001, rho=0.9, eps=1e-8):
    a = np.zeros_like(p)
    for _ in range(steps):
        g = g_of(p)
        a = rho * a + (1 - rho) * g * g
        p = p - lr * g / (np.sqrt(a) + eps)
    return p


def adadelta_reference(p, g_of, steps, lr=1.0, rho=0.95, eps=1e-8):
    a, d = np.zeros_like(p), np.zeros_like(p)
    for _ in range(steps):
        g = g_of(p)
        a = rho * a + (1 - rho) * g * g
        u = g * np.sqrt(d + eps) / np.sqrt(a + eps)
        p = p - lr * u
        d = rho * d + (1 - rho) * u * u
    return p


def adam_reference(p, g_of, steps, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
    m, v = np.zeros_like(p), np.zeros_like(p)
    for t in range(1, steps + 1):
        g = g_of(p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
    return p


def nadam_reference(p, g_of, steps, lr=0.002, b1=0.9, b2=0.999, eps=1e-8, decay=0.004):
    m, v, m_schedule = np.zeros_like(p), np.zeros_like(p), 1.0
    for t in range(1, steps + 1):
        g = g_of(p)
        mu_t = b1 * (1 - 0.5 * 0.96 ** (t * decay))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * decay))
        m_schedule = m_schedule * mu_t
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        g_hat = g / (1 - m_schedule)
        m_hat = m / (1 - m_schedule * mu_next)
        v_hat = v / (1 - b2 ** t)
        p = p - lr * ((1 - mu_t) * g_hat + mu_next * m_hat) / (np.sqrt(v_hat) + eps)
    return p


def local_gains_reference(p, g_of, steps, lr=0.001, mu=0.9, limits=(0.1, 10.0), bonus=0.05,
                          penalty=0.95):
    """Seed 003 §19.3's local gains, weight by weight, written from the rule."""
    p = np.array(p, dtype=float)
    previous, gains, velocity = np.zeros_like(p), np.ones_like(p), np.zeros_like(p)
    for _ in range(steps):
        g = g_of(p)
        for i in range(p.size):
            if g[i] * previous[i] > 0:
                gains[i] = gains[i] + bonus
            elif g[i] * previous[i] < 0:
                gains[i] = gains[i] * penalty
            gains[i] = min(max(gains[i], limits[0]), limits[1])
            velocity[i] = mu * velocity[i] - lr * gains[i] * g[i]
            p[i] = p[i] + velocity[i]
        previous = g
    return p
