"""Seed 003 §18.1 and §18.3: Oja's rule and a linear autoencoder find PCA's subspace of 3-D data.

§18.3 builds 200 noisy 3-D points near a plane (``rnd.seed(4)``),
standardises them on the first 100, trains ``Dense(2)`` -> ``Dense(3)`` with
no activation, MSE and Adam (learning rate 0.01) for 1000 full-batch steps
and draws the test points' 2-D codes. Beside it, §18.1's Oja rule (Sanger's
form, for the components in order) on the same points, and the principal
angles of both against the SVD's plane.

    python examples/seed003_linear_autoencoder.py [--epochs 1000]
"""

import numpy as np
from scipy.linalg import subspace_angles

import _common
from graphae.datasets import make_3d_dataset, standardize
from graphae.models import LinearAutoEncoder, OjaRule
from graphae.plotting import plot_3d_and_codes


def degrees(basis, principal):
    """The largest principal angle, in degrees, between two column spans."""
    return float(np.degrees(subspace_angles(basis, principal)).max())


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=1000)
    arguments.add_argument("--oja-epochs", type=int, default=100,
                           help="passes of Oja's online rule (default 100)")
    args = arguments.parse_args()
    data = make_3d_dataset()  # the seed's rnd.seed(4) points
    X_train, X_test = standardize(data[:100], data[100:])
    principal = np.linalg.svd(X_train - X_train.mean(axis=0), full_matrices=False)[2][:2].T
    with _common.Timer() as timer:
        autoencoder = LinearAutoEncoder(2, epochs=args.epochs, random_state=42,
                                        verbose=0).fit(X_train)
    autoencoder_angle = degrees(autoencoder.get_weights()[0], principal)
    print(f"§18.3 linear autoencoder: {args.epochs} Adam steps in {timer.seconds:.1f} s, train "
          f"MSE {autoencoder.reconstruction_cost(X_train):.6f} (PCA's least: "
          f"{np.linalg.svd(X_train, compute_uv=False)[2] ** 2 / X_train.size:.6f}), "
          f"angle to PCA's plane {autoencoder_angle:.3f} degrees")
    with _common.Timer() as timer:
        oja = OjaRule(2, "sanger", learning_rate=0.005, epochs=args.oja_epochs,
                      random_state=0, verbose=0).fit(X_train)
    oja_angle = degrees(oja.components_.T, principal)
    print(f"§18.1 Oja's rule (Sanger): {args.oja_epochs} online passes in {timer.seconds:.1f} s,"
          f" angle to PCA's plane {oja_angle:.3f} degrees")
    print(f"both within a degree of PCA's plane: {max(autoencoder_angle, oja_angle) < 1.0}")
    path = _common.out_path(args.out, "seed003_linear_autoencoder.png")
    plot_3d_and_codes(data[100:], autoencoder.transform(X_test), path,
                      title="2-D codes of the test points")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
