"""A classifier made of a layer list, trained with any optimiser (Keras' ``Sequential``)."""

from __future__ import annotations

import pytensor.tensor as pt

from graphae.backend import int_vector, log_softmax_rows, matrix, softmax_rows
from graphae.layers import Activation, Dense, DenseSpec
from graphae.models._base import CompiledModel
from graphae.models._classifier import ClassifierModel
from graphae.models._stack import LayerStackModel, parsed_layers
from graphae.nonlinearities import resolve_activation
from graphae.objectives import categorical_crossentropy, errors, negative_log_likelihood

__all__ = ["LectureMomentum", "NetworkClassifier", "lecture_nll", "tutorial_nll"]


class NetworkClassifier(LayerStackModel, ClassifierModel):
    """Layers in a list under a softmax output, trained by any optimiser of :mod:`graphae.updates`.

    Seed 002's Keras networks, on graphae's core: ``[512, "relu"]`` is
    ``Dense(512), Activation('relu')``; the output ``Dense(n_classes)`` and
    softmax are added unless the list ends with a softmax. The loss is the
    mean categorical cross-entropy, computed from the logits (stable), plus
    optional L1/L2 penalties on the weight matrices.

    It is graphae's one classifier: :class:`graphae.ANN`,
    :class:`graphae.MLPClassifier` and :class:`graphae.LogisticRegression`
    are configurations of it (their layer lists, initialisers, the lectures'
    form of the loss and classical momentum).

    Parameters
    ----------
    layers : list
        Layer specifications: :class:`graphae.layers.DenseSpec`,
        :class:`~graphae.layers.Activation`, :class:`~graphae.layers.Dropout`,
        :class:`~graphae.layers.GaussianNoise`, or their compact forms (see
        :func:`graphae.layers.parse_layer`).
    optimizer : {"sgd", "nesterov", "rmsprop", "adadelta", "adam", "nadam"}, default "sgd"
    learning_rate : float, optional
        None: the optimiser's Keras default (``sgd`` 0.01, ``rmsprop`` 0.001,
        ``adadelta`` 1.0, ``adam`` 0.001, ``nadam`` 0.002). A shared scalar,
        so schedules never recompile.
    optimizer_options : dict, optional
        The optimiser's other hyper-parameters (``{"rho": 0.9}``,
        ``{"momentum": 0.9, "nesterov": True}``).
    epochs : int, default 50
    batch_size : int, default 128
        Seed 002's ``batch_size``; the remainder of each epoch is not used.
    l1_penalty, l2_penalty : float, default 0.0
    n_classes : int, optional
    shuffle : bool, default True
    warm_start : bool, default False
    random_state : None, int or numpy generator
        Initial weights and the dropout/noise generator.
    mode : {None, "c", "numba", "jax"}
    verbose : int, default 1

    Attributes
    ----------
    layers_ : list
        The built layers, output softmax last.
    hidden_layers_ : list of graphae.layers.Dense
        Every dense layer below the output.
    output_layer_ : graphae.layers.Dense
        The output layer (softmax, or linear under a final ``Activation("softmax")``).
    params_ : list
        Each dense layer's ``[W, b]``, bottom to top.
    weights_ : list
        Every weight matrix, output layer last.
    costs_, batch_errors_, history_, n_features_in_, n_classes_

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((256, 4)); y = (X[:, 0] > X[:, 1]).astype(int)
    >>> net = NetworkClassifier([16, "relu", "dropout 0.1"], optimizer="adam", epochs=30,
    ...                         batch_size=32, random_state=0, verbose=0).fit(X, y)
    >>> net.score(X, y) > 0.9
    True
    """

    _GRAPH_PARAMS = ("layers", "optimizer", "optimizer_options")
    _ARCHITECTURE_KEYS = ("n_features_in_", "n_classes_")

    def __init__(self, layers, optimizer="sgd", learning_rate=None, optimizer_options=None,
                 epochs=50, batch_size=128, l1_penalty=0.0, l2_penalty=0.0, n_classes=None,
                 shuffle=True, warm_start=False, random_state=None, mode=None, verbose=1):
        self.layers = layers
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.optimizer_options = optimizer_options
        self.epochs = epochs
        self.batch_size = batch_size
        self.l1_penalty = l1_penalty
        self.l2_penalty = l2_penalty
        self.n_classes = n_classes
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, y, learning_rate=None, epochs=None, batch_size=None,
            validation_data=None, callbacks=None, resume=None):
        """Train on ``(X, y)``; returns ``self`` (per-call values win for this fit)."""
        overrides = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size}
        return self._fit_classifier(X, y, overrides, validation_data, callbacks, resume)

    # -- building ----------------------------------------------------------------
    def _specs(self, n_classes):
        """The layer list, output layer included (a softmax ``Dense`` added if missing)."""
        specs = parsed_layers(self.layers)
        return specs if specs and _is_softmax(specs[-1]) else [
            *specs, DenseSpec(n_classes, "softmax")]

    def _layer_shapes(self, architecture):
        width, shapes = architecture["n_features_in_"], []
        for spec in self._specs(architecture["n_classes_"]):
            if isinstance(spec, DenseSpec):
                shapes.append((width, spec.units))
                width = spec.units
        if width != architecture["n_classes_"]:
            raise ValueError(f"the last dense layer has {width} units but there are "
                             f"{architecture['n_classes_']} classes")
        return shapes

    def _create_layers(self, architecture, shapes, rng):
        dense = self._make_stack(self._specs(architecture["n_classes_"]),
                                 architecture["n_features_in_"], rng)
        self.hidden_layers_, self.output_layer_ = dense[:-1], dense[-1]

    # -- graph ---------------------------------------------------------------------
    def _logits(self, X, training):
        """``(next_noise_rng, logits)``: the stack up to the output softmax."""
        rng, X = self._run(self.layers_[:-1], X, self._noise, training)
        top = self.layers_[-1]
        return rng, (top.linear(X) if isinstance(top, Dense) else X)

    def _loss(self, logits, y):
        """Mean categorical cross-entropy of integer labels ``y``, from the logits."""
        return categorical_crossentropy(y, logits, from_logits=True)

    def probabilities(self, X):
        """Symbolic class probabilities of ``X`` in prediction (noise layers off)."""
        return softmax_rows(self._logits(X, training=False)[1])

    def cost_and_error(self, X, y):
        """Prediction-mode mean loss (no penalty) and error rate."""
        _, logits = self._logits(X, training=False)
        return self._loss(logits, y), errors(softmax_rows(logits), y)

    def _training_terms(self, index):
        X_in, y_in = matrix("X"), int_vector("y")
        next_rng, logits = self._logits(X_in, training=True)
        loss = self._loss(logits, y_in)
        records = {"error": errors(softmax_rows(logits), y_in)}
        cost = loss
        if "l1_penalty" in self._SHARED_PARAMS:
            cost, records = loss + self.penalty(), {"loss": loss, **records}
        givens = [(X_in, self._dataset.minibatch("X", index)),
                  (y_in, self._dataset.minibatch("Y", index))]
        return cost, records, givens, self._random_updates(next_rng)

    def _set_records(self, history):
        self.costs_ = history.batch_array("cost")
        self.batch_errors_ = history.batch_array("error")


class LectureMomentum:
    """Mixin: the lectures' classical momentum, its coefficient the shared scalar ``momentum``.

    The configurations of :class:`NetworkClassifier` that mirror the lectures
    and tutorials (:class:`graphae.ANN`, :class:`graphae.MLPClassifier`,
    :class:`graphae.LogisticRegression`) train with it; ``momentum=0`` is
    plain SGD.
    """

    _new_optimizer_state = CompiledModel._new_optimizer_state
    _optimizer_updates = CompiledModel._optimizer_updates


def tutorial_nll(logits, y):
    """The tutorials' ``-mean(log(softmax(logits))[i, y_i])`` (PyTensor makes it a log-softmax)."""
    return negative_log_likelihood(softmax_rows(logits), y)


def lecture_nll(logits, y):
    """The vanishing-gradient lecture's ``-mean(log(p[i, y_i]))``, computed from the logits.

    The lecture picks ``p[i, y_i]`` and then takes the log; that value is
    ``log_softmax(logits)[i, y_i]``, which is what is computed here: picking
    first gave a finite cost but NaN gradients once a softmax saturated
    (a probability rounded to 0 makes ``d log p / d p`` infinite), turning
    every weight NaN in one step. The gradient from the logits is
    ``softmax - onehot``, finite for any finite logits.
    """
    picked = log_softmax_rows(logits)[pt.arange(y.shape[0]), y]
    return -pt.mean(picked)


def _is_softmax(spec):
    if isinstance(spec, Activation):
        return spec.name == "softmax"
    return isinstance(spec, DenseSpec) and resolve_activation(spec.activation)[1] == "softmax"

