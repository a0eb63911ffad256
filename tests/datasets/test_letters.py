import numpy as np
import pytest

from graphae.datasets import LETTER_FONTS, TEST_FONT, make_printed_letters, render_letter


def test_shapes_classes_and_range_are_the_documented_ones():
    (X, y), (X_cv, y_cv), (X_test, y_test) = make_printed_letters()
    assert X.shape == (26 * 3 * 10, 841) and X_cv.shape == X_test.shape == (312, 841)
    for images, labels in ((X, y), (X_cv, y_cv), (X_test, y_test)):
        assert images.dtype == np.float64 and images.min() == 0.0 and images.max() == 1.0
        assert labels.shape == (len(images),)
        np.testing.assert_array_equal(np.bincount(labels), np.full(26, len(labels) // 26))
    clean = X[:78]  # the three training fonts, noiseless
    assert len({row.tobytes() for row in clean}) == 78
    np.testing.assert_array_equal(clean[0], render_letter("A", LETTER_FONTS["Arial"]).ravel())
    assert len(LETTER_FONTS) == 3 and list(TEST_FONT) == ["Tahoma"]


def test_the_same_seed_gives_the_same_sets_and_noise_differs_between_sets():
    first, second = make_printed_letters(random_state=3), make_printed_letters(random_state=3)
    for (a, b), (c, d) in zip(first, second):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    other = make_printed_letters(random_state=4)
    assert not np.array_equal(first[0][0], other[0][0])
    (_, _), (X_cv, _), (X_test, _) = first
    assert not np.array_equal(X_cv, X_test)  # "differs only by the random noise"


def test_noise_levels_flip_the_documented_fractions():
    (X, _), (X_cv, _), _ = make_printed_letters(n_noisy=20, train_noise=0.05, test_noise=0.1,
                                                train_jitter=(0, 0), test_jitter=(0, 0),
                                                n_test_copies=5)
    clean = X[:78]
    train_flipped = np.mean(X[78:] != np.tile(clean, (20, 1)))
    assert abs(train_flipped - 0.05) < 0.003
    four_fonts = X_cv[:104]
    assert abs(np.mean(X_cv[104:] != np.tile(four_fonts, (4, 1))) - 2 * 0.1 * 0.9) < 0.006


def test_jitter_moves_and_turns_the_letters_within_the_limits():
    (X, _), _, _ = make_printed_letters(n_noisy=4, train_noise=0.0, train_jitter=(2.0, 10.0))
    clean, moved = X[:78], X[78:].reshape(4, 78, -1)
    assert all(not np.array_equal(copy, clean) for copy in moved)
    ink = clean.sum(1)  # a turn and a shift of at most 2 pixels keep the ink in the square
    np.testing.assert_allclose(moved.sum(2).mean(0), ink, rtol=0.1)
    centre = np.arange(29) - 14
    for copy in moved:
        images = copy.reshape(78, 29, 29)
        x = (images.sum(1) * centre).sum(1) / images.sum((1, 2))
        x_clean = (clean.reshape(78, 29, 29).sum(1) * centre).sum(1) / ink
        assert np.all(np.abs(x - x_clean) < 2.6)  # 2 pixels, plus what a 10° turn moves


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="train_jitter"):
        make_printed_letters(train_jitter=(1.0,))
    with pytest.raises(ValueError, match="test_jitter must be non-negative"):
        make_printed_letters(test_jitter=(-1.0, 2.0))
    with pytest.raises(ValueError, match="train_noise"):
        make_printed_letters(train_noise=1.5)
    with pytest.raises(ValueError, match="n_noisy"):
        make_printed_letters(n_noisy=0)
