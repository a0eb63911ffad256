"""The one registry of legacy names: every entry is the same object as its modern name."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import numpy as np
import pytest

import graphae
from graphae import tutorials
from graphae._legacy import REGISTRY, markdown_table

ROOT = Path(__file__).resolve().parents[1]

# Each module declares its legacy names as it is imported: import them all, so that the
# registry is the whole table whichever tests ran before (or alone).
for _module in pkgutil.walk_packages(graphae.__path__, "graphae."):
    if not _module.name.endswith("__main__"):
        try:
            importlib.import_module(_module.name)
        except ImportError as error:  # the stubs of Theano modules that have no replacement
            assert "is not supported by graphae" in str(error), error


def _resolve(qualified):
    """The object a dotted owner name names (a module, a class, or Class.method)."""
    parts = qualified.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise LookupError(qualified)


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    X, Y = rng.random((20, 6)), rng.integers(0, 3, 20)
    kwargs = dict(epochs=1, batch_size=10, verbose=0, random_state=0)
    return {
        graphae.Layer: graphae.Layer(4, 2),
        graphae.DeepAutoEncoder: graphae.DeepAutoEncoder([3, 2], **kwargs).fit(X),
        graphae.ANN: graphae.ANN([4, 3], **kwargs).fit(X, Y),
        graphae.MLPClassifier: graphae.MLPClassifier([4], **kwargs).fit(X, Y),
        tutorials.DenoisingAutoEncoder: tutorials.dA(np.random.RandomState(0), n_visible=6,
                                                     n_hidden=2),
        tutorials.RBM: tutorials.RBM(n_visible=6, n_hidden=2,
                                     numpy_rng=np.random.RandomState(0)),
    }


def _rows(kind):
    return [entry for entry in REGISTRY if entry.kind == kind]


def test_every_kind_has_entries():
    assert {entry.kind for entry in REGISTRY} == {"method", "attribute", "keyword", "name",
                                                  "module"}


def test_registry_covers_the_lecture_names():
    names = {entry.legacy for entry in REGISTRY}
    assert {"forwardT", "map2center", "allWs", "dA", "SdA", "getKaggleMNIST",
            "get_hidden_values", "L1_reg", "mu", "batch_sz"} <= names
    assert "hiddenLayers" not in names  # no legacy program spells it so
    assert all(entry.owner.split(".")[0] == "graphae" for entry in REGISTRY)
    members = [entry.owner for entry in REGISTRY if entry.kind in ("method", "attribute")]
    assert all(owner.count(".") >= 2 for owner in members)  # qualified, never a bare class


def test_no_legacy_name_is_declared_twice():
    keys = [(entry.owner, entry.legacy) for entry in REGISTRY]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("entry", _rows("method"), ids=lambda e: f"{e.owner}.{e.legacy}")
def test_method_alias_is_the_same_function(entry):
    cls = _resolve(entry.owner)
    assert getattr(cls, entry.legacy) is getattr(cls, entry.modern)


@pytest.mark.parametrize("entry", _rows("attribute"), ids=lambda e: f"{e.owner}.{e.legacy}")
def test_attribute_alias_is_the_same_object(fitted, entry):
    instance = fitted[_resolve(entry.owner)]
    expected = instance
    for part in entry.modern.split("."):  # resolved here, independently of the alias
        expected = expected[int(part)] if part.isdigit() else vars(expected)[part]
    assert getattr(instance, entry.legacy) is expected


@pytest.mark.parametrize("entry", _rows("name"), ids=lambda e: f"{e.owner}.{e.legacy}")
def test_module_alias_is_the_same_object(entry):
    module = importlib.import_module(entry.owner)
    assert getattr(module, entry.legacy) is _resolve(entry.modern)
    if hasattr(module, "__all__"):
        assert entry.legacy in module.__all__


@pytest.mark.parametrize("entry", _rows("module"), ids=lambda e: f"{e.owner}.{e.legacy}")
def test_old_module_path_is_the_same_module(entry):
    old = importlib.import_module(f"{entry.owner}.{entry.legacy}")
    assert old is importlib.import_module(entry.modern)
    assert getattr(importlib.import_module(entry.owner), entry.legacy) is old


@pytest.mark.parametrize("entry", _rows("keyword"), ids=lambda e: f"{e.owner}({e.legacy}=)")
def test_keyword_alias_is_renamed(entry):
    method = _resolve(entry.owner)
    assert method.legacy_keywords[entry.legacy] == entry.modern
    assert entry.modern in inspect.signature(method).parameters


def test_attribute_alias_assignment_writes_the_modern_attribute(fitted):
    ann = fitted[graphae.ANN]
    original = ann.weights_
    try:
        ann.allWs = ["replaced"]
        assert ann.weights_ == ["replaced"]
    finally:
        ann.weights_ = original


def test_legacy_keywords_reach_the_modern_ones():
    X = np.random.default_rng(0).random((20, 4))
    dae = graphae.DeepAutoEncoder([2], epochs=1, verbose=0, random_state=0)
    assert len(dae.fit(X, mu=0.5, batch_sz=10).costs_) == 2
    with pytest.raises(TypeError, match="both"):
        dae.fit(X, mu=0.5, momentum=0.5)


def test_docs_table_is_the_registry():
    for module in ("graphae.callbacks", "graphae.history", "graphae.progress",
                   "graphae.updates", "graphae.tutorials"):
        importlib.import_module(module)  # every module that declares legacy names
    assert (ROOT / "docs" / "legacy-names.md").read_text().endswith(markdown_table())


def test_lecture_helpers_exist():
    assert graphae.relu(np.array([-2.0, 3.0])).tolist() == [-0.0, 3.0]
    assert graphae.error_rate([1, 2], [1, 3]) == 0.5
    W = graphae.init_weights((3, 5), random_state=0)
    np.testing.assert_allclose(W, np.random.default_rng(0).standard_normal((3, 5)) / np.sqrt(8))
