"""The BLAS uses the cores other processes leave free (issue 16)."""

import subprocess
import sys
import time

import numpy as np
import pytest

import graphae
from graphae.backend import (adapt_blas_threads, available_cores, blas_config,
                             choose_num_threads, num_threads_setting, set_num_threads)
from graphae.backend import _threads


@pytest.fixture
def restore_policy():
    previous = num_threads_setting()
    yield
    set_num_threads(previous)
    adapt_blas_threads()


def test_bad_settings_name_what_was_given(restore_policy):
    for bad in (0, -2, "many", 1.5, True):
        with pytest.raises(ValueError, match=r"'auto' or a positive integer; got (0|-2|'many'|1.5|True)$"):
            set_num_threads(bad)
    set_num_threads("AUTO")
    assert num_threads_setting() == "auto"
    set_num_threads(" 2 ")
    assert num_threads_setting() == 2


def test_auto_gives_the_free_cores_at_least_one(restore_policy, monkeypatch):
    set_num_threads("auto")
    monkeypatch.setattr(_threads, "RECOUNT_INTERVAL", 0.0)
    cores = available_cores()
    for others, expected in ((0, cores), (cores - 1, 1), (cores + 5, 1), (None, cores)):
        monkeypatch.setattr(_threads, "other_runnable_threads", lambda o=others: o)
        assert choose_num_threads() == expected
    set_num_threads(3)
    assert choose_num_threads() == 3


def test_auto_recounts_at_most_once_a_second(restore_policy, monkeypatch):
    set_num_threads("auto")
    counts = [5, 0]  # popped from the end: 0 first, then 5 ever after
    monkeypatch.setattr(_threads, "other_runnable_threads",
                        lambda: counts.pop() if len(counts) > 1 else counts[0])
    first = choose_num_threads()
    assert choose_num_threads() == first == available_cores()  # cached, not recounted
    monkeypatch.setattr(_threads, "RECOUNT_INTERVAL", 0.0)
    assert choose_num_threads() == 1


def test_a_busy_process_is_counted():
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        assert _threads.other_runnable_threads() >= 1
    finally:
        busy.kill()
        busy.wait()


@pytest.mark.skipif(blas_config().source != "scipy-openblas32",
                    reason="the thread policy drives graphae's own OpenBLAS only")
def test_each_epoch_applies_the_policy_to_the_linked_blas(restore_policy):
    from threadpoolctl import threadpool_info

    X = np.random.default_rng(0).random((40, 8))
    graphae.DeepAutoEncoder([4], epochs=1, batch_size=20, random_state=0, verbose=0).fit(X)
    library = blas_config().library

    def threads():
        return [info["num_threads"] for info in threadpool_info()
                if info["filepath"] and info["filepath"].endswith(library.rsplit("/", 1)[-1])]

    set_num_threads(1)
    graphae.DeepAutoEncoder([4], epochs=1, batch_size=20, random_state=0, verbose=0).fit(X)
    assert threads() == [1]
    if available_cores() > 1:
        set_num_threads(2)
        assert adapt_blas_threads() == 2 and threads() == [2]
