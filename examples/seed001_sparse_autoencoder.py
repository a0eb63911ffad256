"""Seed 001 §5: an over-complete autoencoder kept useful by sparsity (a KL penalty).

More codes (1000) than inputs (784): without a constraint the codes need not
learn anything useful. The sparse autoencoder adds ``0.2 · Σ KL(0.1 ‖ ρ̂_j)``
on each code's mean activation ρ̂_j (Géron's settings: sigmoid codes,
linear output, MSE, Adam 0.01, batches of 1000, 100 epochs). Printed: the
mean activation, the share of codes below 0.1 and the test MSE, with the
penalty and without it (weight 0). Figure: 100 of the sparse model's
features.

    python examples/seed001_sparse_autoencoder.py --data ../shared/data/mnist.pkl.gz [--epochs 100]
"""

import numpy as np

import _common
from graphae.models import SparseAutoencoder
from graphae.plotting import plot_filters


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=100)
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="train on the first N training images only (to run shorter)")
    arguments.add_argument("--codes", type=int, default=1000, help="code width (default 1000)")
    args = arguments.parse_args()
    (X, _), (X_test, _), _ = _common.keras_data(args.data)
    X = X[:args.limit]
    batch_size = min(1000, len(X))
    sparse = None
    for label, weight in (("sparse (weight 0.2)", 0.2), ("no penalty (weight 0)", 0.0)):
        model = SparseAutoencoder(args.codes, sparsity_weight=weight, epochs=args.epochs,
                                  batch_size=batch_size, random_state=42, verbose=0)
        with _common.Timer() as timer:
            model.fit(X)
        codes = model.transform(X_test)
        print(f"{label}: mean activation {codes.mean():.4f} (target 0.1), codes below 0.1: "
              f"{np.mean(codes < 0.1):.1%}, test MSE {model.reconstruction_cost(X_test):.5f} "
              f"({timer.seconds:.0f} s)", flush=True)
        sparse = sparse or model
    path = _common.out_path(args.out, "seed001_sparse_features.png")
    plot_filters(sparse.get_weights()[0][:, :100], tile_shape=(10, 10), path=path,
                 title="sparse autoencoder features")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
