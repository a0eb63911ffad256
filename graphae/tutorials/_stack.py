"""What SdA and DBN share: sigmoid layers, a softmax layer on top, fine-tuning."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae import ported
from graphae._training import compiled_once
from graphae.tutorials.logistic import LogisticRegressionLayer
from graphae.tutorials._driver import (
    as_shared_data,
    minibatch,
    n_minibatches,
    patience_loop,
    run_epochs,
    training_data,
)
from graphae.tutorials.denoising import sgd_updates
from graphae.tutorials.mlp import HiddenLayer


def check_layer_sizes(hidden_layers_sizes):
    """The hidden sizes as a tuple of positive ints (raises ValueError otherwise)."""
    sizes = tuple(hidden_layers_sizes)
    if not sizes or any(not isinstance(s, (int, np.integer)) or isinstance(s, bool) or s <= 0
                        for s in sizes):
        raise ValueError("hidden_layers_sizes must be a non-empty sequence of positive ints, "
                         f"got {hidden_layers_sizes!r}")
    return sizes


class PretrainedStack:
    """Sigmoid layers whose parameters an unsupervised model per layer pre-trains.

    Subclasses call :meth:`_build` with a factory making the unsupervised
    model of a layer (a dA or an RBM sharing the layer's ``W`` and ``b``).
    """

    def _build(self, numpy_rng, n_ins, hidden_layers_sizes, n_outs, make_unsupervised):
        sizes = check_layer_sizes(hidden_layers_sizes)
        self.sigmoid_layers, self.params = [], []
        self.n_layers = len(sizes)
        self.x, self.y = pt.matrix("x"), pt.ivector("y")
        self.unsupervised_layers = []
        for i, n_out in enumerate(sizes):
            n_in = n_ins if i == 0 else sizes[i - 1]
            layer_input = self.x if i == 0 else self.sigmoid_layers[-1].output
            layer = HiddenLayer(rng=numpy_rng, input=layer_input, n_in=n_in, n_out=n_out,
                                activation=pt.sigmoid)
            self.sigmoid_layers.append(layer)
            self.params.extend(layer.params)
            self.unsupervised_layers.append(make_unsupervised(layer_input, n_in, n_out, layer))
        self.logLayer = LogisticRegressionLayer(input=self.sigmoid_layers[-1].output,
                                                n_in=sizes[-1], n_out=n_outs)
        self.params.extend(self.logLayer.params)
        self.finetune_cost = self.logLayer.negative_log_likelihood(self.y)
        self.errors = self.logLayer.errors(self.y)
        self._compiled = {}

    def _pretrain_layers(self, train_set_x, epochs, batch_size, key, build, layer_arguments,
                         verbose):
        """Train each layer's unsupervised model in turn; returns ``self``.

        ``build(data)`` compiles one ``f(index, *arguments)`` per layer (once
        per ``key``); ``layer_arguments[i]`` are the arguments of layer ``i``'s.
        """
        data = training_data(self, train_set_x, self.sigmoid_layers[0].W.get_value(
            borrow=True).shape[0])
        n_batches = n_minibatches(data, batch_size)
        name = type(self).__name__
        steps = compiled_once(self._compiled, ("pretrain", data, batch_size, *key),
                              lambda: build(data), f"{name} pre-training functions", verbose)
        self.pretraining_costs_ = []
        for i, (step, arguments) in enumerate(zip(steps, layer_arguments)):
            costs, _ = run_epochs(lambda index, step=step, arguments=arguments:
                                  step(index, *arguments),
                                  n_batches, epochs, f"{name} layer {i}", verbose, batch_size)
            self.pretraining_costs_.append(costs)
        return self

    def build_finetune_functions(self, datasets, batch_size, learning_rate, mode=None):
        """``(train_fn, valid_score, test_score)`` as in the tutorials.

        Parameters
        ----------
        datasets : sequence of three (x, y) pairs
            Train, validation and test data: arrays or shared variables (the
            ``load_data`` format); labels are cast to int32.
        batch_size : int
        learning_rate : float

        Returns
        -------
        train_fn : callable
            ``train_fn(index)`` takes one SGD step on minibatch ``index``
            and returns its cost.
        valid_score, test_score : callable
            The list of per-minibatch error rates on the whole set.
        """
        (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = [
            (as_shared_data(x, f"{name}_set_x"), _labels(y, f"{name}_set_y"))
            for (x, y), name in zip(datasets, ("train", "valid", "test"))]
        index = pt.lscalar("index")
        updates = sgd_updates(self.finetune_cost, self.params, learning_rate)

        def givens(x, y):
            return {self.x: minibatch(x, index, batch_size), self.y: minibatch(y, index, batch_size)}

        name = type(self).__name__
        train_fn = ported.function([index], self.finetune_cost, updates=updates, mode=mode,
                                   givens=givens(train_x, train_y), name=f"{name}.train")
        scores = [ported.function([index], self.errors, givens=givens(x, y), mode=mode,
                                  name=f"{name}.{part}")
                  for x, y, part in ((valid_x, valid_y, "valid"), (test_x, test_y, "test"))]
        counts = [n_minibatches(x, batch_size) for x in (valid_x, test_x)]

        def valid_score():
            return [scores[0](i) for i in range(counts[0])]

        def test_score():
            return [scores[1](i) for i in range(counts[1])]

        return train_fn, valid_score, test_score

    def finetune(self, datasets, epochs=1000, batch_size=1, learning_rate=0.1, patience=None,
                 verbose=1, mode=None):
        """Supervised fine-tuning with the tutorials' patience rule.

        The parameters of the best validation score are restored at the end
        (the tutorials report the test error measured at that point).

        Returns
        -------
        dict
            See :func:`graphae.tutorials._driver.patience_loop`; also kept as
            ``finetune_result_``.
        """
        train_fn, valid_score, test_score = self.build_finetune_functions(
            datasets, batch_size, learning_rate, mode=mode)
        n_batches = n_minibatches(datasets[0][0], batch_size)
        best = {}

        def keep_best():
            best["values"] = [p.get_value() for p in self.params]

        result = patience_loop(train_fn, n_batches, lambda: np.mean(valid_score()),
                               lambda: np.mean(test_score()), epochs, patience=patience,
                               on_best=keep_best, name=f"{type(self).__name__} fine-tuning",
                               verbose=verbose)
        for param, value in zip(self.params, best.get("values", [])):
            param.set_value(value)
        self.finetune_result_ = result
        return result

    def predict(self, X, mode=None):
        """Predicted labels of the rows of ``X`` (the softmax layer's ``y_pred``)."""
        X = np.asarray(X, dtype=self.x.dtype)
        n_ins = self.sigmoid_layers[0].W.get_value(borrow=True).shape[0]
        if X.ndim != 2 or X.shape[1] != n_ins:
            raise ValueError(f"X must be 2-D with {n_ins} columns, got shape {X.shape}")
        if "predict" not in self._compiled:
            self._compiled["predict"] = ported.function(
                [self.x], self.logLayer.y_pred, mode=mode, name=f"{type(self).__name__}.predict")
        return self._compiled["predict"](X)


def _labels(y, name):
    if isinstance(y, pt.TensorVariable) or hasattr(y, "get_value"):
        return y if y.dtype == "int32" else pt.cast(y, "int32")
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise ValueError(f"{name} must be a 1-D array of integer labels")
    return as_shared_data(y, name, dtype="int32")


__all__ = ["PretrainedStack", "check_layer_sizes"]
