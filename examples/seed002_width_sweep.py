"""Seed 002 In [12]-[13]: accuracy of 784-w(relu)-10 for w = 2, 4, ..., 2048, SGD, on a log2 axis.

The seed: accuracy grows fast up to about 2^7 units and then hardly changes,
while training time grows. Writes ``seed002_width.png``.

    python examples/seed002_width_sweep.py --data ../shared/data/mnist.pkl.gz [--epochs 50]
"""

import _common
import _seed002
from graphae.plotting import plot_accuracy_vs_width


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=50)
    arguments.add_argument("--max-power", type=int, default=11,
                           help="widest layer 2**N (default 11: 2048 units, the seed's)")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    widths, accuracies = [2 ** k for k in range(1, args.max_power + 1)], []
    for width in widths:
        accuracy, seconds = _seed002.train_and_score([width, "relu"], X, y, X_test, y_test,
                                                     epochs=args.epochs)
        accuracies.append(accuracy)
        print(f"width {width:5d}: test accuracy {accuracy:.2%} ({seconds:.0f} s)", flush=True)
    path = _common.out_path(args.out, "seed002_width.png")
    plot_accuracy_vs_width(widths, accuracies, path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
