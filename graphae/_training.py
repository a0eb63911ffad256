"""Minibatch training on data held in shared variables.

The dataset is copied once into shared variables; a shared permutation vector
gives each epoch's order, and the compiled step function slices its own
minibatch from them (the tutorials' ``givens`` idiom). Python only passes the
batch index, so no data crosses from Python per batch.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pytensor.tensor as pt

from graphae.backend import shared


class SharedDataset:
    """Arrays living in shared variables, read by minibatch index.

    Parameters
    ----------
    arrays : dict of str to numpy.ndarray
        Equal-length arrays (e.g. ``{"X": X, "Y": Y}``), stored with their
        own dtypes.
    batch_size : int
        Rows per minibatch.
    """

    def __init__(self, arrays, batch_size):
        self.variables = {
            key: shared(value, name=f"data.{key}", dtype=value.dtype)
            for key, value in arrays.items()
        }
        self.order = shared(np.arange(self.n_samples_of(arrays)), name="data.order")
        self.batch_size = shared(np.int64(batch_size), name="data.batch_size")

    @staticmethod
    def n_samples_of(arrays):
        lengths = {len(value) for value in arrays.values()}
        if len(lengths) != 1:
            raise ValueError(f"arrays differ in length: {sorted(lengths)}")
        return lengths.pop()

    def assign(self, arrays, batch_size):
        """Replace the stored arrays (same keys and dtypes) and batch size."""
        n_samples = self.n_samples_of(arrays)
        for key, value in arrays.items():
            self.variables[key].set_value(value)
        self.order.set_value(np.arange(n_samples))
        self.batch_size.set_value(np.int64(batch_size))

    def minibatch(self, key, index):
        """Symbolic rows ``order[index*bs:(index+1)*bs]`` of array ``key``."""
        start = index * self.batch_size
        rows = self.order[start : start + self.batch_size]
        return self.variables[key][rows]

    def reshuffle(self, rng):
        """Draw a new epoch order from ``rng``."""
        self.order.set_value(rng.permutation(len(self.order.get_value())))


def batch_index():
    """The symbolic minibatch index that step functions take."""
    return pt.lscalar("batch_index")


class ProgressPrinter:
    """Plain progress lines: one per epoch (``verbose=1``), plus every 100
    batches as the lectures print (``verbose=2``)."""

    def __init__(self, verbose, epochs, n_batches, batch_size, stream=None):
        self.verbose = int(verbose)
        self.epochs, self.n_batches, self.batch_size = epochs, n_batches, batch_size
        self.stream = stream or sys.stdout
        self.started = self.epoch_started = time.perf_counter()

    def _print(self, text):
        print(text, file=self.stream, flush=True)

    def epoch_begin(self, epoch):
        self.epoch_started = time.perf_counter()

    def batch_end(self, epoch, batch, cost):
        if self.verbose >= 2 and batch % 100 == 0:
            self._print(f"  batch {batch}/{self.n_batches}  cost {cost:.6f}")

    def epoch_end(self, epoch, mean_cost):
        if self.verbose < 1:
            return
        elapsed = time.perf_counter() - self.epoch_started
        speed = self.n_batches * self.batch_size / max(elapsed, 1e-9)
        self._print(
            f"epoch {epoch + 1}/{self.epochs}  cost {mean_cost:.6f}  "
            f"{elapsed:.2f} s  ({speed:,.0f} samples/s)  "
            f"total {time.perf_counter() - self.started:.1f} s"
        )


def run_epochs(step, *, dataset, n_batches, epochs, rng, shuffle, progress):
    """Call ``step(batch_index)`` for every batch of every epoch.

    Parameters
    ----------
    step : callable
        Compiled function of the batch index returning a 1-D vector of
        per-batch records whose first entry is the cost.
    dataset : SharedDataset
    n_batches, epochs : int
    rng : numpy generator
        Draws each epoch's order when ``shuffle`` is true.
    shuffle : bool
    progress : ProgressPrinter

    Returns
    -------
    numpy.ndarray, shape (epochs * n_batches, n_records)
    """
    records = []
    for epoch in range(epochs):
        progress.epoch_begin(epoch)
        if shuffle:
            dataset.reshuffle(rng)
        for batch in range(n_batches):
            row = np.asarray(step(batch)).ravel()
            records.append(row)
            progress.batch_end(epoch, batch, float(row[0]))
        epoch_costs = [r[0] for r in records[-n_batches:]]
        progress.epoch_end(epoch, float(np.mean(epoch_costs)))
    return np.array(records).reshape(epochs * n_batches, -1)
