"""A LeNet in the style of the 2014 deeplearning.net tutorial (written for graphae's tests).

Python 2 + Theano, as users bring it: conv2d + max-pooling layers, a tanh hidden layer and
a logistic regression on MNIST, trained by minibatch SGD with theano.function and givens.
Run: python lenet_style.py DATASET N_TRAIN N_EPOCHS
"""
import cPickle
import gzip
import sys
import time

import numpy
import theano
import theano.tensor as T
from theano.tensor.nnet import conv2d
from theano.tensor.signal import pool


class LeNetConvPoolLayer(object):
    def __init__(self, rng, input, filter_shape, image_shape, poolsize=(2, 2)):
        fan_in = numpy.prod(filter_shape[1:])
        fan_out = filter_shape[0] * numpy.prod(filter_shape[2:]) / numpy.prod(poolsize)
        W_bound = numpy.sqrt(6. / (fan_in + fan_out))
        self.W = theano.shared(numpy.asarray(rng.uniform(low=-W_bound, high=W_bound,
                                                         size=filter_shape),
                                             dtype=theano.config.floatX), borrow=True)
        self.b = theano.shared(numpy.zeros((filter_shape[0],), dtype=theano.config.floatX),
                               borrow=True)
        conv_out = conv2d(input=input, filters=self.W, filter_shape=filter_shape,
                          input_shape=image_shape)
        pooled_out = pool.pool_2d(input=conv_out, ws=poolsize, ignore_border=True)
        self.output = T.tanh(pooled_out + self.b.dimshuffle('x', 0, 'x', 'x'))
        self.params = [self.W, self.b]


class HiddenLayer(object):
    def __init__(self, rng, input, n_in, n_out):
        W_values = numpy.asarray(rng.uniform(low=-numpy.sqrt(6. / (n_in + n_out)),
                                             high=numpy.sqrt(6. / (n_in + n_out)),
                                             size=(n_in, n_out)), dtype=theano.config.floatX)
        self.W = theano.shared(value=W_values, name='W', borrow=True)
        self.b = theano.shared(value=numpy.zeros((n_out,), dtype=theano.config.floatX),
                               name='b', borrow=True)
        self.output = T.tanh(T.dot(input, self.W) + self.b)
        self.params = [self.W, self.b]


class LogisticRegression(object):
    def __init__(self, input, n_in, n_out):
        self.W = theano.shared(numpy.zeros((n_in, n_out), dtype=theano.config.floatX), name='W')
        self.b = theano.shared(numpy.zeros((n_out,), dtype=theano.config.floatX), name='b')
        self.p_y_given_x = T.nnet.softmax(T.dot(input, self.W) + self.b)
        self.y_pred = T.argmax(self.p_y_given_x, axis=1)
        self.params = [self.W, self.b]

    def negative_log_likelihood(self, y):
        return -T.mean(T.log(self.p_y_given_x)[T.arange(y.shape[0]), y])

    def errors(self, y):
        return T.mean(T.neq(self.y_pred, y))


def load_data(dataset, n_train):
    f = gzip.open(dataset, 'rb')
    train_set, valid_set, test_set = cPickle.load(f)
    f.close()

    def shared_dataset(data_xy, n):
        data_x, data_y = data_xy
        shared_x = theano.shared(numpy.asarray(data_x[:n], dtype=theano.config.floatX))
        shared_y = theano.shared(numpy.asarray(data_y[:n], dtype=theano.config.floatX))
        return shared_x, T.cast(shared_y, 'int32')

    return [shared_dataset(train_set, n_train), shared_dataset(test_set, n_train / 2)]


def evaluate_lenet5(learning_rate=0.1, n_epochs=2, dataset='mnist.pkl.gz', nkerns=[8, 16],
                    batch_size=50, n_train=1000):
    rng = numpy.random.RandomState(23455)
    (train_set_x, train_set_y), (test_set_x, test_set_y) = load_data(dataset, n_train)
    n_train_batches = train_set_x.get_value(borrow=True).shape[0]
    n_test_batches = test_set_x.get_value(borrow=True).shape[0]
    n_train_batches /= batch_size
    n_test_batches /= batch_size

    index = T.lscalar()
    x = T.matrix('x')
    y = T.ivector('y')
    layer0_input = x.reshape((batch_size, 1, 28, 28))
    layer0 = LeNetConvPoolLayer(rng, input=layer0_input, image_shape=(batch_size, 1, 28, 28),
                                filter_shape=(nkerns[0], 1, 5, 5), poolsize=(2, 2))
    layer1 = LeNetConvPoolLayer(rng, input=layer0.output,
                                image_shape=(batch_size, nkerns[0], 12, 12),
                                filter_shape=(nkerns[1], nkerns[0], 5, 5), poolsize=(2, 2))
    layer2 = HiddenLayer(rng, input=layer1.output.flatten(2), n_in=nkerns[1] * 4 * 4, n_out=100)
    layer3 = LogisticRegression(input=layer2.output, n_in=100, n_out=10)
    cost = layer3.negative_log_likelihood(y)

    test_model = theano.function([index], layer3.errors(y), givens={
        x: test_set_x[index * batch_size: (index + 1) * batch_size],
        y: test_set_y[index * batch_size: (index + 1) * batch_size]})
    params = layer3.params + layer2.params + layer1.params + layer0.params
    grads = T.grad(cost, params)
    updates = [(param_i, param_i - learning_rate * grad_i)
               for param_i, grad_i in zip(params, grads)]
    train_model = theano.function([index], cost, updates=updates, givens={
        x: train_set_x[index * batch_size: (index + 1) * batch_size],
        y: train_set_y[index * batch_size: (index + 1) * batch_size]})

    print 'test error before training %f %%' % (
        numpy.mean([test_model(i) for i in xrange(n_test_batches)]) * 100.)
    for epoch in xrange(1, n_epochs + 1):
        start = time.time()
        costs = [train_model(minibatch_index) for minibatch_index in xrange(n_train_batches)]
        error = numpy.mean([test_model(i) for i in xrange(n_test_batches)])
        print 'epoch %i, cost %f, test error %f %%, %.2f s' % (
            epoch, numpy.mean(costs), error * 100., time.time() - start)


if __name__ == '__main__':
    evaluate_lenet5(dataset=sys.argv[1], n_train=int(sys.argv[2]), n_epochs=int(sys.argv[3]))
