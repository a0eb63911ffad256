"""The C kernels call glibc's vector math, and keep NaN, inf and signed zeros (issue 16)."""

import os
import subprocess
import sys

import numpy as np
import pytensor
import pytensor.tensor as pt
import pytest
from pytensor.compile.mode import Mode
from pytensor.gradient import verify_grad
from pytensor.link.c.cmodule import GCC_compiler

import graphae
from graphae.backend import VecmathConfig, configure_vecmath, vecmath_config
from graphae.backend._vecmath import libmvec_functions, vecmath_header

needs_libmvec = pytest.mark.skipif(not libmvec_functions(),
                                   reason="no glibc libmvec (vector math) on this machine")
C_MODE = Mode(linker="cvm")

SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-30, -1e-30, 88.0, -88.0, 710.0, -745.0, 1.0]


@needs_libmvec
def test_enabled_by_default_and_idempotent():
    config = vecmath_config()
    assert config.enabled, config
    assert {"exp", "log", "log1p", "tanh"} <= set(config.functions)
    flags = pytensor.config.gcc__cxxflags
    assert config.flags in flags and "-ffast-math" not in flags
    assert "-ffinite-math-only" not in flags and "-fassociative-math" not in flags
    assert configure_vecmath().flags == config.flags
    assert pytensor.config.gcc__cxxflags == flags  # not added twice


@needs_libmvec
def test_pytensor_compile_arguments_make_gcc_call_the_vector_variants(tmp_path):
    # The very arguments PyTensor passes to g++ (user flags, -march) turn a
    # loop of expf/logf calls into libmvec calls (_ZGV... symbols).
    source = tmp_path / "loop.cpp"
    source.write_text(
        "#include <cmath>\n"
        'extern "C" void f(const float* x, float* y, long n) {\n'
        "  for (long i = 0; i < n; i++) { float v = x[i];\n"
        "    y[i] = v < -30.f ? 0.f : v > 30.f ? 1.f : 1.f / (1.f + expf(-v)) + logf(v); } }\n")
    obj = tmp_path / "loop.o"
    args = ["-O3", "-fno-math-errno", *GCC_compiler.compile_args()]
    subprocess.run([pytensor.config.cxx, *args, "-c", str(source), "-o", str(obj)], check=True)
    symbols = subprocess.run(["nm", str(obj)], capture_output=True, text=True, check=True).stdout
    assert "v_expf" in symbols and "v_logf" in symbols, symbols


def test_header_declares_float_twins_and_both_arities():
    header = vecmath_header(("exp", "pow"))
    assert "float expf(float)" in header and "double exp(double)" in header
    assert "double pow(double, double)" in header and "float powf(float, float)" in header
    assert header.count("#pragma omp declare simd notinbranch") == 4


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["exp", "log", "log1p", "tanh", "sigmoid", "softplus", "expm1"])
def test_special_values_follow_numpy(name, dtype):
    x = pt.vector("x", dtype=dtype)
    function = pytensor.function([x], getattr(pt, name)(x), mode=C_MODE)
    # long enough that the vectorised loop body, not only its scalar tail, meets them
    values = np.tile(np.array(SPECIAL, dtype=dtype), 8)
    got = function(values)
    with np.errstate(all="ignore"):
        expected = _numpy(name, values.astype("float64")).astype(dtype)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_array_equal(np.isinf(got), np.isinf(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=4 * np.finfo(dtype).eps,
                               atol=np.finfo(dtype).tiny)
    zeros = finite & (expected == 0)
    np.testing.assert_array_equal(np.signbit(got[zeros]), np.signbit(expected[zeros]))


def _numpy(name, values):
    if name == "sigmoid":
        return 1 / (1 + np.exp(-values))
    if name == "softplus":
        return np.logaddexp(0, values)
    return getattr(np, name)(values)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_random_inputs_match_scalar_libm_to_a_few_ulp(dtype):
    rng = np.random.default_rng(0)
    values = rng.normal(0, 10, 4096).astype(dtype)
    x = pt.vector("x", dtype=dtype)
    cost = pt.log1p(pt.exp(-pt.abs(x))) + pt.tanh(x) * pt.sigmoid(x)
    got = pytensor.function([x], cost, mode=C_MODE)(values)
    v = values.astype("float64")
    expected = np.log1p(np.exp(-np.abs(v))) + np.tanh(v) / (1 + np.exp(-v))
    np.testing.assert_allclose(got, expected, rtol=16 * np.finfo(dtype).eps, atol=1e-6
                               if dtype == "float32" else 1e-14)


def test_verify_grad_of_a_sigmoid_cross_entropy_under_vector_math():
    rng = np.random.default_rng(1)
    target = rng.random((20, 30))

    def cost(z):
        y = pt.sigmoid(z)
        return -(target * pt.log(y) + (1 - target) * pt.log(1 - y)).mean()

    verify_grad(cost, [rng.normal(size=(20, 30))], rng=rng, mode=C_MODE)


def test_fit_still_detects_nan_under_vector_math():
    from graphae.layers import DenseSpec
    from graphae.models import NetworkClassifier
    from graphae.training import TrainingDiverged

    rng = np.random.default_rng(0)
    X, y = rng.random((40, 6)), np.arange(40) % 3
    net = NetworkClassifier([DenseSpec(5, "sigmoid")], optimizer="sgd", learning_rate=1e300,
                            epochs=20, batch_size=10, random_state=0, verbose=0)
    with pytest.raises(TrainingDiverged, match="became (nan|inf)"):
        net.fit(X, y)
    assert all(np.isfinite(p.get_value()).all() for p in net.params_)


def test_switched_off_by_environment(tmp_path):
    env = dict(os.environ, GRAPHAE_VECMATH="off", PYTENSOR_FLAGS="")
    code = ("import pytensor, graphae.backend as b; v = b.vecmath_config();"
            "print(v.source, repr(pytensor.config.gcc__cxxflags))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["off", "''"]


def test_bad_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("GRAPHAE_VECMATH", "fast")
    with pytest.raises(ValueError, match="GRAPHAE_VECMATH='fast' is not one of auto, off"):
        configure_vecmath()


def test_info_reports_it():
    config = vecmath_config()
    assert isinstance(config, VecmathConfig)
    assert graphae.backend.info_dict()["vecmath"].startswith(config.source)
