import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad
from pytensor.graph.replace import clone_replace

from graphae.backend import compile_function, shared_generator
from graphae.models import VAE


def _images(n=300, d=12, seed=0):
    rng = np.random.default_rng(seed)
    return np.clip(rng.random((n, 3)) @ rng.random((3, d)) / 3, 0, 1)


def _elu(a):
    return np.where(a > 0, a, np.expm1(np.minimum(a, 0)))


def _numpy_loss(weights, X, epsilon, head):
    """The seed's VAE loss written from §18.6.1 in NumPy (one hidden layer each side)."""
    We, be, Wm, bm, Ws, bs, Wd, bd, Wo, bo = weights
    hidden = _elu(X @ We + be)
    mean, spread = hidden @ Wm + bm, hidden @ Ws + bs
    std = spread if head == "sigma" else np.exp(spread / 2)
    logits = _elu((mean + std * epsilon) @ Wd + bd) @ Wo + bo
    xentropy = np.maximum(logits, 0) - logits * X + np.log1p(np.exp(-np.abs(logits)))
    if head == "sigma":
        latent = 0.5 * np.sum(spread**2 + mean**2 - 1 - np.log(1e-10 + spread**2))
    else:
        latent = 0.5 * np.sum(np.exp(spread) + mean**2 - 1 - spread)
    return xentropy.sum(), latent


def test_defaults_are_seed_003_18_6_1():
    vae = VAE()
    assert (vae.hidden_layer_sizes, vae.n_latent, vae.activation, vae.init, vae.head) == (
        (500, 500), 20, "elu", "he_normal", "sigma")
    assert (vae.optimizer, vae.learning_rate, vae.batch_size, vae.epochs,
            vae.latent_weight) == ("adam", 0.001, 150, 50, 1.0)


@pytest.mark.parametrize("head", ["sigma", "log_var"])
def test_loss_with_fixed_noise_equals_numpy_and_passes_verify_grad(head):
    X = _images(n=6, d=5)
    vae = VAE([4], n_latent=2, head=head, epochs=1, batch_size=6, random_state=0,
              verbose=0).fit(X)
    assert [p.get_value().shape for p in vae.params_] == [
        (5, 4), (4,), (4, 2), (2,), (4, 2), (2,), (2, 4), (4,), (4, 5), (5,)]
    epsilon = np.random.default_rng(1).standard_normal((6, 2))
    _, reconstruction, latent = vae.loss_terms(pt.constant(X), epsilon=pt.constant(epsilon))
    expected = _numpy_loss(vae.get_weights(), X, epsilon, head)
    np.testing.assert_allclose([reconstruction.eval(), latent.eval()], expected, rtol=1e-10)

    def loss(*values):
        replaced = dict(zip(vae.params_, values))
        return clone_replace(reconstruction + latent, replace=replaced)

    verify_grad(loss, vae.get_weights(), rng=np.random.default_rng(0))


def test_training_draws_new_codes_each_step_and_prediction_draws_none():
    X = _images(n=20, d=5)
    vae = VAE([4], n_latent=2, epochs=1, batch_size=20, random_state=0, verbose=0).fit(X)
    rng = shared_generator(0)
    next_rng, reconstruction, _ = vae.loss_terms(pt.constant(X), rng)
    step = compile_function([], reconstruction, updates=[(rng, next_rng)])
    assert step() != step()  # the generator advances: a fresh ε every step
    np.testing.assert_array_equal(vae.transform(X), vae.transform(X))
    np.testing.assert_array_equal(vae.reconstruct(X), vae.reconstruct(X))
    weights = vae.get_weights()
    hidden = _elu(X @ weights[0] + weights[1])
    np.testing.assert_allclose(vae.transform(X), hidden @ weights[2] + weights[3], rtol=1e-10)
    with pytest.raises(ValueError, match="rng or a fixed epsilon"):
        vae.loss_terms(pt.constant(X))


def test_vae_learns_and_records_the_seeds_three_losses():
    X = _images()
    vae = VAE([16], n_latent=2, learning_rate=0.01, epochs=30, batch_size=30, random_state=0,
              verbose=0).fit(X)
    loss = vae.history_.batch_array("loss")
    np.testing.assert_allclose(loss, vae.history_.batch_array("reconstruction_loss")
                               + vae.history_.batch_array("latent_loss"))
    assert loss[-10:].mean() < 0.9 * loss[:10].mean()
    assert vae.history_.batch_array("latent_loss").min() > 0


def test_latent_weight_is_a_shared_scalar():
    X = _images(n=60)
    vae = VAE([6], n_latent=2, latent_weight=0.0, epochs=2, batch_size=30, random_state=0,
              verbose=0).fit(X)
    np.testing.assert_array_equal(vae.history_.batch_array("loss"),
                                  vae.history_.batch_array("reconstruction_loss"))
    compiles = vae._compiled.compiles
    vae.set_params(latent_weight=0.5).fit(X)
    assert vae._compiled.compiles == compiles  # a new weight, the same compiled step
    history = vae.history_
    np.testing.assert_allclose(history.batch_array("loss"),
                               history.batch_array("reconstruction_loss")
                               + 0.5 * history.batch_array("latent_loss"))


def test_samples_from_the_prior_are_images_and_seeded():
    X = _images(n=60)
    vae = VAE([6], n_latent=3, epochs=2, batch_size=30, random_state=0, verbose=0).fit(X)
    samples = vae.sample(7, random_state=5)
    assert samples.shape == (7, 12) and ((samples > 0) & (samples < 1)).all()
    np.testing.assert_array_equal(samples, vae.sample(7, random_state=5))
    codes = np.random.default_rng(5).standard_normal((7, 3))
    np.testing.assert_array_equal(samples, vae.inverse_transform(codes))
    with pytest.raises(ValueError, match="n_samples"):
        vae.sample(0)


def test_bad_settings_and_inputs_name_the_argument():
    X = _images(n=30)
    with pytest.raises(ValueError, match="head must be one of 'sigma', 'log_var'; got 'std'"):
        VAE([4], head="std", batch_size=10, verbose=0).fit(X)
    with pytest.raises(ValueError, match="latent_weight"):
        VAE([4], latent_weight=-1.0, batch_size=10, verbose=0).fit(X)
    with pytest.raises(ValueError, match="n_latent"):
        VAE([4], n_latent=0, batch_size=10, verbose=0).fit(X)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        VAE([4], batch_size=10, verbose=0).fit(X * 3)


def test_gradient_of_the_summed_loss_reaches_the_heads():
    X = _images(n=10, d=5)
    vae = VAE([4], n_latent=2, epochs=1, batch_size=10, random_state=0, verbose=0).fit(X)
    _, reconstruction, latent = vae.loss_terms(pt.constant(X), epsilon=pt.zeros((10, 2)))
    grads = pytensor.grad(latent, [vae.mean_layer_.W, vae.spread_layer_.W])
    assert all(np.abs(g.eval()).sum() > 0 for g in grads)
