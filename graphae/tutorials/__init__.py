"""The deeplearning.net Theano tutorials' models, on PyTensor.

The classes keep the tutorials' constructors, attribute and method names and
semantics, so code written from the tutorials reads the same:

- :class:`LogisticRegression` (``logistic_sgd``; graphae's
  :class:`graphae.LogisticRegressionLayer`), :class:`HiddenLayer` and
  :class:`MLP` (``mlp``);
- :class:`DenoisingAutoEncoder`, tutorial name ``dA``;
- :class:`StackedDenoisingAutoEncoder`, tutorial name ``SdA``;
- :class:`RBM` and :class:`DBN`.

Randomness is explicit: each model holds a shared NumPy generator
(``rng``, the tutorials' ``theano_rng``) seeded from ``numpy_rng``, and the
updates a model returns advance it, so equal seeds give equal runs. Each
model also has a ``fit`` that runs the tutorial's training script for it,
with progress lines and per-epoch costs and times.

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

from graphae._legacy import install_function_aliases
from graphae.tutorials._noise import as_shared_generator
from graphae.tutorials.dbn import DBN
from graphae.tutorials.denoising import DenoisingAutoEncoder, sgd_updates
from graphae.tutorials.logistic import LogisticRegressionLayer as LogisticRegression
from graphae.tutorials.mlp import MLP, HiddenLayer, uniform_weights
from graphae.tutorials.rbm import RBM
from graphae.tutorials.stacked import StackedDenoisingAutoEncoder

__all__ = ["DBN", "DenoisingAutoEncoder", "HiddenLayer", "LogisticRegression", "MLP", "RBM",
           "StackedDenoisingAutoEncoder", "as_shared_generator", "sgd_updates",
           "uniform_weights"]
__all__ += install_function_aliases(__name__, globals())
