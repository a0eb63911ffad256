"""Seed 003 §19.3's printed letters: 29 × 29 capitals in several fonts, with random noise.

The lecture's fonts are Arial, Courier and Times for training and Tahoma
besides them for cross-validation and testing. They are not free, so this
renders the fonts matplotlib ships (present wherever graphae is installed):
DejaVu Sans for Arial (a sans), DejaVu Sans Mono for Courier (a monospace),
STIX General for Times (STIX is a Times design) and Computer Modern Sans
(``cmss10``) for Tahoma (a fourth, unseen sans).
"""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np

from graphae._validation import check_float_in, check_positive_int

__all__ = ["LETTER_FONTS", "TEST_FONT", "make_printed_letters", "render_letter"]

#: The training fonts: the seed's font, and the matplotlib font standing in for it.
LETTER_FONTS = {"Arial": "DejaVuSans.ttf", "Courier": "DejaVuSansMono.ttf",
                "Times": "STIXGeneral.ttf"}
#: The fourth font of the cross-validation and test sets (the seed's Tahoma).
TEST_FONT = {"Tahoma": "cmss10.ttf"}
LETTERS = string.ascii_uppercase
_OVERSAMPLE = 4  # rendered 4 × larger, then averaged down: anti-aliased edges


def _font_path(name):
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    if not path.exists():
        raise FileNotFoundError(f"matplotlib's font {name} is missing from {path.parent}")
    return path


def render_letter(letter, font_file, size=29, font_size=22):
    """One character as a ``size`` × ``size`` image in [0, 1] (ink 1), centred, at a fixed size.

    Every font is drawn at ``font_size`` pixels (its own letter widths,
    heights and stroke weights, as a printed page), the glyph's bounding box
    centred in the square; larger glyphs are clipped at its edges.

    Examples
    --------
    >>> image = render_letter("A", LETTER_FONTS["Arial"])
    >>> image.shape, float(image.min()), float(image.max())
    ((29, 29), 0.0, 1.0)
    """
    from PIL import Image, ImageDraw, ImageFont

    big = size * _OVERSAMPLE
    font = ImageFont.truetype(str(_font_path(font_file)), font_size * _OVERSAMPLE)
    left, top, right, bottom = font.getbbox(letter)
    canvas = Image.new("L", (big, big), 0)
    origin = ((big - (right - left)) // 2 - left, (big - (bottom - top)) // 2 - top)
    ImageDraw.Draw(canvas).text(origin, letter, fill=255, font=font)
    pixels = np.asarray(canvas, dtype=float).reshape(size, _OVERSAMPLE, size, _OVERSAMPLE)
    image = pixels.mean(axis=(1, 3)) / 255.0
    return image / image.max()


def _flip_noise(images, fraction, rng):
    """Each pixel flipped (``x → 1 - x``) with probability ``fraction``."""
    flipped = rng.random(images.shape) < fraction
    return np.where(flipped, 1.0 - images, images)


def _font_set(fonts, size):
    """Every letter in every font: ``(images (n, size²), labels)``, font by font."""
    images = [render_letter(letter, file, size).ravel() for file in fonts.values()
              for letter in LETTERS]
    return np.array(images), np.tile(np.arange(len(LETTERS)), len(fonts))


def make_printed_letters(random_state=0, size=29, n_noisy=9, train_noise=0.2, test_noise=0.3,
                         n_test_copies=3):
    """Seed 003 §19.3's data: printed capital letters in fonts, with random noise.

    - train: the 26 letters in the three training fonts, clean and
      ``n_noisy`` noisy copies of each (each pixel flipped with probability
      ``train_noise``): 26 × 3 × (1 + ``n_noisy``) images (780 by default);
    - cross-validation: the letters in those fonts plus a fourth
      (:data:`TEST_FONT`), ``n_test_copies`` copies each with a bit more noise
      (``test_noise``): 26 × 4 × 3 = 312 images;
    - test: like the cross-validation set with other noise draws (312 images,
      the seed's "of 312").

    Parameters
    ----------
    random_state : int, default 0
        Seeds the noise (the rendering is deterministic).
    size : int, default 29
    n_noisy : int, default 9
    train_noise, test_noise : float, default 0.2 and 0.3
        The lecture does not say how much noise it adds ("some", then "a bit
        more"); these levels put its shallow network (841-100-26, local
        gains, stop factor 0.05) near the seed's 74 %: 240 of 312 for
        ``random_state=0``.
    n_test_copies : int, default 3

    Returns
    -------
    ((X_train, y_train), (X_cv, y_cv), (X_test, y_test))
        ``X`` of shape (n, size²) in [0, 1] (ink 1, float64), ``y`` the
        letter's index 0–25 (``"A"`` … ``"Z"``).

    Examples
    --------
    >>> (X, y), (X_cv, y_cv), (X_test, y_test) = make_printed_letters()
    >>> X.shape, X_cv.shape, X_test.shape, sorted(set(y)) == list(range(26))
    ((780, 841), (312, 841), (312, 841), True)
    """
    size = check_positive_int(size, "size")
    n_noisy = check_positive_int(n_noisy, "n_noisy")
    n_test_copies = check_positive_int(n_test_copies, "n_test_copies")
    train_noise = check_float_in(train_noise, "train_noise", 0, 1, include_low=True)
    test_noise = check_float_in(test_noise, "test_noise", 0, 1, include_low=True)
    rng = np.random.default_rng(random_state)
    clean, labels = _font_set(LETTER_FONTS, size)
    noisy = [_flip_noise(clean, train_noise, rng) for _ in range(n_noisy)]
    train = (np.concatenate([clean, *noisy]), np.tile(labels, 1 + n_noisy))
    all_fonts, all_labels = _font_set({**LETTER_FONTS, **TEST_FONT}, size)

    def held_out():
        copies = [_flip_noise(all_fonts, test_noise, rng) for _ in range(n_test_copies)]
        return np.concatenate(copies), np.tile(all_labels, n_test_copies)

    return train, held_out(), held_out()
