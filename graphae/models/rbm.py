"""The restricted Boltzmann machine as an estimator: seed 003 §19's lecture form and the tutorial's."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._validation import check_positive_int
from graphae.backend import matrix, shared, shared_generator
from graphae.boltzmann import CD_FORMS, contrastive_divergence, hamming_distance
from graphae.layers import DenseSpec, TiedLayer
from graphae.models._reconstruction import ReconstructionModel
from graphae.random import as_generator, seed_from
from graphae.updates import local_gains, momentum, optimizer_state

__all__ = ["BernoulliRBM", "RBM_OPTIMIZERS"]

#: How the CD directions are applied: the lecture's momentum (0: plain steps) or local gains.
RBM_OPTIMIZERS = ("momentum", "local_gains")


def _seed003_normal(shape, random_state=None):
    """``tf.random_normal(shape, 0.01)``: mean 0.01 and standard deviation 1 (§19.2's code)."""
    return as_generator(random_state).normal(0.01, 1.0, shape)


class BernoulliRBM(ReconstructionModel):
    """Binary visible and hidden units trained by contrastive divergence (seed 003 §19.1–19.2).

    Defaults are §19.2's: 500 hidden units, inputs binarised (``x > 0``),
    weights drawn as its ``tf.random_normal([784, 500], 0.01)`` (mean 0.01,
    standard deviation 1), the update ``w += lr / size_batch · (xᵀh -
    x_sᵀh_s)`` with sampled hidden states and biases likewise, learning rate
    0.001, batches of 256. ``form="tutorial"`` is the deeplearning.net RBM's
    update instead (hidden probabilities, see :mod:`graphae.boltzmann`).
    The seed's ``gibbs_sample(2, x)`` restarts from ``x`` at each of its two
    iterations, so its chain is one step long: ``k=1`` reproduces it.

    Parameters
    ----------
    n_hidden : int, default 500
    form : {"lecture", "tutorial"}, default "lecture"
    k : int, default 1
        Gibbs steps of the negative phase.
    persistent : bool, default False
        Persistent CD (PCD-k, the tutorial's default): the negative chain
        continues from where the previous step left it (one particle per
        row of a minibatch, zero at the start of each fit) instead of
        restarting from the data.
    binarize : bool, default True
        Train and encode on ``X > 0`` (the seed's ``(batch_xs > 0)*1``);
        False uses ``X`` in [0, 1] as given.
    use_biases : bool, default True
        False keeps both biases at zero (§19.3's ``UseBiases``).
    init : {"seed003", "glorot"} or callable, default "seed003"
        ``"glorot"``: the tutorial's uniform ``±4 sqrt(6 / (n_visible + n_hidden))``.
    optimizer : {"momentum", "local_gains"}, default "momentum"
        How the CD directions are applied: classical momentum (``momentum=0``
        is the seed's plain step) or :func:`graphae.updates.local_gains`.
    learning_rate : float, default 0.001
    momentum : float, default 0.0
        §19.3 uses 0.9.
    optimizer_options : dict, optional
        ``gain_limits``, ``bonus``, ``penalty`` for local gains (§19.3:
        ``(0.001, 1000)``, 0.0005, 0.9995).
    epochs : int, default 200
    batch_size : int, default 256
    shuffle, warm_start, random_state, mode, verbose
        As for every graphae model.

    Attributes
    ----------
    layer_ : graphae.layers.TiedLayer
        The sigmoid layer: ``W``, ``b_hidden``, ``b_visible``.
    params_ : list
        ``[W, b_hidden, b_visible]``.
    history_ : History
        Each minibatch records ``cost``: the mean Hamming distance between
        the (binary) data and the chain's last visible sample.

    Examples
    --------
    >>> import numpy as np
    >>> X = (np.random.default_rng(0).random((64, 12)) > 0.5).astype(float)
    >>> rbm = BernoulliRBM(8, init="glorot", learning_rate=0.1, epochs=3, batch_size=16,
    ...                    random_state=0, verbose=0).fit(X)
    >>> rbm.transform(X).shape, rbm.hamming_error(X) >= 0
    ((64, 8), True)
    """

    _GRAPH_PARAMS = ("n_hidden", "form", "k", "persistent", "binarize", "use_biases", "init",
                     "optimizer", "optimizer_options")
    _SHARED_PARAMS = ("learning_rate", "momentum")

    def __init__(self, n_hidden=500, form="lecture", k=1, persistent=False, binarize=True,
                 use_biases=True,
                 init="seed003", optimizer="momentum", learning_rate=0.001, momentum=0.0,
                 optimizer_options=None, epochs=200, batch_size=256, shuffle=True,
                 warm_start=False, random_state=None, mode=None, verbose=1):
        self.n_hidden = n_hidden
        self.form = form
        self.k = k
        self.persistent = persistent
        self.binarize = binarize
        self.use_biases = use_biases
        self.init = init
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.optimizer_options = optimizer_options
        self.epochs = epochs
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.warm_start = warm_start
        self.random_state = random_state
        self.mode = mode
        self.verbose = verbose

    def fit(self, X, learning_rate=None, epochs=None, batch_size=None, validation_data=None,
            callbacks=None, resume=None):
        """Train on ``X`` (values in [0, 1]); returns ``self``.

        ``validation_data`` (``X_val``) adds ``val_loss``, its mean Hamming
        distance, to each epoch: the error :class:`graphae.callbacks.CrossValidationStop`
        watches in §19.3.
        """
        if self.form not in CD_FORMS:
            raise ValueError(f"form must be one of {', '.join(map(repr, CD_FORMS))}; "
                             f"got {self.form!r}")
        if self.optimizer not in RBM_OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(map(repr, RBM_OPTIMIZERS))};"
                             f" got {self.optimizer!r}")
        check_positive_int(self.k, "k")
        overrides = {"learning_rate": learning_rate, "epochs": epochs, "batch_size": batch_size}
        return self._fit_reconstruction(X, overrides, validation_data, callbacks, resume)

    # -- building ------------------------------------------------------------------
    def _layer_shapes(self, architecture):
        return [(architecture["n_features_in_"], check_positive_int(self.n_hidden, "n_hidden"))]

    def _create_layers(self, architecture, shapes, rng):
        (n_visible, n_hidden), = shapes
        init = _seed003_normal if self.init == "seed003" else self.init
        self.layer_ = TiedLayer(n_visible, n_hidden, "sigmoid", init, rng)
        self.params_ = list(self.layer_.params)
        self.weights_ = [self.layer_.W]
        self._noise = shared_generator(0)

    def _build(self, architecture, rng):
        super()._build(architecture, rng)
        self._noise.set_value(np.random.default_rng(seed_from(rng)))  # same draws each fit
        chain = self.__dict__.get("_chain")
        if chain is not None:  # a new fit starts its persistent chain afresh
            chain.set_value(np.zeros_like(chain.get_value(borrow=True)))

    def _persistent_chain(self):
        """The PCD chain's hidden states, one row per minibatch row (None without PCD)."""
        if not self.persistent:
            return None
        shape = (self._dataset.batch_size, self.layer_.n_hidden)
        chain = self.__dict__.get("_chain")
        if chain is None or chain.get_value(borrow=True).shape != shape:
            chain = self._chain = shared(np.zeros(shape), "persistent_chain", self._dtype)
        return chain

    def _all_layers(self):
        return [self.layer_]

    def _trainable_params(self):
        return self.params_ if self.use_biases else self.params_[:1]

    def _new_optimizer_state(self):
        params = self._trainable_params()
        zeros = [pt.zeros_like(p) for p in params]
        return optimizer_state(self._apply_directions(zeros, params, None), params)

    def _apply_directions(self, gradients, params, state):
        if self.optimizer == "local_gains":
            return local_gains(gradients, params, self._scalar("learning_rate"),
                               self._scalar("momentum"), state=state,
                               **dict(self.optimizer_options or {}))
        return momentum(gradients, params, self._scalar("learning_rate"),
                        self._scalar("momentum"), velocities=state)[0]

    def _optimizer_updates(self, cost):
        return []  # the CD directions come with the training terms

    def _code_width(self):
        return self.layer_.n_hidden

    # -- symbolic graph ---------------------------------------------------------------
    def _visible(self, X):
        return pt.cast(pt.gt(X, 0), X.dtype) if self.binarize else X

    def encode(self, X):
        """Symbolic ``p(h = 1 | v)`` of (binarised) ``X``."""
        return self.layer_.encode(self._visible(X))

    def decode(self, H):
        """Symbolic ``p(v = 1 | h)``."""
        return self.layer_.decode(H)

    def forward(self, X):
        """Symbolic mean-field reconstruction ``p(v | p(h | v))``."""
        return self.decode(self.encode(X))

    def cost(self, X):
        """Mean Hamming distance between binary ``X`` and its binary reconstruction (§19.3)."""
        return pt.mean(hamming_distance(self.layer_, self._visible(X)))

    def _training_terms(self, index):
        X_in = matrix("X")
        v0 = self._visible(X_in)
        chain = self._persistent_chain()
        step = contrastive_divergence(self.layer_, v0, self._noise, self.k, self.form, chain)
        params = self._trainable_params()
        gradients = [-d for d in step.directions[:len(params)]]
        updates = self._apply_directions(gradients, params, self._velocities)
        if chain is not None:
            updates.append((chain, step.chain_hidden.astype(chain.dtype)))
        loss = pt.mean(pt.sum(abs(v0 - step.chain_visible), axis=1))
        givens = [(X_in, self._dataset.minibatch("X", index))]
        return loss, {}, givens, updates + [(self._noise, step.next_rng)]

    # -- reuse -----------------------------------------------------------------------------
    def encoder_specs(self, trainable=False):
        """``[DenseSpec]``: the sigmoid layer ``p(h | v)`` with the learned ``W`` and ``b_hidden``.

        The start of a classifier or a deep network (§19.2's classifier,
        §19.3's pretraining); feed it inputs prepared as for ``fit``
        (binarised, if ``binarize``). ``trainable=False`` freezes it.

        Examples
        --------
        >>> import numpy as np
        >>> X = (np.random.default_rng(0).random((32, 6)) > 0.5).astype(float)
        >>> rbm = BernoulliRBM(4, epochs=1, batch_size=16, random_state=0, verbose=0).fit(X)
        >>> rbm.encoder_specs()
        [DenseSpec(4, 'sigmoid', weights=(W, b), trainable=False)]
        """
        self._check_fitted()
        weights = (self.layer_.W.get_value(), self.layer_.b_hidden.get_value())
        return [DenseSpec(self.layer_.n_hidden, "sigmoid", weights=weights, trainable=trainable)]

    # -- evaluation ------------------------------------------------------------------------
    def hamming_error(self, X):
        """Mean Hamming distance between binary ``X`` and its binary reconstruction."""
        return self.reconstruction_cost(X)
