"""Seed 003 §19.2: the lecture's RBM on binarised MNIST, then a classifier on its hidden units.

The RBM: 784 visible, 500 hidden, inputs ``x > 0``, weights
``tf.random_normal([784, 500], 0.01)``, the CD update
``w += lr/size_batch · (xᵀh - x_sᵀh_s)`` with sampled hidden states,
learning rate 0.001, batches of 256, 200 epochs. The classifier: a softmax
layer (Glorot-uniform weights) on the frozen hidden units, Adam 0.01 (the
seed does not show its classifier's code), 200 minibatches of 256; the seed
prints the minibatch loss and training accuracy every 10
iterations and "Testing Accuracy: 0.933594" (239 of 256 test images).

    python examples/seed003_rbm_classifier.py --data ../shared/data/mnist.pkl.gz [--epochs 200]
"""

import numpy as np

import _common
from graphae.layers import DenseSpec
from graphae.models import BernoulliRBM, NetworkClassifier
from graphae.persistence import load_model, save_model

SEED_LOG = [(7.632383, 0.21484), (1.504026, 0.68750), (1.055537, 0.78516), (0.963917, 0.85156),
            (0.554650, 0.86328), (0.615745, 0.86719), (0.466320, 0.91016), (0.456979, 0.92969),
            (0.381748, 0.89453), (0.392191, 0.87891), (0.318070, 0.93359), (0.320216, 0.92188),
            (0.351340, 0.91406), (0.320061, 0.93359), (0.380079, 0.92578), (0.190657, 0.94531),
            (0.206040, 0.93750), (0.219785, 0.94141), (0.213141, 0.94531), (0.227372, 0.92578)]
SEED_TEST_ACCURACY = 0.933594


def main():
    arguments = _common.parser(__doc__.splitlines()[0], epochs=200)
    arguments.add_argument("--iterations", type=int, default=200,
                           help="classifier minibatches of 256 (default 200, the seed's)")
    arguments.add_argument("--limit", type=int, metavar="N",
                           help="train the RBM on the first N training images only")
    arguments.add_argument("--seed", type=int, default=42,
                           help="random_state of the RBM and the classifier (default 42)")
    arguments.add_argument("--rbm", metavar="PATH",
                           help="an RBM saved by an earlier run (.npz): skip its training; "
                                "otherwise the trained RBM is saved as --out/seed003_rbm_SEED.npz")
    args = arguments.parse_args()
    (X, y), (X_test, y_test), _ = _common.keras_data(args.data)
    X, X_test = (X > 0).astype(float), (X_test > 0).astype(float)
    if args.rbm:
        rbm = load_model(args.rbm)
        print(f"RBM loaded from {args.rbm}")
    else:
        rbm = BernoulliRBM(epochs=args.epochs, random_state=args.seed, verbose=0)
        with _common.Timer() as timer:
            rbm.fit(X[:args.limit])
        saved = _common.out_path(args.out, f"seed003_rbm_{args.seed}.npz")
        save_model(rbm, saved)
        print(f"RBM 784-500, {args.epochs} epochs ({timer.seconds:.0f} s), saved as {saved}")
    print(f"mean Hamming distance of the reconstruction {rbm.hamming_error(X_test):.1f} bits "
          f"of 784 on the test images", flush=True)
    n = min(args.iterations * 256, len(X))
    classifier = NetworkClassifier(rbm.encoder_specs(trainable=False)
                                   + [DenseSpec(10, "softmax")],
                                   optimizer="adam", learning_rate=0.01, epochs=1, batch_size=256,
                                   random_state=args.seed, verbose=0)
    with _common.Timer() as timer:
        classifier.fit(X[:n], y[:n])
    losses, accuracy = classifier.costs_, 1 - classifier.batch_errors_
    for i in range(0, len(losses), 10):
        seed = SEED_LOG[i // 10] if i // 10 < len(SEED_LOG) else (float("nan"),) * 2
        print(f"Iter {i}, Minibatch Loss= {losses[i]:.6f}, Training Accuracy= {accuracy[i]:.5f}"
              f"   (seed: {seed[0]:.6f}, {seed[1]:.5f})")
    first = classifier.score(X_test[:256], y_test[:256])
    print(f"Optimization Finished! Testing Accuracy: {first:.6f} on the first 256 test images "
          f"({round(first * 256)} of 256; seed {SEED_TEST_ACCURACY}, 239 of 256); "
          f"{classifier.score(X_test, y_test):.4f} on all {len(y_test):,} "
          f"({timer.seconds:.0f} s)")


if __name__ == "__main__":
    main()
