"""explorer.images: every file of the bad-input corpus, and preprocessing against torchvision."""
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torchvision.transforms import v2

from explorer import images
from explorer.budget import MAX_WORKING_SIDE
from explorer.errors import InputError
from explorer.images import DISPLAY_SIDE, ImageError, InputSpec, load_image, preprocess
from tests.data.make_bad_images import corpus, largest_allowed, oversized_bytes

CORPUS = Path(__file__).parent / "data" / "bad_images"

# file -> words the refusal message must contain
REFUSED = {
    "zero_bytes.png": "empty (0 bytes)",
    "truncated.png": "truncated or corrupt",
    "truncated.jpg": "truncated or corrupt",
    "text_renamed.png": "not an image",
    "vector.svg": "SVG",
    "document.pdf": "PDF document",
    "archive_renamed.png": "ZIP archive",
    "page_renamed.jpg": "HTML page",
    "icon.ico": "ICO icon",
    "one_pixel.png": "1×1 pixels is too small",
    "tiny_4x4.png": "4×4 pixels is too small",
    "header_30000x30000.png": "decompression bomb",
    "garbage_after_jpeg_magic.jpg": "Accepted formats",
    "aspect_8x50000.png": "6,250:1, over the limit of 50:1",
    "aspect_50000x8.png": "6,250:1, over the limit of 50:1",
    "aspect_8x200000.png": "25,000:1, over the limit of 50:1",
    "float_all_nan.tif": "no pixel has a finite value",
}
# refusals for a limit (code "budget"); the others cannot be used at all (code "file")
OVER_BUDGET = {"header_30000x30000.png", "aspect_8x50000.png", "aspect_50000x8.png",
               "aspect_8x200000.png"}
# file -> the note the loader must add while fixing it ("" = nothing to fix)
ACCEPTED = {
    "sixteen_bit_grey.png": "rescaled",
    "sixteen_bit_grey.tif": "rescaled",
    "cmyk.jpg": "CMYK converted",
    "palette_transparent.png": "composited on white",
    "rgba_transparent.png": "composited on white",
    "exif_rotated.jpg": "EXIF",
    "animated.gif": "first of 3 frames",
    "png_named.jpg": "",
    "greyscale.bmp": "L converted",
    "lossless.webp": "",
    "float_nan_inf.tif": "12 NaN/inf pixels",
    "exif_orientation_9.jpg": "EXIF orientation tag 9 is not a valid value",
    "aspect_8x400.png": "L converted",
}


def _load(name):
    return load_image((CORPUS / name).read_bytes(), name)


def test_corpus_on_disk_is_what_the_script_writes_and_every_file_is_classified():
    files = {p.name: p.read_bytes() for p in CORPUS.iterdir()}
    assert files == corpus()
    assert len(files) >= 20
    assert set(files) == set(REFUSED) | set(ACCEPTED)
    assert sum(len(b) for b in files.values()) < 200_000  # the corpus stays small


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_file_is_refused_with_a_clear_message(name):
    with pytest.raises(ImageError) as err:
        _load(name)
    message = str(err.value)
    assert message.startswith(f"{name}: ") and REFUSED[name] in message
    assert isinstance(err.value, InputError) and isinstance(err.value, ValueError)
    assert err.value.code == ("budget" if name in OVER_BUDGET else "file")


@pytest.mark.parametrize("name", sorted(OVER_BUDGET))
def test_size_limits_are_checked_from_the_header_before_decoding(name, monkeypatch):
    from PIL import ImageFile

    def no_decoding(self):
        raise AssertionError("pixels were decoded")
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(ImageError) as err:
        _load(name)
    assert err.value.params["what"] in ("pixels", "aspect ratio")


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_fixable_file_loads_as_8bit_rgb_with_a_note(name):
    loaded = _load(name)
    assert loaded.rgb.mode == "RGB"
    assert any(ACCEPTED[name] in note for note in loaded.notes) if ACCEPTED[name] \
        else loaded.notes == []
    assert loaded.steps[0][0] == f"original ({loaded.original_size[0]}×{loaded.original_size[1]})"
    assert all(max(image.size) <= DISPLAY_SIDE for _, image in loaded.steps)


def test_over_the_byte_cap_is_refused_before_decoding():
    with pytest.raises(ImageError, match="over the 20 MB limit"):
        load_image(oversized_bytes(images.MAX_BYTES + 1), "big.png")
    assert load_image(oversized_bytes(100_000), "padded.png").rgb.size == (32, 32)


def test_pixel_cap_is_ours_not_only_pillows():
    # 8000×8000 = 64 MP: under Pillow's bomb threshold, over ours.
    from tests.data.make_bad_images import png_header_only
    with pytest.raises(ImageError, match="8000×8000 pixels is over the limit of 40 megapixels"):
        load_image(png_header_only(8000, 8000), "wide.png")


def test_sixteen_bit_is_rescaled_not_clipped():
    rgb = np.asarray(_load("sixteen_bit_grey.png").rgb)[0, :, 0]  # first row, red channel
    ramp = np.linspace(0, 65535, 64)
    np.testing.assert_allclose(rgb, np.round(ramp / 65535 * 255), atol=1)
    clipped = np.asarray(Image.open(CORPUS / "sixteen_bit_grey.png").convert("L"))[0]
    assert (clipped == 255).mean() > 0.9  # what Pillow's own convert would have given


def test_transparency_becomes_white_not_black():
    rgb = np.asarray(_load("rgba_transparent.png").rgb)
    assert tuple(rgb[0, 0]) == (255, 255, 255) and tuple(rgb[16, 16]) == (0, 0, 255)
    palette = np.asarray(_load("palette_transparent.png").rgb)
    assert tuple(palette[0, 0]) == (255, 255, 255) and tuple(palette[16, 16]) == (255, 0, 0)


def test_exif_orientation_is_applied():
    loaded = _load("exif_rotated.jpg")
    assert loaded.rgb.size == (32, 48)  # stored 48 wide × 32 high, orientation 6
    rgb = np.asarray(loaded.rgb).astype(int)
    assert rgb[2, 16, 0] > 200 and rgb[2, 16, 1] < 60      # the red strip is now on top
    assert rgb[-2, 16].min() > 200                           # the bottom stays white


def test_cmyk_and_animated_colours():
    assert np.abs(np.asarray(_load("cmyk.jpg").rgb)[16, 16].astype(int)
                  - (255, 0, 0)).max() < 8                 # C=0 M=Y=255 K=0 is red
    assert tuple(np.asarray(_load("animated.gif").rgb)[5, 5]) == (255, 0, 0)  # first frame


def test_photo_preprocessing_equals_torchvision_pipeline():
    rgb = Image.fromarray(np.random.default_rng(0).integers(0, 256, (60, 90, 3), np.uint8))
    spec = InputSpec(3, 32, (0.485, 0.456, 0.406), (0.229, 0.224, 0.225), resize=40)
    reference = v2.Compose([v2.PILToTensor(), v2.Resize(40, antialias=True), v2.CenterCrop(32),
                            v2.ToDtype(torch.float32, scale=True),
                            v2.Normalize(spec.mean, spec.std)])(rgb)
    out = preprocess(rgb, spec)
    assert out.tensor.shape == (1, 3, 32, 32) and out.model_view.shape == (32, 32, 3)
    # PIL and tensor resizing differ by rounding only
    torch.testing.assert_close(out.tensor[0], reference, atol=0.1, rtol=0)


def test_digit_preprocessing_inverts_crops_and_normalises():
    pixels = np.full((100, 300), 255, np.uint8)
    pixels[20:80, 140:160] = 0                               # a dark bar on white, off-square
    spec = InputSpec(1, 8, (0.5,), (0.25,), digit_like=True)
    out = preprocess(Image.fromarray(pixels).convert("RGB"), spec)
    assert [title for title, _ in out.steps] == [
        "grey (300×100)", "inverted (light background) (300×100)",
        "ink cropped and centred (73×73)", "model input 8×8"]   # side = int(60 × 1.2) + 1
    x = out.tensor[0, 0] * 0.25 + 0.5                        # undo the normalisation
    assert x.shape == (8, 8)
    assert x[:, 0].max() < 0.05 and x[:, 3:5].mean() > 0.5   # bright bar in the middle
    assert torch.allclose(torch.from_numpy(out.model_view[..., 0]), x, atol=1e-6)


def test_image_already_at_model_size_is_taken_as_it_is():
    pixels = np.random.default_rng(1).integers(0, 256, (8, 8), np.uint8)
    spec = InputSpec(1, 8, (0.0,), (1.0,), digit_like=True)
    out = preprocess(Image.fromarray(pixels).convert("RGB"), spec)
    np.testing.assert_allclose(out.tensor[0, 0].numpy(), pixels / 255, atol=1e-6)


def test_display_copy_shrinks_big_images_and_enlarges_tiny_ones_without_smoothing():
    from explorer.images import display_copy
    big = display_copy(Image.new("RGB", (1000, 500)), largest=200)
    assert big.size == (200, 100)
    tiny = np.arange(64, dtype=np.uint8).reshape(8, 8)
    shown = np.asarray(display_copy(tiny, smallest=112))
    assert shown.shape == (112, 112)                         # factor ceil(112 / 8) = 14
    np.testing.assert_array_equal(shown, np.kron(tiny, np.ones((14, 14), np.uint8)))


def test_largest_allowed_image_is_decoded_reduced_and_steps_are_display_copies():
    data = largest_allowed()                                 # 6320×6320 RGBA, 39.9 MP
    loaded = load_image(data, "big.png")
    assert loaded.original_size == (6320, 6320)
    assert loaded.rgb.size == (903, 903)                     # 7×7 blocks: ceil(6320 / 1024)
    assert "decoded reduced from 6320×6320 to 903×903 (plenty for every model here)" \
        in loaded.notes
    assert [title for title, _ in loaded.steps] == ["original (6320×6320)",
                                                    "RGB, 8-bit (903×903)"]
    assert all(image.size == (DISPLAY_SIDE, DISPLAY_SIDE) for _, image in loaded.steps)
    rgb = np.asarray(loaded.rgb)
    assert rgb[451, 451].max() < 10 and rgb[20, 20].min() == 255   # dark bar on white


def test_big_jpeg_is_scaled_in_the_decoder_with_the_same_look():
    photo = Image.fromarray(np.random.default_rng(2).integers(0, 256, (30, 40, 3), np.uint8))
    big = photo.resize((4000, 3000), Image.Resampling.NEAREST)
    buffer = __import__("io").BytesIO()
    big.save(buffer, "JPEG", quality=95)
    loaded = load_image(buffer.getvalue(), "photo.jpg")
    # decoded at 1/2 (2000×1500), then 2×2 blocks averaged
    assert loaded.rgb.size == (1000, 750) and loaded.original_size == (4000, 3000)
    reference = np.asarray(big.resize((1000, 750), Image.Resampling.BOX), dtype=float)
    assert np.abs(np.asarray(loaded.rgb, dtype=float) - reference).mean() < 8


def test_float_tiff_nan_and_inf_become_black_and_white_the_rest_is_stretched():
    loaded = _load("float_nan_inf.tif")
    grey = np.asarray(loaded.rgb)[..., 0]
    ramp = np.round(np.linspace(0, 1, 64) * 255)              # finite min 0, max 1
    np.testing.assert_array_equal(grey[3:], np.tile(ramp, (13, 1)))
    assert (grey[0, :4] == 0).all() and (grey[1, :4] == 255).all() and (grey[2, :4] == 0).all()
    np.testing.assert_array_equal(grey[:3, 4:], np.tile(ramp[4:], (3, 1)))
    assert any("F greyscale rescaled from 0..1" in note for note in loaded.notes)


def test_grey_conversion_in_strips_equals_the_whole_image_formula():
    rng = np.random.default_rng(3)
    values = rng.normal(100, 50, (600, 3000)).astype(np.float32)   # 1.8 M pixels: 2 strips
    values[rng.random(values.shape) < 0.01] = np.nan
    notes = []
    grey = np.asarray(images._to_8bit_grey(Image.fromarray(values, "F"), "x", notes))
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    expected = np.round(np.nan_to_num((values.astype(np.float64) - lo) * (255 / (hi - lo))))
    np.testing.assert_array_equal(grey, expected.astype(np.uint8))
    assert f"{np.isnan(values).sum():,} NaN/inf pixels" in notes[1]
    wide = np.arange(40 * 2000, dtype=np.int32).reshape(40, 2000) * 25_000   # beyond 16 bits
    grey = np.asarray(images._to_8bit_grey(Image.fromarray(wide, "I"), "x", []))
    expected = np.round(wide * (255 / float(wide.max())))                    # min 0 to max
    np.testing.assert_array_equal(grey, expected.astype(np.uint8))


def test_invalid_exif_orientation_is_ignored_and_said_so():
    loaded = _load("exif_orientation_9.jpg")
    stored = Image.open(CORPUS / "exif_orientation_9.jpg").convert("RGB")
    np.testing.assert_array_equal(np.asarray(loaded.rgb), np.asarray(stored))
    assert not any("rotated" in note for note in loaded.notes)
    assert [title for title, _ in loaded.steps] == ["original (32×32)"]


def test_working_size_is_a_block_mean_or_nearest_for_palettes():
    rgb = Image.fromarray(np.random.default_rng(4).integers(0, 256, (900, 2100, 3), np.uint8))
    small = images._fit(rgb)                                  # k = ceil(2100 / 1024) = 3
    blocks = np.asarray(rgb, dtype=float).reshape(300, 3, 700, 3, 3).mean(axis=(1, 3))
    assert small.size == (700, 300)
    assert np.abs(np.asarray(small, dtype=float) - blocks).max() < 1   # Pillow's rounding
    rgba = Image.fromarray(np.random.default_rng(5).integers(0, 256, (2501, 3000, 4), np.uint8))
    np.testing.assert_array_equal(np.asarray(images._fit(rgba)), np.asarray(rgba.reduce(3)))
    palette = rgb.convert("P")
    assert images._fit(palette).mode == "P" and images._fit(palette).size == (700, 300)
    assert images._fit(rgb, 2100) is rgb


def test_preprocess_checks_and_bounds_what_it_is_given():
    with pytest.raises(ImageError, match="over the limit of 50:1"):
        preprocess(Image.new("RGB", (60000, 8)), InputSpec(1, 8, (0.0,), (1.0,), True))
    steps = []
    ink = Image.new("L", (3000, 3000), 0)
    ink.paste(255, (1, 1, 2999, 2999))                        # bright ink up to the border
    square = images.centre_content(ink, steps)
    assert max(square.size) <= MAX_WORKING_SIDE
    assert steps[-1][0] == f"ink cropped and centred ({square.width}×{square.height})"
    out = preprocess(Image.new("RGB", (3000, 2000), "white"),
                     InputSpec(3, 224, (0.5,) * 3, (0.5,) * 3, resize=256))
    assert out.tensor.shape == (1, 3, 224, 224)
