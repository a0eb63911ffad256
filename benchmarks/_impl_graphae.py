"""graphae's side of the benchmark: its public estimators' ``fit``, in a chosen mode."""

from __future__ import annotations

import time

import numpy as np


def _model(workload, hyper, mode):
    import graphae

    if workload.key == "A":
        return graphae.DeepAutoEncoder(list(hyper["sizes"]), learning_rate=hyper["learning_rate"],
                                       momentum=hyper["momentum"], epochs=1,
                                       batch_size=workload.batch_size, shuffle=False,
                                       random_state=0, mode=mode, verbose=0)
    if workload.key == "B":
        return graphae.ANN(list(hyper["sizes"]), learning_rate=hyper["learning_rate"],
                           momentum=hyper["momentum"], epochs=1, batch_size=workload.batch_size,
                           n_classes=hyper["n_classes"], shuffle=False, random_state=0, mode=mode,
                           verbose=0)
    if workload.key == "C":
        return _DenoisingFit(hyper, workload.batch_size, mode)
    if workload.key == "D":
        return graphae.SoftmaxRegression(learning_rate=hyper["learning_rate"],
                                         epochs=hyper.get("epochs", workload.passes),
                                         n_classes=hyper["n_classes"],
                                         mode=mode, verbose=0)
    if workload.key == "G":
        return graphae.NetworkClassifier([*hyper["sizes"], "relu"], optimizer="adam",
                                         learning_rate=hyper["learning_rate"], epochs=1,
                                         batch_size=workload.batch_size,
                                         n_classes=hyper["n_classes"], shuffle=False,
                                         random_state=0, mode=mode, verbose=0)
    raise ValueError(f"unknown workload {workload.key!r}")


class _DenoisingFit:
    """The tutorial dA (its ``fit``), drawn from ``RandomState(0)`` as the tutorial's script."""

    def __init__(self, hyper, batch_size, mode):
        self.hyper, self.batch_size, self.mode = hyper, batch_size, mode
        self.model = None

    def fit(self, X, y=None, callbacks=None):
        """Train one epoch; the first call draws the weights (later calls continue)."""
        from graphae.tutorials import dA

        if self.model is None:
            self.model = dA(np.random.RandomState(0), theano_rng=1, n_visible=X.shape[1],
                            n_hidden=self.hyper["n_hidden"])
        self.model.fit(X, epochs=1, batch_size=self.batch_size,
                       learning_rate=self.hyper["learning_rate"],
                       corruption_level=self.hyper["corruption"], verbose=0, mode=self.mode,
                       callbacks=callbacks)
        return self

    def get_weights(self):
        return [p.get_value() for p in self.model.params]

    @property
    def batch_costs(self):
        return list(self.model.history_.batch["cost"])


def _fit(model, X, y, callbacks=None):
    if y is None:
        return model.fit(X, callbacks=callbacks)
    return model.fit(X, y, callbacks=callbacks)


def _batch_costs(model):
    if isinstance(model, _DenoisingFit):
        return model.batch_costs
    return list(model.history_.batch["cost"])


def initial_weights(workload, dtype, mode=None):
    """graphae's initial draw for ``random_state=0``, read when training begins."""
    from graphae.backend import float_x_context
    from graphae.callbacks import Callback

    from _workloads import data

    class ReadInitial(Callback):
        def on_train_begin(self, logs=None):
            params = getattr(self.model, "params_", None) or self.model.params
            self.weights = [p.get_value() for p in params]

    reader = ReadInitial()
    X, y = data(workload, dtype, workload.batch_size)
    with float_x_context(dtype):
        # one epoch is enough to read the draw (D's epoch is a 60,000-row step)
        _fit(_model(workload, dict(workload.hyper, epochs=1), mode), X, y, callbacks=[reader])
    return reader.weights


def run(workload, dtype, X, y, check_steps, mode=None):
    """Check costs, compile time, and one timed ``fit`` epoch over ``X``.

    ``compile_seconds`` is the first fit (``check_steps`` minibatches) of the
    process: graph rewriting and C compilation, or loading PyTensor's
    compile cache when it is warm.
    """
    from graphae.backend import float_x_context

    with float_x_context(dtype):
        n_check = workload.batch_size * check_steps  # D: its one full batch
        check_hyper = dict(workload.hyper, **workload.check_hyper)
        started = time.perf_counter()
        checked = _fit(_model(workload, check_hyper, mode), X[:n_check],
                       None if y is None else y[:n_check])
        compile_seconds = time.perf_counter() - started
        costs = [float(c) for c in _batch_costs(checked)[:check_steps]]
        model = _model(workload, workload.hyper, mode)
        started = time.perf_counter()
        _fit(model, X, y)  # a new model: its own compile (cached graph) and warm-up
        first = time.perf_counter() - started
        started = time.perf_counter()
        _fit(model, X, y)
        seconds = time.perf_counter() - started
    return {"costs": costs, "seconds": seconds, "first_fit_seconds": first,
            "compile_seconds": compile_seconds}
