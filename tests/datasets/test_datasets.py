import gzip
import os
import pickle

import numpy as np
import pytest

from graphae.datasets import (
    UnsafePickleError,
    embedded_mnist_path,
    get_kaggle_mnist,
    load_embedded_mnist,
    load_mnist_pickle,
    read_kaggle_csv,
    restricted_loads,
)


def test_embedded_digits():
    X, y = load_embedded_mnist()
    assert X.shape == (5000, 784) and X.dtype == np.float64
    assert 0.0 == X.min() and X.max() == 1.0
    assert np.bincount(y).tolist() == [500] * 10
    raw, _ = load_embedded_mnist(scale=False)
    assert raw.dtype == np.uint8 and raw.max() == 255
    assert embedded_mnist_path().name == "mnist_5k.csv.gz"


def _write_kaggle(path, pixels, labels):
    rows = np.column_stack([labels, pixels]).astype(int)
    header = ",".join(["label"] + [f"pixel{i}" for i in range(784)])
    np.savetxt(path, rows, fmt="%d", delimiter=",", header=header, comments="")


def test_kaggle_csv_from_full_mnist(tmp_path, mnist_pickle_path):
    (X, y), _, _ = load_mnist_pickle(mnist_pickle_path)
    pixels = np.round(X[:3000] * 256).clip(0, 255)
    _write_kaggle(tmp_path / "train.csv", pixels, y[:3000])
    read_pixels, read_labels = read_kaggle_csv(tmp_path / "train.csv")
    np.testing.assert_array_equal(read_pixels, pixels)
    np.testing.assert_array_equal(read_labels, y[:3000])
    Xtr, Ytr, Xte, Yte = get_kaggle_mnist(tmp_path / "train.csv", random_state=0)
    assert Xtr.shape == (2000, 784) and Xte.shape == (1000, 784)
    assert Ytr.dtype == np.int32 and 0 <= Xtr.min() and Xtr.max() <= 1
    assert sorted(np.concatenate([Ytr, Yte]).tolist()) == sorted(y[:3000].tolist())


def test_full_mnist_pickle(mnist_pickle_path):
    (X, y), (Xv, yv), (Xt, yt) = load_mnist_pickle(mnist_pickle_path)
    assert [len(X), len(Xv), len(Xt)] == [50000, 10000, 10000]
    assert X.shape[1] == 784 and X.dtype == np.float32 and y.dtype == np.int64
    assert X.max() <= 255 / 256 and X.min() == 0


@pytest.mark.parametrize(
    "content, message",
    [
        ("label,a\n1,2\n", "785 columns"),
        ("h\n" + ",".join(["x"] * 785) + "\n", "not a numeric Kaggle CSV"),
        ("h\n" + ",".join(["3"] + ["300"] * 784) + "\n", "0..255"),
        ("h\n" + ",".join(["12"] + ["0"] * 784) + "\n", "integers 0..9"),
    ],
)
def test_bad_kaggle_files(tmp_path, content, message):
    path = tmp_path / "train.csv"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        read_kaggle_csv(path)


def test_missing_kaggle_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no Kaggle train.csv"):
        get_kaggle_mnist(tmp_path / "nope.csv")


class _Payload:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def test_malicious_pickle_is_refused_without_running(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnsafePickleError, match="refusing to load (posix|os).system"):
        restricted_loads(pickle.dumps(_Payload()))
    data = pickle.dumps(((np.zeros(2), _Payload()),), protocol=2)
    with pytest.raises(UnsafePickleError, match="refusing to load"):
        restricted_loads(data)
    assert not (tmp_path / "PWNED").exists()
    path = tmp_path / "evil.pkl.gz"
    with gzip.open(path, "wb") as stream:
        stream.write(data)
    with pytest.raises(UnsafePickleError):
        load_mnist_pickle(path)


def test_numpy_tuple_pickle_round_trip():
    arrays = ((np.arange(6.0).reshape(2, 3), np.array([1, 2])),)
    loaded = restricted_loads(pickle.dumps(arrays, protocol=2))
    np.testing.assert_array_equal(loaded[0][0], arrays[0][0])


def test_corrupt_pickle_file(tmp_path):
    path = tmp_path / "bad.pkl.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match="not a readable gzip"):
        load_mnist_pickle(path)
