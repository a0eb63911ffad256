import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for tests/reference.py

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MNIST_PICKLE = SHARED / "data" / "mnist.pkl.gz"


@pytest.fixture(scope="session")
def mnist_pickle_path():
    if not MNIST_PICKLE.is_file():
        pytest.skip(f"full MNIST not found at {MNIST_PICKLE} (../shared/data beside the repo)")
    return MNIST_PICKLE


@pytest.fixture
def unit_data():
    """Small float64 data in [0, 1]."""
    return np.random.default_rng(123).random((30, 12))


@pytest.fixture
def theano():
    """graphae's Theano layer installed as ``theano`` for one test."""
    import graphae.compat

    with graphae.compat.installed():
        import theano

        yield theano
