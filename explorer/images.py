"""Safe image loading and the preprocessing a classifier needs, step by step.

``load_image(bytes) -> LoadedImage`` refuses what it should with an ``ImageError`` that says
what is wrong and what to do, before decoding anything it can judge from the header: too many
bytes, a format outside ``ALLOWED_FORMATS``, more than ``budget.MAX_IMAGE_PIXELS`` pixels (a
decompression bomb), a long side over ``budget.MAX_ASPECT_RATIO`` × the short one, a side under
``MIN_SIDE``, truncated or corrupt data. Otherwise it returns an 8-bit RGB image whose long
side is at most ``budget.MAX_WORKING_SIDE`` (JPEG is scaled down inside the decoder, the other
formats reduced right after decoding), which is plenty for every model here (inputs ≤ 224²):

- EXIF orientation 2..8 applied, so a phone photo stands upright; any other value is ignored
  and said so;
- animated GIF/WebP/TIFF: the first frame;
- transparency (RGBA, LA, P with a transparent index) composited on white, since a
  transparent background would otherwise turn black;
- CMYK and every other mode converted by Pillow to RGB;
- 16-bit and 32-bit integer greyscale rescaled from 0..65535 to 0..255 (Pillow's own
  ``convert("L")`` clips every value above 255 to white), float greyscale min-max stretched
  over its finite values (NaN and −inf black, +inf white), in strips: no full-size float copy.

``preprocess(rgb, spec) -> Preprocessed`` then turns that image into the tensor a model takes,
``Tensor[1, C, H, W] = (x − mean) / std``. Both keep each step as a display-size copy (long
side ≤ ``DISPLAY_SIDE``) whose title gives the size of the image it stands for.
"""
from __future__ import annotations

import ctypes
import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import ExifTags, Image, ImageOps

from explorer.budget import MAX_ASPECT_RATIO, MAX_IMAGE_PIXELS, MAX_WORKING_SIDE
from explorer.errors import InputError

ALLOWED_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
MAX_BYTES = 20 * 1024 * 1024    # same as .streamlit/config.toml server.maxUploadSize (MB)
MIN_SIDE = 8                    # the digits model's input is 8×8
DISPLAY_SIDE = 256              # long side of the copies kept in ``steps``
_STRIP_PIXELS = 1 << 20         # grey conversion and reduction work ~1 M pixels at a time

try:    # glibc keeps the pages of freed heap blocks (one arena per thread, and Streamlit runs
    # each script in a new thread): after a large decode, malloc_trim(0) hands them back
    _malloc_trim = ctypes.CDLL(None).malloc_trim
except (OSError, AttributeError, TypeError):    # not glibc: nothing to do
    _malloc_trim = None

# EXIF orientation -> the transpose that makes the image upright (EXIF 2.32, tag 0x0112).
_UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
            4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
            6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
            8: Image.Transpose.ROTATE_90}

# First bytes of files people upload by mistake, for a message naming what they gave.
_SIGNATURES = {b"%PDF": "a PDF document", b"<svg": "an SVG (vector) drawing",
               b"<?xml": "an XML/SVG document", b"PK\x03\x04": "a ZIP archive",
               b"8BPS": "a Photoshop PSD file", b"\x00\x00\x01\x00": "an ICO icon",
               b"<!DOCTYPE html": "an HTML page", b"<html": "an HTML page"}

# Refusals and loading notes, as templates (a page translates them: ui.i18n.message).
CORRUPT = ("{name}: the {fmt} data is truncated or corrupt ({err}). Export or download the "
           "image again.")
TOO_MANY_PIXELS = ("{name}: {width}×{height} pixels is over the limit of {limit:.0f} megapixels "
                   "(a decompression bomb would exhaust memory). Downscale the image first.")
TOO_SMALL = ("{name}: {width}×{height} pixels is too small; the smallest model input is "
             "{side}×{side}.")
TOO_ELONGATED = ("{name}: {width}×{height} pixels is {ratio:,.0f}:1, over the limit of "
                 "{limit}:1 for the long side over the short one. Crop it to a less elongated "
                 "part first.")
EMPTY_FILE = "{name}: the file is empty (0 bytes). Upload the image again."
TOO_MANY_BYTES = "{name}: {size:.1f} MB is over the {limit} MB limit. Resize or compress the image."
BOMB = ("{name}: refused as a possible decompression bomb ({err}). Downscale the image below "
        "{limit:.0f} megapixels.")
NOT_AN_IMAGE = "{name}: {what}. Accepted formats: {formats}."
NO_FINITE_PIXEL = ("{name}: no pixel has a finite value (all NaN or inf), so there is nothing to "
                   "show. Export the image again.")
GREY_RESCALED = "{mode} greyscale rescaled from {low:g}..{high:g} to 8 bits (not clipped)"
NOT_FINITE_PIXELS = "{count:,} NaN/inf pixels: NaN and −inf shown black, +inf white"
COMPOSITED = "transparent pixels composited on white"
CONVERTED = "{mode} converted to RGB"
REDUCED = ("decoded reduced from {width}×{height} to {new_width}×{new_height} (plenty for every "
           "model here)")
ANIMATED = "animated: first of {frames} frames used"
ROTATED = "rotated/flipped upright from its EXIF orientation tag ({tag})"
BAD_ORIENTATION = ("EXIF orientation tag {tag} is not a valid value (1–8): ignored, the image is "
                   "shown as stored")


class ImageError(InputError):
    """An upload that cannot be used as an image (code "file": params name, reason) or that
    is over a limit (code "budget": params what, needed, limit); the message says why and
    what to do. Still a ``ValueError``."""


@dataclass
class LoadedImage:
    rgb: Image.Image                      # 8-bit RGB, upright, long side ≤ MAX_WORKING_SIDE
    format: str                           # as Pillow identified it, e.g. "PNG"
    original_mode: str                    # e.g. "RGBA", "CMYK", "I;16"
    original_size: tuple[int, int]        # (width, height) of the file, before any reduction
    notes: list[str] = field(default_factory=list)   # every fix applied, in order
    steps: list[tuple[str, Image.Image]] = field(default_factory=list)  # (title, display copy)


def _describe(data: bytes) -> str:
    head = data[:256].lstrip()
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic) or (magic == b"<svg" and b"<svg" in head):
            return what
    return "not an image Pillow recognises"


def _corrupt(name: str, fmt: str, err: Exception) -> ImageError:
    return ImageError("file", CORRUPT.format(name=name, fmt=fmt, err=err), name=name,
                      reason="corrupt")


def check_size(width: int, height: int, name: str = "image") -> None:
    """Refuse ``width``×``height`` before decoding: over ``MAX_IMAGE_PIXELS`` pixels, a side
    under ``MIN_SIDE``, or long side / short side over ``MAX_ASPECT_RATIO``."""
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError("budget", TOO_MANY_PIXELS.format(
            name=name, width=width, height=height, limit=MAX_IMAGE_PIXELS / 1e6),
                         what="pixels", needed=width * height, limit=MAX_IMAGE_PIXELS)
    if min(width, height) < MIN_SIDE:
        raise ImageError("file", TOO_SMALL.format(name=name, width=width, height=height,
                                                  side=MIN_SIDE), name=name, reason="too_small")
    ratio = max(width, height) / min(width, height)
    if ratio > MAX_ASPECT_RATIO:
        raise ImageError("budget", TOO_ELONGATED.format(name=name, width=width, height=height,
                                                        ratio=ratio, limit=MAX_ASPECT_RATIO),
                         what="aspect ratio", needed=ratio, limit=MAX_ASPECT_RATIO)


def _open(data: bytes, name: str) -> Image.Image:
    """Read the header only (Pillow decodes lazily) and check size before any decoding."""
    if not data:
        raise ImageError("file", EMPTY_FILE.format(name=name), name=name, reason="empty")
    if len(data) > MAX_BYTES:
        raise ImageError("budget", TOO_MANY_BYTES.format(name=name, size=len(data) / 2**20,
                                                         limit=MAX_BYTES // 2**20),
                         what="bytes", needed=len(data), limit=MAX_BYTES)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise ImageError("budget", BOMB.format(name=name, err=err, limit=MAX_IMAGE_PIXELS / 1e6),
                         what="pixels", needed=None, limit=MAX_IMAGE_PIXELS) from err
    except Image.UnidentifiedImageError as err:
        raise ImageError("file", NOT_AN_IMAGE.format(name=name, what=_describe(data),
                                                     formats=", ".join(ALLOWED_FORMATS)),
                         name=name, reason="format") from err
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise _corrupt(name, "image", err) from err
    check_size(*image.size, name)
    return image


def _strips(width: int, height: int):
    rows = max(1, _STRIP_PIXELS // width)
    return [(0, top, width, min(top + rows, height)) for top in range(0, height, rows)]


def _to_8bit_grey(image: Image.Image, name: str, notes: list[str]) -> Image.Image:
    """Integer ("I;16*", "I") or float ("F") grey -> 8-bit "L" of the same size, one strip at a
    time: ``round((v − lo) · 255 / (hi − lo))`` with [lo, hi] = [0, 65535] for integers in that
    range (not clipped at 255), else the finite min and max; NaN, −inf -> 0, +inf -> 255."""
    strips = _strips(*image.size)
    lo, hi, finite_count = np.inf, -np.inf, 0
    for box in strips:                                         # pass 1: range of finite values
        values = np.asarray(image.crop(box))
        finite = values[np.isfinite(values)]
        if finite.size:
            lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
            finite_count += finite.size
    if not finite_count:
        raise ImageError("file", NO_FINITE_PIXEL.format(name=name), name=name, reason="not_finite")
    if image.mode != "F" and lo >= 0 and hi <= 65535:
        lo, hi = 0.0, 65535.0
    scale = 255 / max(hi - lo, 1e-12)
    grey = Image.new("L", image.size)
    for box in strips:                                         # pass 2: convert and paste
        values = (np.asarray(image.crop(box), dtype=np.float64) - lo) * scale
        values = np.clip(np.nan_to_num(values, nan=0.0, posinf=255.0, neginf=0.0), 0, 255)
        grey.paste(Image.fromarray(np.round(values).astype(np.uint8), "L"), box[:2])
    notes.append(GREY_RESCALED.format(mode=image.mode, low=lo, high=hi))
    bad = image.width * image.height - finite_count
    if bad:
        notes.append(NOT_FINITE_PIXELS.format(count=bad))
    return grey


def _to_rgb(image: Image.Image, notes: list[str]) -> Image.Image:
    mode = image.mode
    if mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        notes.append(COMPOSITED)
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if mode != "RGB":
        notes.append(CONVERTED.format(mode=mode))
        return image.convert("RGB")
    return image


def _step(title: str, image: Image.Image) -> tuple[str, Image.Image]:
    """(title with the image's size, a copy whose long side is at most DISPLAY_SIDE)."""
    return f"{title} ({image.width}×{image.height})", display_copy(image, DISPLAY_SIDE, 0)


def load_image(data: bytes, name: str = "image") -> LoadedImage:
    """Bytes of an uploaded file -> upright 8-bit RGB image, long side ≤ MAX_WORKING_SIDE, or
    ``ImageError`` saying why not."""
    image = _open(data, name)
    fmt, mode, size, notes = image.format, image.mode, image.size, []
    try:
        frames = getattr(image, "n_frames", 1)
        image.seek(0)
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        if mode.startswith("I") or mode == "F":
            image = _to_8bit_grey(image, name, notes)
        scale = max(size) / MAX_WORKING_SIDE
        if fmt == "JPEG" and scale > 1:   # the decoder scales by 1/2, 1/4 or 1/8, to ≥ this
            image.draft(None, (int(size[0] / scale), int(size[1] / scale)))
        image = _fit(image)
        reduced = image.size != size      # (a 90° EXIF turn comes later)
        steps = [(f"original ({size[0]}×{size[1]})", display_copy(
            image if image.mode in ("RGB", "L") else _to_rgb(image, []), DISPLAY_SIDE, 0))]
        if reduced:
            notes.append(REDUCED.format(width=size[0], height=size[1], new_width=image.width,
                                        new_height=image.height))
        if frames > 1:
            notes.append(ANIMATED.format(frames=frames))
        if orientation in _UPRIGHT:
            image = image.transpose(_UPRIGHT[orientation])
            notes.append(ROTATED.format(tag=orientation))
            steps.append(_step("EXIF orientation applied", image))
        elif orientation != 1:
            notes.append(BAD_ORIENTATION.format(tag=str(orientation)[:20]))
        rgb = image.convert("RGB") if image.mode == "L" and mode != "L" else _to_rgb(image, notes)
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        raise _corrupt(name, fmt, err) from err
    if mode not in ("L", "RGB"):          # L -> RGB looks the same: not worth a picture
        steps.append(_step("RGB, 8-bit", rgb))
    if reduced and _malloc_trim:           # the full-size decode is freed by now
        _malloc_trim(0)
    return LoadedImage(rgb, fmt, mode, size, notes, steps)


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
    """Bright ink on black, cropped to the ink's bounding box, centred in a square (20% margin)
    whose side is at most ``MAX_WORKING_SIDE`` (a larger ink box is shrunk first).

    The background is taken as light when the mean of the border pixels is above 127; then
    the image is inverted. Ink = pixels above 25% of the brightest one.
    """
    values = np.asarray(grey)
    border = np.concatenate([values[0], values[-1], values[:, 0], values[:, -1]])
    if border.mean() > 127:
        grey = ImageOps.invert(grey)
        steps.append(_step("inverted (light background)", grey))
        values = 255 - values
    box = Image.fromarray(values > 0.25 * values.max()).getbbox() if values.max() else None
    if box is None:
        return grey
    ink = _fit(grey.crop(box), int(MAX_WORKING_SIDE / 1.2))
    side = int(max(ink.size) * 1.2) + 1
    square = Image.new("L", (side, side), 0)
    square.paste(ink, ((side - ink.width) // 2, (side - ink.height) // 2))
    steps.append(_step("ink cropped and centred", square))
    return square


def _fit(image: Image.Image, side: int = MAX_WORKING_SIDE) -> Image.Image:
    """``image`` itself when its long side is at most ``side``, else reduced by the smallest
    whole factor k that fits: the mean of each k×k block (``Image.reduce``: fast, no aliasing),
    or its top-left pixel for palette and 1-bit images, whose values are not intensities.
    Reduced in strips of k-row multiples, so that Pillow's own full-size copy (RGBA is
    premultiplied first) is a strip's, not the image's."""
    factor = -(-max(image.size) // side)
    size = (-(-image.width // factor), -(-image.height // factor))
    if factor == 1:
        return image
    if image.mode in ("1", "P", "PA"):
        return image.resize(size, Image.Resampling.NEAREST)
    reduced = Image.new(image.mode, size)
    rows = factor * max(1, _STRIP_PIXELS // (image.width * factor))
    for top in range(0, image.height, rows):
        strip = image.crop((0, top, image.width, min(top + rows, image.height)))
        reduced.paste(strip.reduce(factor), (0, top // factor))
    return reduced


def preprocess(rgb: Image.Image, spec: InputSpec) -> Preprocessed:
    """RGB image -> ``Tensor[1, C, size, size]`` for the model, with each step as a display
    copy. An image larger than the working size is checked (``check_size``) and reduced first,
    so every intermediate stays bounded."""
    import torch
    from torchvision.transforms.v2 import functional as F

    check_size(*rgb.size)
    rgb = _fit(rgb)
    steps: list[tuple[str, Image.Image]] = []
    if spec.digit_like and rgb.size == (spec.size, spec.size):
        image = rgb                       # already the model's size: a test-set sample
    elif spec.digit_like:
        grey = rgb.convert("L")
        steps.append(_step("grey", grey))
        image = F.resize(centre_content(grey, steps), [spec.size, spec.size], antialias=True)
    else:
        image = rgb.convert("L") if spec.channels == 1 else rgb
        image = F.center_crop(F.resize(image, spec.resize or spec.size, antialias=True),
                              spec.size)
    image = image.convert("L" if spec.channels == 1 else "RGB")
    steps.append((f"model input {spec.size}×{spec.size}", display_copy(image, DISPLAY_SIDE, 0)))
    x = F.to_dtype(F.to_image(image), torch.float32, scale=True)    # [C, H, W] in [0, 1]
    view = x.expand(3, -1, -1).permute(1, 2, 0).numpy().copy()      # [H, W, 3]
    x = F.normalize(x, list(spec.mean), list(spec.std))
    return Preprocessed(x.unsqueeze(0), steps, view)


def display_copy(image, largest: int = 256, smallest: int = 112) -> Image.Image:
    """A copy for the screen: big images shrunk to ``largest`` px (less to send), tiny ones
    (an 8×8 model input) enlarged by an integer factor without smoothing, so pixels stay
    visible as squares (``smallest=0``: never enlarged)."""
    image = Image.fromarray(image) if isinstance(image, np.ndarray) else image.copy()
    if max(image.size) > largest:
        image.thumbnail((largest, largest))
    elif min(image.size) < smallest:
        factor = -(-smallest // min(image.size))
        image = image.resize((image.width * factor, image.height * factor),
                             Image.Resampling.NEAREST)
    return image
