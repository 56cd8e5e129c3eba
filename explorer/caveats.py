"""Does an image look like the data a model was trained on? Two measures and the caveats
Predict shows for *any* image (an uploaded photo on the 8×8 digits model answers a digit
with high confidence all the same: a softmax always sums to 1).

- Colourfulness (Hasler & Süsstrunk 2003), pixels in 0–255:
  ``rg = R − G``, ``yb = (R + G)/2 − B``, ``M = √(σ_rg² + σ_yb²) + 0.3·√(μ_rg² + μ_yb²)``;
  0 is grey, about 15 "slightly colourful", 33 "moderately", 45+ "quite colourful".
- Plain background share: the grey levels stretched to [0, 1] by their own min and max, in
  10 equal bins; the share of pixels in the fullest bin. A digit on a plain ground (the
  sklearn digits: at least 0.39 over its whole test split; a digit drawn here: about 0.9) is
  high; a photo's tones spread (0.23 for scikit-learn's china.jpg in grey).
"""
from __future__ import annotations

import numpy as np

from explorer.errors import InputError, check_array
from explorer.images import InputSpec

COLOURFUL = 15.0       # "slightly colourful" and above: not the grey digits a model saw
PLAIN_DIGITS = 0.35    # below: no plain background, not a digit on paper or a black ground
PLAIN_DRAWING = 0.6    # above, in grey: a drawing or a digit, not a photo

# The caveats, as templates (a page translates them: ui.i18n.message).
IN_COLOUR = "it is in colour (colourfulness {colour:.0f}; the digits were grey, 0)"
NO_PLAIN_BACKGROUND = ("it has no plain background (only {plain:.0%} of its pixels share one "
                       "tone; a digit on paper or on black has ≥ {needed:.0%})")
GREY_DRAWING = ("it is grey on a plain background ({plain:.0%} of its pixels share one tone): a "
                "drawing or a digit, where this model saw colour photos")


def _pixels(image) -> np.ndarray:
    """PIL image (any mode) or array ``[H, W, 3]`` in 0–255 -> float64 ``[H, W, 3]``."""
    if hasattr(image, "convert"):           # a PIL image: grey, RGBA, palette -> RGB
        image = image.convert("RGB")
    try:
        rgb = np.asarray(image, dtype=float)
    except (TypeError, ValueError):
        raise InputError("other", "image must be RGB pixels", name="image") from None
    rgb = check_array("image", rgb, shape=(None, None, 3))
    if rgb.size == 0 or rgb.min() < 0 or rgb.max() > 255:
        raise InputError("out_of_range", "image must be non-empty RGB pixels in 0–255",
                         name="image", value=None, low=0, high=255)
    return rgb.astype(float)


def colourfulness(image) -> float:
    """Hasler & Süsstrunk's M of an RGB image ``[H, W, 3]`` in 0–255 (see the module)."""
    rgb = _pixels(image)
    rg = rgb[..., 0] - rgb[..., 1]
    yb = 0.5 * (rgb[..., 0] + rgb[..., 1]) - rgb[..., 2]
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


def plain_share(image) -> float:
    """Share of pixels in the fullest of 10 bins of the min-max stretched grey levels."""
    grey = _pixels(image).mean(-1)
    span = grey.max() - grey.min()
    if span == 0:
        return 1.0
    bins = np.minimum(((grey - grey.min()) / span * 10).astype(int), 9)
    return float(np.bincount(bins.ravel(), minlength=10).max() / grey.size)


def caveats(image, spec: InputSpec) -> list[str]:
    """Why ``image`` does not look like the training data of a model with input ``spec``
    (grey digits when ``spec.digit_like``, colour photos otherwise); [] when it does."""
    colour, plain = colourfulness(image), plain_share(image)
    if spec.digit_like:
        found = []
        if colour > COLOURFUL:
            found.append(IN_COLOUR.format(colour=colour))
        if plain < PLAIN_DIGITS:
            found.append(NO_PLAIN_BACKGROUND.format(plain=plain, needed=PLAIN_DIGITS))
        return found
    if colour < 2 and plain > PLAIN_DRAWING:
        return [GREY_DRAWING.format(plain=plain)]
    return []
