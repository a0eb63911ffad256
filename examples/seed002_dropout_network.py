"""Seed 002 In [18]: 512 relu, dropout 0.2, 512 relu, 512 tanh, dropout 0.1, softmax; Adadelta().

The seed reports 2.33 points above the standard network of In [11].

    python examples/seed002_dropout_network.py --data ../shared/data/mnist.pkl.gz [--epochs 50]
"""

import _common
import _seed002

LAYERS = [512, "relu", "dropout 0.2", 512, "relu", 512, "tanh", "dropout 0.1"]


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=50)
    arguments.add_argument("--compare", action="store_true",
                           help="also train In [11]'s network for the difference")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    accuracy, seconds = _seed002.train_and_score(LAYERS, X, y, X_test, y_test,
                                                 optimizer="adadelta", epochs=args.epochs,
                                                 verbose=1)
    print(f"In [18]: test accuracy {accuracy:.2%} after {args.epochs} epochs in {seconds:.0f} s")
    if args.compare:
        standard, seconds = _seed002.train_and_score([512, "relu"], X, y, X_test, y_test,
                                                     epochs=args.epochs)
        print(f"In [11]: {standard:.2%} ({seconds:.0f} s): In [18] is "
              f"{(accuracy - standard) * 100:+.2f} points (seed: +2.33)")


if __name__ == "__main__":
    main()
