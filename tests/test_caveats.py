"""Caveats against closed forms: Hasler & Süsstrunk's colourfulness, the plain-background
share, and the digits test split, drawn digits and sample photos on both kinds of model."""
import numpy as np
import pytest
from PIL import Image, ImageDraw
from sklearn.datasets import load_sample_images

from explorer import caveats
from explorer.images import InputSpec
from explorer import predict

DIGITS = InputSpec(1, 8, (0.0,), (1.0,), digit_like=True, resize=8)
PHOTOS = InputSpec(3, 224, (0.5,) * 3, (0.25,) * 3, resize=256)


def _drawn_digit():
    image = Image.new("RGB", (200, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(100, 30), (100, 170)], fill="black", width=16)
    return np.asarray(image)


def test_colourfulness_closed_forms():
    assert caveats.colourfulness(np.full((3, 5, 3), 77)) == 0              # any grey
    red = np.zeros((4, 4, 3))
    red[..., 0] = 255                    # rg = 255, yb = 127.5 everywhere: only the mean term
    assert caveats.colourfulness(red) == pytest.approx(0.3 * np.hypot(255, 127.5))
    halves = np.zeros((2, 2, 3))
    halves[0, :, 2] = 255                # blue on top: yb ∈ {−255, 0}, σ = μ = 127.5 in size
    assert caveats.colourfulness(halves) == pytest.approx(127.5 + 0.3 * 127.5)


def test_plain_share_counts_the_fullest_tone():
    image = np.zeros((10, 10, 3))
    image[:3] = 255                       # 70 % black, 30 % white
    assert caveats.plain_share(image) == pytest.approx(0.7)
    assert caveats.plain_share(np.full((2, 2, 3), 9)) == 1
    ramp = np.repeat(np.linspace(0, 255, 100)[None, :, None], 3, axis=2)
    assert caveats.plain_share(ramp) == pytest.approx(0.1)


def test_digits_and_drawings_pass_photos_are_flagged_on_the_digits_model():
    for pixels, _ in predict.test_set_images():
        assert caveats.caveats(np.stack([pixels] * 3, -1), DIGITS) == []
    assert caveats.caveats(_drawn_digit(), DIGITS) == []
    grey = Image.fromarray(predict.test_set_images()[0][0])           # mode "L", as shown
    assert grey.mode == "L" and caveats.caveats(grey, DIGITS) == []
    china, flower = load_sample_images().images
    assert [c.split(" (")[0] for c in caveats.caveats(china, DIGITS)] == [
        "it is in colour", "it has no plain background"]
    assert caveats.caveats(flower, DIGITS)[0].startswith("it is in colour")
    assert caveats.caveats(np.stack([china.mean(-1)] * 3, -1), DIGITS)[0].startswith(
        "it has no plain background")                       # grey, but a photo


def test_a_drawing_is_flagged_on_a_photo_model_and_photos_pass():
    assert caveats.caveats(_drawn_digit(), PHOTOS)[0].startswith("it is grey on a plain")
    assert all(caveats.caveats(photo, PHOTOS) == [] for photo in load_sample_images().images)


@pytest.mark.parametrize("image", [np.zeros((0, 0, 3)), np.zeros((4, 4)), np.full((2, 2, 3), 300),
                                   np.full((2, 2, 3), np.nan), "text"])
def test_bad_images_are_refused(image):
    with pytest.raises(ValueError, match="image"):
        caveats.colourfulness(image)
