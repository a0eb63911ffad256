"""The lecture demos behind ``graphae demo NAME``."""

from __future__ import annotations

import time
from pathlib import Path

from graphae.datasets import train_and_held_out
from graphae.evaluation import knn_accuracy
from graphae.models import ANN, DeepAutoEncoder
from graphae.plotting import plot_codes, plot_costs, plot_weight_changes

def demo_xwing(data=None, out_dir=".", epochs=50, random_state=0, mode=None, verbose=1):
    """Train the X-wing ``DeepAutoEncoder([500, 300, 2])`` and plot its codes.

    Writes ``xwing.png`` (2-D ``map2center`` codes of the training digits
    coloured by label) and ``xwing_costs.png`` into ``out_dir``.

    Returns
    -------
    dict
        ``model``, ``knn_accuracy`` (5-NN on the held-out codes), ``seconds``
        and the written ``figures``.
    """
    X, y, X_held, y_held, description = train_and_held_out(data, random_state)
    print(f"data: {description}; training on {len(y):,}, {len(y_held):,} held out")
    started = time.perf_counter()
    model = DeepAutoEncoder([500, 300, 2], learning_rate=0.5, momentum=0.99,
                            epochs=epochs, batch_size=100, random_state=random_state,
                            mode=mode, verbose=verbose).fit(X)
    seconds = time.perf_counter() - started
    codes, held_codes = model.map2center(X), model.map2center(X_held)
    accuracy = knn_accuracy(codes, y, held_codes, y_held, k=5)
    out_dir = Path(out_dir)
    figures = [out_dir / "xwing.png", out_dir / "xwing_costs.png"]
    plot_codes(codes, y, figures[0], title=f"X-wing map2center codes, {len(y):,} digits")
    plot_costs(model.costs_, figures[1], title="X-wing training cost")
    print(f"final cost {model.costs_[-1]:.4f}; 5-NN accuracy on the 2-D codes of "
          f"{len(y_held):,} held-out digits: {accuracy:.1%} (chance 10%)")
    print(f"trained in {seconds:.1f} s; wrote {', '.join(map(str, figures))}")
    return {"model": model, "knn_accuracy": accuracy, "seconds": seconds, "figures": figures}


def demo_vanishing(data=None, out_dir=".", epochs=30, random_state=0, mode=None, verbose=1):
    """Train the vanishing-gradient ``ANN([1000, 750, 500])`` and plot its curves.

    Writes ``vanishing.png`` (mean absolute weight change of every layer per
    step, above the cost curve) into ``out_dir``.

    Returns
    -------
    dict
        ``model``, ``held_out_error``, ``seconds`` and the written ``figures``.
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
    plot_weight_changes(model.weight_changes_, model.costs_, figure)
    first, last = model.weight_changes_[:50].mean(axis=0), model.weight_changes_[-50:].mean(axis=0)
    print("mean |dW| per layer, first 50 steps: " + " ".join(f"{v:.2e}" for v in first))
    print("mean |dW| per layer, last 50 steps:  " + " ".join(f"{v:.2e}" for v in last))
    print(f"held-out error {error:.1%}; trained in {seconds:.1f} s; wrote {figure}")
    return {"model": model, "held_out_error": error, "seconds": seconds, "figures": [figure]}


DEMOS = {"xwing": demo_xwing, "vanishing": demo_vanishing}
