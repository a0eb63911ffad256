"""Training history: per-batch and per-epoch records of a ``fit``."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from graphae._io import atomic_write_text


class History:
    """What ``fit`` recorded, batch by batch and epoch by epoch.

    Attributes
    ----------
    batch : dict of str to list
        Per-minibatch records: ``epoch``, ``batch`` and the model's step
        outputs (always ``cost``; e.g. ``error`` for classifiers).
    epoch : dict of str to list
        Per-epoch records: ``epoch``, ``cost`` (mean training cost),
        ``learning_rate``, ``time`` (seconds) and ``val_*`` metrics when
        ``validation_data`` was given.
    summary : dict
        Run-level results (a tutorial's ``finetune`` stores its best
        validation and test errors here); ``history[key]`` reads them.

    Examples
    --------
    >>> history = History()
    >>> history.record_batch(epoch=0, batch=0, cost=0.5)
    >>> history.record_epoch(epoch=0, cost=0.5, learning_rate=0.1, time=0.01)
    >>> History.from_dict(history.to_dict()).epoch["cost"]
    [0.5]
    """

    def __init__(self):
        self.batch = {}
        self.epoch = {}
        self.summary = {}

    def __getitem__(self, key):
        """A run-level result from ``summary`` (e.g. ``history["test_error"]``).

        Raises
        ------
        KeyError
            Naming the results this history holds.
        """
        if key not in self.summary:
            raise KeyError(f"{key!r}: this history's summary holds {sorted(self.summary)}")
        return self.summary[key]

    def get(self, key, default=None):
        """``summary[key]``, or ``default`` when the summary lacks it."""
        return self.summary.get(key, default)

    @staticmethod
    def _append(table, values):
        length = len(next(iter(table.values()))) if table else 0
        for key, value in values.items():
            column = table.setdefault(key, [math.nan] * length)
            column.append(_plain(value))
        for key, column in table.items():  # keys missing this time
            if len(column) == length:
                column.append(math.nan)

    def record_batch(self, **values):
        """Append one minibatch's records."""
        self._append(self.batch, values)

    def record_epoch(self, **values):
        """Append one epoch's records."""
        self._append(self.epoch, values)

    @property
    def n_epochs(self):
        """Number of epochs recorded."""
        return len(self.epoch.get("epoch", []))

    def extend(self, other):
        """Append ``other``'s rows, renumbering its epochs after this one's."""
        offset = self.n_epochs
        for source, target in ((other.batch, self.batch), (other.epoch, self.epoch)):
            length = len(next(iter(source.values()))) if source else 0
            for row in range(length):
                values = {k: v[row] for k, v in source.items()}
                if "epoch" in values:
                    values["epoch"] += offset
                self._append(target, values)
        return self

    def batch_array(self, key):
        """Per-batch column ``key`` as a float array."""
        return np.asarray(self.batch.get(key, []), dtype=float)

    def epoch_array(self, key):
        """Per-epoch column ``key`` as a float array."""
        return np.asarray(self.epoch.get(key, []), dtype=float)

    def to_dict(self):
        """``{"batch": {...}, "epoch": {...}}`` of plain lists (JSON-ready)."""
        return {"batch": {k: list(v) for k, v in self.batch.items()},
                "epoch": {k: list(v) for k, v in self.epoch.items()}}

    @classmethod
    def from_dict(cls, data):
        """Rebuild a History from :meth:`to_dict` output.

        Raises
        ------
        ValueError
            When ``data`` is not ``{"batch": {name: list}, "epoch": {name: list}}``
            (either table may be missing) or a table's columns differ in length.

        Examples
        --------
        >>> History.from_dict({"epoch": {"epoch": [0, 1], "cost": [0.5, 0.25]}}).epoch["cost"]
        [0.5, 0.25]
        >>> History.from_dict("garbage")
        Traceback (most recent call last):
        ...
        ValueError: History.from_dict: expected a dict with 'batch' and 'epoch' tables, got str
        """
        if not isinstance(data, dict) or set(data) - {"batch", "epoch"}:
            what = type(data).__name__ if not isinstance(data, dict) else (
                f"the keys {sorted(map(str, data))}")
            raise ValueError(f"History.from_dict: expected a dict with 'batch' and 'epoch' "
                             f"tables, got {what}")
        history = cls()
        for table in ("batch", "epoch"):
            setattr(history, table, _table(data.get(table, {}), table))
        return history

    def to_csv(self, path, table="epoch"):
        """Write the ``"epoch"`` or ``"batch"`` table to CSV (atomically).

        For reading by people and spreadsheets: epochs are numbered from 1,
        as the progress lines count them, and floats carry 12 significant
        digits (``0.084``, not ``0.08399999999999996``). :meth:`read_csv`
        numbers them from 0 again; for bit-exact values use :meth:`to_dict`.
        """
        if table not in ("epoch", "batch"):
            raise ValueError(f"table must be 'epoch' or 'batch', got {table!r}")
        columns = dict(getattr(self, table))
        if "epoch" in columns:
            columns["epoch"] = [_one_based(e) for e in columns["epoch"]]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns.keys())
        writer.writerows([csv_cell(v) for v in row] for row in zip(*columns.values()))
        atomic_write_text(path, buffer.getvalue())
        return Path(path)

    @classmethod
    def read_csv(cls, path, table="epoch"):
        """Read a table written by :meth:`to_csv` or ``CSVLogger`` into a new History.

        The file's epochs (counted from 1) come back counted from 0, as
        ``fit`` records them.
        """
        with open(path, newline="") as stream:
            rows = list(csv.reader(stream))
        if not rows:
            raise ValueError(f"{path} is empty, not a History CSV")
        columns = {name: [] for name in rows[0]}
        for row in rows[1:]:
            if len(row) != len(rows[0]):
                raise ValueError(f"{path}: row of {len(row)} fields, header has {len(rows[0])}")
            for name, cell in zip(rows[0], row):
                columns[name].append(_parse_number(cell))
        if "epoch" in columns:
            columns["epoch"] = [e - 1 if isinstance(e, int) else e for e in columns["epoch"]]
        history = cls()
        setattr(history, table, columns)
        return history

    def plot(self, path=None, keys=None, title="training history"):
        """Plot per-epoch curves (see :func:`graphae.plotting.plot_history`).

        By default training and validation loss together, one metric, and the
        epoch whose weights ``EarlyStopping`` restored; ``keys`` draws those
        columns instead, one panel each.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from graphae.plotting import plot_history

        return plot_history(self, path=path, keys=keys, title=title)

    def __repr__(self):
        return (f"History({self.n_epochs} epochs, {len(self.batch.get('cost', []))} batches, "
                f"epoch keys {sorted(self.epoch)})")


def _table(columns, table):
    """A History table from JSON: a dict of equally long lists of numbers or strings."""
    if not isinstance(columns, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in columns.items()):
        raise ValueError(f"History.from_dict: the {table!r} table must map column names to "
                         f"lists, got {type(columns).__name__}")
    if len({len(v) for v in columns.values()}) > 1:
        raise ValueError(f"History.from_dict: the {table!r} table's columns differ in length")
    cells = (int, float, str, bool, type(None))
    for name, values in columns.items():
        if not all(isinstance(_plain(x), cells) for x in values):
            raise ValueError(f"History.from_dict: column {name!r} of the {table!r} table "
                             f"holds values that are not numbers or strings")
    return {k: [_plain(x) for x in v] for k, v in columns.items()}


def _plain(value):
    """NumPy scalars become Python numbers, so the tables are JSON-ready."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _one_based(epoch):
    return epoch + 1 if isinstance(epoch, int) else epoch


def csv_cell(value):
    """How a History value is written to CSV: floats with 12 significant digits.

    Examples
    --------
    >>> csv_cell(1 - 0.916), csv_cell(3), csv_cell(float("nan")), csv_cell("early")
    ('0.084', 3, 'nan', 'early')
    """
    value = _plain(value)
    if isinstance(value, float):
        return format(value, ".12g")
    return value


def _parse_number(cell):
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            continue
    return cell
