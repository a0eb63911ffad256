"""Seed 002: Heaviside units θ(w·x + b) realise and, or, not, and two layers any boolean function.

A unit with ``w = (1, ..., 1), b = -n + 0.5`` is AND, ``b = -0.5`` is OR, and
``w = -1, b = 0.5`` is NOT. Any function is an OR of conjunctions (its DNF):
the first layer has one AND unit per true row of the truth table (weight +1
for a variable that is 1 in it, -1 for one that is 0), the second ORs them.
XOR = (not x and y) or (x and not y) is the seed's example.

    python examples/seed002_boolean_networks.py
"""

import itertools

import numpy as np
import pytensor.tensor as pt

from graphae.nonlinearities import heaviside

GATES = {  # (weights, bias) for 2 inputs, as the seed derives them
    "and": (np.array([1.0, 1.0]), -2 + 0.5),
    "or": (np.array([1.0, 1.0]), -0.5),
}
NOT = (np.array([-1.0]), 0.5)


def unit(inputs, weights, bias):
    """Symbolic ``θ(inputs · weights + bias)``."""
    return heaviside(pt.dot(inputs, pt.constant(weights)) + bias)


def dnf_network(truth_table):
    """``(W1, b1, w2, b2)`` of the two-layer network computing ``truth_table``.

    Parameters
    ----------
    truth_table : dict of tuple of int to bool
        Every input row of ``{0, 1}^n`` and the function's value there.
    """
    n = len(next(iter(truth_table)))
    true_rows = [row for row, value in sorted(truth_table.items()) if value]
    W1 = np.array([[1.0 if bit else -1.0 for bit in row] for row in true_rows]).reshape(-1, n).T
    b1 = np.array([-sum(row) + 0.5 for row in true_rows])
    return W1, b1, np.ones(len(true_rows)), -0.5


def network_output(network, X):
    """The network's 0/1 output on the rows of ``X`` (NumPy in, NumPy out)."""
    W1, b1, w2, b2 = network
    hidden = heaviside(pt.dot(pt.constant(X), pt.constant(W1)) + b1)
    return heaviside(pt.dot(hidden, pt.constant(w2)) + b2).eval()


def all_inputs(n):
    """Every row of ``{0, 1}^n`` as a float matrix, in binary order."""
    return np.array(list(itertools.product([0.0, 1.0], repeat=n)))


def main():
    X = all_inputs(2)
    for name, (weights, bias) in GATES.items():
        print(f"{name}: {unit(pt.constant(X), weights, bias).eval().astype(int).tolist()} "
              f"on {X.astype(int).tolist()}")
    print(f"not: {unit(pt.constant(np.array([[0.0], [1.0]])), *NOT).eval().astype(int).tolist()} "
          f"on [0, 1]")
    xor = {tuple(int(v) for v in row): bool(row[0]) != bool(row[1]) for row in X}
    print(f"xor through its DNF: {network_output(dnf_network(xor), X).astype(int).tolist()}")
    rng = np.random.default_rng(0)
    X3 = all_inputs(3)
    for _ in range(3):
        values = rng.integers(0, 2, len(X3)).astype(bool)
        table = {tuple(int(v) for v in row): value for row, value in zip(X3, values)}
        got = network_output(dnf_network(table), X3).astype(bool)
        print(f"random f of 3 variables {values.astype(int).tolist()}: network "
              f"{got.astype(int).tolist()} {'equal' if (got == values).all() else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
