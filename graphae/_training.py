"""Minibatch training on data held in shared variables.

The dataset is copied once into shared variables; a shared permutation vector
gives each epoch's order, and the compiled step function slices its own
minibatch from them (the tutorials' ``givens`` idiom). Python only passes the
batch index, so no data crosses from Python per batch.
"""

from __future__ import annotations

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
        # a constant, not a shared value: JAX can only trace static minibatch shapes
        self.batch_size = int(batch_size)

    @staticmethod
    def n_samples_of(arrays):
        lengths = {len(value) for value in arrays.values()}
        if len(lengths) != 1:
            raise ValueError(f"arrays differ in length: {sorted(lengths)}")
        return lengths.pop()

    def accepts(self, arrays, batch_size):
        """True when ``arrays`` has the same keys and dtypes, and ``batch_size`` is unchanged."""
        return batch_size == self.batch_size and set(arrays) == set(self.variables) and all(
            self.variables[key].dtype == value.dtype for key, value in arrays.items())

    def assign(self, arrays):
        """Replace the stored arrays (same keys and dtypes)."""
        n_samples = self.n_samples_of(arrays)
        for key, value in arrays.items():
            self.variables[key].set_value(value)
        self.order.set_value(np.arange(n_samples))

    def minibatch(self, key, index):
        """Symbolic rows ``order[index*bs:(index+1)*bs]`` of array ``key``.

        The rows are gathered with an index vector of static length, so the
        minibatch's shape is known when the graph is compiled.
        """
        rows = self.order[index * self.batch_size + pt.arange(self.batch_size)]
        return self.variables[key][rows]

    def reshuffle(self, rng):
        """Draw a new epoch order from ``rng``."""
        self.order.set_value(rng.permutation(len(self.order.get_value())))


def batch_index():
    """The symbolic minibatch index that step functions take."""
    return pt.lscalar("batch_index")


def compiled_once(cache, key, build, name, verbose=1):
    """``cache[key]``, calling ``build()`` to compile it the first time.

    With ``verbose`` the (possibly tens of seconds long) compile is announced
    and timed, so a long pause before the first epoch is explained.

    Examples
    --------
    >>> cache = {}
    >>> compiled_once(cache, "f", lambda: len, "f", verbose=0) is compiled_once(cache, "f", None, "f")
    True
    """
    if key not in cache:
        started = time.perf_counter()
        if verbose:
            print(f"compiling {name} ...", flush=True)
        cache[key] = build()
        if verbose:
            print(f"compiled {name} in {time.perf_counter() - started:.1f} s", flush=True)
    return cache[key]
