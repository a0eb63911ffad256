"""fit(..., resume=path): a run goes on from its checkpoint as if it had never stopped."""

import numpy as np
import pytest

import graphae
from graphae.errors import ModelFileError
from graphae.persistence import ModelCheckpoint, load_model, read_metadata, save_model
from graphae.training.callbacks import Callback

RNG = np.random.default_rng(0)
X, Y = RNG.random((60, 8)), RNG.integers(0, 3, 60)

#: models whose next step depends on a generator: shuffling, dropout, the VAE's noise
MODELS = {
    "ANN": (lambda epochs: graphae.ANN([16], epochs=epochs, batch_size=10, verbose=0,
                                       random_state=0), (X, Y)),
    "dropout and Adam": (lambda epochs: graphae.NetworkClassifier(
        [16, "relu", "dropout 0.3"], optimizer="adam", learning_rate=0.01, epochs=epochs,
        batch_size=10, verbose=0, random_state=0), (X, Y)),
    "VAE": (lambda epochs: graphae.VAE(
        [6], n_latent=2, epochs=epochs, batch_size=10, verbose=0, random_state=0), (X,)),
}


class _StopAfter(Callback):
    """Raise after epoch ``n`` (counted from 1), as a killed run would end."""

    def __init__(self, n):
        self.n = n

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 == self.n:
            raise KeyboardInterrupt


@pytest.mark.parametrize("name", sorted(MODELS))
def test_fit_resume_ends_as_the_uninterrupted_run_bit_for_bit(name, tmp_path):
    make, data = MODELS[name]
    straight = make(3).fit(*data)
    with pytest.raises(KeyboardInterrupt):
        make(3).fit(*data, callbacks=[ModelCheckpoint(tmp_path / "ck-{epoch}.npz"), _StopAfter(1)])
    checkpoints = ModelCheckpoint(tmp_path / "ck-{epoch}.npz")
    resumed = make(3).fit(*data, callbacks=[checkpoints], resume=tmp_path / "ck-1.npz")
    for a, b in zip(straight.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(resumed.costs_, straight.costs_)
    assert resumed.history_.epoch["epoch"] == [0, 1, 2]
    np.testing.assert_array_equal(resumed.history_.epoch["cost"], straight.history_.epoch["cost"])
    # the resumed run numbers its epochs as the uninterrupted one: checkpoints 2 and 3
    assert [p.name for p in checkpoints.saved] == ["ck-2.npz", "ck-3.npz"]
    assert read_metadata(tmp_path / "ck-3.npz")["extra"]["epoch"] == 3


def test_the_resumed_run_sees_absolute_epoch_numbers_and_the_planned_total(tmp_path):
    make, data = MODELS["ANN"]
    make(1).fit(*data, callbacks=[ModelCheckpoint(tmp_path / "ck.npz")])
    seen = []

    class Record(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            seen.append((epoch, self.params["epochs"]))

    make(4).fit(*data, callbacks=[Record()], resume=tmp_path / "ck.npz")
    assert seen == [(1, 4), (2, 4), (3, 4)]


def test_a_finished_run_resumed_trains_nothing_and_keeps_its_history(tmp_path):
    make, data = MODELS["ANN"]
    done = make(2).fit(*data, callbacks=[ModelCheckpoint(tmp_path / "ck.npz")])
    again = make(2).fit(*data, resume=tmp_path / "ck.npz")
    for a, b in zip(done.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert again.history_.n_epochs == 2
    np.testing.assert_array_equal(again.costs_, done.costs_)


def test_a_saved_model_resumes_too_and_its_velocities_matter(tmp_path):
    make, data = MODELS["ANN"]
    straight = make(2).fit(*data)
    path = save_model(make(1).fit(*data), tmp_path / "one.npz")
    resumed = make(2).fit(*data, resume=path)
    np.testing.assert_array_equal(straight.get_weights()[0], resumed.get_weights()[0])
    # without the optimiser state exact resumption is impossible: refused, not approximated
    path = save_model(make(1).fit(*data), tmp_path / "light.npz", include_training_state=False)
    with pytest.raises(ModelFileError, match="no optimiser state"):
        make(2).fit(*data, resume=path)


@pytest.mark.parametrize("model, data, match", [
    (lambda: graphae.ANN([17], epochs=2, batch_size=10, verbose=0), (X, Y), r"hidden_layer_sizes \[16\]"),
    (lambda: graphae.ANN([16], epochs=2, batch_size=10, verbose=0), (X[:, :5], Y), "n_features_in_ 8"),
    (lambda: graphae.ANN([16], epochs=2, batch_size=10, verbose=0), (X, Y % 2), "n_classes_ 3"),
    (lambda: graphae.DeepAutoEncoder([16], epochs=2, batch_size=10, verbose=0), (X,), "class ANN"),
], ids=["width", "features", "classes", "class"])
def test_a_checkpoint_of_another_model_is_refused_before_any_training(model, data, match,
                                                                       tmp_path):
    make, _ = MODELS["ANN"]
    make(1).fit(X, Y, callbacks=[ModelCheckpoint(tmp_path / "ck.npz")])
    candidate = model()
    with pytest.raises(ModelFileError, match=match) as error:
        candidate.fit(*data, resume=tmp_path / "ck.npz")
    assert "ck.npz" in str(error.value)
    assert not hasattr(candidate, "history_")


def test_a_missing_or_damaged_resume_file_is_named(tmp_path):
    make, data = MODELS["ANN"]
    with pytest.raises(FileNotFoundError, match="nothing.npz"):
        make(2).fit(*data, resume=tmp_path / "nothing.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="junk.npz"):
        make(2).fit(*data, resume=tmp_path / "junk.npz")


def test_a_checkpoint_whose_epoch_disagrees_with_its_history_is_refused(tmp_path):
    make, data = MODELS["ANN"]
    model = make(1).fit(*data)
    path = save_model(model, tmp_path / "odd.npz", extra={"epoch": 5})
    with pytest.raises(ModelFileError, match="records 1 epochs, but it is the checkpoint of "
                                             "epoch 5"):
        make(6).fit(*data, resume=path)


def test_load_model_still_rebuilds_what_resume_reads(tmp_path):
    make, data = MODELS["VAE"]
    model = make(1).fit(*data)
    loaded = load_model(save_model(model, tmp_path / "vae.npz"))
    np.testing.assert_array_equal(loaded.get_weights()[0], model.get_weights()[0])
    assert loaded.history_.n_epochs == 1
