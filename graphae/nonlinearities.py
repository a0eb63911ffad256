"""Activation functions (each works on symbolic tensors) and their names."""

from __future__ import annotations

import pytensor.tensor as pt

from graphae.backend import sigmoid, softmax_rows

__all__ = ["elu", "heaviside", "linear", "relu", "resolve_activation", "sigmoid", "softmax",
           "tanh"]


def relu(x):
    """The lectures' rectifier ``x * (x > 0)``.

    Works on NumPy arrays and on symbolic tensors alike. (Theano's
    ``T.nnet.relu``, ``0.5 * (x + |x|)``, lives in the porting wing:
    :func:`graphae.ported.relu`.)

    Examples
    --------
    >>> import numpy as np
    >>> relu(np.array([-1.0, 0.0, 2.0])).tolist()
    [-0.0, 0.0, 2.0]
    """
    return x * (x > 0)


def tanh(x):
    """Hyperbolic tangent (the tutorials' hidden layers).

    Examples
    --------
    >>> float(tanh(0.0).eval())
    0.0
    """
    return pt.tanh(x)


def linear(x):
    """The identity (a layer without nonlinearity).

    Examples
    --------
    >>> linear(3)
    3
    """
    return x


def elu(x, alpha=1.0):
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha (exp(x) - 1)`` otherwise.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> [round(v, 4) for v in elu(pt.constant(np.array([-1.0, 0.0, 2.0]))).eval().tolist()]
    [-0.6321, 0.0, 2.0]
    """
    return pt.switch(pt.gt(x, 0), x, alpha * pt.expm1(pt.minimum(x, 0)))


def heaviside(x):
    """The Heaviside step ``θ(x)``: 1 where ``x > 0``, else 0 (seed 002's boolean units).

    Its gradient is zero almost everywhere: boolean networks are built by
    hand, not trained.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> heaviside(pt.constant(np.array([-0.5, 0.0, 0.5]))).eval().tolist()
    [0.0, 0.0, 1.0]
    """
    return pt.cast(pt.gt(x, 0), x.dtype if x.dtype.startswith("float") else "float64")


#: Row-wise softmax (Theano's ``T.nnet.softmax``).
softmax = softmax_rows

# tanh is PyTensor's own function, so code passing ``T.tanh`` gets the very same object
_BY_NAME = {"sigmoid": sigmoid, "tanh": pt.tanh, "softmax": softmax, "relu": relu,
            "elu": elu, "heaviside": heaviside, "linear": None}
#: The same functions under the spellings legacy code passes (``T.nnet.sigmoid``...).
_SYNONYMS = {pt.sigmoid: "sigmoid", tanh: "tanh", linear: "linear"}


def resolve_activation(activation):
    """``(function, name)`` of an activation given by name or as a function.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "softmax", "relu", "elu", "heaviside", "linear", None} \
or callable
        The tutorials pass ``T.tanh`` or ``T.nnet.sigmoid``; both spellings
        (and graphae's own functions) are recognised, which matters because
        sigmoid layers get four times wider initial weights. None means
        linear.

    Returns
    -------
    function : callable or None
        None for a linear layer (no nonlinearity).
    name : str

    Raises
    ------
    ValueError
        For an unknown name or a non-callable.

    Examples
    --------
    >>> resolve_activation("sigmoid")[1], resolve_activation(pt.tanh)[1]
    ('sigmoid', 'tanh')
    >>> resolve_activation(None)
    (None, 'linear')
    """
    if activation is None:
        return None, "linear"
    if isinstance(activation, str):
        if activation not in _BY_NAME:
            raise ValueError(f"unknown activation {activation!r}; expected one of "
                             f"{', '.join(map(repr, _BY_NAME))} or a function")
        return _BY_NAME[activation], activation
    if not callable(activation):
        raise ValueError(f"activation must be a name or a function, got {activation!r}")
    for name, function in _BY_NAME.items():
        if activation is function:
            return function, name
    if activation in _SYNONYMS:
        name = _SYNONYMS[activation]
        return (None if name == "linear" else activation), name
    name = getattr(activation, "__name__", "custom")
    return activation, "sigmoid" if name == "sigmoid" else name
