"""The runtime of ported programs (graphae.ported) and the converter's renames."""

import re

import numpy as np
import pytensor.tensor as pt
import pytest

from graphae import objectives, ported
from graphae.backend import draw, plain_shared
from graphae.compat.theano._table import THEANO_NAMES
from graphae.porting import RENAMES, modern_path

DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def test_renames_are_the_tables_renamed_rows():
    renamed = [row for row in THEANO_NAMES if row.renamed]
    assert RENAMES == {row.name: row.replacement for row in renamed}
    assert RENAMES["theano"] == "pytensor"
    assert all(DOTTED_PATH.fullmatch(row.replacement) for row in renamed)


@pytest.mark.parametrize("path, modern", [
    ("theano.compile.function", "graphae.ported.function"),
    ("theano.tensor.grad", "pytensor.tensor.grad"),  # the root rule, not the table's hint
    ("theano.sandbox.rng_mrg.MRG_RandomStreams", "graphae.ported.shared_generator"),
    ("theano.tensor.nnet.conv2d", "graphae.ported.conv2d"),
    ("theano.printing.pydotprint", None),
])
def test_modern_path(path, modern):
    assert modern_path(path) == modern


def test_draws_from_one_generator_chain_and_advance_per_call():
    rng = ported.shared_generator(0)
    first, second = ported.uniform(rng, (3,)), ported.uniform(rng, (3,))
    step = ported.function([], [first, second])
    a, b = step()
    assert not np.array_equal(a, b)  # the second draw continues from the first
    assert not np.array_equal(step()[0], a)  # the call advanced the generator
    frozen = ported.function([], first, no_default_updates=True)
    np.testing.assert_array_equal(frozen(), frozen())


def test_draws_made_elsewhere_are_found_in_the_graph():
    rng = ported.shared_generator(1)
    next_rng, sample = draw("uniform", 0.0, 1.0, rng=rng, size=(4,))  # no update recorded
    _, chained = draw("uniform", 0.0, 1.0, rng=next_rng, size=(4,))
    sample_step = ported.function([], [sample, chained])
    first, second = sample_step()
    assert not np.array_equal(first, second)
    assert not np.array_equal(sample_step()[0], first)  # advanced to the chain's end
    pinned = ported.function([], sample, updates=[(rng, rng)])  # an explicit update wins
    np.testing.assert_array_equal(pinned(), pinned())
    frozen = ported.function([], sample, no_default_updates=True)
    np.testing.assert_array_equal(frozen(), frozen())


def test_costs_go_through_the_core_objectives():
    P = pt.constant(np.array([[0.2, 0.8], [0.6, 0.4]]))
    labels = pt.constant(np.array([1, 0]))
    np.testing.assert_allclose(
        ported.categorical_crossentropy(P, labels).eval(),
        objectives.negative_log_likelihood(P, labels, reduction="none").eval())
    t, o = pt.constant(np.array([1.0, 0.0])), pt.constant(np.array([0.25, 0.25]))
    np.testing.assert_allclose(ported.binary_crossentropy(o, t).eval(), -np.log([0.25, 0.75]))


def test_float_updates_are_cast_to_the_shared_dtype():
    w = plain_shared(np.float32(1.0))
    ported.function([], [], updates={w: w - np.float64(0.25)})()
    assert w.get_value().dtype == np.float32 and w.get_value() == np.float32(0.75)


def test_draws_need_a_shared_generator():
    with pytest.raises(TypeError, match="shared generator"):
        ported.uniform(np.random.default_rng(0), (2,))
