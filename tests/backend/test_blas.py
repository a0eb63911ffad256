"""The default compiled mode runs PyTensor's C kernels on a real BLAS."""

import io
from pathlib import Path

import numpy as np
import pytensor.tensor.blas as pt_blas

import graphae
from graphae.backend import BlasConfig, blas_config, configure_blas, default_mode_name
from graphae.backend._blas import openblas32_ldflags


def test_import_links_a_blas_and_defaults_to_c():
    config = blas_config()
    assert isinstance(config, BlasConfig)
    assert config.linked, f"no BLAS linked: {config}"
    assert config.source in {"user", "system", "scipy-openblas32"}
    assert default_mode_name() == "c"


def test_configure_is_idempotent_and_respects_the_chosen_flags():
    import pytensor

    flags = pytensor.config.blas__ldflags
    assert configure_blas().ldflags == flags  # now counted as the user's flags


def test_openblas32_flags_rename_every_routine():
    flags, library = openblas32_ldflags()
    for prefix in "sd":
        for name in ("gemm", "gemv", "ger", "dot", "axpy", "copy", "scal", "swap"):
            assert f"-D{prefix}{name}_=scipy_{prefix}{name}_" in flags
    assert "-lscipy_openblas" in flags and Path(library).is_file()


def _blas_nodes(function):
    vm = function.vm
    return [(node, thunk) for node, thunk in zip(vm.nodes, vm.thunks)
            if isinstance(node.op, (pt_blas.Gemm, pt_blas.Dot22, pt_blas.Dot22Scalar))]


def test_training_function_runs_blas_gemm_in_c():
    X = np.random.default_rng(0).random((40, 30))
    dae = graphae.DeepAutoEncoder([20, 2], epochs=1, batch_size=20, verbose=0).fit(X)
    nodes = _blas_nodes(dae._compiled["train"])
    kinds = {type(node.op).__name__ for node, _ in nodes}
    assert "Gemm" in kinds, kinds  # the momentum update fused into GEMM
    for node, thunk in nodes:
        # a C thunk (not the Python/NumPy perform fallback) linked to the BLAS
        assert hasattr(thunk, "cthunk"), f"{node.op} runs in Python"
        assert node.op.c_libraries(), f"{node.op} has no BLAS library"
    config = blas_config()
    if config.source == "scipy-openblas32":
        mapped = Path("/proc/self/maps")
        if mapped.exists():
            assert config.library in mapped.read_text(), "OpenBLAS not loaded"


def test_info_reports_the_linked_blas(capsys):
    graphae.info()
    out = capsys.readouterr().out
    config = blas_config()
    assert f"blas_source   {config.source}" in out
    assert "mode          c" in out and "VMLinker" in out
    buffer = io.StringIO()
    graphae.info(file=buffer)
    assert buffer.getvalue() == out


def test_info_names_jax_and_its_devices():
    import importlib.util

    summary = graphae.backend.info_dict()["jax"]
    if importlib.util.find_spec("jax") is None:
        assert summary.startswith("not installed") and "graphae[jax]" in summary
    else:
        import jax

        import re

        assert summary.startswith(jax.__version__)
        assert re.search(r" on \w+:\d+", summary), summary  # cpu:0, or gpu:0 on a GPU machine
