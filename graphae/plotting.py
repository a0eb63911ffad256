"""Lecture figures, drawn without a display.

Each function builds a :class:`matplotlib.figure.Figure` directly (no pyplot
state, works headless), optionally writes it to ``path``, and returns it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from graphae._io import atomic_path


def _new_figure(size):
    figure = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(figure)
    return figure


def save_figure(figure, path):
    """Write ``figure`` to ``path`` atomically (temporary file, then rename).

    The format follows the file suffix (``.png``, ``.pdf``, ``.svg``...).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = save_figure(plot_costs([1.0, 0.5]), pathlib.Path(tempfile.mkdtemp()) / "c.png")
    >>> path.stat().st_size > 0
    True
    """
    path = Path(path)
    with atomic_path(path) as temporary:
        figure.savefig(temporary, format=path.suffix.lstrip(".") or "png")
    return path


def _finish(figure, path):
    figure.tight_layout()
    if path is not None:
        save_figure(figure, path)
    return figure


def plot_codes(codes, labels, path=None, title="2-D codes"):
    """Scatter 2-D codes coloured by label, with a legend (X-wing figure).

    Parameters
    ----------
    codes : array_like, shape (n, 2)
    labels : array_like of int, shape (n,)
    path : str or Path, optional
        Where to write the image.
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> figure = plot_codes(np.random.default_rng(0).random((50, 2)), np.arange(50) % 10)
    >>> figure.axes[0].get_legend().get_title().get_text()
    'label'
    """
    codes, labels = np.asarray(codes, dtype=float), np.asarray(labels)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"codes must have shape (n, 2), got {codes.shape}")
    if labels.shape != (codes.shape[0],):
        raise ValueError(f"labels must have shape ({codes.shape[0]},), got {labels.shape}")
    figure = _new_figure((7, 6))
    axes = figure.add_subplot()
    cmap = matplotlib.colormaps["tab10"]
    for index, label in enumerate(np.unique(labels)):
        rows = labels == label
        axes.scatter(*codes[rows].T, s=8, alpha=0.5, color=cmap(index % 10), label=str(label))
    axes.legend(title="label", markerscale=2, loc="best", fontsize="small")
    axes.set(title=title, xlabel="code 1", ylabel="code 2")
    return _finish(figure, path)


def plot_costs(costs, path=None, title="training cost", xlabel="minibatch"):
    """Line plot of a cost history.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> plot_costs([3.0, 2.0, 1.5]).axes[0].get_ylabel()
    'cost'
    """
    costs = np.asarray(costs, dtype=float)
    if costs.ndim != 1 or costs.size == 0:
        raise ValueError(f"costs must be a non-empty 1-D sequence, got shape {costs.shape}")
    figure = _new_figure((7, 4))
    axes = figure.add_subplot()
    axes.plot(costs)
    axes.set(title=title, xlabel=xlabel, ylabel="cost")
    return _finish(figure, path)


def plot_weight_changes(weight_changes, costs=None, path=None):
    """Per-layer mean absolute weight change per step, over the cost curve.

    Parameters
    ----------
    weight_changes : array_like, shape (n_steps, n_layers)
    costs : array_like, shape (n_steps,), optional
        Drawn in a second panel, as in the lecture.
    path : str or Path, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> figure = plot_weight_changes(np.full((10, 3), 1e-3), costs=np.ones(10))
    >>> len(figure.axes)
    2
    """
    changes = np.asarray(weight_changes, dtype=float)
    if changes.ndim != 2 or changes.size == 0:
        raise ValueError(
            f"weight_changes must have shape (n_steps, n_layers), got {changes.shape}"
        )
    panels = 1 if costs is None else 2
    figure = _new_figure((8, 3.5 * panels))
    axes = figure.add_subplot(panels, 1, 1)
    for layer in range(changes.shape[1]):
        axes.plot(changes[:, layer], label=f"layer {layer}")
    axes.set(yscale="log", xlabel="minibatch", ylabel="mean |ΔW|",
             title="weight change per layer")
    axes.legend()
    if costs is not None:
        costs = np.asarray(costs, dtype=float)
        if costs.shape != (changes.shape[0],):
            raise ValueError(f"costs must have shape ({changes.shape[0]},), got {costs.shape}")
        cost_axes = figure.add_subplot(panels, 1, 2)
        cost_axes.plot(costs)
        cost_axes.set(xlabel="minibatch", ylabel="cost", title="training cost")
    return _finish(figure, path)


def plot_history(history, path=None, keys=None):
    """Per-epoch curves of a :class:`graphae.history.History`, one panel each.

    Parameters
    ----------
    history : History
    path : str or Path, optional
    keys : list of str, optional
        Epoch columns to draw; default every numeric one except ``epoch``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from graphae.history import History
    >>> h = History()
    >>> for e in range(3):
    ...     h.record_epoch(epoch=e, cost=1.0 / (e + 1), learning_rate=0.1, time=0.1)
    >>> len(plot_history(h, keys=["cost"]).axes)
    1
    """
    if keys is None:
        keys = [k for k, v in history.epoch.items()
                if k != "epoch" and all(isinstance(x, (int, float)) for x in v)]
    missing = [k for k in keys if k not in history.epoch]
    if missing or not keys or history.n_epochs == 0:
        raise ValueError(f"nothing to plot: keys {keys}, missing {missing}, "
                         f"{history.n_epochs} epochs recorded")
    figure = _new_figure((7, 2.6 * len(keys)))
    for index, key in enumerate(keys, start=1):
        axes = figure.add_subplot(len(keys), 1, index)
        axes.plot(history.epoch_array("epoch") + 1, history.epoch_array(key), marker=".")
        axes.set(xlabel="epoch", ylabel=key)
    return _finish(figure, path)


def show_costs(costs):
    """Show the cost curve in a pyplot window (the lectures' ``show_fig``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")  # no window in a doctest; show() returns at once
    >>> show_costs([1.0, 0.5])
    """
    import matplotlib.pyplot as plt

    plt.figure()
    plt.plot(np.asarray(costs, dtype=float))
    plt.show()
