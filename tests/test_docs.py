"""Every public name has a numpydoc docstring with an example doctest runs."""

import importlib
import inspect

import pytest

import graphae

MODULES = ["graphae", "graphae.backend", "graphae.datasets", "graphae.models",
           "graphae.callbacks", "graphae.persistence", "graphae.plotting", "graphae.base",
           "graphae.history", "graphae.progress", "graphae.init", "graphae.objectives",
           "graphae.updates", "graphae.layers", "graphae.nonlinearities", "graphae.evaluation",
           "graphae.ported", "graphae.porting", "graphae.compat", "graphae.tutorials",
           "graphae.convolution", "graphae.normalization"]


def _public(module_name):
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None) or [
        n for n, v in vars(module).items()
        if not n.startswith("_") and getattr(v, "__module__", None) == module_name
        and (inspect.isfunction(v) or inspect.isclass(v))]
    return [(f"{module_name}.{n}", getattr(module, n)) for n in names]


PUBLIC = sorted({name: obj for m in MODULES for name, obj in _public(m)
                 if callable(obj) and not isinstance(obj, dict)}.items())


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[n for n, _ in PUBLIC])
def test_public_name_has_docstring_with_example(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    assert "Examples" in doc and ">>>" in doc, f"{name} has no doctest example"


def test_readme_names_the_test_command_ci_runs():
    from pathlib import Path

    root = Path(graphae.__file__).resolve().parents[1]
    assert "make test" in (root / "README.md").read_text()
    assert "make test" in (root / ".ci" / "run").read_text()
