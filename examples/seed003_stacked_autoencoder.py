"""Seed 003 §18.5: the stacked autoencoder 784-300-150-300-784, tied, layer by layer, denoising.

ELU, He initialisation, L2 (TensorFlow's ``l2_regularizer(0.0001)``), Adam
0.01, MSE, batches of 150, 5 epochs; the seed prints the last minibatch's
train MSE of each epoch (0.0204, 0.0114, 0.0102, 0.0099, 0.0104 on
TensorFlow's 55,000 training images; here Keras' 60,000). Then the same
with tied weights, trained one layer at a time, and the two denoising forms
(Gaussian noise 1.0 on the inputs, relu; dropout 0.3 of the inputs, relu).
Figures: five first-layer features and the reconstructions.

    python examples/seed003_stacked_autoencoder.py --data ../shared/data/mnist.pkl.gz [--epochs 5]
"""

import numpy as np

import _common
from graphae.models import StackedAutoencoder
from graphae.plotting import plot_filters, plot_reconstructions

SEED_TRAIN_MSE = [0.0204011, 0.0114192, 0.0102221, 0.00989991, 0.0103724]


def last_batch_mse(model, epochs):
    """The seed's printout: the MSE (no penalty) of each epoch's last minibatch."""
    return model.history_.batch_array("loss").reshape(epochs, -1)[:, -1]


def train(label, X, X_test, epochs, layerwise=False, **options):
    model = StackedAutoencoder(epochs=epochs, random_state=42, verbose=0, **options)
    with _common.Timer() as timer:
        (model.fit_layerwise if layerwise else model.fit)(X)
    print(f"{label}: test MSE {model.reconstruction_cost(X_test):.5f} ({timer.seconds:.0f} s)",
          flush=True)
    return model


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=5)
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="train on the first N training images only (to run shorter)")
    args = arguments.parse_args()
    (X, _), (X_test, _), _ = _common.keras_data(args.data)
    X = X[:args.limit]
    model = train("stacked", X, X_test, args.epochs)
    for epoch, mse in enumerate(last_batch_mse(model, args.epochs)):
        seed = SEED_TRAIN_MSE[epoch] if epoch < len(SEED_TRAIN_MSE) else float("nan")
        print(f"{epoch} Train MSE: {mse:.7f}  (seed: {seed:.7f})")
    train("tied weights", X, X_test, args.epochs, tied=True)
    train("one layer at a time", X, X_test, args.epochs, layerwise=True)
    train("denoising, Gaussian noise 1.0", X, X_test, args.epochs, activation="relu",
          input_noise=1.0)
    train("denoising, dropout 0.3", X, X_test, args.epochs, activation="relu",
          input_dropout=0.3)
    features = _common.out_path(args.out, "seed003_stacked_features.png")
    plot_filters(model.get_weights()[0][:, :5], tile_shape=(1, 5), path=features,
                 title="first-layer features")
    print(f"wrote {features}")
    path = _common.out_path(args.out, "seed003_stacked_reconstructions.png")
    plot_reconstructions(X_test[:10], np.clip(model.reconstruct(X_test[:10]), 0, 1), path=path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
