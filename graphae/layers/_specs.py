"""Layer specifications for a layer list (Keras' ``Sequential``): sizes known at fit time.

A specification says what a layer is (``DenseSpec(512)``, ``Activation("relu")``,
``Dropout(0.2)``); :func:`build_stack` turns a list of them into layers once the
input width is known. Every built layer has ``params`` and
``output(X, rng, training) -> (next_rng, Y)``: the noise layers draw from the
model's one generator in training and are the identity in prediction.
"""

from __future__ import annotations

import numbers

import numpy as np

from graphae.layers._dense import Dense, check_size
from graphae.layers._noise import dropout, gaussian_noise, masking_noise, random_intensity_noise
from graphae.nonlinearities import resolve_activation
from graphae.random import as_generator

__all__ = ["Activation", "DenseSpec", "Dropout", "GaussianNoise", "MaskingNoise",
           "RandomIntensityNoise", "build_stack", "layer_config", "parse_layer"]


class DenseSpec:
    """A dense layer of ``units`` outputs (its input width comes from the layer below).

    Parameters
    ----------
    units : int
    activation : str or callable, optional
        None (default) for a linear layer followed, as in Keras, by an
        :class:`Activation`.
    init : str or callable, default "glorot_uniform"
        Keras' default for ``Dense``; see :func:`graphae.layers.initializer`.
    name : str, optional
        Prefix of the layer's shared variables (default ``layer<i>``).
    weights : tuple of array_like, optional
        ``(W, b)`` to start from (pretrained weights, e.g. from
        :meth:`graphae.NetworkAutoencoder.encoder_specs`); ``W`` must be
        ``(n_in, units)``.
    trainable : bool, default True
        False freezes the layer (Keras' ``layer.trainable = False``).

    Examples
    --------
    >>> layer, width = DenseSpec(3, "relu").build(5, rng=None, name="h")
    >>> width, layer.W.get_value().shape
    (3, (5, 3))
    >>> DenseSpec(3, "relu", trainable=False).to_config()
    {'dense': 3, 'activation': 'relu', 'trainable': False}
    """

    def __init__(self, units, activation=None, init="glorot_uniform", name=None, weights=None,
                 trainable=True):
        self.units, self.activation, self.init = check_size("units", units), activation, init
        self.name, self.weights, self.trainable = name, weights, bool(trainable)

    def build(self, n_in, rng, name):
        return (Dense(n_in, self.units, self.activation, self.init, rng,
                      name=self.name or name, weights=self.weights, trainable=self.trainable),
                self.units)

    def to_config(self):
        """A JSON-able description that :func:`parse_layer` reads back (weights as lists)."""
        activation = None if self.activation is None else _named(self.activation)
        if (self.activation is not None and activation is None) or not isinstance(self.init, str):
            return None  # a function: not describable in JSON
        config = {"dense": self.units, "activation": activation, "init": self.init,
                  "name": self.name, "trainable": self.trainable,
                  "weights": None if self.weights is None else [
                      np.asarray(value).tolist() for value in self.weights]}
        defaults = {"activation": None, "init": "glorot_uniform", "name": None,
                    "trainable": True, "weights": None}
        return {key: value for key, value in config.items()
                if key == "dense" or value != defaults[key]}

    def __repr__(self):
        extras = [repr(self.activation)] if self.activation else []
        extras += ["weights=(W, b)"] if self.weights is not None else []
        extras += ["trainable=False"] if not self.trainable else []
        return f"DenseSpec({', '.join([str(self.units), *extras])})"


class _Stateless:
    """A layer without parameters; ``build`` returns itself."""

    params: list = []

    def build(self, n_in, rng, name):
        return self, n_in

    def reset(self, random_state=None):
        """Nothing to reset."""


class Activation(_Stateless):
    """An elementwise (or row-wise softmax) nonlinearity, named as in Keras.

    Examples
    --------
    >>> Activation("relu").name
    'relu'
    """

    def __init__(self, activation):
        self.function, self.name = resolve_activation(activation)

    def output(self, X, rng, training):
        return rng, X if self.function is None else self.function(X)

    def to_config(self):
        """The compact form, ``"relu"`` (None for an unnamed function)."""
        return "linear" if self.function is None else _named(self.function)

    def __repr__(self):
        return f"Activation({self.name!r})"


class GaussianNoise(_Stateless):
    """Add N(0, ``stddev``²) noise in training only (see :func:`graphae.layers.gaussian_noise`).

    Examples
    --------
    >>> GaussianNoise(0.1)
    GaussianNoise(0.1)
    """

    draws_noise = True

    def __init__(self, stddev):
        if not (isinstance(stddev, numbers.Real) and stddev >= 0):
            raise ValueError(f"GaussianNoise stddev must be >= 0, got {stddev!r}")
        self.stddev = float(stddev)

    def output(self, X, rng, training):
        return gaussian_noise(rng, X, self.stddev, training)

    def to_config(self):
        """The compact form, ``"noise 0.1"``."""
        return f"noise {self.stddev!r}"

    def __repr__(self):
        return f"GaussianNoise({self.stddev})"


class _Corruption(_Stateless):
    """Corrupt a fraction ``rate`` of the units in training only (identity in prediction)."""

    draws_noise = True
    _word = ""

    def __init__(self, rate):
        if not (isinstance(rate, numbers.Real) and 0 <= rate < 1):
            raise ValueError(f"{type(self).__name__} rate must be in [0, 1), got {rate!r}")
        self.rate = float(rate)

    def output(self, X, rng, training):
        return self._corrupt(rng, X) if training else (rng, X)

    def to_config(self):
        """The compact form, ``"<word> <rate>"`` (``"dropout 0.2"``)."""
        return f"{self._word} {self.rate!r}"

    def __repr__(self):
        return f"{type(self).__name__}({self.rate})"


class Dropout(_Corruption):
    """Drop a fraction ``rate`` of the units in training (inverted dropout, Keras' form).

    See :func:`graphae.layers.dropout`; in prediction it is the identity.
    Compact form ``"dropout 0.2"``.

    Examples
    --------
    >>> import numpy as np, pytensor.tensor as pt
    >>> X = pt.constant(np.ones((1, 2)))
    >>> Dropout(0.5).output(X, rng=None, training=False)[1] is X
    True
    """

    _word = "dropout"

    def _corrupt(self, rng, X):
        return dropout(rng, X, self.rate)


class MaskingNoise(_Corruption):
    """Zero a fraction ``rate`` of the units in training, unscaled (the tutorials' dA, §18.2).

    Unlike :class:`Dropout` the kept units are not rescaled: the denoising
    autoencoder's corruption. Compact form ``"mask 0.1"``.

    Examples
    --------
    >>> parse_layer("mask 0.1")
    MaskingNoise(0.1)
    """

    _word = "mask"

    def _corrupt(self, rng, X):
        return masking_noise(rng, X, self.rate)


class RandomIntensityNoise(_Corruption):
    """Replace a fraction ``rate`` of the units by uniform [0, 1) intensities in training.

    Seed 003 §18.2's random-intensity corruption
    (:func:`graphae.layers.random_intensity_noise`). Compact form
    ``"random_intensity 0.1"``.

    Examples
    --------
    >>> parse_layer("random_intensity 0.1").to_config()
    'random_intensity 0.1'
    """

    _word = "random_intensity"

    def _corrupt(self, rng, X):
        return random_intensity_noise(rng, X, self.rate)


def parse_layer(spec):
    """A layer specification from its compact form.

    ``512`` or ``"dense 512"`` → ``DenseSpec(512)``; ``"512 relu"`` → a dense
    layer with that activation; ``"relu"`` → ``Activation("relu")``;
    ``"dropout 0.2"`` → ``Dropout(0.2)``; ``"noise 0.1"`` →
    ``GaussianNoise(0.1)``; ``"mask 0.1"`` → ``MaskingNoise(0.1)``;
    ``"random_intensity 0.1"`` → ``RandomIntensityNoise(0.1)``; a dict is what
    ``DenseSpec.to_config`` writes;
    a specification object passes through.

    Examples
    --------
    >>> [parse_layer(s) for s in (512, "256 tanh", "relu", "dropout 0.2")]
    [DenseSpec(512), DenseSpec(256, 'tanh'), Activation('relu'), Dropout(0.2)]
    """
    if isinstance(spec, (DenseSpec, _Stateless)):
        return spec
    if isinstance(spec, dict):
        return _dense_from_config(spec)
    if isinstance(spec, numbers.Integral) and not isinstance(spec, bool):
        return DenseSpec(int(spec))
    if not isinstance(spec, str) or not spec.split():
        raise ValueError(f"layer specification must be a layer, an int or a string like "
                         f"'512 relu' or 'dropout 0.2'; got {spec!r}")
    words = spec.lower().split()
    try:
        if words[0] == "dense":
            return DenseSpec(int(words[1]), *words[2:3])
        if words[0].isdigit():
            return DenseSpec(int(words[0]), *words[1:2])
        if words[0] in ("noise", "gaussian"):
            return GaussianNoise(float(words[1]))
        if words[0] in _CORRUPTIONS:
            return _CORRUPTIONS[words[0]](float(words[1]))
        if len(words) == 1:
            return Activation(words[0])
    except (IndexError, ValueError) as error:
        raise ValueError(f"cannot read layer specification {spec!r}: {error}") from None
    raise ValueError(f"cannot read layer specification {spec!r}")


_CORRUPTIONS = {"dropout": Dropout, "mask": MaskingNoise,
                "random_intensity": RandomIntensityNoise}


def _named(activation):
    """The name that resolves back to ``activation``, or None."""
    name = resolve_activation(activation)[1]
    try:
        same = resolve_activation(name)[0] is resolve_activation(activation)[0]
    except ValueError:
        return None
    return name if same else None


def _dense_from_config(config):
    options = dict(config)
    if "dense" not in options:
        raise ValueError(f"a dict layer specification needs 'dense' (its units); got {config!r}")
    units = options.pop("dense")
    accepted = {"activation", "init", "name", "weights", "trainable"}
    if set(options) - accepted:
        raise ValueError(f"a dict layer specification takes dense, {', '.join(sorted(accepted))};"
                         f" got {sorted(config)}")
    return DenseSpec(units, **options)


def layer_config(spec):
    """The JSON-able form of one layer specification (None when it holds a function).

    Examples
    --------
    >>> [layer_config(s) for s in (512, "relu", "dropout 0.2", DenseSpec(3, init="zeros"))]
    [{'dense': 512}, 'relu', 'dropout 0.2', {'dense': 3, 'init': 'zeros'}]
    """
    return parse_layer(spec).to_config()


def build_stack(specs, n_in, rng):
    """Build ``specs`` on an input of width ``n_in``; returns ``(layers, n_out)``.

    Examples
    --------
    >>> layers, width = build_stack([8, "relu", "dropout 0.5", 3], 5, rng=0)
    >>> width, [type(layer).__name__ for layer in layers]
    (3, ['Dense', 'Activation', 'Dropout', 'Dense'])
    """
    layers, width, rng = [], n_in, as_generator(rng)
    for index, spec in enumerate(specs):
        layer, width = parse_layer(spec).build(width, rng, name=f"layer{index}")
        layers.append(layer)
    return layers, width
