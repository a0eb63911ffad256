"""Seed 002 In [14]-[17]: accuracy of 1 to 10 hidden relu layers of 512 units, SGD or RMSprop.

The seed: with SGD no clear trend (best at 7 layers); with RMSprop() accuracy
falls with depth, worst at 10. Writes ``seed002_depth_<optimizer>.png``.

    python examples/seed002_depth_sweep.py --data ../shared/data/mnist.pkl.gz --optimizer rmsprop
"""

import _common
import _seed002
from graphae.plotting import plot_accuracy_vs_depth


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=50)
    arguments.add_argument("--optimizer", choices=["sgd", "rmsprop"], default="sgd",
                           help="In [14] sgd (default) or In [16] rmsprop, Keras defaults")
    arguments.add_argument("--max-depth", type=int, default=10, help="deepest (default 10)")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    depths, accuracies = list(range(1, args.max_depth + 1)), []
    for depth in depths:
        layers = [512, "relu"] * depth
        accuracy, seconds = _seed002.train_and_score(layers, X, y, X_test, y_test,
                                                     optimizer=args.optimizer,
                                                     epochs=args.epochs)
        accuracies.append(accuracy)
        print(f"{depth:2d} hidden layers: test accuracy {accuracy:.2%} ({seconds:.0f} s)",
              flush=True)
    path = _common.out_path(args.out, f"seed002_depth_{args.optimizer}.png")
    plot_accuracy_vs_depth(depths, accuracies, path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
