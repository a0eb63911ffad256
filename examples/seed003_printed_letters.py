"""Seed 003 §19.3: printed letters — a shallow network, a deep one from random weights, the deep one RBM-pretrained.

Data: ``graphae.datasets.make_printed_letters`` (29 × 29 capitals; three
training fonts, a fourth in the cross-validation and test sets; 312 test
images). The lecture's error is summed over the batch; graphae's losses are
means, so its learning rate 0.001 is 0.001 × n here (the same steps for
these optimisers) and its L2 factor 0.1 is ``l2_penalty = 0.05 / n``.

- shallow 841-100-26 (sigmoid, softmax): lr 0.001, full batch, momentum 0.9,
  local gains [0.1, 10] bonus 0.05 penalty 0.95, cross-validation stop 0.05
  (seed: 231 of 312, 74.03 %);
- deep 841-100-300-100-50-26 from random weights: lr 0.001, L2 0.1, no
  momentum, at most 2000 epochs, stop 0.001 (seed: about 3 of 312);
- the same deep network after greedy RBM pretraining of each pair (841↔100,
  100↔300, 300↔100, 100↔50: lr 0.001, batch 10, momentum 0.9, CD-35, local
  gains [0.001, 1000] bonus 0.0005 penalty 0.9995, stop 0.5 then 0.1 on the
  Hamming error), fine-tuned with momentum 0.9, local gains [0.01, 100]
  bonus 0.005 penalty 0.995, stop 0.01 (seed: 267 of 312, 85.57 %, 17 epochs).

Figure: each layer's mean |dE/dW| at the start of training, random against
pretrained.

    python examples/seed003_printed_letters.py [--seeds 3]
"""

import numpy as np

import _common
from graphae.callbacks import CrossValidationStop
from graphae.datasets import make_printed_letters
from graphae.diagnostics import LayerGradientNorms
from graphae.layers import DenseSpec
from graphae.models import BernoulliRBM, NetworkClassifier
from graphae.plotting import plot_layer_gradients

DEEP = (100, 300, 100, 50)
#: The seed's test wins of 312 and test error (it gives no test error for the deep network
#: from random weights, only its training error after 2000 epochs, 3.25710954400557).
SEED = {"shallow": (231, 1.39354424678178), "deep, random init": (3, None),
        "deep, RBM-pretrained": (267, 1.40156176438071)}


def gains(limits, bonus, penalty, momentum):
    return {"momentum": momentum, "gain_limits": limits, "bonus": bonus, "penalty": penalty}


def classify(layers, data, seed, max_epochs, stop, monitor=None, optimizer="local_gains",
             options=None, l2=0.0):
    """Train on the full batch with the lecture's stop rule; ``(wins, test error, epochs)``."""
    (X, y), (X_cv, y_cv), (X_test, y_test) = data
    net = NetworkClassifier(layers, optimizer=optimizer, learning_rate=0.001 * len(X),
                            optimizer_options=options, l2_penalty=l2, epochs=max_epochs,
                            batch_size=len(X), random_state=seed, verbose=0)
    callbacks = [CrossValidationStop(stop)] + ([monitor] if monitor else [])
    net.fit(X, y, validation_data=(X_cv, y_cv), callbacks=callbacks)
    wins = int(round(net.score(X_test, y_test) * len(y_test)))
    return wins, net.evaluate(X_test, y_test)["loss"], net.history_.n_epochs


def pretrained_specs(data, seed, rbm_epochs, rbm_learning_rate):
    """Greedy RBM pretraining of each pair; the stack's layer specifications."""
    (X, _), (X_cv, _), _ = data
    specs, inputs, held_out = [], X, X_cv
    for index, n_hidden in enumerate(DEEP):
        rbm = BernoulliRBM(n_hidden, k=35, binarize=False, init="glorot", optimizer="local_gains",
                           learning_rate=rbm_learning_rate, momentum=0.9,
                           optimizer_options={"gain_limits": (0.001, 1000), "bonus": 0.0005,
                                              "penalty": 0.9995},
                           epochs=rbm_epochs, batch_size=10, random_state=seed + index, verbose=0)
        rbm.fit(inputs, validation_data=held_out,
                callbacks=[CrossValidationStop(0.5 if index == 0 else 0.1)])
        specs += rbm.encoder_specs(trainable=True)
        print(f"  RBM {inputs.shape[1]}<->{n_hidden}: {rbm.history_.n_epochs} epochs, "
              f"cross-validation Hamming error {rbm.hamming_error(held_out):.2f} bits", flush=True)
        inputs, held_out = rbm.transform(inputs), rbm.transform(held_out)
    return specs


def one_seed(seed, args):
    data = make_printed_letters(random_state=seed)
    (X, y), _, _ = data
    n = len(X)
    results, monitors = {}, {"deep, random init": LayerGradientNorms(X, y),
                             "deep, RBM-pretrained": LayerGradientNorms(X, y)}
    with _common.Timer() as timer:
        results["shallow"] = classify([DenseSpec(100, "sigmoid")], data, seed, args.max_epochs,
                                      0.05, options=gains((0.1, 10), 0.05, 0.95, 0.9))
    results["shallow"] += (timer.seconds,)
    with _common.Timer() as timer:
        results["deep, random init"] = classify(
            [DenseSpec(m, "sigmoid") for m in DEEP], data, seed, args.max_epochs, 0.001,
            monitors["deep, random init"], optimizer="sgd", l2=0.05 / n)
    results["deep, random init"] += (timer.seconds,)
    with _common.Timer() as timer:
        specs = pretrained_specs(data, seed, args.rbm_epochs, args.rbm_learning_rate)
        results["deep, RBM-pretrained"] = classify(
            specs, data, seed, args.max_epochs, 0.01, monitors["deep, RBM-pretrained"],
            options=gains((0.01, 100), 0.005, 0.995, 0.9))
    results["deep, RBM-pretrained"] += (timer.seconds,)
    for label, (wins, error, epochs, seconds) in results.items():
        print(f"seed {seed} {label:<22} Wins: {wins} of 312 ({wins / 312:.2%}), Error "
              f"{error:.4f}, {epochs} epochs, {seconds:.0f} s", flush=True)
    return results, {label: m.norms_[0] for label, m in monitors.items()}


def main():
    arguments = _common.parser(__doc__.splitlines()[0])
    arguments.add_argument("--seeds", type=int, default=3, help="data and weight seeds (default 3)")
    arguments.add_argument("--max-epochs", type=int, default=2000,
                           help="the networks' epoch limit (default 2000, the seed's)")
    arguments.add_argument("--rbm-epochs", type=int, default=200,
                           help="each RBM's epoch limit (default 200)")
    arguments.add_argument("--rbm-learning-rate", type=float, default=0.001,
                           help="the RBMs' learning rate on the batch mean (default 0.001, the "
                                "seed's; 0.01 if its value was for the sum over 10 examples)")
    args = arguments.parse_args()
    runs = [one_seed(seed, args) for seed in range(args.seeds)]
    print(f"test wins of 312, mean ± std over {args.seeds} seeds (seed 003 in brackets):")
    for label, (seed_wins, seed_error) in SEED.items():
        wins = np.array([results[label][0] for results, _ in runs])
        print(f"  {label:<22} {wins.mean():6.1f} ± {wins.std():4.1f} ({wins.mean() / 312:.2%})"
              f"   [{seed_wins} of 312, error "
              f"{'not given' if seed_error is None else f'{seed_error:.4f}'}]")
    path = _common.out_path(args.out, "seed003_letters_gradients.png")
    plot_layer_gradients(runs[0][1], path=path,
                         title="mean |dE/dW| by layer at the start of training")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
