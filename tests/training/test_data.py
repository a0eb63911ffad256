"""Minibatches from shared data: gathered in a shuffled order, or sliced in order (issue 16)."""

import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.tensor.subtensor import AdvancedSubtensor1

import graphae
from graphae.training import SharedDataset


def _rows(dataset, index):
    return dataset.minibatch("X", pt.constant(index)).eval()


def test_sliced_minibatches_are_the_gathered_ones_in_order():
    X = np.arange(40.0).reshape(10, 4)
    gathered, sliced = SharedDataset({"X": X}, 3), SharedDataset({"X": X}, 3, sliced=True)
    for index in range(3):
        np.testing.assert_array_equal(_rows(sliced, index), X[3 * index:3 * index + 3])
        np.testing.assert_array_equal(_rows(gathered, index), _rows(sliced, index))
    assert sliced.minibatch("X", pt.constant(0)).type.shape == (3, None)


def test_a_sliced_dataset_refuses_to_shuffle_and_is_not_reused_for_gathering():
    X = np.zeros((6, 2))
    sliced = SharedDataset({"X": X}, 2, sliced=True)
    with pytest.raises(RuntimeError, match="sliced=False to shuffle"):
        sliced.reshuffle(np.random.default_rng(0))
    assert sliced.accepts({"X": X}, 2, sliced=True)
    assert not sliced.accepts({"X": X}, 2, sliced=False)


def _train_ops(model):
    step = model._compiled["train"]
    return [node.op for node in step.maker.fgraph.toposort()]


def test_unshuffled_training_reads_views_and_shuffled_training_gathers():
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 5)), rng.integers(0, 2, 60)
    model = graphae.SoftmaxRegression(epochs=2, batch_size=20).fit(X, y)
    assert not any(isinstance(op, AdvancedSubtensor1) for op in _train_ops(model))
    assert len(model.costs_) == 6  # every minibatch of both epochs
    net = graphae.NetworkClassifier([4], epochs=2, batch_size=20, shuffle=False, random_state=0,
                                    verbose=0)
    unshuffled = net.fit(X, y).costs_.copy()
    assert not any(isinstance(op, AdvancedSubtensor1) for op in _train_ops(net))
    net.set_params(shuffle=True)
    shuffled = net.fit(X, y).costs_
    assert any(isinstance(op, AdvancedSubtensor1) for op in _train_ops(net))
    assert not np.allclose(shuffled, unshuffled)  # the new order is really used
    net.set_params(shuffle=False)
    np.testing.assert_array_equal(net.fit(X, y).costs_, unshuffled)


def test_sliced_and_gathered_training_compute_the_same_costs():
    rng = np.random.default_rng(1)
    X, y = rng.random((40, 3)), rng.integers(0, 3, 40)
    sliced = graphae.SoftmaxRegression(epochs=3, batch_size=10).fit(X, y)
    gathered = graphae.SoftmaxRegression(epochs=3, batch_size=10)
    gathered._sliced_minibatches = lambda: False  # the general (gathering) dataset
    gathered.fit(X, y)
    assert any(isinstance(op, AdvancedSubtensor1) for op in _train_ops(gathered))
    np.testing.assert_allclose(sliced.costs_, gathered.costs_, rtol=1e-12)
