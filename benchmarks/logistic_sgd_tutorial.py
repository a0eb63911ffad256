"""The deeplearning.net "Logistic Regression" tutorial, run with graphae.

Settings as published: learning rate 0.13, minibatches of 600 in file order,
zero initialisation, early stopping with patience 5000, patience increase 2,
improvement threshold 0.995, validation every min(n_batches, patience // 2)
minibatches. The tutorial averages per-minibatch errors over
``n // 600`` full minibatches, which equals the error on the first
``(n // 600) * 600`` images; that is what is passed for validation and test.

    python benchmarks/logistic_sgd_tutorial.py [PATH-TO-mnist.pkl.gz]

The tutorial reports: best validation error 7.500000 %, test error
7.489583 %, 74 epochs.
"""

import sys
import time
from pathlib import Path

import graphae
from graphae.callbacks import PatienceEarlyStopping
from graphae.datasets import load_mnist

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.pkl.gz"


def main(path=DEFAULT):
    (X, y), (Xv, yv), (Xt, yt) = load_mnist(path)
    batch = 600
    full = lambda n: (n // batch) * batch  # noqa: E731 - the tutorial's full minibatches
    validation, test = (Xv[:full(len(yv))], yv[:full(len(yv))]), (Xt[:full(len(yt))], yt[:full(len(yt))])
    stopper = PatienceEarlyStopping(patience=5000, patience_increase=2,
                                    improvement_threshold=0.995, test_data=test,
                                    restore_best_weights=False)
    model = graphae.LogisticRegression(learning_rate=0.13, batch_size=batch, epochs=1000,
                                       verbose=0)
    started = time.perf_counter()
    model.fit(X, y, validation_data=validation, callbacks=[stopper])
    seconds = time.perf_counter() - started
    print(f"Optimization complete with best validation score of {stopper.best_score * 100:f} %, "
          f"with test performance {stopper.test_score * 100:f} %")
    print(f"The code run for {model.history_.n_epochs} epochs, with "
          f"{model.history_.n_epochs / seconds:f} epochs/sec ({seconds:.1f} s)")
    return stopper, model


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
