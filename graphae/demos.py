"""The lecture demos behind ``graphae demo NAME``."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from graphae.backend import float_x_context
from graphae.datasets import keras_train_and_test, train_and_held_out
from graphae.evaluation import knn_accuracy
from graphae.models import ANN, DeepAutoEncoder, SoftmaxRegression
from graphae.plotting import (
    layer_roles,
    plot_codes,
    plot_costs,
    plot_filters,
    plot_weight_changes,
)

# Minibatch steps of the default X-wing demo: 24 epochs of the 50,000 MNIST
# training digits, measured at 63.0 % 5-NN (float32, learning rate 0.5) in
# about 90 s of training on the 2-core machine; learning rate 1.0 reached only
# 54.6 % in as many steps. Accuracy follows the number of steps more than the
# data size.
XWING_STEPS = 12_000
XWING_LEARNING_RATE = 0.5  # the lecture's, in both settings
XWING_LECTURE_EPOCHS = 50


def xwing_epochs(n_samples, batch_size=100, steps=XWING_STEPS):
    """Epochs that give the X-wing demo about ``steps`` minibatch updates.

    Examples
    --------
    >>> xwing_epochs(50_000), xwing_epochs(4_000)
    (24, 300)
    """
    return max(1, round(steps / -(-n_samples // batch_size)))


def demo_xwing(data=None, out_dir=".", epochs=None, random_state=0, mode=None, verbose=1,
               lecture=False):
    """Train the X-wing ``DeepAutoEncoder([500, 300, 2])`` and plot its codes.

    Writes ``xwing.png`` (the 2-D ``map2center`` codes of the held-out digits
    whose 5-NN accuracy is reported, coloured by label) and
    ``xwing_costs.png`` (the training cost per minibatch) into ``out_dir``.

    Parameters
    ----------
    data : str or Path, optional
        A digit file (see :func:`graphae.datasets.train_and_held_out`); by
        default the full MNIST when one is found, else the embedded digits.
    epochs : int, optional
        Default: about 12,000 minibatch steps (24 epochs of the 50,000 MNIST
        training digits, under 2 minutes on 2 cores); with ``lecture`` 50.
    lecture : bool
        The lecture's full setting: 50 epochs in float64 (about 9 minutes on
        2 cores, 5-NN about 71 %). The default runs in float32, the same
        learning rate 0.5 and momentum 0.99.

    Returns
    -------
    dict
        ``model``, ``knn_accuracy`` (5-NN on the held-out codes), ``seconds``,
        ``epochs``, ``data`` (the description) and the written ``figures``.
    """
    X, y, X_held, y_held, description = train_and_held_out(data, random_state)
    dtype = "float64" if lecture else "float32"
    if epochs is None:
        epochs = XWING_LECTURE_EPOCHS if lecture else xwing_epochs(len(y))
    print(f"data: {description}; training on {len(y):,}, {len(y_held):,} held out")
    print(f"X-wing DeepAutoEncoder([500, 300, 2]): {epochs} epochs, {dtype}, learning rate "
          f"{XWING_LEARNING_RATE}" + (" (the lecture's setting)" if lecture
                                      else "; --lecture for 50 epochs"))
    started = time.perf_counter()
    with float_x_context(dtype):
        model = DeepAutoEncoder([500, 300, 2], learning_rate=XWING_LEARNING_RATE,
                                momentum=0.99, epochs=epochs, batch_size=100,
                                random_state=random_state, mode=mode, verbose=verbose).fit(X)
    seconds = time.perf_counter() - started
    codes, held_codes = model.map2center(X), model.map2center(X_held)
    accuracy = knn_accuracy(codes, y, held_codes, y_held, k=5)
    out_dir = Path(out_dir)
    figures = [out_dir / "xwing.png", out_dir / "xwing_costs.png"]
    plot_codes(held_codes, y_held, figures[0], legend_title="digit",
               title=f"2-D codes of the deep autoencoder: {len(y_held):,} held-out digits",
               subtitle=(f"the lecture's map2center of DeepAutoEncoder([500, 300, 2]), trained "
                         f"{epochs} epochs on {len(y):,} other digits\n5-nearest-neighbour "
                         f"accuracy of these codes {accuracy:.1%} (chance 10%)"))
    plot_costs(model.costs_, figures[1],
               title=f"X-wing training cost (binary cross-entropy), {epochs} epochs")
    print(f"final cost {model.costs_[-1]:.4f}; 5-NN accuracy on the 2-D codes of "
          f"{len(y_held):,} held-out digits: {accuracy:.1%} (chance 10%)")
    print(f"trained in {seconds:.1f} s; wrote {', '.join(map(str, figures))}")
    return {"model": model, "knn_accuracy": accuracy, "seconds": seconds, "epochs": epochs,
            "data": description, "figures": figures}


def weight_change_report(weight_changes, window=50):
    """Lines comparing each layer's mean |ΔW| over the last ``window`` steps.

    Each layer's change is also given as a multiple of the output layer's:
    the lecture's point is that the input-side layers move far less.

    Examples
    --------
    >>> import numpy as np
    >>> for line in weight_change_report(np.array([[1e-5, 1e-4, 1e-3]]), window=1):
    ...     print(line)
    layer 1 (input side)  1.00e-05  0.01x the output layer's
    layer 2               1.00e-04  0.1x the output layer's
    output layer          1.00e-03
    """
    recent = np.asarray(weight_changes, dtype=float)[-window:].mean(axis=0)
    names = layer_roles(len(recent))
    width = max(map(len, names))
    lines = [f"{name:<{width}}  {value:.2e}  {value / recent[-1]:.2g}x the output layer's"
             for name, value in zip(names[:-1], recent[:-1])]
    return lines + [f"{names[-1]:<{width}}  {recent[-1]:.2e}"]


def demo_vanishing(data=None, out_dir=".", epochs=30, random_state=0, mode=None, verbose=1):
    """Train the vanishing-gradient ``ANN([1000, 750, 500])`` and plot its curves.

    The lecture's deep sigmoid network, trained with its settings, barely
    learns: the input-side layers' weights move orders of magnitude less
    than the output layer's. That failure is what the demo shows.
    Writes ``vanishing.png`` (mean absolute weight change of every layer per
    step, above the cost curve) into ``out_dir``.

    Returns
    -------
    dict
        ``model``, ``held_out_error``, ``weight_change_ratios`` (each layer's
        recent mean |ΔW| over the output layer's), ``seconds`` and ``figures``.
    """
    X, y, X_held, y_held, description = train_and_held_out(data, random_state)
    print(f"data: {description}; training on {len(y):,}, {len(y_held):,} held out")
    started = time.perf_counter()
    model = ANN([1000, 750, 500], learning_rate=0.01, momentum=0.99, epochs=epochs,
                batch_size=100, n_classes=10, random_state=random_state, mode=mode,
                verbose=verbose).fit(X, y)
    seconds = time.perf_counter() - started
    error = model.error_rate(X_held, y_held)
    figure = Path(out_dir) / "vanishing.png"
    plot_weight_changes(model.weight_changes_, model.costs_, figure, title=(
        f"Vanishing gradient in the sigmoid ANN([1000, 750, 500]), {epochs} epochs: "
        f"held-out error {error:.0%}"))
    recent = model.weight_changes_[-50:].mean(axis=0)
    print("mean |dW| per step over the last 50 steps, input side to output:")
    for line in weight_change_report(model.weight_changes_):
        print("  " + line)
    print(f"held-out error {error:.1%} (chance 90%). A deep sigmoid network trained this way "
          f"does not learn: its input-side gradients vanish, which is the lecture's point. "
          f"For a network that learns, see 'graphae train ANN'.")
    print(f"trained in {seconds:.1f} s; wrote {figure}")
    return {"model": model, "held_out_error": error, "seconds": seconds, "figures": [figure],
            "weight_change_ratios": recent / recent[-1]}


SEED_002_ACCURACY = 0.9096


def demo_softmax(data=None, out_dir=".", epochs=100, random_state=0, mode=None, verbose=1):
    """Seed 002's softmax regression: 100 full-batch steps, learning rate 1, zero start.

    Uses Keras' split (60,000 training images / 255, 10,000 test) of the
    full MNIST when one is found, else the embedded digits, and writes
    ``softmax_weights.png``: each class's 784 weights as an image.

    Returns
    -------
    dict
        ``model``, ``test_accuracy``, ``seconds``, ``data`` and ``figures``.
    """
    (X, y), (X_test, y_test), description = keras_train_and_test(data, random_state)
    print(f"data: {description}; pixels / 255")
    started = time.perf_counter()
    model = SoftmaxRegression(learning_rate=1.0, epochs=epochs, mode=mode,
                              verbose=verbose).fit(X, y)
    seconds = time.perf_counter() - started
    accuracy = model.score(X_test, y_test)
    figure = Path(out_dir) / "softmax_weights.png"
    plot_filters(model.coef_[1:], (28, 28), (2, 5), figure,
                 title=f"Softmax regression: weights of the digits 0-9 ({accuracy:.2%} test)")
    seed_note = (f" (seed 002: {SEED_002_ACCURACY:.2%} with 100 steps on the full MNIST)"
                 if len(y) == 60_000 and epochs == 100 else "")
    print(f"test accuracy {accuracy:.2%}{seed_note}; trained in {seconds:.1f} s; "
          f"wrote {figure}")
    return {"model": model, "test_accuracy": accuracy, "seconds": seconds,
            "data": description, "figures": [figure]}


DEMOS = {"xwing": demo_xwing, "vanishing": demo_vanishing, "softmax": demo_softmax}
