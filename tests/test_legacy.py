"""Every legacy name in the alias table is the same object as its modern name."""

import importlib
import operator

import numpy as np
import pytest

import graphae
from graphae import tutorials
from graphae._legacy import LEGACY_ALIASES, LEGACY_FUNCTIONS, LEGACY_KEYWORDS

CLASSES = {"Layer": graphae.Layer, "HiddenLayer": graphae.HiddenLayer,
           "SoftmaxLayer": graphae.SoftmaxLayer,
           "DeepAutoEncoder": graphae.DeepAutoEncoder, "ANN": graphae.ANN,
           "MLPClassifier": graphae.MLPClassifier,
           "DenoisingAutoEncoder": tutorials.DenoisingAutoEncoder}


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X, Y = rng.random((20, 6)), rng.integers(0, 3, 20)
    kwargs = dict(epochs=1, batch_size=10, verbose=0, random_state=0)
    return {
        "Layer": graphae.Layer(4, 2),
        "HiddenLayer": graphae.HiddenLayer(4, 2),
        "SoftmaxLayer": graphae.SoftmaxLayer(4, 2),
        "DeepAutoEncoder": graphae.DeepAutoEncoder([3, 2], **kwargs).fit(X),
        "ANN": graphae.ANN([4, 3], **kwargs).fit(X, Y),
        "MLPClassifier": graphae.MLPClassifier([4], **kwargs).fit(X, Y),
        "DenoisingAutoEncoder": tutorials.dA(np.random.RandomState(0), n_visible=6, n_hidden=2),
    }


ROWS = [(cls, legacy, modern) for cls, table in LEGACY_ALIASES.items()
        for legacy, modern in table.items()]


def test_table_covers_the_lecture_names():
    names = {legacy for _, legacy, _ in ROWS}
    assert {"forwardT", "map2center", "allWs"} <= names
    assert {"dA", "SdA"} <= set(LEGACY_FUNCTIONS["graphae.tutorials"])
    for model in ("DeepAutoEncoder", "ANN"):
        assert LEGACY_KEYWORDS[(model, "fit")] == {"mu": "momentum", "batch_sz": "batch_size"}
    assert LEGACY_KEYWORDS[("MLPClassifier", "__init__")]["L2_reg"] == "l2_penalty"


@pytest.mark.parametrize("cls_name, legacy, modern", ROWS)
def test_alias_is_the_same_object(fitted, cls_name, legacy, modern):
    cls = CLASSES[cls_name]
    if callable(getattr(cls, modern, None)):
        assert getattr(cls, legacy) is getattr(cls, modern)
    else:
        instance = fitted[cls_name]
        assert getattr(instance, legacy) is operator.attrgetter(modern)(instance)


def test_attribute_alias_assignment_writes_the_modern_attribute(fitted):
    ann = fitted["ANN"]
    original = ann.weights_
    try:
        ann.allWs = ["replaced"]
        assert ann.weights_ == ["replaced"]
    finally:
        ann.weights_ = original


def test_function_aliases():
    for module_name, table in LEGACY_FUNCTIONS.items():
        module = importlib.import_module(module_name)
        for legacy, modern in table.items():
            assert getattr(module, legacy) is getattr(module, modern)
            assert legacy in module.__all__
    assert graphae.getKaggleMNIST is graphae.get_kaggle_mnist


def test_lecture_helpers_exist():
    assert graphae.relu(np.array([-2.0, 3.0])).tolist() == [-0.0, 3.0]
    assert graphae.error_rate([1, 2], [1, 3]) == 0.5
    W = graphae.init_weights((3, 5), random_state=0)
    np.testing.assert_allclose(W, np.random.default_rng(0).standard_normal((3, 5)) / np.sqrt(8))
