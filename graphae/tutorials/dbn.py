"""The deep belief network (``DBN``) of the deeplearning.net tutorial."""

from __future__ import annotations

from graphae.random import symbolic_generator
from graphae.tutorials._stack import PretrainedStack
from graphae.tutorials.rbm import RBM

__all__ = ["DBN"]


class DBN(PretrainedStack):
    """Stack of RBMs trained greedily, then fine-tuned as a sigmoid MLP with a softmax layer.

    RBM ``i`` shares its ``W`` and hidden bias with sigmoid layer ``i`` and
    sees that layer's input, i.e. the mean activations of the layers below.

    Parameters
    ----------
    numpy_rng : numpy.random.RandomState or Generator
    theano_rng : None, int or shared generator, optional
        One sampling generator shared by every RBM.
    n_ins : int, default 784
    hidden_layers_sizes : sequence of int, default [500, 500]
    n_outs : int, default 10

    Attributes
    ----------
    sigmoid_layers, rbm_layers, logLayer, params, x, y, finetune_cost, errors
        As in :class:`StackedDenoisingAutoEncoder`, with RBMs.
    pretraining_costs_ : list of list of float
        Mean monitoring cost (reconstruction cross-entropy) per epoch, per layer.

    Examples
    --------
    >>> import numpy as np
    >>> dbn = DBN(np.random.RandomState(123), n_ins=6, hidden_layers_sizes=[4, 3], n_outs=2)
    >>> dbn.rbm_layers[0].W is dbn.sigmoid_layers[0].W
    True
    """

    def __init__(self, numpy_rng, theano_rng=None, n_ins=784, hidden_layers_sizes=(500, 500),
                 n_outs=10):
        sampling = symbolic_generator(theano_rng, numpy_rng)

        def make_rbm(layer_input, n_in, n_out, layer):
            return RBM(input=layer_input, n_visible=n_in, n_hidden=n_out, W=layer.W,
                       hbias=layer.b, numpy_rng=numpy_rng, theano_rng=sampling)

        self._build(numpy_rng, n_ins, hidden_layers_sizes, n_outs, make_rbm)
        self.rbm_layers = self.unsupervised_layers

    def pretraining_functions(self, train_set_x, batch_size, k, mode=None):
        """One compiled ``f(index, lr=0.1)`` per layer: a CD-k step on its RBM."""
        return [rbm.pretraining_function(train_set_x, batch_size, k=k, input=self.x, mode=mode)
                for rbm in self.rbm_layers]

    def _layer_step(self, rbm, data, batch_size, mode, verbose, k, lr):
        return rbm._training_step(data, batch_size, k=k, input=self.x, mode=mode,
                                  verbose=verbose)

    def _layer_scalars(self, rbm, k, lr):
        rbm._scalar("lr", lr)

    def pretrain(self, train_set_x, epochs=100, batch_size=10, learning_rate=0.01, k=1,
                 verbose=1, mode=None, callbacks=None):
        """Greedy layer-wise CD-k pre-training; returns ``self``.

        Parameters
        ----------
        train_set_x : array_like or SharedVariable
            Values in [0, 1].
        epochs, batch_size, k : int
        learning_rate : float
        callbacks : list of graphae.callbacks.Callback, optional
            Given to each layer's training.
        """
        settings = [{"k": k, "lr": learning_rate}] * self.n_layers
        return self._pretrain_layers(train_set_x, epochs, batch_size, settings, verbose, mode,
                                     callbacks)
