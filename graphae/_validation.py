"""Input checks shared by every model; each failure names the problem."""

from __future__ import annotations

import numbers

import numpy as np


def check_features(X, *, dtype, n_features=None, name="X"):
    """Return ``X`` as a finite, non-empty 2-D array of ``dtype``.

    Raises
    ------
    ValueError
        If ``X`` is not numeric, not 2-D, empty, holds NaN/inf, or has a
        column count different from ``n_features`` (when given).
    """
    try:
        array = np.asarray(X)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} cannot be converted to an array: {exc}") from exc
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {array.dtype}")
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features), got shape {array.shape}"
        )
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {array.shape}")
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(
            f"{name} has {array.shape[1]} features but the model was fitted "
            f"with {n_features}"
        )
    array = np.asarray(array, dtype=dtype)
    if not np.isfinite(array).all():
        bad = int(np.size(array) - np.isfinite(array).sum())
        raise ValueError(f"{name} contains {bad} NaN or infinite values")
    return array


def check_unit_interval(X, name="X"):
    """Raise ValueError unless every value of ``X`` lies in [0, 1]."""
    low, high = float(X.min()), float(X.max())
    if low < 0 or high > 1:
        raise ValueError(
            f"{name} must lie in [0, 1] for the cross-entropy cost "
            f"(got values from {low:g} to {high:g}); scale pixels by 1/255"
        )


def check_labels(y, n_samples, n_classes=None, name="Y"):
    """Return integer class labels as an int32 vector.

    Raises
    ------
    ValueError
        If ``y`` is not 1-D, its length differs from ``n_samples``, it holds
        non-integer values, negative labels, or labels >= ``n_classes``.
    """
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {labels.shape}")
    if labels.shape[0] != n_samples:
        raise ValueError(
            f"{name} has {labels.shape[0]} labels but X has {n_samples} rows"
        )
    if labels.dtype.kind == "f":
        if not np.isfinite(labels).all() or not np.all(labels == np.round(labels)):
            raise ValueError(f"{name} must hold integer class labels")
    elif labels.dtype.kind not in "iub":
        raise ValueError(f"{name} must hold integer class labels, got {labels.dtype}")
    if labels.size and labels.min() < 0:
        raise ValueError(f"{name} has negative labels (min {labels.min()})")
    if n_classes is not None and labels.size and labels.max() >= n_classes:
        raise ValueError(
            f"{name} has label {int(labels.max())} but the model has "
            f"{n_classes} classes (labels 0..{n_classes - 1})"
        )
    return labels.astype(np.int32)


def check_positive_int(value, name):
    """Return ``value`` as an int, raising ValueError unless it is >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_batch_size(batch_size, n_samples):
    """Return the batch size, raising ValueError if it exceeds ``n_samples``."""
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size > n_samples:
        raise ValueError(
            f"batch_size={batch_size} is larger than the {n_samples} samples in X"
        )
    return batch_size


def check_float_in(value, name, low, high, *, include_low=False):
    """Return ``value`` as a float, raising ValueError unless it is in range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    above_low = value >= low if include_low else value > low
    if not (above_low and value < high and np.isfinite(value)):
        bracket = "[" if include_low else "("
        raise ValueError(f"{name} must be in {bracket}{low}, {high}), got {value}")
    return value


def check_hidden_layer_sizes(sizes, name="hidden_layer_sizes"):
    """Return the hidden layer sizes as a tuple of positive ints (``name`` in errors)."""
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise ValueError(f"{name} must be a sequence of ints, got {sizes!r}") from None
    if not sizes:
        raise ValueError(f"{name} must name at least one layer")
    return tuple(check_positive_int(s, "each hidden layer size") for s in sizes)


def check_weights(params, weights):
    """``weights`` as arrays, one per shared variable of ``params``, checked first.

    Raises
    ------
    ValueError
        When the count or a shape does not match, or an array holds NaN,
        inf or non-numbers (the message names the parameter).

    Examples
    --------
    >>> import numpy as np, pytensor
    >>> w = pytensor.shared(np.zeros(2), name="w")
    >>> check_weights([w], [np.array([1.0, np.nan])])
    Traceback (most recent call last):
    ...
    ValueError: w: weights must be finite numbers, got 1 NaN or infinite values
    """
    values = [np.asarray(value) for value in weights]
    if len(values) != len(params):
        raise ValueError(f"expected {len(params)} arrays, got {len(values)}")
    for param, value in zip(params, values):
        shape = param.get_value(borrow=True).shape
        if value.shape != shape:
            raise ValueError(f"{param.name}: shape {value.shape} does not match {shape}")
        if value.dtype.kind not in "fiu" or not np.isfinite(value).all():
            bad = (f"dtype {value.dtype}" if value.dtype.kind not in "fiu" else
                   f"{int(np.sum(~np.isfinite(value)))} NaN or infinite values")
            raise ValueError(f"{param.name}: weights must be finite numbers, got {bad}")
    return values


def check_bool(value, name):
    """``value`` when it is True or False (NumPy's bools too); a ValueError names ``name``.

    Examples
    --------
    >>> check_bool("no", "shuffle")
    Traceback (most recent call last):
    ...
    ValueError: shuffle must be True or False, got 'no'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_verbose(value, name="verbose"):
    """``value`` when it is a whole number >= 0 (0 silent, 1 per epoch, 2 per 100 batches).

    Examples
    --------
    >>> check_verbose(-3)
    Traceback (most recent call last):
    ...
    ValueError: verbose must be 0, 1 or 2 (a whole number >= 0), got -3
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be 0, 1 or 2 (a whole number >= 0), got {value!r}")
    return int(value)

