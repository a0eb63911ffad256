import io

import numpy as np
import pytest

import graphae
from graphae.progress import ProgressLogger


def _fit(verbose, **kwargs):
    X = np.random.default_rng(0).random((400, 6))
    dae = graphae.DeepAutoEncoder([3], epochs=2, batch_size=2, verbose=verbose, random_state=0)
    return dae.fit(X, **kwargs)


def test_verbose_1_prints_a_line_per_epoch(capsys):
    _fit(1)
    out = capsys.readouterr().out
    epoch_lines = [line for line in out.splitlines() if line.startswith("epoch")]
    assert len(epoch_lines) == 2 and "cost" in epoch_lines[0] and "samples/s" in epoch_lines[0]


def test_verbose_2_adds_every_100_batches(capsys):
    _fit(2)
    batch_lines = [line for line in capsys.readouterr().out.splitlines()
                   if line.strip().startswith("batch")]
    assert [line.split()[1] for line in batch_lines] == ["0/200", "100/200"] * 2


def test_verbose_0_is_silent(capsys):
    _fit(0)
    assert capsys.readouterr().out == ""


def test_tqdm_bar_when_forced():
    pytest.importorskip("tqdm", reason="tqdm is the optional 'progress' extra")
    stream = io.StringIO()
    progress = ProgressLogger(verbose=1, stream=stream, use_tqdm=True)
    _fit(0, callbacks=[progress])
    text = stream.getvalue()
    assert "epoch 1/2" in text and "batch" in text


def test_epoch_lines_go_to_the_graphae_logger(caplog):
    with caplog.at_level("DEBUG", logger="graphae"):
        _fit(0, callbacks=[ProgressLogger(verbose=1, stream=io.StringIO())])
    assert sum(r.message.startswith("epoch") for r in caplog.records) == 2
