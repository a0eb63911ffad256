"""Seed 003 §19.4: autoencoder pretraining, greedy layer by layer, then a classifier on few labels.

§19.4.1: train each hidden layer as an autoencoder on the codes of the
layers below it (§18.5's stacked autoencoder, one layer at a time), then
fine-tune the whole network as a classifier. §19.4.2: with many images but
few labels, train the stacked autoencoder on all of them, freeze its layers
and train only the classifier on top on the labelled ones. Each is compared
with the same network trained from random weights on the same labelled
subset, over several seeds (a new subset, new initial weights and a new
pretraining for each).

Network: 784-300-150 (ELU, He) + softmax, Adam 0.001, batches of 50; the
autoencoder: §18.5's, 5 epochs per layer on all 60,000 training images.

    python examples/seed003_pretraining.py --data ../shared/data/mnist.pkl.gz [--labelled 1000]
"""

import numpy as np

import _common
from graphae.layers import DenseSpec
from graphae.models import NetworkClassifier, StackedAutoencoder

HIDDEN = [DenseSpec(300, "elu", "he_normal", name="hidden0"),
          DenseSpec(150, "elu", "he_normal", name="hidden1")]
CONDITIONS = ("no pretraining", "§19.4.1 pretrained, fine-tuned", "§19.4.2 pretrained, frozen")


def classifier_accuracy(layers, X, y, X_test, y_test, epochs, seed):
    net = NetworkClassifier(layers, optimizer="adam", epochs=epochs, batch_size=50,
                            random_state=seed, verbose=0).fit(X, y)
    return net.score(X_test, y_test)


def one_seed(seed, X, y, X_test, y_test, args):
    """Test accuracies of the three conditions for one seed."""
    subset = np.random.default_rng(seed).permutation(len(y))[:args.labelled]
    with _common.Timer() as timer:
        autoencoder = StackedAutoencoder(epochs=args.pretrain_epochs, random_state=seed,
                                         verbose=0).fit_layerwise(X)
    layers = (HIDDEN, autoencoder.encoder_specs(trainable=True),
              autoencoder.encoder_specs(trainable=False))
    accuracies = [classifier_accuracy(spec, X[subset], y[subset], X_test, y_test, args.epochs,
                                      seed) for spec in layers]
    print(f"seed {seed}: " + ", ".join(f"{c} {a:.2%}" for c, a in zip(CONDITIONS, accuracies))
          + f" (pretraining {timer.seconds:.0f} s)", flush=True)
    return accuracies


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=50)
    arguments.add_argument("--labelled", type=int, default=1000, metavar="N",
                           help="labelled training images (default 1000)")
    arguments.add_argument("--pretrain-epochs", type=int, default=5, metavar="N",
                           help="autoencoder epochs per layer (default 5, §18.5's)")
    arguments.add_argument("--seeds", type=int, default=3, metavar="N",
                           help="seeds to average over (default 3)")
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="pretrain on the first N training images only (to run shorter)")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    X, y = X[:args.limit], y[:args.limit]
    results = np.array([one_seed(seed, X, y, X_test, y_test, args) for seed in range(args.seeds)])
    print(f"test accuracy with {args.labelled} labels, mean ± std over {args.seeds} seeds:")
    for condition, column in zip(CONDITIONS, results.T):
        print(f"  {condition:<32}{column.mean():.2%} ± {column.std():.2%}")
    gains = results[:, 1:] - results[:, :1]
    print(f"gain over no pretraining: fine-tuned {gains[:, 0].mean() * 100:+.2f} points, frozen "
          f"{gains[:, 1].mean() * 100:+.2f} points")


if __name__ == "__main__":
    main()
