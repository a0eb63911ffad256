"""Progress output of ``fit``: a tqdm bar on a terminal, plain lines otherwise.

``verbose=0`` prints nothing; ``verbose=1`` shows a bar over each epoch's
minibatches when the output is a terminal and ``tqdm`` (the ``progress``
extra) is installed, and otherwise one line per epoch; ``verbose=2`` prints
one line per epoch plus one every 100 minibatches, as the lectures did.
Every epoch line also goes to the ``graphae`` logger at DEBUG level.

This module is the only one of graphae's core that prints.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import sys
import time

from graphae.training.callbacks import Callback

logger = logging.getLogger("graphae")

_SKIPPED_KEYS = {"epoch", "time", "stop_reason"}


def format_epoch_line(epoch, epochs, logs, samples, elapsed, total):
    """One progress line for an epoch's records.

    Examples
    --------
    >>> format_epoch_line(0, 5, {"cost": 0.25, "learning_rate": 0.1}, 1000, 0.5, 0.5)
    'epoch 1/5  cost 0.250000  learning_rate 0.1  0.50 s (2,000 samples/s)  total 0.5 s'
    """
    parts = [f"epoch {epoch + 1}/{epochs}"]
    for key, value in logs.items():
        if key in _SKIPPED_KEYS:
            continue
        parts.append(f"{key} {value:.6f}" if key.endswith(("cost", "loss")) else f"{key} {value:.4g}")
    speed = samples / max(elapsed, 1e-9)
    parts.append(f"{elapsed:.2f} s ({speed:,.0f} samples/s)  total {total:.1f} s")
    return "  ".join(parts)


@contextlib.contextmanager
def announce_compile(label, verbose=1, stream=None, hint=None):
    """Say that ``label`` is compiling and, when done, how long it took.

    A cold C compile takes tens of seconds; the message (with ``hint``, the
    rough duration to expect) explains the pause before the first epoch.

    Examples
    --------
    >>> with announce_compile("demo.train", verbose=1, stream=sys.stdout, hint="about 1 s"):
    ...     pass  # doctest: +ELLIPSIS
    compiling demo.train (about 1 s) ...
    compiled demo.train in ... s
    """
    started = time.perf_counter()
    if verbose:
        detail = f" ({hint})" if hint else ""
        print(f"compiling {label}{detail} ...", file=stream or sys.stdout, flush=True)
    yield
    if verbose:
        print(f"compiled {label} in {time.perf_counter() - started:.1f} s",
              file=stream or sys.stdout, flush=True)


def announce(text, verbose=1, stream=None):
    """Print one line of progress ``text`` when ``verbose`` (and log it at INFO).

    Examples
    --------
    >>> announce("stopping after 3 epochs", verbose=1, stream=sys.stdout)
    stopping after 3 epochs
    """
    logger.info(text)
    if verbose:
        print(text, file=stream or sys.stdout, flush=True)


class ProgressLogger(Callback):
    """The progress callback that ``fit`` adds when ``verbose > 0``.

    Parameters
    ----------
    verbose : int
        1 or 2 (see the module docstring).
    stream : file-like, optional
        Standard output by default.
    use_tqdm : bool, optional
        Force the bar on or off; by default on for a terminal when tqdm is
        installed and ``verbose == 1``.
    name : str, optional
        Prefix of each line (e.g. ``"dA"``, ``"SdA layer 0"``).

    Examples
    --------
    >>> ProgressLogger(verbose=1, use_tqdm=False).verbose
    1
    """

    def __init__(self, verbose=1, stream=None, use_tqdm=None, name=None):
        self.verbose, self.stream, self.use_tqdm = int(verbose), stream, use_tqdm
        self.name = name
        self._bar = None

    def _out(self):
        return self.stream or sys.stdout

    def _print(self, text):
        print(text, file=self._out(), flush=True)

    def on_train_begin(self, logs=None):
        self.started = time.perf_counter()
        wanted = self.use_tqdm
        if wanted is None:
            isatty = getattr(self._out(), "isatty", lambda: False)()
            wanted = self.verbose == 1 and isatty and importlib.util.find_spec("tqdm") is not None
        self._tqdm = None
        if wanted:
            from tqdm.auto import tqdm

            self._tqdm = tqdm

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_started = time.perf_counter()
        if self._tqdm is not None:
            self._bar = self._tqdm(total=self.params["n_batches"], file=self._out(),
                                   desc=f"epoch {epoch + 1}/{self.params['epochs']}",
                                   unit="batch", leave=False)

    def on_batch_end(self, batch, logs=None):
        if self._bar is not None:
            self._bar.update(1)
            if batch % 10 == 0:
                self._bar.set_postfix(cost=f"{logs['cost']:.4f}", refresh=False)
        if self.verbose >= 2 and batch % 100 == 0:
            self._print(f"  batch {batch}/{self.params['n_batches']}  cost {logs['cost']:.6f}")

    def on_epoch_end(self, epoch, logs=None):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        now = time.perf_counter()
        samples = self.params["n_batches"] * self.params["batch_size"]
        line = format_epoch_line(epoch, self.params["epochs"], logs or {}, samples,
                                 now - self.epoch_started, now - self.started)
        prefix = self._prefix
        logger.debug(prefix + line)
        self._print(prefix + line)
        if (logs or {}).get("stop_reason"):
            self._print(f"{prefix}stopping after {epoch + 1} epochs ({logs['stop_reason']})")

    def on_train_end(self, logs=None):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if (logs or {}).get("restored"):
            self._print(self._prefix + logs["restored"])

    @property
    def _prefix(self):
        return f"{self.name}: " if self.name else ""
