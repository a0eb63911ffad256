"""What SdA and DBN share: sigmoid layers, a softmax layer on top, pre-training, fine-tuning."""

from __future__ import annotations

import time

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_hidden_layer_sizes
from graphae.layers import LogisticRegressionLayer
from graphae.training import (
    Graph,
    PatienceEarlyStopping,
    batch_index,
    minibatch,
    n_minibatches,
)
from graphae.tutorials._facade import TutorialModel
from graphae.tutorials.mlp import HiddenLayer
from graphae.updates import sgd

__all__ = ["PretrainedStack"]


class PretrainedStack(TutorialModel):
    """Sigmoid layers whose parameters an unsupervised model per layer pre-trains.

    Subclasses call :meth:`_build` with a factory making the unsupervised
    model of a layer (a dA or an RBM sharing the layer's ``W`` and ``b``),
    and implement ``_layer_step(model, data, batch_size, mode, verbose,
    **options)`` (the layer's compiled training step) and
    ``_layer_scalars(model, **options)`` (set its shared scalars).
    """

    def _build(self, numpy_rng, n_ins, hidden_layers_sizes, n_outs, make_unsupervised):
        sizes = check_hidden_layer_sizes(hidden_layers_sizes, "hidden_layers_sizes")
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

    @property
    def n_ins(self):
        """Input width."""
        return self.sigmoid_layers[0].n_in

    def _pretrain_layers(self, train_set_x, epochs, batch_size, layer_settings, verbose, mode,
                         callbacks):
        """Train each layer's unsupervised model in turn through the one loop; returns ``self``.

        ``layer_settings[i]`` are the keyword settings of layer ``i``'s step.
        """
        data = self._training_data(train_set_x, self.n_ins)
        n_batches = n_minibatches(data, batch_size)
        name = type(self).__name__
        self.pretraining_histories_ = []
        for i, (model, settings) in enumerate(zip(self.unsupervised_layers, layer_settings)):
            step = self._layer_step(model, data, batch_size, mode, verbose, **settings)
            self._layer_scalars(model, **settings)
            history = self._run(step, n_batches, epochs, batch_size, callbacks, verbose,
                                f"{name} layer {i}", state=model._training_state())
            self.pretraining_histories_.append(history)
        self.pretraining_costs_ = [h.epoch.get("cost", []) for h in self.pretraining_histories_]
        return self

    # -- fine-tuning -----------------------------------------------------------
    def _finetune_data(self, datasets):
        """Train, validation and test ``(x, y)`` as shared data (arrays refill this model's)."""
        if len(datasets) != 3:
            raise ValueError(f"datasets must be three (x, y) pairs (train, valid, test), "
                             f"got {len(datasets)}")
        return [(self._owned_data(x, f"{part}_x", f"{part}_set_x"),
                 self._labels(y, f"{part}_y", f"{part}_set_y"))
                for (x, y), part in zip(datasets, ("train", "valid", "test"))]

    def _labels(self, y, slot, name):
        if isinstance(y, pt.TensorVariable) or hasattr(y, "get_value"):
            if y.dtype == "int32":
                return y
            casts = self.__dict__.setdefault("_label_casts", {})  # one cast: one compile
            if y not in casts:
                casts[y] = pt.cast(y, "int32")
            return casts[y]
        y = np.asarray(y)
        if y.ndim != 1 or y.dtype.kind not in "iu":
            raise ValueError(f"{name} must be a 1-D array of integer labels")
        return self._owned_data(y, slot, name, dtype="int32")

    def _finetune_function(self, part, x, y, batch_size, mode, verbose):
        def build():
            index = batch_index()
            givens = [(self.x, minibatch(x, index, batch_size)),
                      (self.y, minibatch(y, index, batch_size))]
            if part != "train":
                return Graph([index], self.errors, givens=givens)
            updates = sgd(self.finetune_cost, self.params, self._scalar("finetune_lr"))
            return Graph([index], self.finetune_cost, updates, givens)

        return self._compiled.function(part, build, (id(x), id(y), int(batch_size)), mode,
                                       verbose)

    def build_finetune_functions(self, datasets, batch_size, learning_rate, mode=None,
                                 verbose=0):
        """``(train_fn, valid_score, test_score)`` as in the tutorials (compiled once per model).

        Parameters
        ----------
        datasets : sequence of three (x, y) pairs
            Train, validation and test data: arrays or shared variables (the
            ``load_data`` format); labels are cast to int32. Arrays are
            copied into this model's own shared variables, so later calls
            with new arrays reuse the compiled functions.
        batch_size : int
        learning_rate : float
            Held in a shared scalar: changing it does not recompile.

        The functions are compiled once per model and read the model's own
        copies of the data and its learning-rate scalar, so a later call
        (or ``finetune``) refills what earlier returned functions read.

        Returns
        -------
        train_fn : callable
            ``train_fn(index)`` takes one SGD step on minibatch ``index``
            and returns its cost.
        valid_score, test_score : callable
            The list of per-minibatch error rates on the whole set.
        """
        shared_sets = self._finetune_data(datasets)
        self._scalar("finetune_lr", learning_rate)
        train_fn, valid_fn, test_fn = [
            self._finetune_function(part, x, y, batch_size, mode, verbose)
            for (x, y), part in zip(shared_sets, ("train", "valid", "test"))]
        counts = [n_minibatches(x, batch_size) for x, _ in shared_sets[1:]]

        def valid_score():
            return [valid_fn(i) for i in range(counts[0])]

        def test_score():
            return [test_fn(i) for i in range(counts[1])]

        return train_fn, valid_score, test_score

    def finetune(self, datasets, epochs=1000, batch_size=1, learning_rate=0.1, patience=None,
                 verbose=1, mode=None, callbacks=None):
        """Supervised fine-tuning with the tutorials' patience rule; returns a History.

        The rule is :class:`graphae.callbacks.PatienceEarlyStopping` (patience
        ``10 * n_train_batches`` minibatches by default, doubled at each
        sufficient improvement); the parameters of the best validation score
        are restored at the end (the tutorials report the test error measured
        at that point).

        Returns
        -------
        graphae.training.History
            Per-batch and per-epoch records; its ``summary`` (also readable as
            ``history["test_error"]``) holds ``best_validation_error``,
            ``test_error``, ``best_iteration``, ``epochs`` (run), ``costs``
            (mean per epoch), ``seconds`` and ``total_seconds``. Also kept as
            ``finetune_result_``.
        """
        train_fn, valid_score, test_score = self.build_finetune_functions(
            datasets, batch_size, learning_rate, mode=mode, verbose=verbose)
        n_batches = n_minibatches(datasets[0][0], batch_size)
        rule = PatienceEarlyStopping(
            patience=10 * n_batches if patience is None else int(patience),
            patience_increase=2.0, validate=lambda: np.mean(valid_score()),
            test=lambda: np.mean(test_score()))
        started = time.perf_counter()
        history = self._run(train_fn, n_batches, epochs, batch_size, callbacks, verbose,
                            f"{type(self).__name__} fine-tuning", internal=[rule])
        history.summary.update({
            "best_validation_error": rule.best_score, "test_error": rule.test_score,
            "best_iteration": rule.best_iteration, "epochs": history.n_epochs,
            "costs": history.epoch.get("cost", []), "seconds": history.epoch.get("time", []),
            "total_seconds": time.perf_counter() - started})
        self.finetune_result_ = history
        return history

    def predict(self, X, mode=None):
        """Predicted labels of the rows of ``X`` (the softmax layer's ``y_pred``)."""
        X = np.asarray(X, dtype=self.x.dtype)
        if X.ndim != 2 or X.shape[1] != self.n_ins:
            raise ValueError(f"X must be 2-D with {self.n_ins} columns, got shape {X.shape}")
        predict = self._compiled.function(
            "predict", lambda: Graph([self.x], self.logLayer.y_pred), mode=mode, verbose=0)
        return predict(X)
