"""Layers: shared parameters plus pure symbolic outputs (nothing is compiled here).

- :class:`Dense`, the one dense layer ``activation(X · W + b)``; the lectures'
  :class:`HiddenLayer` and :class:`SoftmaxLayer` and the tutorials'
  :class:`LogisticRegressionLayer` are configurations of it;
- :class:`TiedLayer`, the one tied-weight encoder/decoder pair; the X-wing
  lecture's :class:`Layer` is its sigmoid configuration (the tutorials' dA
  and RBM are built on it too);
- :func:`masking_noise` and :func:`random_intensity_noise` (the denoising
  corruptions), :func:`dropout`, :func:`gaussian_noise` and the VAE's
  :func:`reparameterize`, drawn from an explicit generator and returning its
  next state; as layers they are on in training only.

Layer lists (Keras' ``Sequential``) are written with :class:`DenseSpec`,
:class:`Activation`, :class:`Dropout`, :class:`GaussianNoise`, :class:`MaskingNoise`
and :class:`RandomIntensityNoise`, or compactly
(``[512, "relu", "dropout 0.2"]``); :func:`build_stack` builds them.

The functional forms (:func:`dense_sigmoid`, :func:`dense_softmax`) take every
parameter as an argument, so gradients can be checked with
``pytensor.gradient.verify_grad`` on all of them.
"""

from graphae.layers._dense import (
    Dense,
    HiddenLayer,
    LogisticRegressionLayer,
    SoftmaxLayer,
    check_size,
    dense_sigmoid,
    dense_softmax,
    initializer,
)
from graphae.layers._noise import (
    dropout,
    gaussian_noise,
    masking_noise,
    random_intensity_noise,
    reparameterize,
)
from graphae.layers._specs import (
    Activation,
    DenseSpec,
    Dropout,
    GaussianNoise,
    MaskingNoise,
    RandomIntensityNoise,
    build_stack,
    layer_config,
    parse_layer,
)
from graphae.layers._tied import Layer, TiedLayer, TransposedDense

__all__ = [
    "Activation",
    "Dense",
    "DenseSpec",
    "Dropout",
    "GaussianNoise",
    "HiddenLayer",
    "Layer",
    "LogisticRegressionLayer",
    "MaskingNoise",
    "RandomIntensityNoise",
    "SoftmaxLayer",
    "TiedLayer",
    "TransposedDense",
    "build_stack",
    "check_size",
    "dense_sigmoid",
    "dense_softmax",
    "dropout",
    "gaussian_noise",
    "initializer",
    "layer_config",
    "masking_noise",
    "parse_layer",
    "random_intensity_noise",
    "reparameterize",
]
