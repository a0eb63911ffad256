import numpy as np
import pytest
from matplotlib.image import imread

from graphae.plotting import plot_codes, plot_costs, plot_weight_changes

RNG = np.random.default_rng(0)


def _assert_drawn(path, size):
    image = imread(path)
    assert image.shape[:2] == size
    assert image[..., :3].var() > 1e-3  # not blank


def test_codes_scatter(tmp_path):
    figure = plot_codes(RNG.random((100, 2)), RNG.integers(0, 10, 100), tmp_path / "c.png")
    _assert_drawn(tmp_path / "c.png", (600, 700))
    assert figure.axes[0].get_legend() is not None


def test_cost_and_weight_change_curves(tmp_path):
    plot_costs(RNG.random(50), tmp_path / "cost.png")
    _assert_drawn(tmp_path / "cost.png", (400, 700))
    plot_weight_changes(RNG.random((50, 4)) + 0.1, RNG.random(50), tmp_path / "w.png")
    _assert_drawn(tmp_path / "w.png", (700, 800))
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
