"""Seed 003 §18.4: a linear autoencoder compresses 14,376 inputs to 100 codes (Adam, 300 steps).

The seed's gene-expression file is not distributed with the lecture: this
runs on a generated matrix of the same shape, 295 rows of 14,376 values
near a 30-dimensional subspace plus noise 0.1
(``graphae.datasets.make_low_rank_data(random_state=0)``), split as the seed
splits its rows: 201 to train, 94 to test. Train MSE is measured after each
full-batch step, as the seed prints it.

    python examples/seed003_wide_linear_autoencoder.py [--epochs 300]
"""

import _common
from graphae.datasets import make_low_rank_data
from graphae.models import LinearAutoEncoder
from graphae.plotting import plot_costs

SEED_TRAIN_MSE = {1: 0.9656317, 2: 0.21108313, 10: 0.36573994, 35: 0.04048209,
                  300: 0.0074385074}
SEED_TEST_MSE = 0.019969454


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=300)
    arguments.add_argument("--features", type=int, default=14376,
                           help="inputs per row (default 14,376, the seed's)")
    args = arguments.parse_args()
    data = make_low_rank_data(295, args.features, rank=30, noise=0.1, random_state=0)
    X_train, X_test = data[:201], data[201:295]
    autoencoder = LinearAutoEncoder(100, epochs=args.epochs, random_state=42, verbose=0)
    with _common.Timer() as timer:
        history = autoencoder.fit(X_train, validation_data=X_train).history_
    after_step = history.epoch_array("val_loss")  # train MSE after each step
    for iteration in sorted({i for i in SEED_TRAIN_MSE if i <= args.epochs} | {args.epochs}):
        print(f"Iteration: {iteration:04d} Train MSE: {after_step[iteration - 1]:.7f}  (seed: "
              f"{SEED_TRAIN_MSE.get(iteration, float('nan')):.7f})")
    print(f"{args.epochs} full-batch steps on {X_train.shape[0]} x {X_train.shape[1]:,} in "
          f"{timer.seconds:.0f} s; Test MSE: {autoencoder.reconstruction_cost(X_test):.6f} "
          f"(seed, on its expression data: {SEED_TEST_MSE:.6f})")
    path = _common.out_path(args.out, "seed003_wide_linear_autoencoder.png")
    plot_costs(after_step, path, title="train MSE after each step", xlabel="iteration",
               log=True)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
