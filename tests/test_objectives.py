import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad

from graphae.objectives import binary_crossentropy_mean, categorical_nll_mean, error_rate

RNG = np.random.default_rng(3)


def test_verify_grad_binary_crossentropy():
    target = RNG.random((4, 6))
    output = RNG.uniform(0.1, 0.9, (4, 6))
    verify_grad(binary_crossentropy_mean, [target, output], rng=np.random.default_rng(0))


def test_verify_grad_categorical_nll():
    labels = np.array([0, 2, 1, 2], dtype=np.int32)
    probabilities = RNG.uniform(0.1, 1, (4, 3))
    verify_grad(lambda p: categorical_nll_mean(p, pt.constant(labels)), [probabilities],
                rng=np.random.default_rng(0))


def test_values_match_formulas():
    target, output = RNG.random((3, 4)), RNG.uniform(0.1, 0.9, (3, 4))
    expected = -(target * np.log(output) + (1 - target) * np.log(1 - output)).mean()
    assert binary_crossentropy_mean(pt.constant(target), pt.constant(output)).eval() == pytest.approx(expected)
    P = RNG.uniform(0.1, 1, (3, 4))
    labels = np.array([3, 0, 1], dtype=np.int32)
    assert categorical_nll_mean(pt.constant(P), pt.constant(labels)).eval() == pytest.approx(
        -np.mean(np.log(P[[0, 1, 2], labels])))


def test_error_rate():
    assert error_rate(np.array([1, 2, 3]), np.array([1, 0, 3])) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="differ in shape"):
        error_rate([1, 2], [1, 2, 3])


def _distributions(rows, columns, seed):
    values = np.random.default_rng(seed).uniform(0.05, 1, (rows, columns))
    return values / values.sum(axis=1, keepdims=True)


def test_cross_entropy_is_entropy_plus_kl_divergence():
    """Seed 000: H(P, Q) = H(P) + KL(P‖Q), row by row and on average."""
    from graphae.objectives import cross_entropy, entropy, kl_divergence

    P, Q = (pt.constant(_distributions(5, 4, s)) for s in (1, 2))
    for reduction in ("none", "row_sum_mean", "sum"):
        np.testing.assert_allclose(cross_entropy(P, Q, reduction).eval(),
                                   (entropy(P, reduction) + kl_divergence(P, Q, reduction)).eval())
    p = P.data
    assert entropy(P).eval() == pytest.approx(-(p * np.log(p)).sum(axis=1).mean())
    assert kl_divergence(P, Q).eval() > 0 and kl_divergence(P, P).eval() == pytest.approx(0)


def test_cross_entropy_and_kl_have_the_same_gradient_in_q():
    """H(P) does not depend on Q, so minimising H(P, Q) or KL(P‖Q) is one problem."""
    from graphae.backend import grad
    from graphae.objectives import cross_entropy, kl_divergence

    P, Q = pt.constant(_distributions(3, 5, 3)), pt.matrix("Q")
    q = _distributions(3, 5, 4)
    g_ce = grad(cross_entropy(P, Q), Q).eval({Q: q})
    g_kl = grad(kl_divergence(P, Q), Q).eval({Q: q})
    np.testing.assert_allclose(g_ce, g_kl, rtol=1e-12)
    np.testing.assert_allclose(g_ce, -P.data / q / 3)


def test_entropy_of_a_distribution_with_zeros_and_its_gradient_are_finite():
    from graphae.backend import grad
    from graphae.objectives import entropy

    p = pt.vector("p")
    value, gradient = pytensor.function([p], [entropy(p), grad(entropy(p), p)])(
        np.array([0.0, 0.25, 0.75]))
    assert value == pytest.approx(-(0.25 * np.log(0.25) + 0.75 * np.log(0.75)))
    assert np.isfinite(gradient).all()


@pytest.mark.parametrize("name", ["entropy", "cross_entropy", "kl_divergence"])
def test_verify_grad_information_measures(name):
    from graphae import objectives

    function = getattr(objectives, name)
    if name == "entropy":
        verify_grad(function, [_distributions(3, 4, 5)], rng=np.random.default_rng(0))
    else:
        P = pt.constant(_distributions(3, 4, 6))
        verify_grad(lambda q: function(P, q), [_distributions(3, 4, 7)],
                    rng=np.random.default_rng(0))


def test_binary_crossentropy_from_logits_equals_it_from_probabilities_and_stays_finite():
    from graphae.objectives import binary_crossentropy, binary_crossentropy_from_logits

    target, logits = RNG.random((3, 4)), RNG.normal(0, 3, (3, 4))
    for reduction in ("mean", "row_sum_mean", "sum"):
        assert binary_crossentropy_from_logits(pt.constant(target), pt.constant(logits),
                                               reduction).eval() == pytest.approx(
            binary_crossentropy(pt.constant(target), pt.sigmoid(logits), reduction).eval())
    extreme = binary_crossentropy_from_logits(pt.constant([1.0, 0.0]), pt.constant([-800.0, 800.0]),
                                              "none").eval()
    np.testing.assert_allclose(extreme, [800.0, 800.0])
    verify_grad(lambda z: binary_crossentropy_from_logits(pt.constant(target), z), [logits],
                rng=np.random.default_rng(0))


def test_categorical_crossentropy_targets_logits_and_reductions():
    from graphae.objectives import categorical_crossentropy

    labels = np.array([0, 2, 1], dtype=np.int32)
    one_hot = np.eye(3)[labels]
    scores = RNG.normal(size=(3, 3))
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    expected = -np.log(probabilities[np.arange(3), labels])
    for target in (pt.constant(one_hot), pt.constant(labels)):
        assert categorical_crossentropy(target, pt.constant(probabilities)).eval() == (
            pytest.approx(expected.mean()))
        assert categorical_crossentropy(target, pt.constant(scores), from_logits=True,
                                        reduction="sum").eval() == pytest.approx(expected.sum())
    verify_grad(lambda s: categorical_crossentropy(pt.constant(labels), s, from_logits=True),
                [scores], rng=np.random.default_rng(0))
    verify_grad(lambda p: categorical_crossentropy(pt.constant(one_hot), p),
                [probabilities], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="reduction must be"):
        categorical_crossentropy(pt.constant(labels), pt.constant(probabilities), reduction="avg")
    with pytest.raises(TypeError, match="integer labels expected"):
        categorical_crossentropy(pt.constant(labels * 1.0), pt.constant(probabilities))


def test_mean_squared_error_and_its_gradient():
    from graphae.objectives import mean_squared_error

    target, output = RNG.random((3, 4)), RNG.random((3, 4))
    assert mean_squared_error(pt.constant(target), pt.constant(output)).eval() == pytest.approx(
        ((target - output) ** 2).mean())
    assert mean_squared_error(pt.constant(target), pt.constant(output), "sum").eval() == (
        pytest.approx(((target - output) ** 2).sum()))
    verify_grad(lambda o: mean_squared_error(pt.constant(target), o), [output],
                rng=np.random.default_rng(0))


def test_gaussian_kl_equals_the_integral_and_its_gradients_check():
    from scipy import integrate, stats

    from graphae.objectives import gaussian_kl

    mean, sigma = np.array([[0.3, -1.2]]), np.array([[0.7, 1.5]])
    integral = sum(integrate.quad(lambda x, m=m, s=s: stats.norm.pdf(x, m, s) * (
        stats.norm.logpdf(x, m, s) - stats.norm.logpdf(x)), -30, 30)[0]
        for m, s in zip(mean.ravel(), sigma.ravel()))
    for spread, head in ((sigma, "sigma"), (np.log(sigma**2), "log_var")):
        value = gaussian_kl(pt.constant(mean), pt.constant(spread), head).eval()
        np.testing.assert_allclose(value, integral, rtol=1e-8)
        verify_grad(lambda m, s, h=head: gaussian_kl(m, s, h), [mean, spread],
                    rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="head must be one of"):
        gaussian_kl(pt.constant(mean), pt.constant(sigma), "std")


def test_sparsity_kl_is_the_bernoulli_kl_and_its_gradient_checks():
    from scipy.special import rel_entr

    from graphae.objectives import sparsity_kl

    rates = np.array([0.02, 0.05, 0.3, 0.9])
    expected = sum(rel_entr(0.05, r) + rel_entr(0.95, 1 - r) for r in rates)
    np.testing.assert_allclose(sparsity_kl(0.05, pt.constant(rates)).eval(), expected)
    verify_grad(lambda r: sparsity_kl(0.05, r), [rates], rng=np.random.default_rng(0))
