import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad

from graphae import ported, tutorials
from graphae.training import as_shared_data
from graphae.backend import compile_function
from graphae.tutorials import DenoisingAutoEncoder

DATA = np.random.default_rng(3).random((60, 8))


def _dA(seed=123, theano_rng=None, **kwargs):
    kwargs = {"n_visible": 8, "n_hidden": 5, **kwargs}
    return tutorials.dA(np.random.RandomState(seed), theano_rng=theano_rng, **kwargs)


def test_tutorial_names_are_aliases():
    assert tutorials.dA is DenoisingAutoEncoder
    assert DenoisingAutoEncoder.get_hidden_values is DenoisingAutoEncoder.encode
    assert DenoisingAutoEncoder.get_reconstructed_input is DenoisingAutoEncoder.decode
    assert DenoisingAutoEncoder.get_cost_updates is DenoisingAutoEncoder.cost_updates
    da = _dA()
    assert da.theano_rng is da.rng and da.params == [da.W, da.b, da.b_prime]


def test_initialisation_as_the_tutorial():
    rng = np.random.RandomState(123)
    rng.randint(2 ** 30)  # the noise seed is drawn first, as in the tutorial
    bound = 4 * np.sqrt(6.0 / 13)
    np.testing.assert_allclose(_dA().W.get_value(), rng.uniform(-bound, bound, size=(8, 5)))
    W = _dA().W
    assert _dA(W=W).W is W


def test_masking_noise_fraction():
    da = _dA(n_visible=400, n_hidden=2)
    x = pt.matrix("x")
    corrupted, next_rng = da.corrupt(x, 0.3)
    corrupt = compile_function([x], corrupted, updates=[(da.rng, next_rng)])
    ones = np.ones((50, 400))
    first, second = corrupt(ones), corrupt(ones)
    assert (first == 0).mean() == pytest.approx(0.3, abs=0.01)
    assert not np.array_equal(first, second)
    assert np.array_equal(compile_function([x], da.corrupt(x, 0.0)[0])(DATA[:, :1].repeat(
        400, 1)), DATA[:, :1].repeat(400, 1))


def test_legacy_get_corrupted_input_advances_its_generator():
    da = _dA(n_visible=50)
    x = pt.matrix("x")
    corrupt = ported.function([x], da.get_corrupted_input(x, 0.5))
    assert not np.array_equal(corrupt(np.ones((4, 50))), corrupt(np.ones((4, 50))))


def _numpy_step(X, W, b, bp, lr):
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    y = sig(X @ W + b)
    z = sig(y @ W.T + bp)
    cost = np.mean(-np.sum(X * np.log(z) + (1 - X) * np.log(1 - z), axis=1))
    dz = (z - X) / len(X)
    dy = dz @ W * y * (1 - y)
    gW = X.T @ dy + dz.T @ y
    return cost, W - lr * gW, b - lr * dy.sum(0), bp - lr * dz.sum(0)


def test_training_without_noise_matches_numpy():
    da = _dA()
    W, b, bp = (p.get_value() for p in da.params)
    da.fit(DATA, epochs=1, batch_size=20, learning_rate=0.5, verbose=0)
    costs = []
    for i in range(3):
        cost, W, b, bp = _numpy_step(DATA[20 * i:20 * (i + 1)], W, b, bp, 0.5)
        costs.append(cost)
    assert da.costs_ == [pytest.approx(np.mean(costs), rel=1e-10)]
    for param, expected in zip(da.params, (W, b, bp)):
        np.testing.assert_allclose(param.get_value(), expected, rtol=1e-10)


def test_verify_grad_reconstruction_cost():
    def cost(X, W, b, bp):
        da = DenoisingAutoEncoder(np.random.RandomState(0), input=X, n_visible=6,
                                  n_hidden=4, W=W, bhid=b, bvis=bp)
        corrupted = X * pt.constant((np.arange(6) % 3 > 0).astype(float))
        return da.reconstruction_cost(X, corrupted)

    rng = np.random.default_rng(0)
    verify_grad(cost, [rng.uniform(0.05, 0.95, (5, 6)), rng.normal(size=(6, 4)),
                       rng.normal(size=4), rng.normal(size=6)], rng=np.random.default_rng(1))


def test_same_seeds_same_costs_other_seeds_other_costs():
    runs = [_dA(theano_rng=seed).fit(DATA, epochs=3, batch_size=10, corruption_level=0.3,
                                      verbose=0).costs_ for seed in (1, 1, 2)]
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert runs[0][-1] < runs[0][0]


def test_fit_compiles_once_and_reports_progress(capsys):
    da = _dA()
    da.fit(DATA, epochs=2, batch_size=10)
    da.fit(DATA[:40], epochs=1, batch_size=10, corruption_level=0.2)
    assert len(da._compiled) == 1
    assert capsys.readouterr().out.count("dA: epoch") == 3
    assert len(da.epoch_seconds_) == 1


def test_pretraining_function_takes_tutorial_keywords():
    da = _dA()
    data = as_shared_data(DATA)
    train = da.pretraining_function(data, batch_size=10)
    assert np.isfinite(train(0)) and np.isfinite(train(1, corruption=0.3, lr=0.01))


@pytest.mark.parametrize("data, kwargs, message", [
    (np.ones((10, 7)), {}, r"shape \(n, 8\)"),
    (np.full((10, 8), 2.0), {}, r"\[0, 1\]"),
    (DATA, {"corruption_level": 1.0}, "corruption_level"),
    (DATA, {"batch_size": 100}, "larger than the data"),
    (np.full((10, 8), np.nan), {}, "NaN"),
])
def test_bad_input(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        _dA().fit(data, epochs=1, verbose=0, **kwargs)


def test_bad_sizes():
    with pytest.raises(ValueError, match="n_hidden"):
        _dA(n_hidden=0)


def test_reproduces_the_tutorials_first_epoch_cost(mnist_pickle_path):
    """test_dA at 0 % corruption: the first epoch's mean cost is 63.2891 (deeplearning.net)."""
    from graphae.datasets import load_mnist

    train_x = load_mnist(mnist_pickle_path).train[0]
    da = tutorials.dA(numpy_rng=np.random.RandomState(123), n_visible=784, n_hidden=500)
    da.fit(train_x, epochs=1, batch_size=20, learning_rate=0.1, verbose=0)
    assert da.costs_[0] == pytest.approx(63.2891, abs=1e-4)  # the tutorial's printed figure
    assert f"{da.costs_[0]:.6f}" == "63.289169"  # graphae's figure, reported since issue 6


def test_seed_001s_call_with_a_theano_random_stream():
    from graphae.compat.theano.tensor.shared_randomstreams import RandomStreams

    def lecture_run():
        rng = np.random.RandomState(123)
        theano_rng = RandomStreams(rng.randint(2 ** 30))
        da = tutorials.dA(numpy_rng=rng, theano_rng=theano_rng, input=pt.matrix("x"),
                          n_visible=8, n_hidden=5)
        return da.fit(DATA, epochs=3, batch_size=10, corruption_level=0.3, verbose=0).costs_

    first, second = lecture_run(), lecture_run()
    assert first == second  # the stream's seed fixes the corruption
    with pytest.raises(TypeError, match="theano_rng must be None, an int seed"):
        _dA(theano_rng="not a stream")


def test_a_diverging_da_keeps_its_weights_from_just_before_the_bad_minibatch():
    # the corruption draws come from a generator the step updates: the replay that
    # restores the last finite state must start it where the epoch started it
    from graphae.callbacks import LambdaCallback
    from graphae.training import TrainingDiverged

    X = np.random.default_rng(0).random((60, 20))
    da = tutorials.dA(numpy_rng=np.random.RandomState(1), n_visible=20, n_hidden=5)
    seen = []
    record = LambdaCallback(on_batch_begin=lambda batch, logs: seen.append(
        [p.get_value() for p in da.params]))
    with pytest.raises(TrainingDiverged, match="restored to those before minibatch") as raised:
        da.fit(X, epochs=5, batch_size=10, learning_rate=1e307, corruption_level=0.3,
               verbose=0, callbacks=[record])
    assert raised.value.batch == len(seen) - 1 - 6 * raised.value.epoch
    for param, value in zip(da.params, seen[-1]):
        np.testing.assert_array_equal(param.get_value(), value)
