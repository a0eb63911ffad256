"""Issue 17: the tutorial dA and RBM save, load and resume training bit for bit."""

import json

import numpy as np
import pytest

from graphae import tutorials
from graphae.errors import ModelFileError
from graphae.persistence import load_model, save_model

X = np.random.default_rng(0).random((60, 12))


def _da():
    return tutorials.dA(numpy_rng=np.random.RandomState(1), n_visible=12, n_hidden=5)


def _rbm():
    return tutorials.RBM(n_visible=12, n_hidden=5, numpy_rng=np.random.RandomState(1))


CASES = {
    "dA with corruption": (_da, lambda m, e: m.fit(X, epochs=e, batch_size=10,
                                                   learning_rate=0.1, corruption_level=0.3,
                                                   verbose=0)),
    "RBM with its persistent chain": (_rbm, lambda m, e: m.fit(X, epochs=e, batch_size=10,
                                                               learning_rate=0.1, k=3,
                                                               verbose=0)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_two_epochs_equal_one_save_load_and_one_more(case, tmp_path):
    # the noise generator and the RBM's chain travel in the file; without either the
    # resumed weights differ (by 0.03 here)
    make, fit = CASES[case]
    straight = make()
    fit(straight, 2)
    first = make()
    fit(first, 1)
    resumed = tutorials.load_tutorial(tutorials.save_tutorial(first, tmp_path / "t.npz"))
    fit(resumed, 1)
    for a, b in zip(straight.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_tutorial_files_are_checked_and_kept_apart_from_model_files(tmp_path):
    rbm = _rbm()
    CASES["RBM with its persistent chain"][1](rbm, 1)
    path = tutorials.save_tutorial(rbm, tmp_path / "rbm.npz")
    with pytest.raises(ModelFileError, match="load it with graphae.tutorials.load_tutorial"):
        load_model(path)
    with pytest.raises(TypeError, match="save_tutorial"):
        save_model(rbm, tmp_path / "other.npz")
    with np.load(path) as archive:
        content = {name: archive[name] for name in archive.files}
    metadata = json.loads(str(content.pop("metadata")))
    np.savez(tmp_path / "bad.npz", metadata=np.asarray(json.dumps({**metadata, "n_hidden": 7})),
             **content)
    with pytest.raises(ModelFileError, match="W has shape"):
        tutorials.load_tutorial(tmp_path / "bad.npz")
    np.savez(tmp_path / "class.npz", metadata=np.asarray(json.dumps({**metadata,
                                                                     "class": "os"})),
             **content)
    with pytest.raises(ModelFileError, match="unknown tutorial class"):
        tutorials.load_tutorial(tmp_path / "class.npz")
    rbm.W.set_value(np.full_like(rbm.W.get_value(), np.nan))
    with pytest.raises(ValueError, match="refusing to save"):
        tutorials.save_tutorial(rbm, path)
    assert np.isfinite(tutorials.load_tutorial(path).W.get_value()).all()  # the file is intact
