"""Write the bad-input corpus to tests/data/bad_images/ (run: python tests/data/make_bad_images.py).

Every file is small (the largest is a few kB): the "30000×30000" PNG is a valid header with no
pixel data, the extreme aspect ratios are real PNGs of one grey level (they compress to ~1 kB),
and the over-the-byte-cap and just-under-the-pixel-cap cases are made by the tests themselves
(``oversized_bytes``, ``largest_allowed``). File names no file system keeps (a markdown link,
a spreadsheet formula) are upload names only: ``hostile_names``. Deterministic: running it
twice writes the same bytes.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parent / "bad_images"


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width×height 8-bit RGB pixels and carries none: tiny, looks huge."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", b"")
            + _png_chunk(b"IEND", b""))


def oversized_bytes(n_bytes: int) -> bytes:
    """A real PNG padded after IEND to ``n_bytes`` (for the byte cap)."""
    return _encode(_digit_like(), "PNG").ljust(n_bytes, b"\0")


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _digit_like(size: int = 32) -> Image.Image:
    """A dark '1'-ish bar on white, so a loaded file shows something recognisable."""
    pixels = np.full((size, size), 255, np.uint8)
    pixels[size // 6: -size // 6, size // 2 - 2: size // 2 + 2] = 0
    return Image.fromarray(pixels, "L").convert("RGB")


def _gradient16() -> Image.Image:
    """16-bit grey ramp 0..65535 across 64 columns: clipping to 8 bits would make it all white."""
    ramp = np.tile(np.linspace(0, 65535, 64).astype(np.uint16), (16, 1))
    return Image.fromarray(ramp)  # uint16 -> mode "I;16"


def _palette_transparent() -> bytes:
    image = Image.new("P", (32, 32), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)   # index 0 black, 1 red
    image.paste(1, (8, 8, 24, 24))
    return _encode(image, "PNG", transparency=0)          # black index is transparent


def _rgba() -> bytes:
    pixels = np.zeros((32, 32, 4), np.uint8)               # transparent black...
    pixels[8:24, 8:24] = (0, 0, 255, 255)                 # ...around an opaque blue square
    return _encode(Image.fromarray(pixels, "RGBA"), "PNG")


def _exif_rotated() -> bytes:
    """Stored 48 wide × 32 high, EXIF orientation 6 (rotate 90° clockwise to view)."""
    image = Image.new("RGB", (48, 32), "white")
    image.paste((255, 0, 0), (0, 0, 8, 32))                # red strip on the stored left
    exif = Image.Exif()
    exif[0x0112] = 6
    return _encode(image, "JPEG", exif=exif, quality=95)


def _exif_orientation(value: int) -> bytes:
    """The digit-like JPEG with EXIF orientation ``value`` (9 is outside the valid 1..8)."""
    exif = Image.Exif()
    exif[0x0112] = value
    return _encode(_digit_like(), "JPEG", exif=exif, quality=90)


def _float_tiff(nan_inf: bool = True) -> bytes:
    """32-bit float grey ramp 0..1 (64×16), with NaN, +inf and −inf pixels; or all NaN."""
    ramp = np.tile(np.linspace(0, 1, 64, dtype=np.float32), (16, 1))
    if nan_inf:
        ramp[0, :4], ramp[1, :4], ramp[2, :4] = np.nan, np.inf, -np.inf
    else:
        ramp[:] = np.nan
    return _encode(Image.fromarray(ramp, "F"), "TIFF")


def flat_png(width: int, height: int) -> bytes:
    """A real width×height grey PNG of one level: a few hundred bytes however large."""
    return _encode(Image.new("L", (width, height), 200), "PNG", optimize=True)


def largest_allowed() -> bytes:
    """An RGBA PNG just under the pixel cap (6320² = 39.9 MP), a dark bar on transparent: the
    largest image ``load_image`` accepts (~150 kB; made at test time, 160 MB to build)."""
    side = 6320
    pixels = np.zeros((side, side, 4), np.uint8)
    pixels[side // 6: -side // 6, side // 2 - 200: side // 2 + 200] = (0, 0, 0, 255)
    return _encode(Image.fromarray(pixels, "RGBA"), "PNG")


def hostile_names() -> dict[str, bytes]:
    """Upload names that are markdown (a link and a remote image) or a spreadsheet formula,
    each with a good and a refused file, for the pages that show names."""
    png = _encode(_digit_like(), "PNG")
    markdown = "[x](http://127.0.0.1:9/x) ![i](http://127.0.0.1:9/i.png)"
    formula = "=cmd|' /C calc'!A0"
    return {f"{markdown}.png": png, f"{markdown} bad.png": png[:40],
            f"{formula}.png": png, f"{formula} bad.png": b""}


def _animated() -> bytes:
    frames = [Image.new("RGB", (24, 24), colour) for colour in ("red", "green", "blue")]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100,
                   loop=0)


def corpus() -> dict[str, bytes]:
    png, jpeg = _encode(_digit_like(), "PNG"), _encode(_digit_like(), "JPEG", quality=90)
    return {
        # refused, each with its own message
        "zero_bytes.png": b"",
        "truncated.png": png[: len(png) // 2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "text_renamed.png": b"hello, I am a text file with a .png name\n",
        "vector.svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
                      b'width="10" height="10"><rect width="10" height="10"/></svg>',
        "document.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "archive_renamed.png": b"PK\x03\x04" + bytes(26),
        "page_renamed.jpg": b"<!DOCTYPE html><html><body>not an image</body></html>",
        "icon.ico": _encode(_digit_like(), "ICO"),
        "one_pixel.png": _encode(Image.new("RGB", (1, 1), "white"), "PNG"),
        "tiny_4x4.png": _encode(Image.new("L", (4, 4), 0), "PNG"),
        "header_30000x30000.png": png_header_only(30000, 30000),
        "garbage_after_jpeg_magic.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4,
        "aspect_8x50000.png": flat_png(8, 50000),
        "aspect_50000x8.png": flat_png(50000, 8),
        "aspect_8x200000.png": flat_png(8, 200000),
        "float_all_nan.tif": _float_tiff(nan_inf=False),
        # accepted, after a fix the loader must make
        "sixteen_bit_grey.png": _encode(_gradient16(), "PNG"),
        "sixteen_bit_grey.tif": _encode(_gradient16(), "TIFF"),
        "cmyk.jpg": _encode(Image.new("CMYK", (32, 32), (0, 255, 255, 0)), "JPEG"),
        "palette_transparent.png": _palette_transparent(),
        "rgba_transparent.png": _rgba(),
        "exif_rotated.jpg": _exif_rotated(),
        "animated.gif": _animated(),
        "png_named.jpg": png,
        "greyscale.bmp": _encode(_digit_like().convert("L"), "BMP"),
        "lossless.webp": _encode(_digit_like(), "WEBP", lossless=True),
        "float_nan_inf.tif": _float_tiff(),
        "exif_orientation_9.jpg": _exif_orientation(9),
        "aspect_8x400.png": flat_png(8, 400),          # exactly the 50:1 limit: accepted
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in corpus().items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(corpus())} files to {OUT}")


if __name__ == "__main__":
    main()
