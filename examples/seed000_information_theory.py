"""Seed 000: entropy, cross-entropy and KL divergence, and why minimising either is one problem.

Prints the lecture's facts numerically: the Bernoulli variance and entropy are
both largest at p = 1/2; the uniform distribution has the largest entropy of
K outcomes; H(P, Q) = H(P) + KL(P‖Q); and the gradients of H(P, Q) and of
KL(P‖Q) with respect to Q are equal. Writes ``seed000_bernoulli.png``.

    python examples/seed000_information_theory.py [--out DIR]
"""

import numpy as np
import pytensor.tensor as pt

import _common
from graphae.backend import grad
from graphae.objectives import cross_entropy, entropy, kl_divergence


def bernoulli_curves(n=1001):
    """``(p, variance, entropy)`` of Bernoulli(p) on a grid of ``n`` points."""
    p = np.linspace(0.0, 1.0, n)
    both = pt.constant(np.stack([p, 1 - p], axis=1))
    return p, p * (1 - p), entropy(both, "none").sum(axis=1).eval()


def main():
    args = _common.parser(__doc__.splitlines()[0]).parse_args()
    p, variance, h = bernoulli_curves()
    print(f"Bernoulli: variance largest at p = {p[variance.argmax()]:.3f}, "
          f"entropy largest at p = {p[h.argmax()]:.3f} (H = {h.max():.4f} nats = log 2)")
    rng = np.random.default_rng(0)
    for k in (2, 4, 10):
        random = rng.dirichlet(np.ones(k), size=2000)
        best = entropy(pt.constant(random), "none").sum(axis=1).eval().max()
        print(f"K = {k:2d}: uniform H = {np.log(k):.4f}; best of 2,000 random "
              f"distributions {best:.4f}", flush=True)
    P = pt.constant(np.array([0.7, 0.2, 0.1]))
    Q = pt.vector("Q")
    q = np.array([0.5, 0.3, 0.2])
    values = {"H(P)": float(entropy(P).eval()),
              "H(P,Q)": float(cross_entropy(P, Q).eval({Q: q})),
              "KL(P||Q)": float(kl_divergence(P, Q).eval({Q: q}))}
    print("P = (0.7, 0.2, 0.1), Q = (0.5, 0.3, 0.2): " + ", ".join(
        f"{k} = {v:.6f}" for k, v in values.items()))
    print(f"H(P) + KL(P||Q) = {values['H(P)'] + values['KL(P||Q)']:.6f} = H(P,Q)")
    g_ce = grad(cross_entropy(P, Q), Q).eval({Q: q})
    g_kl = grad(kl_divergence(P, Q), Q).eval({Q: q})
    print(f"dH(P,Q)/dQ = {np.round(g_ce, 6).tolist()}; dKL/dQ = {np.round(g_kl, 6).tolist()}")
    from graphae.plotting import save_figure
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 4))
    axes = figure.add_subplot()
    axes.plot(p, variance, label="variance p(1 - p)")
    axes.plot(p, h, label="entropy -p log p - (1-p) log(1-p) (nats)")
    axes.axvline(0.5, color="grey", linestyle="--")
    axes.set(xlabel="p = P(X = 1)", title="Bernoulli: variance and entropy peak at p = 1/2")
    axes.legend(fontsize="small")
    figure.tight_layout()
    print(f"wrote {save_figure(figure, _common.out_path(args.out, 'seed000_bernoulli.png'))}")


if __name__ == "__main__":
    main()
