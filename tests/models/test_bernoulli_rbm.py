import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest

from graphae.backend import compile_function, shared_generator
from graphae.boltzmann import contrastive_divergence, free_energy
from graphae.layers import TiedLayer
from graphae.models import BernoulliRBM
from graphae.updates import momentum


def _bars(n=200, side=4, seed=0):
    """Binary images of one horizontal or vertical bar."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, side, side))
    for image, position, vertical in zip(images, rng.integers(0, side, n), rng.random(n) < 0.5):
        if vertical:
            image[:, position] = 1
        else:
            image[position] = 1
    return images.reshape(n, -1)


def test_defaults_are_seed_003_19_2():
    rbm = BernoulliRBM()
    assert (rbm.n_hidden, rbm.form, rbm.k, rbm.binarize, rbm.init, rbm.learning_rate,
            rbm.batch_size, rbm.epochs, rbm.momentum) == (
        500, "lecture", 1, True, "seed003", 0.001, 256, 200, 0.0)


@pytest.mark.parametrize("form", ["lecture", "tutorial"])
def test_three_cd_steps_equal_the_lectures_update_in_numpy(form):
    X = _bars(8)
    layer = TiedLayer(16, 5, "sigmoid", "glorot", random_state=0)
    W, bh, bv = (p.get_value().copy() for p in layer.params)
    rng, lr = shared_generator(1), 0.05
    step = contrastive_divergence(layer, pt.constant(X), rng, k=2, form=form)
    updates, _ = momentum([-d for d in step.directions], layer.params, lr, 0.0)
    run = compile_function([], [step.positive_hidden, step.chain_visible, step.negative_hidden],
                           updates=updates + [(rng, step.next_rng)])
    for _ in range(3):
        h0, vk, hk = run()
        if form == "lecture":
            assert set(np.unique(h0)) <= {0.0, 1.0} and set(np.unique(hk)) <= {0.0, 1.0}
        else:  # probabilities: h given v under the weights before this step
            np.testing.assert_allclose(h0, 1 / (1 + np.exp(-(X @ W + bh))), rtol=1e-12)
            np.testing.assert_allclose(hk, 1 / (1 + np.exp(-(vk @ W + bh))), rtol=1e-12)
        assert set(np.unique(vk)) <= {0.0, 1.0}
        W = W + lr / len(X) * (X.T @ h0 - vk.T @ hk)
        bh = bh + lr / len(X) * (h0 - hk).sum(0)
        bv = bv + lr / len(X) * (X - vk).sum(0)
        for param, expected in zip(layer.params, (W, bh, bv)):
            np.testing.assert_allclose(param.get_value(), expected, rtol=1e-12, atol=1e-15)


def test_the_tutorial_form_is_the_free_energy_gradient():
    X = _bars(10)
    layer = TiedLayer(16, 6, "sigmoid", "glorot", random_state=2)
    step = contrastive_divergence(layer, pt.constant(X), shared_generator(3), form="tutorial")
    cost = pt.mean(free_energy(layer, pt.constant(X))) - pt.mean(
        free_energy(layer, step.chain_visible))
    grads = pytensor.grad(cost, layer.params, consider_constant=[step.chain_visible])
    both = compile_function([], [*step.directions, *grads])()
    for direction, gradient in zip(both[:3], both[3:]):
        np.testing.assert_allclose(direction, -gradient, rtol=1e-10, atol=1e-14)


def test_the_lecture_rbm_learns_bars_and_binarizes():
    X = _bars()
    rbm = BernoulliRBM(12, init="glorot", learning_rate=0.1, momentum=0.5, epochs=30,
                       batch_size=20, random_state=0, verbose=0)
    before = BernoulliRBM(12, init="glorot", learning_rate=1e-12, epochs=1, batch_size=20,
                          random_state=0, verbose=0).fit(X).hamming_error(X)
    after = rbm.fit(X).hamming_error(X)
    assert after < 0.5 * before
    np.testing.assert_array_equal(rbm.transform(X * 0.3), rbm.transform(X))  # x > 0 → 1
    costs = rbm.costs_
    assert costs[-20:].mean() < costs[:20].mean()


def test_without_biases_they_stay_zero_and_local_gains_train():
    X = _bars(100)
    rbm = BernoulliRBM(6, init="glorot", use_biases=False, optimizer="local_gains",
                       learning_rate=0.05, momentum=0.9,
                       optimizer_options={"gain_limits": (0.001, 1000), "bonus": 0.0005,
                                          "penalty": 0.9995},
                       epochs=5, batch_size=10, random_state=0, verbose=0).fit(X)
    W, bh, bv = rbm.get_weights()
    assert not bh.any() and not bv.any() and W.std() > 0
    gains = [v for v in rbm._velocities if v.name.startswith("gain")]
    assert len(gains) == 1 and not np.all(gains[0].get_value() == 1.0)


def test_seed003_init_is_tf_random_normal_with_mean_0_01():
    rbm = BernoulliRBM(400, learning_rate=1e-12, epochs=1, batch_size=50, random_state=0,
                       verbose=0)
    rbm.fit(_bars(100, side=30))  # 360,000 weights: their mean is within 0.0017 (1 sd) of 0.01
    W = rbm.get_weights()[0]
    assert abs(W.mean() - 0.01) < 0.005 and abs(W.std() - 1.0) < 0.005


def test_bad_settings_name_the_argument():
    X = _bars(40)
    for options, message in (({"form": "hinton"}, "form must be one of"),
                             ({"optimizer": "adam"}, "optimizer must be one of"),
                             ({"k": 0}, "k must be"), ({"n_hidden": 0}, "n_hidden")):
        with pytest.raises(ValueError, match=message):
            BernoulliRBM(batch_size=10, verbose=0, **options).fit(X)


def test_persistent_cd_carries_its_chain_between_steps_and_restarts_at_each_fit():
    X = _bars(100)
    options = dict(init="glorot", learning_rate=0.1, epochs=10, batch_size=20, random_state=0,
                   verbose=0)
    pcd = BernoulliRBM(8, persistent=True, **options).fit(X)
    chain = pcd._chain.get_value()
    assert chain.shape == (20, 8) and set(np.unique(chain)) <= {0.0, 1.0} and chain.any()
    assert pcd.hamming_error(X) < BernoulliRBM(8, learning_rate=1e-12, init="glorot", epochs=1,
                                                batch_size=20, random_state=0,
                                                verbose=0).fit(X).hamming_error(X)
    first = pcd.costs_.copy()
    np.testing.assert_array_equal(pcd.fit(X).costs_, first)  # the chain restarted from zeros
    assert not np.array_equal(BernoulliRBM(8, **options).fit(X).costs_, first)  # CD differs
    layer = TiedLayer(16, 3, "sigmoid", "glorot", random_state=0)
    layer.W.set_value(np.full((16, 3), 50.0))
    data = pt.constant(np.ones((40, 16)))
    from_data = contrastive_divergence(layer, data, shared_generator(0), form="tutorial")
    from_chain = contrastive_divergence(layer, data, shared_generator(0), form="tutorial",
                                        persistent=pt.constant(np.zeros((40, 3))))
    # from the data h = 1, so v = 1; from a chain at h = 0, v ~ Bernoulli(sigmoid(0)) = ½
    np.testing.assert_array_equal(from_data.chain_visible.eval(), np.ones((40, 16)))
    assert 0.4 < from_chain.chain_visible.eval().mean() < 0.6
