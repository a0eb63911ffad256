"""Seed 002's Keras networks on graphae: one function trains and scores one of them."""

from __future__ import annotations

import _common
from graphae.models import NetworkClassifier

BATCH_SIZE = 128  # In [10]
SEED = 1337  # np.random.seed(1337) before every model


def train_and_score(layers, X, y, X_test, y_test, optimizer="sgd", epochs=50, verbose=0,
                    **options):
    """Fit ``NetworkClassifier(layers)`` as the seed's ``model.fit``; returns (accuracy, seconds).

    ``validation_data`` is the test set, as in the seed (it only reports it).
    """
    model = NetworkClassifier(layers, optimizer=optimizer, epochs=epochs, batch_size=BATCH_SIZE,
                              random_state=SEED, verbose=verbose, **options)
    with _common.Timer() as timer:
        model.fit(X, y, validation_data=(X_test, y_test))
    return model.score(X_test, y_test), timer.seconds
