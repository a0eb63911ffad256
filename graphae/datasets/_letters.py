"""Seed 003 §19.3's printed letters: 29 × 29 capitals in several fonts, with random noise.

The lecture's fonts are Arial, Courier and Times for training and Tahoma
besides them for cross-validation and testing. They are not free, so this
renders the fonts matplotlib ships (present wherever graphae is installed):
DejaVu Sans for Arial (a sans), DejaVu Sans Mono for Courier (a monospace),
STIX General for Times (STIX is a Times design) and Computer Modern Sans
(``cmss10``) for Tahoma (a fourth, unseen sans).
"""

from __future__ import annotations

import functools
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
FONT_SIZE = 22  # the font size in pixels, before the 4 × oversampling


def _font_path(name):
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    if not path.exists():
        raise FileNotFoundError(f"matplotlib's font {name} is missing from {path.parent}")
    return path


@functools.lru_cache(maxsize=1024)
def _glyph_canvas(letter, font_file, size, font_size):
    """The letter drawn on a ``size`` × ``size`` square oversampled 4 times (a Pillow image).

    Cached: every set draws each letter of each font once; callers never
    change the image (a move or a turn makes a new one).
    """
    from PIL import Image, ImageDraw, ImageFont

    big = size * _OVERSAMPLE
    font = ImageFont.truetype(str(_font_path(font_file)), font_size * _OVERSAMPLE)
    left, top, right, bottom = font.getbbox(letter)
    canvas = Image.new("L", (big, big), 0)
    origin = ((big - (right - left)) // 2 - left, (big - (bottom - top)) // 2 - top)
    ImageDraw.Draw(canvas).text(origin, letter, fill=255, font=font)
    return canvas


def _downsampled(canvas, size):
    pixels = np.asarray(canvas, dtype=float).reshape(size, _OVERSAMPLE, size, _OVERSAMPLE)
    image = pixels.mean(axis=(1, 3)) / 255.0
    return image / max(image.max(), 1e-12)


def render_letter(letter, font_file, size=29, font_size=FONT_SIZE, shift=(0.0, 0.0), angle=0.0):
    """One character as a ``size`` × ``size`` image in [0, 1] (ink 1), centred, at a fixed size.

    Every font is drawn at ``font_size`` pixels (its own letter widths,
    heights and stroke weights, as a printed page), the glyph's bounding box
    centred in the square, then moved by ``shift`` pixels (x, y) and turned
    by ``angle`` degrees about the centre; ink beyond the edges is lost.

    Examples
    --------
    >>> image = render_letter("A", LETTER_FONTS["Arial"])
    >>> image.shape, float(image.min()), float(image.max())
    ((29, 29), 0.0, 1.0)
    """
    canvas = _glyph_canvas(letter, font_file, size, font_size)
    return _downsampled(_moved(canvas, shift, angle), size)


def _moved(canvas, shift, angle):
    from PIL import Image

    if not any(shift) and not angle:
        return canvas
    dx, dy = (float(v) * _OVERSAMPLE for v in shift)
    return canvas.rotate(float(angle), resample=Image.BILINEAR, translate=(dx, dy))


def _noisy_copies(fonts, size, n_copies, jitter, flip, rng):
    """``n_copies`` of every letter in every font, each moved, turned and pixel-flipped at random.

    Returns ``(images (n, size²), labels)``, copy by copy, font by font.
    """
    max_shift, max_angle = jitter
    canvases = [_glyph_canvas(letter, file, size, FONT_SIZE) for file in fonts.values()
                for letter in LETTERS]
    images = []
    for _ in range(n_copies):
        for canvas in canvases:
            shift, angle = rng.uniform(-max_shift, max_shift, 2), rng.uniform(-max_angle, max_angle)
            image = _downsampled(_moved(canvas, shift, angle), size)
            flipped = rng.random(image.shape) < flip
            images.append(np.where(flipped, 1.0 - image, image).ravel())
    labels = np.tile(np.arange(len(LETTERS)), len(fonts) * n_copies)
    return np.array(images), labels


def make_printed_letters(random_state=0, size=29, n_noisy=9, train_noise=0.03, test_noise=0.05,
                         train_jitter=(1.5, 8.0), test_jitter=(2.0, 10.0), n_test_copies=3):
    """Seed 003 §19.3's data: printed capital letters in fonts, with random noise.

    - train: the 26 letters in the three training fonts, clean and
      ``n_noisy`` noisy copies of each: 26 × 3 × (1 + ``n_noisy``) images
      (780 by default);
    - cross-validation: the letters in those fonts plus a fourth
      (:data:`TEST_FONT`), ``n_test_copies`` copies each with a bit more noise:
      26 × 4 × 3 = 312 images;
    - test: like the cross-validation set with other noise draws (312 images,
      the seed's "of 312").

    A noisy copy is the letter moved by up to ``jitter[0]`` pixels in x and
    y, turned by up to ``jitter[1]`` degrees (uniformly at random), with
    each pixel flipped (``x → 1 - x``) with probability ``noise``. The
    lecture only says "with some random noise", then "a bit more": these
    levels put its shallow network (841-100-26, local gains, stop factor
    0.05) near its 74 % (240 of 312 for ``random_state=0``), while the
    letters keep a structure an RBM can learn (at 20 % flipped pixels an
    RBM models the noise).

    Parameters
    ----------
    random_state : int, default 0
        Seeds the noise (the rendering is deterministic).
    size : int, default 29
    n_noisy : int, default 9
    train_noise, test_noise : float, default 0.03 and 0.05
    train_jitter, test_jitter : (float, float), default (1.5, 8.0) and (2.0, 10.0)
        The largest shift (pixels) and turn (degrees).
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
    train_jitter, test_jitter = (_checked_jitter(j, name) for j, name in (
        (train_jitter, "train_jitter"), (test_jitter, "test_jitter")))
    rng = np.random.default_rng(random_state)
    clean, labels = _noisy_copies(LETTER_FONTS, size, 1, (0.0, 0.0), 0.0, rng)
    noisy, noisy_labels = _noisy_copies(LETTER_FONTS, size, n_noisy, train_jitter, train_noise,
                                        rng)
    train = (np.concatenate([clean, noisy]), np.concatenate([labels, noisy_labels]))
    fonts = {**LETTER_FONTS, **TEST_FONT}
    cv = _noisy_copies(fonts, size, n_test_copies, test_jitter, test_noise, rng)
    return train, cv, _noisy_copies(fonts, size, n_test_copies, test_jitter, test_noise, rng)


def _checked_jitter(jitter, name):
    try:
        shift, angle = (float(v) for v in jitter)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be (max shift in pixels, max angle in degrees); "
                         f"got {jitter!r}") from None
    if shift < 0 or angle < 0:
        raise ValueError(f"{name} must be non-negative; got {jitter!r}")
    return shift, angle
