"""Every cost once (symbolic), plus the NumPy error rate.

The lectures average a cost over every element; the deeplearning.net
tutorials sum it over each row's units and average over rows. One function
per cost covers both through ``reduction``:

``"mean"``
    mean over every element (the X-wing lecture);
``"row_sum_mean"``
    sum over the last axis, then mean over rows (the tutorials' dA and RBM);
``"sum"``
    sum over every element;
``"none"``
    elementwise (Theano's ``T.nnet.binary_crossentropy``).
"""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae.backend import log_softmax_rows

__all__ = ["binary_crossentropy", "binary_crossentropy_from_logits", "binary_crossentropy_mean",
           "categorical_crossentropy", "categorical_nll_mean", "cross_entropy", "entropy",
           "error_rate", "errors", "gaussian_kl", "kl_divergence", "mean_squared_error",
           "negative_log_likelihood", "reduce", "sparsity_kl"]

REDUCTIONS = ("mean", "row_sum_mean", "sum", "none")


def reduce(values, reduction):
    """Reduce elementwise ``values`` as ``reduction`` says (see the module docstring).

    Raises
    ------
    ValueError
        For an unknown reduction.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> values = pt.constant(np.array([[1.0, 2.0], [3.0, 4.0]]))
    >>> [float(reduce(values, r).eval()) for r in ("mean", "row_sum_mean", "sum")]
    [2.5, 5.0, 10.0]
    """
    if reduction == "mean":
        return values.mean()
    if reduction == "row_sum_mean":
        return pt.mean(pt.sum(values, axis=-1))
    if reduction == "sum":
        return values.sum()
    if reduction == "none":
        return values
    raise ValueError(f"reduction must be one of {', '.join(map(repr, REDUCTIONS))}; "
                     f"got {reduction!r}")


def binary_crossentropy(target, output, reduction="mean"):
    """Binary cross-entropy ``-(t log o + (1 - t) log(1 - o))``, reduced.

    Parameters
    ----------
    target : TensorVariable
        Values in [0, 1] (e.g. pixel intensities).
    output : TensorVariable
        Predicted probabilities in (0, 1), same shape as ``target``.
    reduction : {"mean", "row_sum_mean", "sum", "none"}

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> t, o = pt.constant(np.ones((1, 2))), pt.constant(np.full((1, 2), 0.5))
    >>> round(float(binary_crossentropy(t, o).eval()), 4)  # log 2
    0.6931
    >>> round(float(binary_crossentropy(t, o, "row_sum_mean").eval()), 4)
    1.3863
    """
    return reduce(-(target * pt.log(output) + (1 - target) * pt.log(1 - output)), reduction)


def binary_crossentropy_from_logits(target, logits, reduction="mean"):
    """Binary cross-entropy of ``sigmoid(logits)``, stable for any logit.

    Written as ``max(z, 0) - z t + log(1 + exp(-|z|))``, which never takes
    the log of an underflowed probability.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> t, z = pt.constant(np.array([1.0, 0.0])), pt.constant(np.array([0.0, 800.0]))
    >>> [round(float(v), 4) for v in binary_crossentropy_from_logits(t, z, "none").eval()]
    [0.6931, 800.0]
    """
    values = pt.maximum(logits, 0) - logits * target + pt.log1p(pt.exp(-abs(logits)))
    return reduce(values, reduction)


def _log_where_positive(p):
    """``log p`` where ``p > 0`` and 0 elsewhere, with finite gradients (0 log 0 = 0)."""
    return pt.switch(pt.gt(p, 0), pt.log(pt.switch(pt.gt(p, 0), p, 1)), 0)


def entropy(p, reduction="row_sum_mean"):
    """Shannon entropy ``H(P) = -Σ p log p`` (nats) of the distributions along the last axis.

    Parameters
    ----------
    p : TensorVariable
        A distribution (vector) or one per row (matrix); zeros allowed.
    reduction : str
        ``"row_sum_mean"`` (default) gives ``H`` of a vector and the mean
        ``H`` of a matrix's rows; ``"none"`` gives ``-p log p`` elementwise.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> round(float(entropy(pt.constant(np.array([0.5, 0.5, 0.0]))).eval()), 4)  # log 2
    0.6931
    """
    return reduce(-p * _log_where_positive(p), reduction)


def cross_entropy(p, q, reduction="row_sum_mean"):
    """Cross-entropy ``H(P, Q) = -Σ p log q`` of distributions along the last axis.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> p, q = pt.constant(np.array([1.0, 0.0])), pt.constant(np.array([0.5, 0.5]))
    >>> round(float(cross_entropy(p, q).eval()), 4)
    0.6931
    """
    return reduce(-p * pt.log(q), reduction)


def kl_divergence(p, q, reduction="row_sum_mean"):
    """Kullback-Leibler divergence ``KL(P‖Q) = Σ p (log p - log q)`` along the last axis.

    ``H(P, Q) = H(P) + KL(P‖Q)``, so minimising either over ``Q`` is the
    same problem (seed 000).

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> p = pt.constant(np.array([0.5, 0.5]))
    >>> float(kl_divergence(p, p).eval())
    0.0
    """
    return reduce(p * (_log_where_positive(p) - pt.log(q)), reduction)


#: The spread heads :func:`gaussian_kl` accepts.
GAUSSIAN_HEADS = ("sigma", "log_var")


def gaussian_kl(mean, spread, head="log_var", reduction="sum", eps=1e-10):
    """KL divergence of ``N(mean, σ²)`` from the standard normal, per latent unit, reduced.

    A variational autoencoder's latent loss: ``½ (σ² + μ² - 1 - log σ²)``
    for each unit, zero exactly when ``μ = 0`` and ``σ = 1``.

    Parameters
    ----------
    mean : TensorVariable
        ``μ``, one row per example.
    spread : TensorVariable
        The encoder's second head, same shape: ``σ`` itself for
        ``head="sigma"`` (seed 003 §18.6.1, whose ``log(eps + σ²)`` this
        keeps, eps included), or ``γ = log σ²`` for ``head="log_var"``
        (Kingma and Welling; Keras' ``z_log_var``).
    head : {"sigma", "log_var"}, default "log_var"
    reduction : {"sum", "mean", "row_sum_mean", "none"}, default "sum"
        ``"sum"`` is the seed's ``tf.reduce_sum`` over the batch.
    eps : float, default 1e-10
        The seed's smoothing term (``"sigma"`` only).

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> zeros = pt.constant(np.zeros((2, 3)))
    >>> float(gaussian_kl(zeros, zeros).eval())  # N(0, 1) itself
    0.0
    >>> round(float(gaussian_kl(zeros + 1, zeros + 1, head="sigma").eval()), 6)  # μ = σ = 1
    3.0
    """
    if head == "sigma":
        variance = pt.sqr(spread)
        values = 0.5 * (variance + pt.sqr(mean) - 1 - pt.log(eps + variance))
    elif head == "log_var":
        values = 0.5 * (pt.exp(spread) + pt.sqr(mean) - 1 - spread)
    else:
        raise ValueError(f"head must be one of {', '.join(map(repr, GAUSSIAN_HEADS))}; "
                         f"got {head!r}")
    return reduce(values, reduction)


def sparsity_kl(target_rate, mean_activation, reduction="sum"):
    """``Σ KL(ρ ‖ ρ̂)`` between Bernoulli rates: the sparse autoencoder's penalty.

    ``ρ log(ρ/ρ̂) + (1 - ρ) log((1 - ρ)/(1 - ρ̂))`` for each hidden unit,
    where ``ρ`` is the target rate and ``ρ̂`` the unit's mean activation
    over a minibatch (in (0, 1): sigmoid units). It is zero when every
    unit is active at the target rate and grows without bound as a unit's
    rate nears 0 or 1.

    Parameters
    ----------
    target_rate : float or scalar TensorVariable
        ``ρ`` in (0, 1) (a shared scalar never recompiles).
    mean_activation : TensorVariable
        ``ρ̂``, one value per hidden unit.
    reduction : {"sum", "mean", "none"}, default "sum"

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> float(sparsity_kl(0.05, pt.constant(np.full(4, 0.05))).eval())
    0.0
    >>> round(float(sparsity_kl(0.5, pt.constant(np.array([0.25]))).eval()), 4)
    0.1438
    """
    rho, rho_hat = target_rate, mean_activation
    values = (rho * pt.log(rho / rho_hat)
              + (1 - rho) * pt.log((1 - rho) / (1 - rho_hat)))
    return reduce(values, reduction)


def categorical_crossentropy(target, output, from_logits=False, reduction="mean"):
    """Categorical cross-entropy of one-hot (or soft) targets or integer labels.

    Parameters
    ----------
    target : TensorVariable
        A matrix of target distributions (one-hot rows, Keras' form) or an
        integer vector of class indices.
    output : TensorVariable
        Row probabilities, or unnormalised scores with ``from_logits``
        (then computed through a stable ``log_softmax``).
    from_logits : bool
    reduction : {"mean", "sum", "none"}
        Over rows: the lectures' and Keras' mean, the tutorials' sum.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> P = pt.constant(np.array([[0.5, 0.5], [0.25, 0.75]]))
    >>> one_hot = pt.constant(np.array([[1.0, 0.0], [0.0, 1.0]]))
    >>> labels = pt.constant(np.array([0, 1], dtype="int32"))
    >>> [round(float(categorical_crossentropy(t, P).eval()), 4) for t in (one_hot, labels)]
    [0.4904, 0.4904]
    >>> round(float(categorical_crossentropy(labels, pt.log(P), from_logits=True).eval()), 4)
    0.4904
    """
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none'; got {reduction!r}")
    log_p = log_softmax_rows(output) if from_logits else pt.log(output)
    if target.ndim == 1:
        if not target.dtype.startswith(("int", "uint")):
            raise TypeError(f"integer labels expected for a vector target, got {target.dtype}")
        per_row = -log_p[pt.arange(target.shape[0]), target]
    else:
        per_row = -(target * log_p).sum(axis=-1)
    return reduce(per_row, reduction)


def mean_squared_error(target, output, reduction="mean"):
    """Squared error ``(target - output)²``, by default the mean over every element (Keras).

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> float(mean_squared_error(pt.constant(np.zeros((2, 2))), pt.constant(np.ones((2, 2)))).eval())
    1.0
    >>> float(mean_squared_error(pt.constant(np.zeros(2)), pt.constant(np.ones(2)), "sum").eval())
    2.0
    """
    return reduce((target - output) ** 2, reduction)


def binary_crossentropy_mean(target, output):
    """Mean binary cross-entropy over every element, as in the X-wing lecture.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> cost = binary_crossentropy_mean(pt.constant(np.ones((1, 2))), pt.constant(np.full((1, 2), 0.5)))
    >>> round(float(cost.eval()), 4)  # log 2
    0.6931
    """
    return binary_crossentropy(target, output, "mean")


def negative_log_likelihood(probabilities, labels, reduction="mean", log_first=True):
    """``-log(probabilities[i, labels[i]])`` of integer labels under row probabilities.

    Parameters
    ----------
    probabilities : TensorVariable
        Matrix whose rows are class distributions.
    labels : TensorVariable
        Integer vector of class indices.
    reduction : {"mean", "sum", "none"}
    log_first : bool, default True
        True takes the log of the whole matrix and then picks each row's
        label, as the deeplearning.net tutorials do, which lets PyTensor
        rewrite ``log(softmax)`` into a stable ``log_softmax``. False picks
        first and takes the log of the picked values only, as the
        vanishing-gradient lecture does: cheaper, and a probability that
        underflows to 0 gives an infinite cost, as it did in the lecture.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> P = pt.constant(np.array([[0.5, 0.5], [0.25, 0.75]]))
    >>> y = pt.constant(np.array([0, 1], dtype="int32"))
    >>> round(float(negative_log_likelihood(P, y).eval()), 4)
    0.4904
    >>> round(float(negative_log_likelihood(P, y, log_first=False).eval()), 4)
    0.4904
    """
    rows = pt.arange(labels.shape[0])
    if log_first:
        log_likelihoods = pt.log(probabilities)[rows, labels]
    else:
        log_likelihoods = pt.log(probabilities[rows, labels])
    return -reduce(log_likelihoods, reduction)


def categorical_nll_mean(probabilities, labels):
    """Mean negative log-likelihood of integer labels (the vanishing-gradient lecture).

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> P = pt.constant(np.array([[0.5, 0.5], [0.25, 0.75]]))
    >>> round(float(categorical_nll_mean(P, pt.constant(np.array([0, 1], dtype="int32"))).eval()), 4)
    0.4904
    """
    return negative_log_likelihood(probabilities, labels, "mean", log_first=False)


def errors(probabilities, labels):
    """Symbolic fraction of rows whose most probable class is not the label.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> P = pt.constant(np.array([[0.9, 0.1], [0.2, 0.8]]))
    >>> float(errors(P, pt.constant(np.array([0, 0]))).eval())
    0.5
    """
    return pt.mean(pt.neq(pt.argmax(probabilities, axis=1), labels))


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
