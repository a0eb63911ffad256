"""Elementwise nodes with broadcast operands vectorise, and compute what they did (issue 16)."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from pytensor.tensor import elemwise_cgen

from graphae.backend import resolve_mode, vecmath_config
from graphae.backend._unit_stride import (
    _ORIGINAL,
    UNIT_STRIDE_DEFINE,
    add_unit_stride_path,
    unit_stride_loops_installed,
)

SUB = {"lv0": "V1", "lv1": "V3", "lv2": "V5"}
TASK = "{ V5_i = V1_i + V3_i; }"


def _loop(orders):
    return _ORIGINAL(orders, len(orders) - 1, ["npy_float32"] * len(orders), TASK, SUB)


def test_row_broadcast_gets_a_twin_with_constant_strides():
    orders = [[0, 1], ["x", 0], [0, 1]]
    code = add_unit_stride_path(_loop(orders), orders, SUB)
    condition = "const int graphae_unit_V1 = (V1_stride_l1 == 1 && V3_stride_l1 == 1 && "
    assert condition + "V5_stride_l1 == 1 && " in code
    # computed once, before the outermost loop, not once per row
    assert code.index(condition) < code.index("for(npy_intp ITER_0")
    assert "if (graphae_unit_V1) { // graphae: unit strides" in code
    # each pair of operands must be disjoint or the very same view for "omp simd"
    assert code.count("graphae_apart_or_same(") == 3
    assert "#pragma omp simd\nfor(npy_intp ITER_1" in code
    twin, original = code.split("// graphae: unit strides", 1)[1].split("} else {", 1)
    assert "_stride_l1*ITER_1" not in twin and "+ITER_1" in twin
    assert original.count("_stride_l1*ITER_1") == 3  # the general loop is kept as it was
    assert code.count(TASK) == 2


def test_operand_broadcast_along_the_inner_axis_is_loop_invariant_in_the_twin():
    orders = [[0, 1], [0, "x"], [0, 1]]
    code = add_unit_stride_path(_loop(orders), orders, SUB)
    assert "V3_stride_l1 == 0" in code and "V1_stride_l1 == 1" in code
    twin = code.split("// graphae: unit strides", 1)[1].split("} else {", 1)[0]
    assert "V3_iter+V3_stride_l0*ITER_0)" in twin.replace(" ", "")


HELPER_TEST = r"""
extern "C" int apart(const float* a, int na, const long* da, const long* sa,
                     const float* b, int nb, const long* db, const long* sb) {
    return graphae_apart_or_same(a, na, da, sa, 4, b, nb, db, sb, 4);
}
"""


@pytest.fixture(scope="module")
def apart(tmp_path_factory):
    import ctypes

    from graphae.backend._unit_stride import OVERLAP_HELPERS

    folder = tmp_path_factory.mktemp("overlap")
    (folder / "apart.cpp").write_text(OVERLAP_HELPERS + HELPER_TEST)
    library = folder / "apart.so"
    subprocess.run([pytensor.config.cxx, "-O2", "-shared", "-fPIC", str(folder / "apart.cpp"),
                    "-o", str(library)], check=True)
    function = ctypes.CDLL(str(library)).apart

    def call(a, b):
        def view(x):
            base = x.__array_interface__["data"][0]
            longs = ctypes.c_long * max(x.ndim, 1)
            return (ctypes.c_void_p(base), x.ndim, longs(*x.shape), longs(*x.strides))
        return function(*view(a), *view(b))
    return call


def test_overlap_helper_tells_disjoint_and_same_views_from_partial_overlap(apart):
    buffer = np.zeros((6, 8), dtype="float32")
    assert apart(buffer, buffer) == 1  # an inplace output: the very same view
    assert apart(buffer[:3], buffer[3:]) == 1  # disjoint halves
    assert apart(buffer[:, :4], buffer[:, 4:]) == 0  # interleaved rows: extents overlap
    assert apart(buffer[:4], buffer[1:5]) == 0  # shifted by a row
    square = np.zeros((5, 5), dtype="float32")
    assert apart(square, square.T) == 0  # same pointer, other strides
    assert apart(np.broadcast_to(buffer[0], (6, 8)), buffer) == 0
    assert apart(np.zeros((0, 8), "float32"), buffer) == 1
    assert apart(np.zeros((6, 8), "float32"), buffer) == 1


def test_unexpected_code_is_left_untouched():
    assert add_unit_stride_path("{ int a; }", [[0, 1]], {"lv0": "V1"}) == "{ int a; }"
    assert add_unit_stride_path("{}", [[]], {"lv0": "V1"}) == "{}"
    orders = [[0, 1], ["x", 0], [0, 1]]
    renamed = {"lv0": "V1", "lv1": "V3", "lv2": "V9"}  # not the names in the code
    assert add_unit_stride_path(_loop(orders), orders, renamed) == _loop(orders)


def test_a_loop_body_that_can_jump_out_keeps_the_general_loop_only():
    orders = [[0, 1], ["x", 0], [0, 1]]
    task = "{ if (V3_i == 0) { __failure = 9; goto __label_9; } V5_i = V1_i / V3_i; }"
    code = _ORIGINAL(orders, 2, ["npy_int64"] * 3, task, SUB)
    assert add_unit_stride_path(code, orders, SUB) == code


def test_the_twin_needs_its_define_in_the_compile_flags(monkeypatch):
    from graphae.backend._unit_stride import _make_reordered_loop

    orders = [[0, 1], ["x", 0], [0, 1]]
    types = ["npy_float32"] * 3
    flags = pytensor.config.gcc__cxxflags.replace(UNIT_STRIDE_DEFINE, "")
    monkeypatch.setattr(pytensor.config, "gcc__cxxflags", flags)
    assert _make_reordered_loop(orders, 2, types, TASK, SUB) == _loop(orders)
    monkeypatch.setattr(pytensor.config, "gcc__cxxflags", f"{flags} {UNIT_STRIDE_DEFINE}")
    assert "graphae: unit strides" in _make_reordered_loop(orders, 2, types, TASK, SUB)


@pytest.mark.parametrize("dtype", ["int64", "int32"])
def test_integer_floor_division_and_modulo_with_a_broadcast_divisor(dtype):
    x = pt.matrix("x", dtype=dtype)
    d = pt.vector("d", dtype=dtype)
    f = pytensor.function([x, d], [x // d[None, :], x % d[None, :]], mode=resolve_mode("c"))
    X = np.arange(-24, 24, dtype=dtype).reshape(6, 8)
    D = np.array([1, 2, 3, -4, 5, -6, 7, 9], dtype=dtype)
    quotient, remainder = f(X, D)
    np.testing.assert_array_equal(quotient, X // D)
    np.testing.assert_array_equal(remainder, X % D)
    with pytest.raises(ZeroDivisionError):
        f(X, np.where(D == 5, 0, D).astype(dtype))


def test_installed_with_the_vector_math_flags():
    config = vecmath_config()
    assert unit_stride_loops_installed() == config.enabled
    if config.enabled:
        assert UNIT_STRIDE_DEFINE in pytensor.config.gcc__cxxflags
        assert elemwise_cgen.make_reordered_loop.__wrapped__ is _ORIGINAL


LAYOUTS = ("contiguous", "column slice", "reversed", "fortran", "row slice")

ARITHMETIC = """
import sys
import numpy as np, pytensor, pytensor.tensor as pt
from graphae.backend import resolve_mode, vecmath_config
rng = np.random.default_rng(0)
base = rng.standard_normal((7, 12)).astype("float32")
layouts = {"contiguous": base, "column slice": base[:, ::2], "reversed": base[::-1, ::-1],
           "fortran": np.asfortranarray(base), "row slice": base[::2]}
x = pt.matrix("x", dtype="float32")
row, col = pt.vector("row", dtype="float32"), pt.vector("col", dtype="float32")
s = pt.scalar("s", dtype="float32")
f = pytensor.function([x, row, col, s], (x * s + row[None, :]) * col[:, None] - x / np.float32(3),
                      mode=resolve_mode("c"))
results = {}
for name, X in layouts.items():
    r = rng.standard_normal(X.shape[1]).astype("float32")
    c = rng.standard_normal(X.shape[0]).astype("float32")
    results[name] = (f(X, r, c, np.float32(1.7)),
                     (X * np.float32(1.7) + r[None, :]) * c[:, None] - X / np.float32(3))
np.savez(sys.argv[1], enabled=vecmath_config().enabled,
         **{k: v[0] for k, v in results.items()}, **{k + " numpy": v[1] for k, v in results.items()})
"""


@pytest.fixture(scope="module")
def arithmetic(tmp_path_factory):
    # The same graph compiled with the twin loops and, in a second process,
    # without graphae's vector code: the general loop alone.
    folder = tmp_path_factory.mktemp("unit_stride")
    script = folder / "arithmetic.py"
    script.write_text(ARITHMETIC)
    runs = {}
    for label, value in (("twin", "auto"), ("plain", "off")):
        out = folder / f"{label}.npz"
        env = dict(os.environ, GRAPHAE_VECMATH=value)
        subprocess.run([sys.executable, str(script), str(out)], check=True, env=env)
        runs[label] = np.load(out)
    return runs


@pytest.mark.parametrize("layout", LAYOUTS)
def test_arithmetic_is_bit_identical_to_the_general_loop_on_every_layout(arithmetic, layout):
    twin, plain = arithmetic["twin"], arithmetic["plain"]
    assert bool(twin["enabled"]) == bool(vecmath_config().enabled) and not plain["enabled"]
    np.testing.assert_array_equal(twin[layout], plain[layout])
    np.testing.assert_allclose(twin[layout], twin[layout + " numpy"], rtol=2e-6, atol=1e-6)


def test_three_dimensional_broadcast_and_inplace_updates_match_numpy():
    rng = np.random.default_rng(1)
    t = pt.tensor3("t", dtype="float64")
    v = pt.vector("v", dtype="float64")
    f = pytensor.function([t, v], pt.tanh(t) * v[None, None, :] + t, mode=resolve_mode("c"))
    T = rng.standard_normal((3, 4, 5))
    V = rng.standard_normal(5)
    np.testing.assert_allclose(f(T, V), np.tanh(T) * V + T, rtol=1e-13, atol=1e-15)
    W = pytensor.shared(rng.standard_normal((6, 9)).astype("float32"))
    lr = pt.scalar("lr", dtype="float32")
    g = pt.matrix("g", dtype="float32")
    step = pytensor.function([g, lr], [], updates=[(W, W - lr * g)], mode=resolve_mode("c"))
    G = rng.standard_normal((6, 9)).astype("float32")
    before = W.get_value()
    step(G, np.float32(0.5))
    np.testing.assert_array_equal(W.get_value(), before - np.float32(0.5) * G)


def _module_of(marker: str) -> Path:
    compiledir = Path(pytensor.config.compiledir)
    for source in compiledir.glob("*/mod.cpp"):
        text = source.read_text(errors="replace")
        if marker in text and "graphae: unit strides" in text:
            return source.parent
    raise AssertionError(f"no compiled module with {marker!r} in {compiledir}")


@pytest.mark.skipif(not vecmath_config().enabled, reason="graphae's vector math is off")
def test_sigmoid_of_a_biased_product_calls_the_vector_expf():
    x = pt.matrix("x", dtype="float32")
    b = pt.vector("b", dtype="float32")
    marker = np.float32(1.8125)  # exact in binary: a literal the module source carries
    f = pytensor.function([x, b], pt.sigmoid(x * marker + b[None, :]), mode=resolve_mode("c"))
    X = np.random.default_rng(2).standard_normal((50, 40)).astype("float32")
    B = np.linspace(-1, 1, 40, dtype="float32")
    np.testing.assert_allclose(f(X, B), 1 / (1 + np.exp(-(X * marker + B))), rtol=1e-6)
    folder = _module_of("1.8125")
    library = next(folder.glob("*.so"))
    symbols = subprocess.run(["nm", "-D", str(library)], capture_output=True, text=True,
                             check=True).stdout
    assert "v_expf" in symbols, symbols
