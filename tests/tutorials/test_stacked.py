"""SdA and DBN: structure, gradients, and pre-training that pays off on a small budget."""

import numpy as np
import pytensor.tensor as pt
import pytest
from pytensor.gradient import verify_grad
from pytensor.graph.replace import graph_replace

from graphae import load_embedded_mnist, tutorials
from graphae.tutorials import DBN, StackedDenoisingAutoEncoder


@pytest.fixture(scope="module")
def digits():
    """3,000 / 1,000 / 1,000 of the embedded digits, shuffled (the file is label-sorted)."""
    X, y = load_embedded_mnist()
    order = np.random.RandomState(0).permutation(len(X))
    X, y = X[order], y[order]
    return [(X[:3000], y[:3000]), (X[3000:4000], y[3000:4000]), (X[4000:], y[4000:])]


def test_layers_share_parameters():
    sda = tutorials.SdA(np.random.RandomState(1), n_ins=6, hidden_layers_sizes=[5, 4],
                        n_outs=3, corruption_levels=[0.1, 0.2])
    dbn = DBN(np.random.RandomState(1), n_ins=6, hidden_layers_sizes=[5, 4], n_outs=3)
    assert tutorials.SdA is StackedDenoisingAutoEncoder
    for model, unsupervised in ((sda, sda.dA_layers), (dbn, dbn.rbm_layers)):
        for layer, inner in zip(model.sigmoid_layers, unsupervised):
            assert inner.W is layer.W and inner.params[1] is layer.b
        assert model.sigmoid_layers[1].input is model.sigmoid_layers[0].output
        assert len(model.params) == 6 and model.params[-2] is model.logLayer.W
        assert model.sigmoid_layers[0].activation is pt.sigmoid


def test_bad_configuration():
    with pytest.raises(ValueError, match="corruption_levels"):
        tutorials.SdA(np.random.RandomState(1), n_ins=6, hidden_layers_sizes=[5, 4],
                      corruption_levels=[0.1])
    with pytest.raises(ValueError, match="hidden_layers_sizes"):
        DBN(np.random.RandomState(1), n_ins=6, hidden_layers_sizes=[])
    with pytest.raises(ValueError, match="6 columns"):
        DBN(np.random.RandomState(1), n_ins=6, hidden_layers_sizes=[3]).predict(np.ones((2, 7)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        DBN(np.random.RandomState(1), n_ins=6, hidden_layers_sizes=[3]).pretrain(
            np.full((20, 6), 3.0), epochs=1, verbose=0)


MAKERS = {
    "SdA": lambda: tutorials.SdA(np.random.RandomState(0), n_ins=5, hidden_layers_sizes=[4],
                                 n_outs=3, corruption_levels=[0.2]),
    "DBN": lambda: DBN(np.random.RandomState(0), n_ins=5, hidden_layers_sizes=[4], n_outs=3),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_verify_grad_finetune_cost(name):
    labels = pt.constant(np.array([0, 2, 1, 1], dtype=np.int32))

    def cost(X, W1, b1, W2, b2):
        model = MAKERS[name]()
        replace = {model.x: X, model.sigmoid_layers[0].W: W1, model.sigmoid_layers[0].b: b1,
                   model.logLayer.W: W2, model.logLayer.b: b2, model.y: labels}
        return graph_replace(model.finetune_cost, replace)

    rng = np.random.default_rng(0)
    verify_grad(cost, [rng.random((4, 5)), rng.normal(size=(5, 4)), rng.normal(size=4),
                       rng.normal(size=(4, 3)), rng.normal(size=3)],
                rng=np.random.default_rng(1))


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_same_seeds_same_pretraining_and_finetuning(name, digits):
    data = [(X[:100, 400:405], y[:100] % 3) for X, y in digits]
    runs = []
    for _ in range(2):
        model = MAKERS[name]()
        model.pretrain(data[0][0], epochs=2, batch_size=10, verbose=0)
        result = model.finetune(data, epochs=2, batch_size=10, verbose=0)
        runs.append((model.pretraining_costs_, result["costs"], result["test_error"]))
    assert runs[0] == runs[1]


def _compare(make, pretrain, digits):
    """Test error with and without pre-training, same seed and fine-tuning budget."""
    errors = []
    for pretrained in (True, False):
        model = make()
        if pretrained:
            pretrain(model)
        result = model.finetune(digits, epochs=5, batch_size=10, learning_rate=0.1, verbose=0)
        assert model.finetune_result_ is result
        errors.append(result["test_error"])
        predicted = model.predict(digits[2][0])
        assert np.mean(predicted != digits[2][1]) <= result["test_error"] + 0.02
    return errors


def test_sda_pretraining_beats_random_initialisation(digits):
    """Measured: 9.3 % test error pre-trained, 10.8 % from random initialisation."""
    pretrained, scratch = _compare(
        lambda: tutorials.SdA(np.random.RandomState(89677), n_ins=784,
                              hidden_layers_sizes=[200, 200], corruption_levels=[0.1, 0.2]),
        lambda m: m.pretrain(digits[0][0], epochs=5, batch_size=10, learning_rate=0.01,
                             verbose=0), digits)
    assert pretrained < scratch - 0.005
    assert pretrained < 0.12


def test_dbn_pretraining_beats_random_initialisation(digits):
    """Measured: 7.9 % test error pre-trained, 10.3 % from random initialisation."""
    def pretrain(model):
        model.pretrain(digits[0][0], epochs=5, batch_size=10, learning_rate=0.1, k=1,
                       verbose=0)
        costs = model.pretraining_costs_
        assert len(costs) == 2 and all(layer[-1] > layer[0] for layer in costs)

    pretrained, scratch = _compare(
        lambda: DBN(np.random.RandomState(123), n_ins=784, hidden_layers_sizes=[200, 200]),
        pretrain, digits)
    assert pretrained < scratch - 0.005
    assert pretrained < 0.12


def test_tutorial_finetune_functions_accept_load_data_format(digits):
    from graphae.training import as_shared_data

    datasets = [(as_shared_data(X[:200]), pt.cast(as_shared_data(y[:200]), "int32"))
                for X, y in digits]
    model = tutorials.SdA(np.random.RandomState(0), n_ins=784, hidden_layers_sizes=[20],
                          corruption_levels=[0.1])
    train_fn, valid_score, test_score = model.build_finetune_functions(datasets, 50, 0.1)
    assert np.isfinite(train_fn(0))
    assert len(valid_score()) == 4 and len(test_score()) == 4
    [pretrain_layer] = model.pretraining_functions(datasets[0][0], 50)
    assert np.isfinite(pretrain_layer(0, corruption=0.2, lr=0.01))


def test_finetune_compiles_once_takes_callbacks_and_returns_a_history():
    from graphae.callbacks import LambdaCallback
    from graphae.history import History

    rng = np.random.default_rng(0)
    X, y = rng.random((60, 6)), rng.integers(0, 2, 60)
    data = [(X[:40], y[:40]), (X[40:50], y[40:50]), (X[50:], y[50:])]
    model = tutorials.SdA(np.random.RandomState(2), n_ins=6, hidden_layers_sizes=[4], n_outs=2,
                          corruption_levels=[0.1])
    epochs_seen = []
    result = model.finetune(data, epochs=2, batch_size=10, verbose=0,
                            callbacks=[LambdaCallback(on_epoch_end=lambda e, logs:
                                                      epochs_seen.append(e))])
    compiles = model._compiled.compiles
    assert isinstance(result, History) and epochs_seen == [0, 1]
    assert result["epochs"] == 2 and len(result["costs"]) == 2
    assert 0 <= result["test_error"] <= 1 and 0 <= result["best_validation_error"] <= 1
    X2 = rng.random((60, 6))
    again = model.finetune([(X2[:40], y[:40]), (X2[40:50], y[40:50]), (X2[50:], y[50:])],
                           epochs=1, batch_size=10, learning_rate=0.05, verbose=0)
    assert model._compiled.compiles == compiles == 3  # train, valid, test: compiled once
    assert again["epochs"] == 1
    model.pretrain(X, epochs=1, batch_size=10, verbose=0)
    assert [h.n_epochs for h in model.pretraining_histories_] == [1]


def test_finetune_on_shared_int64_labels_compiles_once():
    from graphae.training import as_shared_data

    rng = np.random.default_rng(1)
    X, y = rng.random((60, 6)), rng.integers(0, 2, 60)
    parts = [(as_shared_data(X[a:b]), as_shared_data(y[a:b], dtype="int64"))
             for a, b in ((0, 40), (40, 50), (50, 60))]
    model = DBN(np.random.RandomState(2), n_ins=6, hidden_layers_sizes=[4], n_outs=2)
    model.finetune(parts, epochs=1, batch_size=10, verbose=0)
    compiles = model._compiled.compiles
    model.finetune(parts, epochs=1, batch_size=10, verbose=0)
    assert model._compiled.compiles == compiles == 3
