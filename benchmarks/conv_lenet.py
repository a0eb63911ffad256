"""LeNet's convolution and pooling layers: graphae's conv2d + pool_2d against PyTorch's.

One training step of the deeplearning.net LeNet's two conv-pool layers
(minibatch 500 of 1 x 28 x 28 images; 20 filters 5 x 5, max-pool 2 x 2; 50
filters 20 x 5 x 5, max-pool 2 x 2; tanh), forward and backward (the
gradients of a sum of the outputs with respect to the filters and biases),
float32 on the CPU. graphae compiles the step once (C + BLAS); PyTorch runs
``torch.nn.functional.conv2d`` / ``max_pool2d`` eagerly. Both run in this
process, alternating, so the ratio holds on a noisy machine. The gradients
are checked against each other before timing.

    python benchmarks/conv_lenet.py [--repeats 5] [--batch 500]

Prints milliseconds per step (median) and the ratio graphae / PyTorch
(below 1: graphae faster).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pytensor.tensor as pt

from graphae.backend import compile_function, grad, shared
from graphae.convolution import conv2d, pool_2d

SHAPES = [(20, 1, 5, 5), (50, 20, 5, 5)]


def graphae_step(images, filters, biases):
    x = pt.tensor4("x", dtype="float32")
    W = [shared(f, f"W{i}", "float32") for i, f in enumerate(filters)]
    b = [shared(v, f"b{i}", "float32") for i, v in enumerate(biases)]
    h = x
    for Wi, bi in zip(W, b):
        h = pt.tanh(pool_2d(conv2d(h, Wi), (2, 2)) + bi.dimshuffle("x", 0, "x", "x"))
    cost = h.sum()
    return compile_function([x], [cost, *grad(cost, W + b)])


def torch_step(torch, filters, biases):
    F = torch.nn.functional
    W = [torch.tensor(f, requires_grad=True) for f in filters]
    b = [torch.tensor(v, requires_grad=True) for v in biases]

    def step(images):
        h = torch.from_numpy(images)
        for Wi, bi in zip(W, b):
            # PyTorch correlates; graphae's conv2d convolves (flips): flip to compare
            h = torch.tanh(F.max_pool2d(F.conv2d(h, Wi.flip(2, 3)), 2) + bi[None, :, None, None])
        cost = h.sum()
        grads = torch.autograd.grad(cost, W + b)
        return [cost.detach().numpy(), *(g.numpy() for g in grads)]

    return step


def _timed(step, images, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        step(images)
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    images = rng.random((args.batch, 1, 28, 28), dtype=np.float32)
    filters = [(rng.standard_normal(s) * 0.1).astype(np.float32) for s in SHAPES]
    biases = [np.zeros(s[0], np.float32) for s in SHAPES]
    ours = graphae_step(images, filters, biases)
    try:
        import torch
    except ImportError:
        torch = None
    results = {"graphae": [], "torch": []}
    peers = {"graphae": ours}
    if torch is not None:
        torch.set_num_threads(max(1, torch.get_num_threads()))
        peers["torch"] = torch_step(torch, filters, biases)
        for a, b in zip(ours(images), peers["torch"](images)):
            # float32 sums of ~300,000 terms: compare against the array's scale
            scale = float(np.abs(b).max())
            if np.abs(a - b).max() > 1e-3 * scale:
                raise AssertionError(f"graphae and PyTorch disagree: {np.abs(a - b).max()} "
                                     f"on values up to {scale}")
    for step in peers.values():
        step(images)  # warm-up
    for _ in range(3):  # alternate, so a slow spell of the machine hits both
        for name, step in peers.items():
            results[name].append(_timed(step, images, args.repeats))
    medians = {name: float(np.median(times)) * 1000 for name, times in results.items() if times}
    for name, ms in medians.items():
        print(f"{name:8s} {ms:8.1f} ms per step (batch {args.batch})")
    if "torch" in medians:
        print(f"ratio graphae / torch: {medians['graphae'] / medians['torch']:.2f}")
    return medians


if __name__ == "__main__":
    main()
