"""Seed 003 §18.6: the variational autoencoder, new digits from the prior, the 2-D latent space.

§18.6.1: 784-500-500-20 (ELU, He), mean and σ heads, z = μ + σ ε, the
summed sigmoid cross-entropy from logits plus the KL latent loss, Adam
0.001, batches of 150, 50 epochs; the seed prints each epoch's last
minibatch losses (total, reconstruction, latent) and shows 60 digits decoded
from codes drawn from N(0, I). §18.6.2: with a 2-D latent space, the 15 × 15
manifold decoded from ``norm.ppf``-spaced points, and the test codes
coloured by digit.

    python examples/seed003_vae.py --data ../shared/data/mnist.pkl.gz [--epochs 50]
"""

import numpy as np

import _common
from graphae.models import VAE
from graphae.plotting import plot_codes, plot_filters, plot_manifold


def last_batch_losses(model, epochs):
    """The seed's printout: each epoch's last minibatch (total, reconstruction, latent)."""
    names = ("loss", "reconstruction_loss", "latent_loss")
    return np.stack([model.history_.batch_array(n).reshape(epochs, -1)[:, -1] for n in names], 1)


def train(label, X, X_test, epochs, **options):
    model = VAE(epochs=epochs, random_state=42, verbose=0, **options)
    with _common.Timer() as timer:
        model.fit(X)
    print(f"{label}: test cost per image {model.reconstruction_cost(X_test):.2f} "
          f"(cross-entropy at the mean code + KL; {timer.seconds:.0f} s)", flush=True)
    return model


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=50)
    arguments.add_argument("--epochs-2d", type=int, metavar="N",
                           help="epochs of the 2-D latent model (default: --epochs)")
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="train on the first N training images only (to run shorter)")
    args = arguments.parse_args()
    (X, _), (X_test, y_test), _ = _common.keras_data(args.data)
    X = X[:args.limit]
    model = train("VAE 784-500-500-20", X, X_test, args.epochs)
    for epoch, (total, reconstruction, latent) in enumerate(
            last_batch_losses(model, args.epochs)):
        print(f"{epoch} Train total loss: {total:.1f}  Reconstruction loss: "
              f"{reconstruction:.1f}  Latent loss: {latent:.1f}")
    samples = _common.out_path(args.out, "seed003_vae_samples.png")
    plot_filters(model.sample(60, random_state=42).T, tile_shape=(6, 10), path=samples,
                 title="digits decoded from codes drawn from N(0, I)")
    print(f"wrote {samples}")
    flat = train("VAE with a 2-D latent space", X, X_test, args.epochs_2d or args.epochs,
                 n_latent=2)
    manifold = _common.out_path(args.out, "seed003_vae_manifold.png")
    plot_manifold(flat.inverse_transform, n=15, path=manifold)
    print(f"wrote {manifold}")
    scatter = _common.out_path(args.out, "seed003_vae_latent.png")
    plot_codes(flat.transform(X_test), y_test, path=scatter, title="2-D latent means",
               subtitle="test images, coloured by digit", legend_title="digit")
    print(f"wrote {scatter}")


if __name__ == "__main__":
    main()
