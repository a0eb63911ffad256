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
