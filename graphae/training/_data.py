"""Training data in shared variables, read by minibatch index.

The dataset is copied once into shared variables; a shared permutation vector
gives each epoch's order, and the compiled step gathers its own minibatch
from them (the tutorials' ``givens`` idiom). Python only passes the batch
index, so no data crosses from Python per batch.
"""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_positive_int
from graphae.backend import float_x, int_scalar, is_shared_variable, shared

__all__ = ["SharedDataset", "as_shared_data", "batch_index", "checked_array", "minibatch",
           "n_minibatches", "n_rows"]


def minibatch(data, index, batch_size):
    """Symbolic rows ``index * batch_size`` to ``(index + 1) * batch_size`` of ``data``.

    The rows are gathered with an index vector of static length rather than
    sliced, so the minibatch has exactly ``batch_size`` rows in the graph
    (only full minibatches are used): JAX needs static shapes both to index
    and to draw noise of the minibatch's shape.

    Parameters
    ----------
    data : TensorVariable or SharedVariable
    index : scalar TensorVariable
    batch_size : int

    Examples
    --------
    >>> rows = minibatch(pt.constant(np.arange(10)), pt.constant(1), 4)
    >>> rows.eval().tolist()
    [4, 5, 6, 7]
    """
    batch_size = int(batch_size)
    rows = data[index * batch_size + pt.arange(batch_size)]
    return pt.specify_shape(rows, (batch_size,) + (None,) * (rows.ndim - 1))


def batch_index():
    """The symbolic minibatch index that step functions take.

    Examples
    --------
    >>> batch_index().dtype
    'int64'
    """
    return int_scalar("batch_index")


def as_shared_data(data, name="data", dtype=None):
    """Data as a symbolic variable: arrays are copied into a shared variable.

    Shared variables and symbolic expressions (the tutorials' ``load_data``
    gives ``T.cast(shared_y, 'int32')``) are returned unchanged.

    Parameters
    ----------
    data : array_like, SharedVariable or TensorVariable
    name : str
    dtype : str, optional
        Dtype of the copy (floatX by default).

    Raises
    ------
    ValueError
        For an empty array or non-finite values.

    Examples
    --------
    >>> as_shared_data(np.ones((3, 2))).get_value().shape
    (3, 2)
    """
    if isinstance(data, pt.TensorVariable) or is_shared_variable(data):
        return data
    array = checked_array(data, name, dtype)
    return shared(array, name=name, dtype=array.dtype)


def checked_array(data, name="data", dtype=None):
    """``data`` as a non-empty, finite array of ``dtype`` (floatX by default).

    Raises
    ------
    ValueError
        For an empty array or non-finite values, naming ``name``.

    Examples
    --------
    >>> checked_array([[1, 2]]).dtype == float_x()
    True
    """
    array = np.asarray(data, dtype=dtype or float_x())
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def n_rows(data):
    """Number of rows of shared or array data.

    Examples
    --------
    >>> n_rows(as_shared_data(np.ones((5, 2))))
    5
    """
    if is_shared_variable(data):
        return int(data.get_value(borrow=True).shape[0])
    if isinstance(data, pt.TensorVariable):
        raise TypeError("the number of rows of a symbolic expression is unknown; "
                        "pass the shared variable or an array")
    return len(data)


def n_minibatches(data, batch_size):
    """Full minibatches in ``data`` (the remainder is dropped, as in the lectures).

    Raises
    ------
    ValueError
        When ``batch_size`` is not a positive integer or exceeds the data.

    Examples
    --------
    >>> n_minibatches(np.ones((45, 2)), 20)
    2
    """
    rows = n_rows(data)
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size > rows:
        raise ValueError(f"batch_size {batch_size} is larger than the data ({rows} rows)")
    return rows // batch_size


class SharedDataset:
    """Arrays living in shared variables, read by minibatch index in a shared order.

    Parameters
    ----------
    arrays : dict of str to numpy.ndarray
        Equal-length arrays (e.g. ``{"X": X, "Y": Y}``), stored with their
        own dtypes.
    batch_size : int
        Rows per minibatch.
    sliced : bool, default False
        Read minibatch ``i`` as the slice ``rows[i*bs:(i+1)*bs]`` (a view)
        instead of gathering ``rows[order[...]]`` (a copy): for training
        without shuffling in the C and Numba modes, where the gather copied
        every minibatch for nothing (a 60,000-row full batch: 34 ms of a
        160 ms softmax-regression step). Such a dataset cannot reshuffle;
        JAX needs the gather's static shapes.

    Examples
    --------
    >>> data = SharedDataset({"X": np.arange(6.0).reshape(3, 2)}, batch_size=2)
    >>> data.minibatch("X", pt.constant(0)).eval().tolist()
    [[0.0, 1.0], [2.0, 3.0]]
    """

    def __init__(self, arrays, batch_size, sliced=False):
        self.sliced = bool(sliced)
        self.variables = {
            key: shared(value, name=f"data.{key}", dtype=value.dtype)
            for key, value in arrays.items()
        }
        self.order = shared(np.arange(self.n_samples_of(arrays)), name="data.order")
        # a constant, not a shared value: JAX can only trace static minibatch shapes
        self.batch_size = int(batch_size)

    @staticmethod
    def n_samples_of(arrays):
        """The common length of ``arrays`` (ValueError when they differ)."""
        lengths = {len(value) for value in arrays.values()}
        if len(lengths) != 1:
            raise ValueError(f"arrays differ in length: {sorted(lengths)}")
        return lengths.pop()

    @property
    def n_batches(self):
        """Full minibatches per epoch."""
        return len(self.order.get_value(borrow=True)) // self.batch_size

    def accepts(self, arrays, batch_size, sliced=False):
        """True when ``arrays`` has the same keys and dtypes, and ``batch_size`` and ``sliced``
        are unchanged (the compiled step reads the dataset as it was built)."""
        return (batch_size == self.batch_size and bool(sliced) == self.sliced
                and set(arrays) == set(self.variables) and all(
                    self.variables[key].dtype == value.dtype for key, value in arrays.items()))

    def assign(self, arrays):
        """Replace the stored arrays (same keys and dtypes)."""
        n_samples = self.n_samples_of(arrays)
        for key, value in arrays.items():
            self.variables[key].set_value(value)
        self.order.set_value(np.arange(n_samples))

    def minibatch(self, key, index):
        """Symbolic rows ``order[index*bs:(index+1)*bs]`` of array ``key`` (sliced: in order)."""
        rows = self.variables[key]
        if not self.sliced:
            return rows[minibatch(self.order, index, self.batch_size)]
        start = index * self.batch_size
        view = rows[start:start + self.batch_size]
        return pt.specify_shape(view, (self.batch_size,) + (None,) * (view.ndim - 1))

    def reshuffle(self, rng):
        """Draw a new epoch order from ``rng`` (RuntimeError for a sliced dataset)."""
        if self.sliced:
            raise RuntimeError("a sliced SharedDataset reads its rows in order; build it with "
                               "sliced=False to shuffle")
        self.order.set_value(rng.permutation(len(self.order.get_value())))
