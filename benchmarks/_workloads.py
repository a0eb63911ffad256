"""The benchmark workloads: shapes, hyper-parameters, data and initial weights.

Every implementation of a workload (graphae, NumPy, PyTorch, JAX) trains
from the same initial weights on the same minibatches in the same order,
so the suite can check that they compute the same costs before it times
them. The initial weights are graphae's own draw for ``random_state=0``
(what a user of graphae starts from), written once per run to a file the
peers read.
"""

from __future__ import annotations

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class Workload:
    """One training workload.

    Attributes
    ----------
    key : str
        ``"A"``, ``"B"``...
    title : str
    batch_size : int
    n_samples : int
        Rows of random MNIST-shaped data timed per epoch (the issue's 12,000).
    hyper : dict
        Learning rate, momentum, corruption...
    check_hyper : dict
        Overrides for the correctness check (noise switched off, so that
        peers with their own random streams compute the same costs; D's
        check runs 3 full-batch epochs, not the 10 of a timed run).
    labels : bool
        Whether the workload trains on labels.
    fixed_samples : int, optional
        Rows of every run of this workload, whatever the suite's ``--n-samples``
        (D's full batch is the issue's 60,000).
    passes : int
        Epochs of one timed run (D: ten full-batch steps, so one run is not a
        single 20 ms step); seconds per 60,000 count the rows of every pass.
    """

    key: str
    title: str
    batch_size: int
    n_samples: int
    hyper: dict
    check_hyper: dict = dataclasses.field(default_factory=dict)
    labels: bool = False
    fixed_samples: int | None = None
    passes: int = 1


WORKLOADS = {
    "A": Workload("A", "X-wing 784-500-300-2 tied, momentum, batch 100", 100, 12_000,
                  {"sizes": (500, 300, 2), "learning_rate": 0.5, "momentum": 0.99, "tied": True}),
    "B": Workload("B", "ANN 784-1000-750-500-10, momentum, batch 100", 100, 12_000,
                  {"sizes": (1000, 750, 500), "learning_rate": 0.01, "momentum": 0.99,
                   "n_classes": 10}, labels=True),
    "C": Workload("C", "dA 784-500, corruption 0.3, batch 20", 20, 12_000,
                  {"n_hidden": 500, "learning_rate": 0.1, "corruption": 0.3, "tied": True},
                  check_hyper={"corruption": 0.0}),
    # random rows in [0, 1) are far more correlated than digits: the seed's rate 1 diverges
    "D": Workload("D", "softmax regression 60,000 x 785, full batch, 10 steps per run", 60_000,
                  60_000, {"sizes": (), "learning_rate": 0.01, "n_classes": 10}, labels=True,
                  check_hyper={"epochs": 3}, fixed_samples=60_000, passes=10),
    "G": Workload("G", "MLP 784-512-10 relu, Adam, batch 100", 100, 12_000,
                  {"sizes": (512,), "learning_rate": 0.001, "n_classes": 10}, labels=True),
}


def data(workload, dtype, n_samples=None, seed=0):
    """Random MNIST-shaped rows in [0, 1) (and labels 0-9) for ``workload``."""
    rng = np.random.default_rng(seed)
    n = n_samples or workload.n_samples
    X = rng.random((n, 784)).astype(dtype)
    y = rng.integers(0, 10, n) if workload.labels else None
    return X, y


def load_init(path):
    """The initial weights written by the suite: a list of arrays in graphae's order."""
    with np.load(path) as archive:
        return [archive[f"p{i}"] for i in range(len(archive.files))]


def save_init(path, weights):
    """Write ``weights`` (graphae's ``params_`` order) for the peers."""
    np.savez(path, **{f"p{i}": np.asarray(w) for i, w in enumerate(weights)})
