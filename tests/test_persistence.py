import json
import zipfile

import numpy as np
import pytest

import graphae
from graphae.persistence import ModelCheckpoint, load_model, read_metadata, save_model


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    return rng.random((60, 5)), rng.integers(0, 3, 60)


def test_save_load_round_trip_and_resume(data, tmp_path):
    X, y = data
    ann = graphae.ANN([4], epochs=2, batch_size=10, verbose=0, random_state=0,
                      warm_start=True).fit(X, y)
    path = save_model(ann, tmp_path / "ann.npz")
    loaded = load_model(path)
    np.testing.assert_array_equal(loaded.predict_proba(X), ann.predict_proba(X))
    assert loaded.get_params() == ann.get_params()
    assert loaded.history_.to_dict() == ann.history_.to_dict()
    for a, b in zip(loaded._velocities, ann._velocities):
        np.testing.assert_array_equal(a.get_value(), b.get_value())
    # both continue identically: the training state came along
    loaded.set_params(shuffle=False).fit(X, y, epochs=1)
    ann.set_params(shuffle=False).fit(X, y, epochs=1)
    np.testing.assert_array_equal(loaded.costs_, ann.costs_)


def test_file_is_plain_npz_with_json_metadata(data, tmp_path):
    X, _ = data
    dae = graphae.DeepAutoEncoder([3], epochs=1, batch_size=10, verbose=0).fit(X)
    path = save_model(dae, tmp_path / "dae.npz", extra={"note": "x"})
    with np.load(path, allow_pickle=False) as archive:
        metadata = json.loads(str(archive["metadata"]))
    assert metadata["class"] == "DeepAutoEncoder" and metadata["extra"] == {"note": "x"}
    assert read_metadata(path)["architecture"] == {"n_features_in_": 5}


def test_checkpoint_best_only_and_atomic(data, tmp_path, monkeypatch):
    X, y = data
    checkpoint = ModelCheckpoint(tmp_path / "best.npz", monitor="val_loss", save_best_only=True)
    every = ModelCheckpoint(tmp_path / "epoch-{epoch:02d}.npz")
    ann = graphae.ANN([4], epochs=3, batch_size=10, verbose=0, random_state=0)
    ann.fit(X, y, validation_data=(X, y), callbacks=[checkpoint, every])
    assert sorted(p.name for p in tmp_path.glob("epoch-*.npz")) == [
        "epoch-01.npz", "epoch-02.npz", "epoch-03.npz"]
    assert read_metadata(every.saved[-1])["extra"]["epoch"] == 3
    best = read_metadata(tmp_path / "best.npz")["extra"]["logs"]["val_loss"]
    assert best == pytest.approx(min(ann.history_.epoch["val_loss"]))
    # a failing write leaves the previous checkpoint intact and no temporary file
    before = (tmp_path / "best.npz").read_bytes()

    def broken_savez(stream, **arrays):
        stream.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        save_model(ann, tmp_path / "best.npz")
    assert (tmp_path / "best.npz").read_bytes() == before
    assert not list(tmp_path.glob(".*"))


def test_bad_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no saved model"):
        load_model(tmp_path / "missing.npz")
    (tmp_path / "junk.npz").write_bytes(b"junk")
    with pytest.raises(ValueError, match="not a graphae model file"):
        load_model(tmp_path / "junk.npz")
    np.savez(tmp_path / "other.npz", a=np.zeros(2))
    with pytest.raises(ValueError, match="no metadata"):
        load_model(tmp_path / "other.npz")
    with zipfile.ZipFile(tmp_path / "pickled.npz", "w") as archive:
        archive.writestr("metadata.npy", b"\x93NUMPY")
    with pytest.raises(ValueError):
        load_model(tmp_path / "pickled.npz")
    with pytest.raises(graphae.NotFittedError):
        save_model(graphae.ANN([2]), tmp_path / "x.npz")


RESUMABLE = {
    "ANN": lambda epochs: graphae.ANN([16], epochs=epochs, batch_size=10, verbose=0,
                                      random_state=0),
    "dropout and Adam": lambda epochs: graphae.NetworkClassifier(
        [16, "relu", "dropout 0.3"], optimizer="adam", learning_rate=0.01, epochs=epochs,
        batch_size=10, verbose=0, random_state=0),
}


@pytest.mark.parametrize("how", ["partial_fit", "warm_start", "checkpoint"])
@pytest.mark.parametrize("name", sorted(RESUMABLE))
def test_resume_is_bit_identical_to_training_straight_through(name, how, tmp_path):
    # shuffled minibatches and dropout: the generators' states travel in the file
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 8)), rng.integers(0, 3, 60)
    straight = RESUMABLE[name](2).fit(X, y)
    first = RESUMABLE[name](1)
    if how == "checkpoint":
        first.fit(X, y, callbacks=[ModelCheckpoint(tmp_path / "ck-{epoch}.npz")])
        path = tmp_path / "ck-1.npz"
    else:
        first.fit(X, y)
        path = save_model(first, tmp_path / "model.npz")
    resumed = load_model(path)
    if how == "partial_fit":
        resumed.partial_fit(X, y)
    else:
        resumed.set_params(warm_start=True, epochs=1).fit(X, y)
    for a, b in zip(straight.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(straight.costs_[6:], resumed.costs_[-6:])


@pytest.mark.parametrize("name", sorted(RESUMABLE))
def test_resume_fit_continues_a_checkpointed_run_as_if_never_interrupted(name, tmp_path):
    from graphae.persistence import resume_fit

    rng = np.random.default_rng(0)
    X, y = rng.random((60, 8)), rng.integers(0, 3, 60)
    straight = RESUMABLE[name](3).fit(
        X, y, callbacks=[ModelCheckpoint(tmp_path / "ck-{epoch}.npz")])
    resumed = resume_fit(tmp_path / "ck-1.npz", X, y)  # as if killed after epoch 1 of 3
    for a, b in zip(straight.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert resumed.history_.n_epochs == 3
    np.testing.assert_array_equal(resumed.costs_, straight.costs_)
    np.testing.assert_array_equal(resumed.history_.epoch["cost"], straight.history_.epoch["cost"])
    done = resume_fit(tmp_path / "ck-3.npz", X, y)  # nothing left to train
    np.testing.assert_array_equal(done.get_weights()[0], straight.get_weights()[0])
