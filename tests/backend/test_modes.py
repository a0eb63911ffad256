import importlib.util

import numpy as np
import pytest

import graphae
from graphae.backend import normalize_mode_name, resolve_mode, set_mode


def test_mode_names():
    assert normalize_mode_name("C") == "c"
    assert normalize_mode_name("cvm") == "c"
    with pytest.raises(ValueError, match="unknown mode 'gpu'"):
        normalize_mode_name("gpu")
    with pytest.raises(ValueError, match="unknown mode"):
        set_mode("theano")


def test_set_mode_returns_previous_and_changes_default():
    previous = set_mode("numba")
    try:
        assert graphae.default_mode_name() == "numba"
        assert type(resolve_mode(None).linker).__name__ == "NumbaLinker"
    finally:
        set_mode(previous)
    assert graphae.default_mode_name() == previous


@pytest.mark.skipif(importlib.util.find_spec("jax") is not None, reason="jax is installed")
def test_jax_mode_without_jax_says_how_to_get_it():
    with pytest.raises(ImportError, match="pip install jax"):
        set_mode("jax")
    assert graphae.default_mode_name() == "c"


def test_numba_mode_per_model_matches_c_mode():
    X = np.random.default_rng(1).random((20, 6))
    kwargs = dict(epochs=1, batch_size=10, shuffle=False, random_state=0, verbose=0)
    c = graphae.DeepAutoEncoder([3], **kwargs).fit(X)
    numba = graphae.DeepAutoEncoder([3], mode="numba", **kwargs).fit(X)
    assert type(numba._compiled["train"].vm).__name__ != "CVM"
    np.testing.assert_allclose(numba.costs_, c.costs_, rtol=0, atol=1e-10)
