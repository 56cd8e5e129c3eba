"""Safe image loading and the preprocessing a classifier needs, step by step.

``load_image(bytes) -> LoadedImage`` refuses what it should (too many bytes, a format outside
``ALLOWED_FORMATS``, a header that promises more than ``MAX_PIXELS`` pixels: a decompression
bomb, truncated or corrupt data, an image smaller than ``MIN_SIDE``) with an ``ImageError``
that says what is wrong and what to do, and otherwise returns an 8-bit RGB image:

- EXIF orientation applied (``ImageOps.exif_transpose``), so a phone photo stands upright;
- animated GIF/WebP/TIFF: the first frame;
- transparency (RGBA, LA, P with a transparent index) composited on white, since a
  transparent background would otherwise turn black;
- CMYK and every other mode converted by Pillow to RGB;
- 16-bit (and 32-bit integer) greyscale rescaled from its full range to 0..255 (Pillow's own
  ``convert("L")`` clips every value above 255 to white).

``preprocess(rgb, spec) -> Preprocessed`` then turns that image into the tensor a model takes,
``Tensor[1, C, H, W] = (x − mean) / std``, keeping each intermediate as an image.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import ExifTags, Image, ImageOps

ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
MAX_BYTES = 20 * 1024 * 1024    # same as .streamlit/config.toml server.maxUploadSize (MB)
MAX_PIXELS = 40_000_000         # a 40-megapixel photo decodes to 120 MB of RGB
MIN_SIDE = 8                    # the digits model's input is 8×8

# First bytes of files people upload by mistake, for a message naming what they gave.
_SIGNATURES = {b"%PDF": "a PDF document", b"<svg": "an SVG (vector) drawing",
               b"<?xml": "an XML/SVG document", b"PK\x03\x04": "a ZIP archive",
               b"8BPS": "a Photoshop PSD file", b"\x00\x00\x01\x00": "an ICO icon",
               b"<!DOCTYPE html": "an HTML page", b"<html": "an HTML page"}


class ImageError(ValueError):
    """An upload that cannot be used as an image; the message says why and what to do."""


@dataclass
class LoadedImage:
    rgb: Image.Image                      # 8-bit RGB, upright
    format: str                           # as Pillow identified it, e.g. "PNG"
    original_mode: str                    # e.g. "RGBA", "CMYK", "I;16"
    notes: list[str] = field(default_factory=list)   # every fix applied, in order
    steps: list[tuple[str, Image.Image]] = field(default_factory=list)  # (title, image)


def _describe(data: bytes) -> str:
    head = data[:256].lstrip()
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic) or (magic == b"<svg" and b"<svg" in head):
            return what
    return "not an image Pillow recognises"


def _corrupt(name: str, fmt: str, err: Exception) -> ImageError:
    return ImageError(f"{name}: the {fmt} data is truncated or corrupt ({err}). "
                      f"Export or download the image again.")


def _open(data: bytes, name: str) -> Image.Image:
    """Read the header only (Pillow decodes lazily) and check size before any decoding."""
    if not data:
        raise ImageError(f"{name}: the file is empty (0 bytes). Upload the image again.")
    if len(data) > MAX_BYTES:
        raise ImageError(f"{name}: {len(data) / 2**20:.1f} MB is over the "
                         f"{MAX_BYTES // 2**20} MB limit. Resize or compress the image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageError(f"{name}: refused as a possible decompression bomb ({err}). "
                         f"Downscale the image below {MAX_PIXELS / 1e6:.0f} megapixels.") from err
    except Image.UnidentifiedImageError as err:
        raise ImageError(f"{name}: {_describe(data)}. Accepted formats: "
                         f"{', '.join(ALLOWED_FORMATS)}.") from err
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise _corrupt(name, "image", err) from err
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageError(f"{name}: {width}×{height} pixels is over the limit of "
                         f"{MAX_PIXELS / 1e6:.0f} megapixels (a decompression bomb would "
                         f"exhaust memory). Downscale the image first.")
    if min(width, height) < MIN_SIDE:
        raise ImageError(f"{name}: {width}×{height} pixels is too small; the smallest "
                         f"model input is {MIN_SIDE}×{MIN_SIDE}.")
    return image


def _to_8bit_grey(image: Image.Image) -> Image.Image:
    """16-bit ("I;16*") and 32-bit ("I") integers: full 0..65535 range -> 0..255 (not clipped);
    floats ("F") and integers outside that range: min-max stretched."""
    values = np.asarray(image, dtype=np.float64)
    lo, hi = (0.0, 65535.0) if values.min() >= 0 and values.max() <= 65535 else (
        values.min(), max(values.max(), values.min() + 1e-12))
    return Image.fromarray(np.round((values - lo) / (hi - lo) * 255).astype(np.uint8), "L")


def _to_rgb(image: Image.Image, notes: list[str]) -> Image.Image:
    mode = image.mode
    if mode.startswith("I") or mode == "F":
        notes.append(f"{mode} greyscale rescaled from its full range to 8 bits (not clipped)")
        return _to_8bit_grey(image).convert("RGB")
    if mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        notes.append("transparent pixels composited on white")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if mode != "RGB":
        notes.append(f"{mode} converted to RGB")
        return image.convert("RGB")
    return image


def load_image(data: bytes, name: str = "image") -> LoadedImage:
    """Bytes of an uploaded file -> upright 8-bit RGB image, or ``ImageError`` saying why not."""
    image = _open(data, name)
    fmt, mode, notes = image.format, image.mode, []
    frames = getattr(image, "n_frames", 1)
    try:
        image.seek(0)
        image.load()
        steps = [("original", image if mode in ("RGB", "L") else _to_rgb(image, []))]
        if frames > 1:
            notes.append(f"animated: first of {frames} frames used")
        upright = image
        if image.getexif().get(ExifTags.Base.Orientation, 1) != 1:   # 2..8: flip/rotate
            upright = ImageOps.exif_transpose(image)
            notes.append("rotated/flipped upright from its EXIF orientation tag")
            steps.append(("EXIF orientation applied", upright))
        rgb = _to_rgb(upright, notes)
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise _corrupt(name, fmt, err) from err
    if mode not in ("L", "RGB"):          # L -> RGB looks the same: not worth a picture
        steps.append(("RGB, 8-bit", rgb))
    return LoadedImage(rgb, fmt, mode, notes, steps)


@dataclass(frozen=True)
class InputSpec:
    """What a model expects: ``channels``×``size``×``size`` pixels in [0, 1], normalised per
    channel with ``mean``/``std`` (the statistics of its training split).

    ``digit_like``: grey, dark background (ink bright, as in sklearn digits and MNIST), the
    content cropped to its bounding box and centred in a square with a margin, as MNIST was
    made; an image already ``size``×``size`` is taken as it is (a test-set sample).
    Otherwise (photos): resize the shorter side to ``resize`` then centre-crop ``size``.
    """
    channels: int
    size: int
    mean: tuple[float, ...]
    std: tuple[float, ...]
    digit_like: bool = False
    resize: int | None = None


@dataclass
class Preprocessed:
    tensor: object                        # torch.Tensor[1, C, H, W], normalised
    steps: list[tuple[str, Image.Image]]  # images a person can look at, in order
    model_view: np.ndarray                # [H, W, 3] float in [0, 1]: what the CAM overlays


def centre_content(grey: Image.Image, steps: list) -> Image.Image:
    """Bright ink on black, cropped to the ink's bounding box, centred in a square (20% margin).

    The background is taken as light when the mean of the border pixels is above 127; then
    the image is inverted. Ink = pixels above 25% of the brightest one.
    """
    values = np.asarray(grey)
    border = np.concatenate([values[0], values[-1], values[:, 0], values[:, -1]])
    if border.mean() > 127:
        grey = ImageOps.invert(grey)
        steps.append(("inverted (light background)", grey))
        values = 255 - values
    box = Image.fromarray(values > 0.25 * values.max()).getbbox() if values.max() else None
    if box is None:
        return grey
    ink = grey.crop(box)
    side = int(max(ink.size) * 1.2) + 1
    square = Image.new("L", (side, side), 0)
    square.paste(ink, ((side - ink.width) // 2, (side - ink.height) // 2))
    steps.append(("ink cropped and centred", square))
    return square


def preprocess(rgb: Image.Image, spec: InputSpec) -> Preprocessed:
    """RGB image -> ``Tensor[1, C, size, size]`` for the model, with each step as an image."""
    import torch
    from torchvision.transforms.v2 import functional as F

    steps: list[tuple[str, Image.Image]] = []
    if spec.digit_like and rgb.size == (spec.size, spec.size):
        image = rgb                       # already the model's size: a test-set sample
    elif spec.digit_like:
        grey = rgb.convert("L")
        steps.append(("grey", grey))
        image = F.resize(centre_content(grey, steps), [spec.size, spec.size], antialias=True)
    else:
        image = rgb.convert("L") if spec.channels == 1 else rgb
        image = F.center_crop(F.resize(image, spec.resize or spec.size, antialias=True),
                              spec.size)
    image = image.convert("L" if spec.channels == 1 else "RGB")
    steps.append((f"model input {spec.size}×{spec.size}", image))
    x = F.to_dtype(F.to_image(image), torch.float32, scale=True)    # [C, H, W] in [0, 1]
    view = x.expand(3, -1, -1).permute(1, 2, 0).numpy().copy()      # [H, W, 3]
    x = F.normalize(x, list(spec.mean), list(spec.std))
    return Preprocessed(x.unsqueeze(0), steps, view)


def display_copy(image, largest: int = 256, smallest: int = 112) -> Image.Image:
    """A copy for the screen: big images shrunk to ``largest`` px (less to send), tiny ones
    (an 8×8 model input) enlarged by an integer factor without smoothing, so pixels stay
    visible as squares."""
    image = Image.fromarray(image) if isinstance(image, np.ndarray) else image.copy()
    if max(image.size) > largest:
        image.thumbnail((largest, largest))
    elif min(image.size) < smallest:
        factor = -(-smallest // min(image.size))
        image = image.resize((image.width * factor, image.height * factor),
                             Image.Resampling.NEAREST)
    return image
