"""``theano.tensor.signal``: pooling is not available."""
