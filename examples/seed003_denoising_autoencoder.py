"""Seed 003 §18.2 and §18.5: denoising autoencoders, four corruptions side by side.

§18.2: "choose 10 % of the pixels and replace them with zeros or with random
intensities, and ask for the undistorted picture". §18.5 corrupts with
Gaussian noise (1.0) or dropout (0.3). Each model is §18.5's 784-300-150-300-784
(relu, He, L2, Adam 0.01, batches of 150, 5 epochs) with one corruption in
front of the encoder, in training only; each is then asked to reconstruct
clean test images and test images with 10 % of their pixels zeroed or set to
random intensities, against the clean originals.

    python examples/seed003_denoising_autoencoder.py --data ../shared/data/mnist.pkl.gz
"""

import numpy as np

import _common
from graphae.layers import DenseSpec
from graphae.models import NetworkAutoencoder
from graphae.plotting import plot_reconstructions

CORRUPTIONS = {"none": [], "Gaussian noise 1.0": ["noise 1.0"], "dropout 0.3": ["dropout 0.3"],
               "zeros, 10 %": ["mask 0.1"], "random intensities, 10 %": ["random_intensity 0.1"]}


def corrupted(X, kind, fraction=0.1, seed=0):
    """``X`` with ``fraction`` of its pixels zeroed (``"zeros"``) or set to U(0, 1) intensities."""
    rng = np.random.default_rng(seed)
    chosen = rng.random(X.shape) < fraction
    return np.where(chosen, 0.0 if kind == "zeros" else rng.random(X.shape), X)


def stacked(corruption, epochs):
    """§18.5's network with ``corruption`` (layer specifications) in front of the encoder."""
    hidden = [DenseSpec(m, "relu", "he_normal", name=f"hidden{i}")
              for i, m in enumerate((300, 150, 300))]
    return NetworkAutoencoder(corruption + hidden[:2], decoder=hidden[2:],
                              output_activation="linear", output_init="he_normal",
                              optimizer="adam", learning_rate=0.01, l2_penalty=5e-5, epochs=epochs,
                              batch_size=150, random_state=42, verbose=0)


def mse(model, X, target):
    return float(np.mean((model.reconstruct(X) - target) ** 2))


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=5)
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="train on the first N training images only (to run shorter)")
    args = arguments.parse_args()
    (X, _), (X_test, _), _ = _common.keras_data(args.data)
    X = X[:args.limit]
    tests = {"clean": X_test, "zeros": corrupted(X_test, "zeros"),
             "random": corrupted(X_test, "random")}
    print(f"{'trained with':<26}{'clean':>8}{'10 % zeros':>12}{'10 % random':>13}   (test MSE "
          "against the clean images)")
    models = {}
    for label, corruption in CORRUPTIONS.items():
        with _common.Timer() as timer:
            models[label] = stacked(corruption, args.epochs).fit(X)
        errors = [mse(models[label], inputs, X_test) for inputs in tests.values()]
        print(f"{label:<26}{errors[0]:>8.5f}{errors[1]:>12.5f}{errors[2]:>13.5f}   "
              f"({timer.seconds:.0f} s)", flush=True)
    path = _common.out_path(args.out, "seed003_denoising.png")
    noisy, denoiser = tests["random"][:10], models["random intensities, 10 %"]
    plot_reconstructions(noisy, np.clip(denoiser.reconstruct(noisy), 0, 1), path=path)
    print("figure: 10 % random intensities in, the denoised reconstruction out")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
