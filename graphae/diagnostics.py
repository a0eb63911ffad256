"""Looking inside training: gradients layer by layer (seed 003 §19.3's vanishing gradient)."""

from __future__ import annotations

import numpy as np
import pytensor
import pytensor.tensor as pt

from graphae.backend import compile_function, float_x_context
from graphae.layers import Dense

__all__ = ["SEED003_CHAIN", "sigmoid_chain_gradients"]

#: Seed 003 §19.3's example: weights, input, target, and the values it prints.
SEED003_CHAIN = {
    "weights": (1.0, -2.0, -2.0, -2.0, 1.0), "x": 1.0, "target": 0.5,
    "outputs": (0.731058578630005, 0.188143725087062, 0.407022630083087, 0.307029145835665,
                0.576159944190332),
    "gradients": (-0.000229451909878624, 0.000426583433503455, -0.00035937069569135,
                  0.0016105892898339, 0.00571019949926838),
}


def sigmoid_chain_gradients(weights, x, target):
    """Outputs and weight gradients of a chain of one-unit sigmoid layers (no biases).

    Layer ``i`` computes ``y_i = sigmoid(w_i · y_{i-1})`` from ``y_0 = x``;
    the error is ``E = ½ (y_n - t)²``. Each layer is a 1 × 1
    :class:`graphae.layers.Dense` and the gradients come from PyTensor's
    ``grad``, so this checks graphae's backpropagation against the
    lecture's chain-rule products. It computes in float64 whatever floatX is.

    Parameters
    ----------
    weights : sequence of float
        ``w_1 … w_n``, input side first.
    x, target : float

    Returns
    -------
    outputs, gradients : numpy.ndarray, shape (n,)
        ``y_1 … y_n`` and ``∂E/∂w_1 … ∂E/∂w_n``.

    Examples
    --------
    >>> chain = SEED003_CHAIN
    >>> outputs, gradients = sigmoid_chain_gradients(chain["weights"], chain["x"],
    ...                                              chain["target"])
    >>> bool(np.allclose(gradients, chain["gradients"], rtol=0, atol=1e-12))
    True
    """
    weights = [float(w) for w in weights]
    if not weights:
        raise ValueError("weights must hold at least one weight, got none")
    with float_x_context("float64"):  # the seed prints 15 digits
        layers = [Dense(1, 1, "sigmoid", weights=([[w]], [0.0]), name=f"w{i + 1}")
                  for i, w in enumerate(weights)]
    x_in, t_in = pt.dscalar("x"), pt.dscalar("t")
    y, outputs = pt.reshape(x_in, (1, 1)), []
    for layer in layers:
        y = layer.output_for(y)
        outputs.append(y[0, 0])
    error = 0.5 * pt.sqr(y[0, 0] - t_in)
    gradients = pytensor.grad(error, [layer.W for layer in layers])
    function = compile_function([x_in, t_in], [pt.stack(outputs),
                                               pt.stack([g[0, 0] for g in gradients])])
    values, grads = function(float(x), float(target))
    return np.asarray(values), np.asarray(grads)
