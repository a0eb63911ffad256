"""Evaluation helpers for learned representations."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def knn_accuracy(train_codes, train_labels, test_codes, test_labels, k=5):
    """Accuracy of a k-nearest-neighbour vote on learned codes.

    Each test code takes the most common label among its ``k`` nearest
    training codes (Euclidean); ties go to the label of the nearer neighbour.

    Parameters
    ----------
    train_codes : array_like, shape (n_train, d)
    train_labels : array_like of int, shape (n_train,)
    test_codes : array_like, shape (n_test, d)
    test_labels : array_like of int, shape (n_test,)
    k : int, default 5

    Returns
    -------
    float
        Fraction of test codes classified correctly.

    Examples
    --------
    >>> codes = [[0.0], [0.1], [1.0], [1.1]]
    >>> knn_accuracy(codes, [0, 0, 1, 1], [[0.05], [1.05]], [0, 1], k=1)
    1.0
    """
    train_codes = np.asarray(train_codes, dtype=float)
    test_codes = np.asarray(test_codes, dtype=float)
    train_labels = np.asarray(train_labels).astype(np.int64)
    test_labels = np.asarray(test_labels).astype(np.int64)
    if train_codes.ndim != 2 or test_codes.ndim != 2 or train_codes.shape[1] != test_codes.shape[1]:
        raise ValueError("codes must be 2-D arrays with the same number of columns")
    if len(train_labels) != len(train_codes) or len(test_labels) != len(test_codes):
        raise ValueError("each code array needs one label per row")
    if not 1 <= k <= len(train_codes):
        raise ValueError(f"k must be between 1 and {len(train_codes)}, got {k}")
    _, neighbours = cKDTree(train_codes).query(test_codes, k=k)
    votes = train_labels[np.asarray(neighbours).reshape(len(test_codes), k)]
    n_labels = int(max(train_labels.max(), test_labels.max())) + 1
    counts = np.zeros((len(test_codes), n_labels))
    for rank in range(k):  # nearer neighbours get a slightly larger vote
        counts[np.arange(len(test_codes)), votes[:, rank]] += 1 + (k - rank) * 1e-6
    return float(np.mean(counts.argmax(axis=1) == test_labels))
