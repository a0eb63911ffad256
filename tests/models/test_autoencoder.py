import re

import numpy as np
import pytest
from reference import momentum_step, xwing_cost_and_grads

from graphae import DeepAutoEncoder, NotFittedError, init_weights


def _reference_xwing(X, sizes, steps, batch_size, learning_rate, mu, seed):
    rng = np.random.default_rng(seed)
    dims = [X.shape[1], *sizes]
    Ws = [init_weights((a, b), rng) for a, b in zip(dims[:-1], dims[1:])]
    bis = [np.zeros(b) for b in dims[1:]]
    bos = [np.zeros(a) for a in dims[:-1]]
    params = Ws + bis + bos
    velocities = [np.zeros_like(p) for p in params]
    costs = []
    for step in range(steps):
        batch = X[step * batch_size : (step + 1) * batch_size]
        cost, gW, gbi, gbo = xwing_cost_and_grads(batch, Ws, bis, bos)
        momentum_step(params, velocities, gW + gbi + gbo, learning_rate, mu)
        costs.append(cost)
    return np.array(costs), Ws, bis, bos


def test_three_steps_match_numpy_reference():
    X = np.random.default_rng(7).random((30, 12))
    dae = DeepAutoEncoder([6, 4, 2], learning_rate=0.5, momentum=0.99, epochs=1,
                          batch_size=10, shuffle=False, random_state=3, verbose=0)
    dae.fit(X)
    costs, Ws, bis, bos = _reference_xwing(X, [6, 4, 2], 3, 10, 0.5, 0.99, seed=3)
    np.testing.assert_allclose(dae.costs_, costs, rtol=0, atol=1e-10)
    for layer, W, bi, bo in zip(dae.layers_, Ws, bis, bos):
        np.testing.assert_allclose(layer.W.get_value(), W, rtol=0, atol=1e-10)
        np.testing.assert_allclose(layer.bi.get_value(), bi, rtol=0, atol=1e-10)
        np.testing.assert_allclose(layer.bo.get_value(), bo, rtol=0, atol=1e-10)


def test_decoder_is_tied_to_encoder_weights(unit_data):
    dae = DeepAutoEncoder([5, 2], epochs=1, batch_size=10, verbose=0, random_state=0).fit(unit_data)
    assert len(dae.params_) == 3 * len(dae.layers_)  # W, bi, bo only: no decoder W
    before = dae.reconstruct(unit_data)
    dae.layers_[0].W.set_value(dae.layers_[0].W.get_value() * 0)
    after = dae.reconstruct(unit_data)
    # with W0 = 0 the decoder's last layer outputs sigmoid(bo0) on every row
    np.testing.assert_allclose(after, np.tile(1 / (1 + np.exp(-dae.layers_[0].bo.get_value())), (30, 1)))
    assert not np.allclose(before, after)


def test_same_seed_same_costs_and_codes(unit_data):
    runs = [DeepAutoEncoder([5, 2], epochs=3, batch_size=10, random_state=11, verbose=0).fit(unit_data)
            for _ in range(2)]
    np.testing.assert_array_equal(runs[0].costs_, runs[1].costs_)
    np.testing.assert_array_equal(runs[0].transform(unit_data), runs[1].transform(unit_data))
    other = DeepAutoEncoder([5, 2], epochs=3, batch_size=10, random_state=12, verbose=0).fit(unit_data)
    assert not np.array_equal(other.costs_, runs[0].costs_)


def test_refit_reuses_compiled_function_and_restarts(unit_data):
    dae = DeepAutoEncoder([5, 2], epochs=2, batch_size=10, random_state=5, verbose=0)
    first = dae.fit(unit_data).costs_.copy()
    compiled = dae._compiled["train"]
    second = dae.fit(unit_data).costs_
    assert dae._compiled["train"] is compiled
    np.testing.assert_array_equal(first, second)


def test_cost_history_and_shapes(unit_data):
    dae = DeepAutoEncoder([5, 3], epochs=4, batch_size=7, verbose=0, random_state=0).fit(unit_data)
    assert dae.costs_.shape == (4 * (30 // 7),)
    assert dae.transform(unit_data).shape == (30, 3)
    assert dae.inverse_transform(dae.transform(unit_data)).shape == (30, 12)
    assert dae.reconstruction_cost(unit_data) > 0


def test_training_lowers_the_cost():
    X = (np.random.default_rng(0).random((200, 16)) > 0.5) * 0.8 + 0.1
    dae = DeepAutoEncoder([8], learning_rate=0.1, momentum=0.9, epochs=30, batch_size=20,
                          verbose=0, random_state=0).fit(X)
    assert dae.costs_[-10:].mean() < dae.costs_[:10].mean()


def test_legacy_fit_keywords_are_aliases(unit_data):
    modern = DeepAutoEncoder([4, 2], random_state=1, verbose=0, shuffle=False).fit(
        unit_data, learning_rate=0.1, momentum=0.5, epochs=2, batch_size=10)
    legacy = DeepAutoEncoder([4, 2], random_state=1, verbose=0, shuffle=False).fit(
        unit_data, learning_rate=0.1, mu=0.5, epochs=2, batch_sz=10)
    np.testing.assert_array_equal(modern.costs_, legacy.costs_)
    with pytest.raises(TypeError, match="both 'mu' and its modern name 'momentum'"):
        DeepAutoEncoder([2]).fit(unit_data, mu=0.5, momentum=0.5)


@pytest.mark.parametrize(
    "X, message",
    [
        (np.zeros(10), "must be 2-D"),
        (np.zeros((0, 5)), "empty"),
        (np.full((20, 3), np.nan), "NaN"),
        (np.full((20, 3), 2.0), r"\[0, 1\]"),
        (np.zeros((5, 3)), "batch_size=10 is larger than the 5 samples"),
        ([["a", "b"]], "numeric"),
    ],
)
def test_bad_input_raises_clear_value_error(X, message):
    with pytest.raises(ValueError, match=message):
        DeepAutoEncoder([2], batch_size=10, verbose=0).fit(X)


def test_bad_hyper_parameters_raise(unit_data):
    with pytest.raises(ValueError, match="hidden layer size"):
        DeepAutoEncoder([3, 0], batch_size=10, verbose=0).fit(unit_data)
    with pytest.raises(ValueError, match="momentum"):
        DeepAutoEncoder([3], momentum=1.5, batch_size=10, verbose=0).fit(unit_data)
    with pytest.raises(ValueError, match="unknown mode"):
        DeepAutoEncoder([3], mode="gpu", batch_size=10, verbose=0).fit(unit_data)


def test_use_before_fit_and_wrong_width(unit_data):
    with pytest.raises(NotFittedError, match="not fitted"):
        DeepAutoEncoder([2]).transform(unit_data)
    dae = DeepAutoEncoder([2], epochs=1, batch_size=10, verbose=0).fit(unit_data)
    with pytest.raises(ValueError, match="has 5 features but the model was fitted with 12"):
        dae.map2center(np.zeros((3, 5)))


def test_progress_lines(unit_data, capsys):
    dae = DeepAutoEncoder([2], epochs=2, batch_size=10, verbose=1, random_state=0)
    dae.fit(unit_data)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("compiling DeepAutoEncoder.train (C code: up to ~30 s on an empty "
                        "compile cache, seconds once cached) ...")
    assert re.fullmatch(r"compiled DeepAutoEncoder.train in \d+\.\d s", lines[1])
    assert [line.split()[:2] for line in lines[2:]] == [["epoch", "1/2"], ["epoch", "2/2"]]
    assert all("cost" in line and "samples/s" in line for line in lines[2:])
    dae.fit(unit_data)  # compiled once: no second compile message
    assert "compil" not in capsys.readouterr().out
    DeepAutoEncoder([2], epochs=2, batch_size=10, verbose=0).fit(unit_data)
    assert capsys.readouterr().out == ""


def test_a_model_fitted_in_float32_keeps_computing_in_float32(unit_data):
    from graphae.backend import float_x, float_x_context

    dae = DeepAutoEncoder([3, 2], epochs=1, batch_size=10, verbose=0, random_state=0)
    with float_x_context("float32"):
        dae.fit(unit_data)
    assert float_x() == "float64"
    assert {p.dtype for p in dae.params_} == {"float32"}
    codes = dae.map2center(unit_data.astype("float64"))
    assert codes.dtype == np.float32 and codes.shape == (len(unit_data), 2)
    assert dae.inverse_transform(codes).dtype == np.float32
    assert np.isfinite(dae.reconstruction_cost(unit_data))
    dae.fit(unit_data)  # outside the context: rebuilt in float64, not a float32 graph reused
    assert {p.dtype for p in dae.params_} == {"float64"}
    assert dae.map2center(unit_data).dtype == np.float64
