"""Issue 17: a saturated model gives a finite cost and finite gradients, in both dtypes."""

import numpy as np
import pytest

import graphae
from graphae.backend import float_x_context

RNG = np.random.default_rng(0)
X, Y = RNG.random((60, 8)), RNG.integers(0, 3, 60)
COMMON = {"epochs": 1, "batch_size": 60, "shuffle": False, "verbose": 0, "random_state": 0}

MODELS = {
    "ANN": lambda: graphae.ANN([16], **COMMON),
    "MLPClassifier": lambda: graphae.MLPClassifier([16], **COMMON),
    "NetworkClassifier": lambda: graphae.NetworkClassifier([16, "relu"], **COMMON),
    "LogisticRegression": lambda: graphae.LogisticRegression(**COMMON),
    "DeepAutoEncoder": lambda: graphae.DeepAutoEncoder([6], **COMMON),
}
# float64 exp overflows at ~709, float32 at ~88: these scales saturate every unit
SCALES = {"float64": 1e4, "float32": 300.0}


@pytest.mark.parametrize("dtype", sorted(SCALES))
@pytest.mark.parametrize("name", sorted(MODELS))
def test_one_step_of_a_saturated_model_keeps_every_weight_finite(name, dtype):
    with float_x_context(dtype):
        model = MODELS[name]()
        arrays = (X,) if name == "DeepAutoEncoder" else (X, Y)
        model.fit(*arrays)
        model.set_weights([w * SCALES[dtype] for w in model.get_weights()])
        before = model.get_weights()
        # no momentum: the velocity of the first fit would move the weights on its own
        model.set_params(learning_rate=1e-8, **(
            {"momentum": 0.0} if "momentum" in model.get_params() else {}))
        model.partial_fit(*arrays)
    assert np.isfinite(model.costs_[-1]), model.costs_[-1]
    after = model.get_weights()
    assert all(np.isfinite(w).all() for w in after)
    # a step of rate 1e-8 with finite gradients moves the weights by almost nothing
    for a, b in zip(before, after):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-3)
