"""Cost functions (symbolic) and evaluation metrics (NumPy)."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt


def binary_crossentropy_mean(target, output):
    """Mean binary cross-entropy over every element, as in the X-wing lecture.

    ``-(target * log(output) + (1 - target) * log(1 - output)).mean()``

    Parameters
    ----------
    target : TensorVariable
        Values in [0, 1] (e.g. pixel intensities).
    output : TensorVariable
        Predicted probabilities in (0, 1), same shape as ``target``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> cost = binary_crossentropy_mean(pt.constant(np.ones((1, 2))), pt.constant(np.full((1, 2), 0.5)))
    >>> round(float(cost.eval()), 4)  # log 2
    0.6931
    """
    return -(target * pt.log(output) + (1 - target) * pt.log(1 - output)).mean()


def categorical_nll_mean(probabilities, labels):
    """Mean negative log-likelihood of integer labels under row probabilities.

    ``-mean(log(probabilities[arange(n), labels]))`` (vanishing-gradient lecture).

    Parameters
    ----------
    probabilities : TensorVariable
        Matrix whose rows are class distributions.
    labels : TensorVariable
        Integer vector of class indices.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> P = pt.constant(np.array([[0.5, 0.5], [0.25, 0.75]]))
    >>> round(float(categorical_nll_mean(P, pt.constant(np.array([0, 1], dtype="int32"))).eval()), 4)
    0.4904
    """
    rows = pt.arange(probabilities.shape[0])
    return -pt.mean(pt.log(probabilities[rows, labels]))


def error_rate(predictions, targets):
    """Fraction of predictions that differ from the targets (NumPy).

    Examples
    --------
    >>> error_rate([0, 1, 2, 3], [0, 1, 2, 0])
    0.25
    """
    predictions, targets = np.asarray(predictions), np.asarray(targets)
    if predictions.shape != targets.shape:
        raise ValueError(
            f"predictions {predictions.shape} and targets {targets.shape} differ in shape"
        )
    return float(np.mean(predictions != targets))
