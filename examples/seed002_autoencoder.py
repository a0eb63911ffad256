"""Seed 002 In [19]-[22], [33]-[34]: the 32-unit autoencoder, its reconstructions, classifiers on it.

In [19] trains Dense(32, relu) -> Dense(784, sigmoid) with mean squared error
and Adadelta(); In [21] draws its reconstructions; In [22] trains In [18]'s
dropout/tanh network on the reconstructions of the training images and
tests it on the real test images (the seed: "the result got worse"). In [34]
trains the same encoder under a linear decoder, freezes it
(``trainable = False``) and trains the dropout/tanh layers on its codes (the
seed: "the accuracy is still lower"); In [33] draws that autoencoder's
reconstructions. Last, pretraining on all the unlabelled images against none,
both trained on the same small labelled subset (``--labelled``).

    python examples/seed002_autoencoder.py --data ../shared/data/mnist.pkl.gz [--epochs 50]
"""

import numpy as np

import _common
import _seed002
from graphae.models import NetworkAutoencoder
from graphae.plotting import plot_reconstructions
from seed002_dropout_network import LAYERS

ENCODER = [32, "relu"]  # encoding_dim = 32


def train_autoencoder(X, X_test, epochs, output_activation):
    """In [19] (``"sigmoid"``) or In [34] (``"linear"``); returns (autoencoder, seconds)."""
    autoencoder = NetworkAutoencoder(ENCODER, output_activation=output_activation,
                                     optimizer="adadelta", epochs=epochs,
                                     batch_size=_seed002.BATCH_SIZE, random_state=_seed002.SEED,
                                     verbose=0)
    with _common.Timer() as timer:
        autoencoder.fit(X, validation_data=(X_test, X_test))
    print(f"{output_activation} decoder: train MSE {autoencoder.reconstruction_cost(X):.5f}, "
          f"test MSE {autoencoder.reconstruction_cost(X_test):.5f} ({timer.seconds:.0f} s)",
          flush=True)
    return autoencoder, timer.seconds


def draw(X, autoencoder, folder, name):
    path = _common.out_path(folder, name)
    plot_reconstructions(X[:10], np.clip(autoencoder.reconstruct(X[:10]), 0, 1), path=path)
    return path


def classify(layers, X, y, X_test, y_test, epochs, label):
    accuracy, seconds = _seed002.train_and_score(layers, X, y, X_test, y_test,
                                                 optimizer="adadelta", epochs=epochs)
    print(f"{label}: test accuracy {accuracy:.2%} ({seconds:.0f} s)", flush=True)
    return accuracy


def pretraining_comparison(encoder, X, y, X_test, y_test, n_labelled, epochs):
    """The same network on ``n_labelled`` images, its encoder pretrained (frozen) or not."""
    subset = np.random.default_rng(_seed002.SEED).permutation(len(y))[:n_labelled]
    pretrained = classify(encoder.encoder_specs(trainable=False) + LAYERS, X[subset], y[subset],
                          X_test, y_test, epochs, f"{n_labelled} labelled, pretrained encoder")
    scratch = classify(ENCODER + LAYERS, X[subset], y[subset], X_test, y_test, epochs,
                       f"{n_labelled} labelled, no pretraining")
    print(f"pretraining on {len(y):,} unlabelled images: {(pretrained - scratch) * 100:+.2f} "
          f"points with {n_labelled} labels")


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=50)
    arguments.add_argument("--labelled", type=int, default=1000, metavar="N",
                           help="labelled images for the pretraining comparison (default 1000)")
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="train on the first N training images only (to run shorter)")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    X, y = X[:args.limit], y[:args.limit]
    epochs = args.epochs
    autoencoder, _ = train_autoencoder(X, X_test, epochs, "sigmoid")
    print(f"In [21]: wrote {draw(X, autoencoder, args.out, 'seed002_autoencoder.png')}")
    classify(LAYERS, autoencoder.reconstruct(X), y, X_test, y_test, epochs,
             "In [22] dropout/tanh network trained on the reconstructions")
    linear, _ = train_autoencoder(X, X_test, epochs, "linear")
    classify(linear.encoder_specs(trainable=False) + LAYERS, X, y, X_test, y_test, epochs,
             "In [34] frozen encoder + dropout/tanh network")
    pretraining_comparison(linear, X, y, X_test, y_test, min(args.labelled, len(y)), epochs)
    print(f"In [33]: wrote {draw(X, linear, args.out, 'seed002_linear_autoencoder.png')}")


if __name__ == "__main__":
    main()
