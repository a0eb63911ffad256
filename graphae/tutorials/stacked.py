"""The stacked denoising autoencoder (``SdA``) of the deeplearning.net tutorial."""

from __future__ import annotations

from graphae.random import symbolic_generator
from graphae.tutorials._stack import PretrainedStack
from graphae.tutorials.denoising import DenoisingAutoEncoder

__all__ = ["StackedDenoisingAutoEncoder"]


class StackedDenoisingAutoEncoder(PretrainedStack):
    """Sigmoid MLP whose layers are pre-trained one by one as denoising autoencoders.

    Layer ``i``'s dA shares its ``W`` and hidden bias with sigmoid layer
    ``i`` and reads that layer's input, so pre-training layer ``i`` trains
    the network's own weights on the codes of the layers below. A softmax
    layer on top is then fine-tuned with the whole network. ``SdA`` is the
    tutorial's name.

    Parameters
    ----------
    numpy_rng : numpy.random.RandomState or Generator
    theano_rng : None, int or shared generator, optional
        One noise generator shared by every dA.
    n_ins : int, default 784
    hidden_layers_sizes : sequence of int, default [500, 500]
    n_outs : int, default 10
    corruption_levels : sequence of float, default [0.1, 0.1]
        Default corruption of each layer's pre-training.

    Attributes
    ----------
    sigmoid_layers : list of graphae.tutorials.HiddenLayer
    dA_layers : list of DenoisingAutoEncoder
    logLayer : graphae.LogisticRegressionLayer
    params : list
        Every sigmoid layer's ``[W, b]`` then the softmax layer's.
    x, y : TensorVariable
    finetune_cost, errors : TensorVariable
    pretraining_costs_ : list of list of float
        Mean cost of every pre-training epoch, per layer.
    pretraining_histories_ : list of graphae.training.History
        The History of each layer's pre-training.

    Examples
    --------
    >>> import numpy as np
    >>> sda = StackedDenoisingAutoEncoder(np.random.RandomState(89677), n_ins=6,
    ...                                   hidden_layers_sizes=[4, 3], n_outs=2)
    >>> len(sda.dA_layers), len(sda.params)
    (2, 6)
    >>> sda.dA_layers[1].W is sda.sigmoid_layers[1].W
    True
    """

    def __init__(self, numpy_rng, theano_rng=None, n_ins=784, hidden_layers_sizes=(500, 500),
                 n_outs=10, corruption_levels=(0.1, 0.1)):
        noise = symbolic_generator(theano_rng, numpy_rng)

        def make_dA(layer_input, n_in, n_out, layer):
            return DenoisingAutoEncoder(numpy_rng=numpy_rng, theano_rng=noise,
                                        input=layer_input, n_visible=n_in, n_hidden=n_out,
                                        W=layer.W, bhid=layer.b)

        self._build(numpy_rng, n_ins, hidden_layers_sizes, n_outs, make_dA)
        self.dA_layers = self.unsupervised_layers
        self.corruption_levels = list(corruption_levels)
        if len(self.corruption_levels) != self.n_layers:
            raise ValueError(f"corruption_levels needs one value per layer ({self.n_layers}), "
                             f"got {corruption_levels!r}")

    def pretraining_functions(self, train_set_x, batch_size, mode=None):
        """One compiled ``f(index, corruption=0.0, lr=0.1)`` per layer, as in the tutorial."""
        return [dA.pretraining_function(train_set_x, batch_size, input=self.x, mode=mode)
                for dA in self.dA_layers]

    def _layer_step(self, dA, data, batch_size, mode, verbose, corruption, lr):
        return dA._training_step(data, batch_size, input=self.x, mode=mode, verbose=verbose)

    def _layer_scalars(self, dA, corruption, lr):
        dA._scalar("corruption", corruption), dA._scalar("lr", lr)

    def pretrain(self, train_set_x, epochs=15, batch_size=1, learning_rate=0.001,
                 corruption_levels=None, verbose=1, mode=None, callbacks=None):
        """Greedy layer-wise pre-training (the tutorial's first phase); returns ``self``.

        Parameters
        ----------
        train_set_x : array_like or SharedVariable
            Values in [0, 1].
        epochs, batch_size : int
        learning_rate : float
        corruption_levels : sequence of float, optional
            The constructor's ``corruption_levels`` by default.
        callbacks : list of graphae.callbacks.Callback, optional
            Given to each layer's training.
        """
        levels = self.corruption_levels if corruption_levels is None else list(corruption_levels)
        if len(levels) != self.n_layers:
            raise ValueError(f"corruption_levels needs one value per layer ({self.n_layers}), "
                             f"got {corruption_levels!r}")
        settings = [{"corruption": level, "lr": learning_rate} for level in levels]
        return self._pretrain_layers(train_set_x, epochs, batch_size, settings, verbose, mode,
                                     callbacks)
