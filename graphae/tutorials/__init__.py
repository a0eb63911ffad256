"""The deeplearning.net Theano tutorials' models: facades over graphae's core.

The classes keep the tutorials' constructors, attribute and method names and
semantics, so code written from the tutorials reads the same, while their
parts are the core's (:mod:`graphae.layers`, :mod:`graphae.objectives`,
:mod:`graphae.updates`, :mod:`graphae.random`) and they train through the
one loop (:func:`graphae.training.run_training`): ``fit``, ``pretrain`` and
``finetune`` take ``callbacks=`` and record a History.

- :class:`LogisticRegression` (``logistic_sgd``; graphae's
  :class:`graphae.LogisticRegressionLayer`), :class:`HiddenLayer` and
  :class:`MLP` (``mlp``);
- :class:`DenoisingAutoEncoder`, tutorial name ``dA``;
- :class:`StackedDenoisingAutoEncoder`, tutorial name ``SdA``;
- :class:`RBM` and :class:`DBN`.

Randomness is explicit: each model holds a shared symbolic generator
(``rng``, the tutorials' ``theano_rng``) seeded from ``numpy_rng``, and the
updates a model returns advance it, so equal seeds give equal runs.

Examples
--------
>>> import numpy as np
>>> from graphae import tutorials
>>> tutorials.dA is tutorials.DenoisingAutoEncoder
True
>>> da = tutorials.dA(np.random.RandomState(123), n_visible=4, n_hidden=2)
>>> data = np.random.RandomState(0).random_sample((40, 4))
>>> len(da.fit(data, epochs=2, batch_size=10, verbose=0).costs_)
2
"""

from graphae._legacy import legacy_function
from graphae.layers import LogisticRegressionLayer
from graphae.random import symbolic_generator
from graphae.tutorials.dbn import DBN
from graphae.tutorials.denoising import DenoisingAutoEncoder
from graphae.tutorials.mlp import MLP, HiddenLayer, uniform_weights
from graphae.tutorials._persist import load_tutorial, save_tutorial
from graphae.tutorials.rbm import RBM
from graphae.tutorials.stacked import StackedDenoisingAutoEncoder
from graphae.updates import sgd_updates

#: The name graphae 0.1 gave :func:`graphae.random.symbolic_generator`.
as_shared_generator = legacy_function("as_shared_generator", symbolic_generator, __name__)

LogisticRegression = legacy_function("LogisticRegression", LogisticRegressionLayer, __name__)
dA = legacy_function("dA", DenoisingAutoEncoder, __name__)
SdA = legacy_function("SdA", StackedDenoisingAutoEncoder, __name__)

__all__ = ["DBN", "DenoisingAutoEncoder", "HiddenLayer", "LogisticRegression", "MLP", "RBM",
           "load_tutorial", "save_tutorial",
           "SdA", "StackedDenoisingAutoEncoder", "as_shared_generator", "dA", "sgd_updates",
           "uniform_weights"]
