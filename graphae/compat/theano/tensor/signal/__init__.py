"""``theano.tensor.signal``: pooling (``pool.pool_2d``, ``downsample.max_pool_2d``)."""
