"""Seed 003 §19.3: the vanishing gradient in a chain of five one-unit sigmoid layers.

Weights (1, -2, -2, -2, 1), input x = 1, target t = 0.5, error
E = ½ (y5 - t)². The forward values and each weight's gradient, computed by
graphae's dense layers and PyTensor's backpropagation, beside the values the
lecture computes by hand: the gradients shrink towards the input.

    python examples/seed003_vanishing_chain.py
"""

import numpy as np

from graphae.diagnostics import SEED003_CHAIN, sigmoid_chain_gradients


def main():
    chain = SEED003_CHAIN
    outputs, gradients = sigmoid_chain_gradients(chain["weights"], chain["x"], chain["target"])
    print(f"{'layer':<7}{'w':>5}{'y (graphae)':>20}{'y (seed)':>20}{'dE/dw (graphae)':>24}"
          f"{'dE/dw (seed)':>24}")
    for i, w in enumerate(chain["weights"]):
        print(f"{i + 1:<7}{w:>5.0f}{outputs[i]:>20.15f}{chain['outputs'][i]:>20.15f}"
              f"{gradients[i]:>24.17g}{chain['gradients'][i]:>24.17g}")
    worst = np.max(np.abs(gradients - np.asarray(chain["gradients"])))
    print(f"largest gradient difference from the seed: {worst:.1e}")
    print(f"|dE/dw1| / |dE/dw5| = {abs(gradients[0] / gradients[-1]):.4f}: the gradient vanishes "
          "towards the input")


if __name__ == "__main__":
    main()
