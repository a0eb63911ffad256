import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad

from graphae import ported
from graphae.backend import compile_function, shared
from graphae.tutorials import RBM
from graphae.updates import sgd_updates

def _bars(n=400, side=4, seed=0):
    """Binary images of one horizontal or vertical bar: easy for an RBM to model."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, side, side))
    for image, (vertical, where) in zip(images, zip(rng.integers(0, 2, n),
                                                    rng.integers(0, side, n))):
        if vertical:
            image[:, where] = 1
        else:
            image[where, :] = 1
    return images.reshape(n, -1)

def _free_energy(v, W, c, b):
    return -np.log1p(np.exp(v @ W + c)).sum(1) - v @ b

def test_free_energy_matches_formula():
    rng = np.random.default_rng(0)
    rbm = RBM(n_visible=6, n_hidden=4, numpy_rng=np.random.RandomState(0))
    rbm.hbias.set_value(rng.normal(size=4)); rbm.vbias.set_value(rng.normal(size=6))
    v = pt.matrix("v")
    V = (rng.random((5, 6)) < 0.5).astype(float)
    np.testing.assert_allclose(rbm.free_energy(v).eval({v: V}), _free_energy(
        V, *(p.get_value() for p in (rbm.W, rbm.hbias, rbm.vbias))))

def test_cd_gradient_treats_chain_end_as_constant():
    """The update is lr * (<v h>_data - <v h>_chain), the contrastive-divergence rule."""
    rng = np.random.default_rng(1)
    v0, vk = pt.matrix("v0"), pt.matrix("vk")
    rbm = RBM(input=v0, n_visible=6, n_hidden=4, numpy_rng=np.random.RandomState(0))
    cost = pt.mean(rbm.free_energy(v0)) - pt.mean(rbm.free_energy(vk))
    step = compile_function([v0, vk], [], updates=sgd_updates(cost, rbm.params, 0.1,
                                                              consider_constant=[vk]))
    W, c, b = (p.get_value() for p in rbm.params)
    V0, VK = rng.random((5, 6)), (rng.random((5, 6)) < 0.5).astype(float)
    step(V0, VK)
    h0, hk = 1 / (1 + np.exp(-(V0 @ W + c))), 1 / (1 + np.exp(-(VK @ W + c)))
    np.testing.assert_allclose(rbm.W.get_value(), W + 0.1 * (V0.T @ h0 - VK.T @ hk) / 5)
    np.testing.assert_allclose(rbm.hbias.get_value(), c + 0.1 * (h0 - hk).mean(0))
    np.testing.assert_allclose(rbm.vbias.get_value(), b + 0.1 * (V0 - VK).mean(0))

def test_verify_grad_contrastive_cost():
    chain_end = pt.constant((np.random.default_rng(2).random((4, 6)) < 0.5).astype(float))

    def cost(V, W, c, b):
        rbm = RBM(input=V, n_visible=6, n_hidden=3, W=W, hbias=c, vbias=b,
                  numpy_rng=np.random.RandomState(0))
        return pt.mean(rbm.free_energy(V)) - pt.mean(rbm.free_energy(chain_end))

    rng = np.random.default_rng(0)
    verify_grad(cost, [rng.random((4, 6)), rng.normal(size=(6, 3)), rng.normal(size=3),
                       rng.normal(size=6)], rng=np.random.default_rng(1))

@pytest.mark.parametrize("persistent", [False, True])
def test_training_learns_bars(persistent):
    data = _bars()
    rbm = RBM(n_visible=16, n_hidden=8, numpy_rng=np.random.RandomState(123))
    rbm.fit(data, epochs=12, batch_size=20, learning_rate=0.1, k=1 if not persistent else 5,
            persistent=persistent, verbose=0)
    costs = rbm.costs_
    if persistent:  # pseudo-log-likelihood (negative, rising); noisy: compare thirds
        assert np.mean(costs[-4:]) > np.mean(costs[:4]) + 1
    else:  # reconstruction log-likelihood sum(x log p + ...), rising towards 0
        assert costs[-1] > costs[0] + 2
    assert all(c < 0 for c in costs)
    # free energy separates bars from random images of the same density
    noise = (np.random.default_rng(5).random((400, 16)) < 0.25).astype(float)
    v = pt.matrix("v")
    energy = compile_function([v], rbm.free_energy(v))
    assert energy(data).mean() < energy(noise).mean() - 1

def test_same_seed_same_costs():
    data = _bars(100)
    runs = [RBM(n_visible=16, n_hidden=6, numpy_rng=np.random.RandomState(7), theano_rng=seed)
            .fit(data, epochs=2, batch_size=10, k=3, verbose=0).costs_ for seed in (1, 1, 2)]
    assert runs[0] == runs[1] and runs[0] != runs[2]

def test_pcd_updates_persistent_chain_and_cycles_the_pseudo_likelihood_bit():
    rbm = RBM(n_visible=16, n_hidden=5, numpy_rng=np.random.RandomState(0))

    persistent = shared(np.zeros((10, 5)), "chain")
    cost, updates = rbm.get_cost_updates(lr=0.1, persistent=persistent, k=2)
    updated = [variable for variable, _ in updates]
    assert persistent in updated and rbm.rng in updated and rbm._bit_index in updated
    step = compile_function([], cost, updates=updates,
                            givens={rbm.input: pt.constant(_bars(10))})
    for expected_bit in (1, 2, 3):
        step()
        assert rbm._bit_index.get_value() == expected_bit
    assert set(np.unique(persistent.get_value())) <= {0.0, 1.0}
    assert persistent.get_value().any()

def test_legacy_sampling_methods_and_sample_chains():
    rbm = RBM(n_visible=16, n_hidden=5, numpy_rng=np.random.RandomState(0))
    v = pt.matrix("v")
    pre, mean, sample = rbm.sample_h_given_v(v)
    draw = ported.function([v], sample)
    assert draw(_bars(30)).shape == (30, 5)
    assert not np.array_equal(draw(_bars(30)), draw(_bars(30)))
    samples = rbm.sample(_bars(4), n_samples=3, plot_every=5)
    assert samples.shape == (3, 4, 16) and 0 <= samples.min() and samples.max() <= 1

@pytest.mark.parametrize("kwargs, message", [
    ({"k": 0}, "k must be a positive integer"),
    ({"batch_size": 0}, "batch_size"),
])
def test_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RBM(n_visible=16, n_hidden=4).fit(_bars(20), epochs=1, verbose=0, **kwargs)

def test_time_limit_stops_between_epochs(capsys):
    rbm = RBM(n_visible=16, n_hidden=4, numpy_rng=np.random.RandomState(0))
    rbm.fit(_bars(40), epochs=50, batch_size=10, k=1, max_seconds=0.0)
    assert len(rbm.costs_) == 1
    assert "time limit" in capsys.readouterr().out


def test_verify_grad_monitoring_costs():
    """The pseudo-likelihood and reconstruction costs, as functions of the parameters."""
    rng = np.random.default_rng(3)
    data = pt.constant((rng.random((4, 6)) < 0.5).astype(float))

    def pseudo_likelihood(W, c, b):
        rbm = RBM(input=data, n_visible=6, n_hidden=3, W=W, hbias=c, vbias=b,
                  numpy_rng=np.random.RandomState(0))
        return rbm.pseudo_likelihood_cost()[0]

    def reconstruction(pre_sigmoid):
        rbm = RBM(input=data, n_visible=6, n_hidden=3, numpy_rng=np.random.RandomState(0))
        return rbm.reconstruction_cost(pre_sigmoid)

    verify_grad(pseudo_likelihood, [rng.normal(size=(6, 3)), rng.normal(size=3),
                                    rng.normal(size=6)], rng=np.random.default_rng(1))
    verify_grad(reconstruction, [rng.normal(size=(4, 6))], rng=np.random.default_rng(1))


def test_sample_compiles_once_and_fit_takes_callbacks():
    from graphae.callbacks import LambdaCallback

    rbm = RBM(n_visible=16, n_hidden=4, numpy_rng=np.random.RandomState(0), theano_rng=0)
    batches = []
    rbm.fit(_bars(40), epochs=2, batch_size=10, k=1, verbose=0,
            callbacks=[LambdaCallback(on_batch_end=lambda b, logs: batches.append(b))])
    assert batches == [0, 1, 2, 3] * 2 and rbm.history_.n_epochs == 2
    first = rbm.sample(_bars(3), n_samples=2, plot_every=5)
    second = rbm.sample(_bars(5), n_samples=1, plot_every=5)
    assert first.shape == (2, 3, 16) and second.shape == (1, 5, 16)
    assert "sample" in rbm._compiled
    compiles = rbm._compiled.compiles
    rbm.sample(_bars(3), n_samples=1, plot_every=5)
    assert rbm._compiled.compiles == compiles == 2  # the training step and one sampler
