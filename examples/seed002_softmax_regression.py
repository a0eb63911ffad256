"""Seed 002 In [6]-[9]: softmax regression by full-batch gradient descent, and its L1 × L2 grid.

In [6]: learning rate 1, 100 steps from zero weights on MNIST's 60,000 training
images / 255 with a bias column: the seed reports 90.96 % test accuracy.
In [8]-[9]: 10 steps for every (L1, L2) on a 20 × 20 grid over [0, 0.95]
(step 0.05), drawn as a filled contour on linear axes. (The seed's own
figure labels its axes the wrong way round: its x axis holds the L2
coefficient.) Writes ``seed002_l1_l2_grid.png``.

    python examples/seed002_softmax_regression.py --data ../shared/data/mnist.pkl.gz
    python examples/seed002_softmax_regression.py --grid 5      # a 5 x 5 grid, faster
"""

import numpy as np

import _common
from graphae.models import SoftmaxRegression
from graphae.plotting import plot_accuracy_contour


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=100)
    arguments.add_argument("--grid", type=int, default=20,
                           help="grid points per axis over [0, 0.95] (default 20, the seed's)")
    arguments.add_argument("--grid-steps", type=int, default=10,
                           help="gradient steps per grid point (default 10, the seed's)")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    with _common.Timer() as timer:
        model = SoftmaxRegression(learning_rate=1.0, epochs=args.epochs).fit(X, y)
    accuracy = model.score(X_test, y_test)
    print(f"In [6]: {args.epochs} steps, test accuracy {accuracy:.2%} (seed 002: 90.96%) "
          f"in {timer.seconds:.1f} s", flush=True)
    coefficients = np.arange(args.grid) * 0.95 / max(args.grid - 1, 1)
    grid = np.empty((args.grid, args.grid))
    with _common.Timer() as timer:
        for i, l1 in enumerate(coefficients):
            for j, l2 in enumerate(coefficients):
                model.fit(X, y, l1_penalty=l1, l2_penalty=l2, epochs=args.grid_steps)
                grid[i, j] = model.score(X_test, y_test)
            print(f"  L1 = {l1:.2f}: accuracy {grid[i].min():.2%} .. {grid[i].max():.2%}",
                  flush=True)
    best = np.unravel_index(grid.argmax(), grid.shape)
    print(f"In [8]: {args.grid} x {args.grid} grid, {args.grid_steps} steps each, in "
          f"{timer.seconds:.1f} s: best {grid.max():.2%} at L1 = {coefficients[best[0]]:.2f}, "
          f"L2 = {coefficients[best[1]]:.2f}; without penalties {grid[0, 0]:.2%}; "
          f"worst {grid.min():.2%}")
    path = _common.out_path(args.out, "seed002_l1_l2_grid.png")
    plot_accuracy_contour(coefficients, coefficients, grid, path, log=False)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
