"""The one tied-weight layer: an encoder and a decoder sharing one weight matrix."""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt

from graphae._legacy import alias
from graphae.backend import shared
from graphae.layers._dense import check_size, initializer, reinitialize
from graphae.nonlinearities import resolve_activation

__all__ = ["Layer", "TiedLayer", "TransposedDense"]


class TiedLayer:
    """Encoder ``f(X · W + b_hidden)`` and decoder ``f(H · Wᵀ + b_visible)`` with one ``W``.

    The X-wing lecture's :class:`~graphae.layers.Layer`, the tutorials'
    ``dA`` (``encode``/``decode``) and ``RBM`` (``propup``/``propdown``)
    are all this layer.

    Parameters
    ----------
    n_visible, n_hidden : int
    activation : str or callable, default "sigmoid"
    init : {"lecture", "glorot", "zeros"} or callable, default "lecture"
    random_state : None, int or numpy generator
    W, b_hidden, b_visible : SharedVariable, optional
        Existing parameters to share (a stack shares its layers' ``W`` and ``b``).
    names : tuple of three str, optional
        Names of new ``W``, hidden-bias and visible-bias variables.

    Attributes
    ----------
    W : SharedVariable, shape (n_visible, n_hidden)
    b_hidden : SharedVariable, shape (n_hidden,)
    b_visible : SharedVariable, shape (n_visible,)
    params : list
        ``[W, b_hidden, b_visible]``.

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = TiedLayer(6, 3, random_state=0)
    >>> layer.decode(layer.encode(pt.matrix("X"))).ndim
    2
    """

    def __init__(self, n_visible, n_hidden, activation="sigmoid", init="lecture",
                 random_state=None, W=None, b_hidden=None, b_visible=None,
                 names=("W", "b_hidden", "b_visible")):
        self.n_visible = check_size("n_visible", n_visible)
        self.n_hidden = check_size("n_hidden", n_hidden)
        self.activation, self.activation_name = resolve_activation(activation)
        self.init = initializer(init, self.activation_name)
        if W is None:
            W = shared(self.init((self.n_visible, self.n_hidden), random_state), name=names[0])
        self.W = W
        self.b_hidden = shared(np.zeros(self.n_hidden), name=names[1]) if (
            b_hidden is None) else b_hidden
        self.b_visible = shared(np.zeros(self.n_visible), name=names[2]) if (
            b_visible is None) else b_visible
        self.params = [self.W, self.b_hidden, self.b_visible]

    def pre_encode(self, X):
        """``X · W + b_hidden``, before the nonlinearity."""
        return pt.dot(X, self.W) + self.b_hidden

    def pre_decode(self, H):
        """``H · Wᵀ + b_visible``, before the nonlinearity."""
        return pt.dot(H, self.W.T) + self.b_visible

    def _activate(self, pre):
        return pre if self.activation is None else self.activation(pre)

    def encode(self, X):
        """``f(X · W + b_hidden)``."""
        return self._activate(self.pre_encode(X))

    def decode(self, H):
        """``f(H · Wᵀ + b_visible)`` with the same ``W``."""
        return self._activate(self.pre_decode(H))

    def reset(self, random_state=None):
        """Draw new initial weights and zero both biases, in place."""
        reinitialize(self.W, self.init, [self.b_hidden, self.b_visible], random_state)


class Layer(TiedLayer):
    """Tied-weight autoencoder layer of the X-wing lecture: a sigmoid :class:`TiedLayer`.

    The encoder maps ``m1 -> m2`` with ``W`` and ``bi``; the decoder maps
    ``m2 -> m1`` with the *same* shared ``W`` transposed and its own ``bo``.

    Parameters
    ----------
    m1, m2 : int
        Input and output sizes of the encoder.
    random_state : None, int or numpy generator
        Source of the initial weights (:func:`graphae.init.init_weights`).
    name : str, optional
        Prefix of the shared variables' names.

    Attributes
    ----------
    W : SharedVariable, shape (m1, m2)
    bi : SharedVariable, shape (m2,)
        Encoder bias (``b_hidden``).
    bo : SharedVariable, shape (m1,)
        Decoder bias (``b_visible``).
    params : list
        ``[W, bi, bo]``.

    Examples
    --------
    >>> import pytensor.tensor as pt
    >>> layer = Layer(4, 2, random_state=0)
    >>> codes = layer.forward(pt.matrix("X"))
    >>> Layer.forwardT is Layer.forward_transposed  # the lecture's name
    True
    """

    def __init__(self, m1, m2, random_state=None, name="layer"):
        check_size("m1", m1), check_size("m2", m2)
        super().__init__(m1, m2, "sigmoid", "lecture", random_state,
                         names=(f"{name}.W", f"{name}.bi", f"{name}.bo"))
        self.m1, self.m2 = int(m1), int(m2)

    def forward(self, X):
        """Encode: ``sigmoid(X · W + bi)`` (symbolic)."""
        return self.encode(X)

    def forward_transposed(self, X):
        """Decode with the tied weights: ``sigmoid(X · Wᵀ + bo)`` (symbolic)."""
        return self.decode(X)

    forwardT = alias("forward_transposed")
    bi = alias("b_hidden")
    bo = alias("b_visible")


class TransposedDense:
    """The decoder half of a tied pair: ``activation(X · source.Wᵀ + b)`` with the source's ``W``.

    Seed 003 §18.5's tied-weight autoencoder: the decoder's weights *are*
    the encoder's, transposed, so the pair has one shared weight matrix and
    the decoder adds only its bias.

    Parameters
    ----------
    source : graphae.layers.Dense
        The encoder layer whose ``W`` (shape ``(n_in, n_out)``) is reused.
    activation : str or callable, optional
        None: linear.
    name : str, optional
        Prefix of the bias variable's name.

    Attributes
    ----------
    W : SharedVariable
        ``source.W`` itself (not a copy).
    b : SharedVariable, shape (source.n_in,)
    params : list
        ``[b]``: ``W`` is counted once, with its source.

    Examples
    --------
    >>> from graphae.layers import Dense
    >>> encoder = Dense(6, 3, "elu", "he_normal", random_state=0)
    >>> decoder = TransposedDense(encoder, name="decoder")
    >>> decoder.W is encoder.W, decoder.n_in, decoder.n_out, decoder.params
    (True, 3, 6, [decoder.b])
    """

    trainable = True

    def __init__(self, source, activation=None, name=None):
        self.source, self.W = source, source.W
        self.n_in, self.n_out = source.n_out, source.n_in
        self.activation, self.activation_name = resolve_activation(activation)
        self.b = shared(np.zeros(self.n_out), name=f"{name}.b" if name else "b")
        self.b.tag.regularizable = False
        self.params = [self.b]

    def linear(self, X):
        """``X · Wᵀ + b``."""
        return pt.dot(X, self.W.T) + self.b

    def output_for(self, X):
        """``activation(X · Wᵀ + b)``."""
        linear = self.linear(X)
        return linear if self.activation is None else self.activation(linear)

    def output(self, X, rng, training):
        """``(rng, output_for(X))``: a layer of a layer list."""
        return rng, self.output_for(X)

    def reset(self, random_state=None):
        """Zero the bias (the weights are reset with their source)."""
        self.b.set_value(np.zeros_like(self.b.get_value(borrow=True)))
