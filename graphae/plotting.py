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


def plot_codes(codes, labels, path=None, title="2-D codes", subtitle=None,
               legend_title="label"):
    """Scatter 2-D codes coloured by label, with a legend (X-wing figure).

    Parameters
    ----------
    codes : array_like, shape (n, 2)
    labels : array_like of int, shape (n,)
    path : str or Path, optional
        Where to write the image.
    title : str
    subtitle : str, optional
        A smaller second line under the title (data, settings, accuracy).
    legend_title : str

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
    figure = _new_figure((7.5, 6.5))
    axes = figure.add_subplot()
    cmap = matplotlib.colormaps["tab10"]
    size = 14 if len(labels) <= 2000 else 6  # a few thousand points stay readable
    for index, label in enumerate(np.unique(labels)):
        rows = labels == label
        axes.scatter(*codes[rows].T, s=size, alpha=0.6, color=cmap(index % 10),
                     label=str(label))
    axes.legend(title=legend_title, markerscale=2, loc="best", fontsize="small")
    axes.set(xlabel="code 1", ylabel="code 2")
    if subtitle:
        figure.suptitle(title, fontsize="large")
        axes.set_title(subtitle, fontsize="small")
    else:
        axes.set_title(title)
    return _finish(figure, path)


def plot_costs(costs, path=None, title="training cost", xlabel="minibatch", log=False):
    """Line plot of a cost history (``log=True``: a logarithmic cost axis).

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
    if log:
        if (costs <= 0).any():
            raise ValueError("costs must be positive for a log axis")
        axes.set_yscale("log")
    axes.set(title=title, xlabel=xlabel, ylabel="cost")
    return _finish(figure, path)


def layer_roles(n_layers):
    """Legend names of ``n_layers`` weight matrices, input side first, output layer last.

    Examples
    --------
    >>> layer_roles(4)
    ['layer 1 (input side)', 'layer 2', 'layer 3', 'output layer']
    >>> layer_roles(1)
    ['output layer']
    """
    names = [f"layer {i}" for i in range(1, n_layers)] + ["output layer"]
    if n_layers > 1:
        names[0] += " (input side)"
    return names


def plot_weight_changes(weight_changes, costs=None, path=None, title=None):
    """Per-layer mean absolute weight change per step, over the cost curve.

    Parameters
    ----------
    weight_changes : array_like, shape (n_steps, n_layers)
        Columns ordered from the input side to the output layer (the
        lecture's ``allWs``).
    costs : array_like, shape (n_steps,), optional
        Drawn in a second panel, as in the lecture.
    path : str or Path, optional
    title : str, optional
        The figure's title (default: what the figure shows).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> figure = plot_weight_changes(np.full((10, 3), 1e-3), costs=np.ones(10))
    >>> len(figure.axes), figure.axes[0].get_legend().get_texts()[-1].get_text()
    (2, 'output layer')
    """
    changes = np.asarray(weight_changes, dtype=float)
    if changes.ndim != 2 or changes.size == 0:
        raise ValueError(
            f"weight_changes must have shape (n_steps, n_layers), got {changes.shape}"
        )
    panels = 1 if costs is None else 2
    figure = _new_figure((8, 3.5 * panels + 0.5))
    figure.suptitle(title or "Vanishing gradient: how much each layer's weights move per step")
    axes = figure.add_subplot(panels, 1, 1)
    for layer, name in enumerate(layer_roles(changes.shape[1])):
        axes.plot(changes[:, layer], label=name)
    axes.set(yscale="log", xlabel="minibatch", ylabel="mean |ΔW| per step",
             title="weight change per layer (log scale)")
    axes.legend(fontsize="small")
    if costs is not None:
        costs = np.asarray(costs, dtype=float)
        if costs.shape != (changes.shape[0],):
            raise ValueError(f"costs must have shape ({changes.shape[0]},), got {costs.shape}")
        cost_axes = figure.add_subplot(panels, 1, 2)
        cost_axes.plot(costs)
        cost_axes.set(xlabel="minibatch", ylabel="cost (cross-entropy)", title="training cost")
    return _finish(figure, path)


_LOSS_KEYS = ("cost", "loss", "val_loss")
_METRIC_KEYS = ("val_accuracy", "accuracy", "val_error", "error")


def _history_panels(history, keys):
    """``[(title, ylabel, [keys])]`` to draw: losses together, then one metric."""
    if keys is not None:
        return [(key, key, [key]) for key in keys]
    losses = [k for k in _LOSS_KEYS if k in history.epoch]
    metric = next((k for k in _METRIC_KEYS if k in history.epoch), None)
    panels = [("loss per epoch", "mean loss", losses)] if losses else []
    if metric:
        panels.append((metric.replace("val_", "held-out ").replace("_", " "),
                       metric.replace("val_", ""), [metric]))
    rates = set(history.epoch.get("learning_rate", []))
    if len(rates) > 1:  # a constant learning rate says nothing
        panels.append(("learning rate (schedule)", "learning rate", ["learning_rate"]))
    return panels


def plot_history(history, path=None, keys=None, title="training history"):
    """Per-epoch curves of a :class:`graphae.history.History`.

    By default: training and validation loss in one panel, one metric panel
    (held-out accuracy when recorded), and the learning rate only when a
    schedule changed it. The epoch whose weights ``EarlyStopping`` restored
    (``history.summary["restored_epoch"]``) is marked in every panel.

    Parameters
    ----------
    history : History
    path : str or Path, optional
    keys : list of str, optional
        Draw these epoch columns instead, one panel each.
    title : str

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from graphae.history import History
    >>> h = History()
    >>> for e in range(3):
    ...     h.record_epoch(epoch=e, cost=1.0 / (e + 1), val_loss=1.2 / (e + 1),
    ...                    val_accuracy=0.5 + e / 10, learning_rate=0.1, time=0.1)
    >>> [a.get_title() for a in plot_history(h).axes]
    ['loss per epoch', 'held-out accuracy']
    >>> len(plot_history(h, keys=["cost"]).axes)
    1
    """
    panels = _history_panels(history, keys)
    missing = [k for _, _, names in panels for k in names if k not in history.epoch]
    if missing or not panels or history.n_epochs == 0:
        raise ValueError(f"nothing to plot: keys {keys}, missing {missing}, "
                         f"{history.n_epochs} epochs recorded")
    epochs = history.epoch_array("epoch") + 1
    restored = history.summary.get("restored_epoch")
    figure = _new_figure((7, 1.0 + 2.8 * len(panels)))
    figure.suptitle(title)
    for index, (panel_title, ylabel, names) in enumerate(panels, start=1):
        axes = figure.add_subplot(len(panels), 1, index)
        for name in names:
            label = {"cost": "training", "val_loss": "validation"}.get(name, name)
            axes.plot(epochs, history.epoch_array(name), marker=".", label=label)
        if restored is not None:
            axes.axvline(restored + 1, color="grey", linestyle="--",
                         label=f"restored best epoch {restored + 1}")
        axes.set(title=panel_title, xlabel="epoch (counted from 1)", ylabel=ylabel)
        if len(names) > 1 or restored is not None:
            axes.legend(fontsize="small")
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


def tile_raster_images(X, img_shape, tile_shape, tile_spacing=(1, 1),
                       scale_rows_to_unit_interval=True):
    """Arrange rows of ``X`` (flattened images) in a grid, as the tutorials' utils did.

    Parameters
    ----------
    X : array_like, shape (n, h * w)
        E.g. ``W.T`` of a dA or RBM: one filter per row.
    img_shape : (h, w)
    tile_shape : (rows, columns)
        Rows beyond ``rows * columns`` are ignored; missing ones stay black.
    tile_spacing : (int, int)
    scale_rows_to_unit_interval : bool
        Scale each image to [0, 1] before drawing.

    Returns
    -------
    numpy.ndarray of uint8, shape (rows * (h + s) - s, columns * (w + s) - s)

    Examples
    --------
    >>> import numpy as np
    >>> tile_raster_images(np.ones((6, 4)), (2, 2), (2, 3)).shape
    (5, 8)
    """
    X = np.asarray(X, dtype=float)
    h, w = img_shape
    rows, cols = tile_shape
    if X.ndim != 2 or X.shape[1] != h * w:
        raise ValueError(f"X must have shape (n, {h * w}) for images of {img_shape}, "
                         f"got {X.shape}")
    sh, sw = tile_spacing
    out = np.zeros((rows * (h + sh) - sh, cols * (w + sw) - sw), dtype=np.uint8)
    for index in range(min(len(X), rows * cols)):
        image = X[index].reshape(h, w)
        if scale_rows_to_unit_interval:
            image = image - image.min()
            image = image / (image.max() + 1e-8)
        r, c = divmod(index, cols)
        out[r * (h + sh):r * (h + sh) + h, c * (w + sw):c * (w + sw) + w] = np.clip(
            image * 255, 0, 255).astype(np.uint8)
    return out


def plot_filters(weights, img_shape=(28, 28), tile_shape=(10, 10), path=None,
                 title="filters"):
    """Grid of weight vectors as images (dA filters, first-layer features).

    Parameters
    ----------
    weights : array_like, shape (h * w, n_filters)
        A weight matrix with one filter per column (e.g. a dA's ``W``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> figure = plot_filters(np.random.default_rng(0).normal(size=(16, 9)), (4, 4), (3, 3))
    >>> figure.axes[0].get_title()
    'filters'
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2:
        raise ValueError(f"weights must be 2-D (pixels, filters), got {weights.shape}")
    tiles = tile_raster_images(weights.T, img_shape, tile_shape)
    figure = _new_figure((7, 7 * tiles.shape[0] / tiles.shape[1]))
    axes = figure.add_subplot()
    axes.imshow(tiles, cmap="gray", interpolation="nearest")
    axes.set(title=title, xticks=[], yticks=[])
    return _finish(figure, path)


def plot_reconstructions(originals, reconstructions, img_shape=(28, 28), n=10, path=None):
    """Inputs (top row) above their reconstructions (bottom row).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).random((5, 16))
    >>> len(plot_reconstructions(X, X, (4, 4), n=5).axes)
    10
    """
    originals = np.asarray(originals, dtype=float)
    reconstructions = np.asarray(reconstructions, dtype=float)
    if originals.shape != reconstructions.shape or originals.ndim != 2:
        raise ValueError(f"originals {originals.shape} and reconstructions "
                         f"{reconstructions.shape} must be equal 2-D shapes")
    if originals.shape[1] != img_shape[0] * img_shape[1]:
        raise ValueError(f"rows of {originals.shape[1]} values are not {img_shape} images")
    n = min(n, len(originals))
    if n < 1:
        raise ValueError("nothing to draw: no images")
    figure = _new_figure((1.2 * n, 2.6))
    for row, images in enumerate((originals, reconstructions)):
        for column in range(n):
            axes = figure.add_subplot(2, n, row * n + column + 1)
            axes.imshow(images[column].reshape(img_shape), cmap="gray", vmin=0, vmax=1)
            axes.set(xticks=[], yticks=[])
            if column == 0:
                axes.set_ylabel("input" if row == 0 else "output")
    return _finish(figure, path)


def plot_manifold(decode, n=15, img_shape=(28, 28), path=None):
    """Images decoded from a grid of 2-D latent points spaced by ``norm.ppf``.

    Parameters
    ----------
    decode : callable
        Maps an (m, 2) array of latent points to (m, h * w) images (a VAE's
        decoder).
    n : int
        The grid is n × n, over the 5%..95% quantiles of a standard normal.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> decode = lambda z: np.tile(1 / (1 + np.exp(-z[:, :1])), (1, 16))
    >>> plot_manifold(decode, n=4, img_shape=(4, 4)).axes[0].get_title()
    'latent space manifold'
    """
    from scipy.stats import norm

    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    grid = norm.ppf(np.linspace(0.05, 0.95, n))
    points = np.array([[x, y] for y in grid[::-1] for x in grid])
    images = np.asarray(decode(points), dtype=float)
    h, w = img_shape
    if images.shape != (n * n, h * w):
        raise ValueError(f"decode returned shape {images.shape}, expected {(n * n, h * w)}")
    canvas = images.reshape(n, n, h, w).transpose(0, 2, 1, 3).reshape(n * h, n * w)
    figure = _new_figure((7, 7))
    axes = figure.add_subplot()
    axes.imshow(canvas, cmap="gray")
    axes.set(title="latent space manifold", xticks=[], yticks=[])
    return _finish(figure, path)


def plot_accuracy_contour(l1_values, l2_values, accuracy, path=None, log=None):
    """Accuracy over a grid of L1 × L2 penalties, as a filled contour.

    Parameters
    ----------
    l1_values, l2_values : array_like
        Penalty values (rows and columns of ``accuracy``).
    accuracy : array_like, shape (len(l1_values), len(l2_values))
    path : str or Path, optional
    log : bool, optional
        Log axes; None (default) chooses them when every penalty is
        positive, linear axes when the grid contains 0 (seed 002's grid).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> grid = np.outer([0.9, 0.8], [0.85, 0.7, 0.6])
    >>> plot_accuracy_contour([1e-4, 1e-2], [1e-4, 1e-3, 1e-2], grid).axes[0].get_xscale()
    'log'
    >>> plot_accuracy_contour([0, 0.5], [0, 0.5, 0.9], grid).axes[0].get_xscale()
    'linear'
    """
    l1_values, l2_values = np.asarray(l1_values, float), np.asarray(l2_values, float)
    accuracy = np.asarray(accuracy, dtype=float)
    if accuracy.shape != (len(l1_values), len(l2_values)) or min(accuracy.shape) < 2:
        raise ValueError(f"accuracy must have shape ({len(l1_values)}, {len(l2_values)}) "
                         f"with at least 2 values per axis, got {accuracy.shape}")
    positive = (l1_values > 0).all() and (l2_values > 0).all()
    if log is None:
        log = bool(positive)
    if log and not positive:
        raise ValueError("penalties must be positive for log axes (pass log=False for a grid "
                         "that contains 0)")
    figure = _new_figure((7, 5.5))
    axes = figure.add_subplot()
    filled = axes.contourf(l2_values, l1_values, accuracy, levels=12, cmap="viridis")
    figure.colorbar(filled, ax=axes, label="test accuracy")
    scale = "log" if log else "linear"
    axes.set(xscale=scale, yscale=scale, xlabel="L2 penalty", ylabel="L1 penalty",
             title="accuracy over L1 × L2")
    return _finish(figure, path)


def _accuracy_line(values, accuracy, xlabel, title, log2, path):
    values, accuracy = np.asarray(values, float), np.asarray(accuracy, float)
    if values.ndim != 1 or values.shape != accuracy.shape or values.size < 2:
        raise ValueError(f"need equal-length 1-D values and accuracies (2 or more), got "
                         f"{values.shape} and {accuracy.shape}")
    figure = _new_figure((7, 4))
    axes = figure.add_subplot()
    axes.plot(values, accuracy, marker="o")
    if log2:
        if (values <= 0).any():
            raise ValueError("widths must be positive for a log2 axis")
        axes.set_xscale("log", base=2)
    axes.set(xlabel=xlabel, ylabel="accuracy", title=title)
    return _finish(figure, path)


def plot_accuracy_vs_width(widths, accuracy, path=None):
    """Accuracy against hidden-layer width, on a log2 axis.

    Examples
    --------
    >>> plot_accuracy_vs_width([16, 64, 256], [0.9, 0.95, 0.97]).axes[0].get_xscale()
    'log'
    """
    return _accuracy_line(widths, accuracy, "hidden units (log2)", "accuracy vs width",
                          True, path)


def plot_accuracy_vs_depth(depths, accuracy, path=None):
    """Accuracy against the number of hidden layers.

    Examples
    --------
    >>> plot_accuracy_vs_depth([1, 2, 3], [0.95, 0.96, 0.955]).axes[0].get_xlabel()
    'hidden layers'
    """
    return _accuracy_line(depths, accuracy, "hidden layers", "accuracy vs depth", False, path)


def plot_3d_and_codes(data, codes, path=None, title="codes"):
    """Seed 003 §18.3's figure: 3-D points (left) and their 2-D codes (right).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> figure = plot_3d_and_codes(rng.random((20, 3)), rng.random((20, 2)))
    >>> [axes.name for axes in figure.axes]
    ['3d', 'rectilinear']
    """
    data, codes = np.asarray(data, dtype=float), np.asarray(codes, dtype=float)
    if data.ndim != 2 or data.shape[1] != 3 or data.shape[0] < 1:
        raise ValueError(f"data must be (n, 3) points, got shape {data.shape}")
    if codes.ndim != 2 or codes.shape[1] != 2 or codes.shape[0] < 1:
        raise ValueError(f"codes must be (n, 2), got shape {codes.shape}")
    figure = _new_figure((9, 4))
    axes = figure.add_subplot(1, 2, 1, projection="3d")
    axes.scatter(data[:, 0], data[:, 1], data[:, 2], s=8)
    axes.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="$x_3$", title="3-D data")
    axes = figure.add_subplot(1, 2, 2)
    axes.scatter(codes[:, 0], codes[:, 1], s=8)
    axes.set(xlabel="$z_1$", ylabel="$z_2$", title=title)
    return _finish(figure, path)


def plot_layer_gradients(series, path=None, title="gradient magnitude by layer"):
    """Mean ``|∂loss/∂W|`` per layer, one line per network, on a log axis (seed 003 §19.3).

    Parameters
    ----------
    series : dict of str to array_like
        A label (``"random init"``, ``"RBM-pretrained"``) to one value per
        weight matrix, input side first (:class:`graphae.diagnostics.LayerGradientNorms`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> figure = plot_layer_gradients({"random": [1e-6, 1e-4, 1e-2], "pretrained": [1e-3] * 3})
    >>> figure.axes[0].get_yscale()
    'log'
    """
    if not series:
        raise ValueError("series must hold at least one network's gradients, got none")
    figure = _new_figure((7, 4))
    axes = figure.add_subplot()
    for label, values in series.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or (values <= 0).any():
            raise ValueError(f"{label!r}: need one positive value per layer, got {values!r}")
        axes.plot(np.arange(1, values.size + 1), values, marker="o", label=label)
        axes.set_xticks(np.arange(1, values.size + 1))
    axes.set_yscale("log")
    axes.set(xlabel="layer (1 = input side)", ylabel="mean |dE/dW|", title=title)
    axes.legend()
    return _finish(figure, path)
