import numpy as np
import pytest
from matplotlib.image import imread

from graphae.history import History
from graphae.plotting import plot_codes, plot_costs, plot_history, plot_weight_changes

RNG = np.random.default_rng(0)


def _assert_drawn(path, size):
    image = imread(path)
    assert image.shape[:2] == size
    assert image[..., :3].var() > 1e-3  # not blank


def test_codes_scatter(tmp_path):
    figure = plot_codes(RNG.random((100, 2)), RNG.integers(0, 10, 100), tmp_path / "c.png",
                        title="2-D codes", subtitle="trained 3 epochs")
    _assert_drawn(tmp_path / "c.png", (650, 750))
    assert figure.axes[0].get_legend() is not None
    assert figure.get_suptitle() == "2-D codes"
    assert figure.axes[0].get_title() == "trained 3 epochs"


def test_cost_and_weight_change_curves(tmp_path):
    plot_costs(RNG.random(50), tmp_path / "cost.png")
    _assert_drawn(tmp_path / "cost.png", (400, 700))
    figure = plot_weight_changes(RNG.random((50, 4)) + 0.1, RNG.random(50), tmp_path / "w.png")
    _assert_drawn(tmp_path / "w.png", (750, 800))
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["layer 1 (input side)", "layer 2", "layer 3", "output layer"]
    assert "Vanishing gradient" in figure.get_suptitle()
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_bad_plot_input():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot_codes(np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="labels must have shape"):
        plot_codes(np.zeros((5, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="non-empty"):
        plot_costs([])
    with pytest.raises(ValueError, match="costs must have shape"):
        plot_weight_changes(np.ones((5, 2)), np.ones(4))


def test_filter_grid(tmp_path):
    from graphae.plotting import plot_filters, tile_raster_images

    W = RNG.normal(size=(784, 100))
    tiles = tile_raster_images(W.T, (28, 28), (10, 10))
    assert tiles.shape == (289, 289) and tiles.dtype == np.uint8
    plot_filters(W, path=tmp_path / "filters.png")
    _assert_drawn(tmp_path / "filters.png", (700, 700))
    with pytest.raises(ValueError, match=r"shape \(n, 784\)"):
        tile_raster_images(W, (28, 28), (10, 10))
    with pytest.raises(ValueError, match="2-D"):
        plot_filters(np.zeros(5))


def test_reconstructions_and_manifold(tmp_path):
    from graphae.plotting import plot_manifold, plot_reconstructions

    X = RNG.random((10, 784))
    plot_reconstructions(X, X[::-1], path=tmp_path / "rec.png")
    _assert_drawn(tmp_path / "rec.png", (260, 1200))
    decode = lambda z: 1 / (1 + np.exp(-np.tile(z.sum(axis=1, keepdims=True), (1, 784))))  # noqa: E731
    plot_manifold(decode, n=8, path=tmp_path / "manifold.png")
    _assert_drawn(tmp_path / "manifold.png", (700, 700))
    with pytest.raises(ValueError, match="must be equal 2-D shapes"):
        plot_reconstructions(X, X[:3])
    with pytest.raises(ValueError, match="decode returned shape"):
        plot_manifold(lambda z: z, n=3)


def test_accuracy_plots(tmp_path):
    from graphae.plotting import (
        plot_accuracy_contour,
        plot_accuracy_vs_depth,
        plot_accuracy_vs_width,
    )

    l1, l2 = np.logspace(-5, -1, 5), np.logspace(-5, -1, 4)
    plot_accuracy_contour(l1, l2, RNG.random((5, 4)), tmp_path / "contour.png")
    _assert_drawn(tmp_path / "contour.png", (550, 700))
    plot_accuracy_vs_width([8, 32, 128, 512], [0.9, 0.94, 0.96, 0.97], tmp_path / "width.png")
    _assert_drawn(tmp_path / "width.png", (400, 700))
    plot_accuracy_vs_depth([1, 2, 3, 4], [0.95, 0.96, 0.96, 0.95], tmp_path / "depth.png")
    _assert_drawn(tmp_path / "depth.png", (400, 700))
    with pytest.raises(ValueError, match=r"must have shape \(5, 4\)"):
        plot_accuracy_contour(l1, l2, np.ones((4, 5)))
    with pytest.raises(ValueError, match="positive for log axes"):
        plot_accuracy_contour(np.r_[0, l1[1:]], l2, np.ones((5, 4)), log=True)
    seed_grid = np.arange(0, 1, 0.05)  # seed 002 In [8]: starts at 0, linear axes
    figure = plot_accuracy_contour(seed_grid, seed_grid, RNG.random((20, 20)),
                                   tmp_path / "seed.png")
    assert figure.axes[0].get_xscale() == "linear"
    _assert_drawn(tmp_path / "seed.png", (550, 700))
    with pytest.raises(ValueError, match="log2"):
        plot_accuracy_vs_width([0, 2], [0.5, 0.6])
    with pytest.raises(ValueError, match="equal-length"):
        plot_accuracy_vs_depth([1, 2, 3], [0.5, 0.6])


def _history(n_epochs=5, rates=(0.1,)):
    history = History()
    for epoch in range(n_epochs):
        history.record_epoch(epoch=epoch, cost=1 / (epoch + 1), val_loss=1.1 / (epoch + 1),
                             val_accuracy=0.5 + epoch / 20, val_error=0.5 - epoch / 20,
                             learning_rate=rates[epoch % len(rates)], time=0.2)
    return history


def test_history_losses_together_one_metric_and_the_restored_epoch(tmp_path):
    history = _history()
    history.summary["restored_epoch"] = 2
    figure = plot_history(history, tmp_path / "h.png")
    _assert_drawn(tmp_path / "h.png", (660, 700))
    loss, metric = figure.axes
    assert [t.get_text() for t in loss.get_legend().get_texts()] == [
        "training", "validation", "restored best epoch 3"]
    assert metric.get_title() == "held-out accuracy" and loss.get_xlabel().startswith("epoch")
    assert list(loss.lines[0].get_xdata()) == [1, 2, 3, 4, 5]  # counted from 1
    assert figure.get_suptitle() == "training history"


def test_history_shows_a_learning_rate_only_when_it_changes():
    assert len(plot_history(_history(rates=(0.1, 0.05))).axes) == 3
    with pytest.raises(ValueError, match="nothing to plot"):
        plot_history(History())
