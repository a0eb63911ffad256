"""The compile cache: once per (name, mode, graph-shaping key); invalidation."""

import numpy as np
import pytensor.tensor as pt
import pytest

from graphae.training import CompileCache, Graph


def _doubler(factor):
    def build():
        x = pt.vector("x")
        return Graph([x], factor * x)
    return build


def test_compiles_once_per_key_and_mode():
    cache = CompileCache("test")
    first = cache.function("f", _doubler(2), key=("a",), verbose=0)
    assert cache.function("f", _doubler(3), key=("a",), verbose=0) is first  # a hit
    other = cache.function("f", _doubler(3), key=("b",), verbose=0)
    numba = cache.function("f", _doubler(2), key=("a",), mode="numba", verbose=0)
    assert cache.compiles == 3 and len({id(first), id(other), id(numba)}) == 3
    np.testing.assert_allclose(other(np.ones(2)), [3.0, 3.0])
    assert cache["f"] is numba and "f" in cache and "g" not in cache


def test_default_mode_and_its_name_share_an_entry():
    from graphae.backend import default_mode_name

    cache = CompileCache("test")
    f = cache.function("f", _doubler(2), verbose=0)
    assert cache.function("f", _doubler(2), mode=default_mode_name(), verbose=0) is f


def test_invalidate_by_name_or_all():
    cache = CompileCache("test")
    cache.function("f", _doubler(2), verbose=0)
    cache.function("g", _doubler(2), verbose=0)
    cache.invalidate("f")
    assert "f" not in cache and "g" in cache
    cache.invalidate()
    assert len(cache) == 0
    with pytest.raises(KeyError):
        cache["g"]


def test_compile_is_announced(capsys):
    CompileCache("owner").function("step", _doubler(2), verbose=1)
    out = capsys.readouterr().out
    assert "compiling owner.step (C code: up to ~30 s on an empty compile cache" in out
    assert "compiled owner.step in" in out
    cache = CompileCache("owner")
    cache.function("first", _doubler(2), verbose=0)
    cache.function("second", _doubler(3), verbose=1)
    assert "compiling owner.second ...\n" in capsys.readouterr().out  # only the first is big


def test_compile_hint_only_where_measured(capsys):
    CompileCache("owner").function("step", _doubler(2), mode="numba", verbose=1)
    assert "compiling owner.step ...\n" in capsys.readouterr().out
