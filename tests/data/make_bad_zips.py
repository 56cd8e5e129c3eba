"""Zips of image folders, good and hostile, made at test time (nothing binary is committed).

``folder_zip(...)`` builds a class/image.png zip; ``corpus()`` -> {case: (zip bytes, error code
the refusal must carry, words its message must contain)}: every entry must be refused by
``explorer.image_folder.prepare_zip`` with that code and nothing left on disk.

    python tests/data/make_bad_zips.py out/      # writes the corpus as out/<case>.zip
"""
from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image


def png(side: int = 16, mode: str = "RGB", seed: int = 0, height: int | None = None) -> bytes:
    rng = np.random.default_rng(seed)
    shape = (height or side, side) + ((3,) if mode == "RGB" else (4,) if mode == "RGBA" else ())
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8), mode).save(buffer, "PNG")
    return buffer.getvalue()


def folder_zip(classes=("cat", "dog"), per_class: int = 12, side: int = 16, mode: str = "RGB",
               top: str | None = None, extra: dict[str, bytes] | None = None,
               images: dict[str, bytes] | None = None) -> bytes:
    """A zip laid out [top/]class/NNN.png with distinct random images, plus ``extra`` members
    (name -> bytes) written as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for c, cls in enumerate(classes):
            for i in range(per_class):
                name = f"{cls}/{i:03d}.png"
                z.writestr(f"{top}/{name}" if top else name,
                           png(side, mode, seed=c * 1000 + i))
        for name, data in {**(images or {}), **(extra or {})}.items():
            z.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(inflated: int = 32 * 2**20) -> bytes:
    """One member of ``inflated`` zero bytes (DEFLATE shrinks it ~1000-fold) among images."""
    buffer = io.BytesIO(folder_zip())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("cat/bomb.png", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(inflated >> 20):
                member.write(block)
    return buffer.getvalue()


def lying_sizes() -> bytes:
    """A member whose central-directory entry claims 100 bytes while it inflates to more."""
    data = bytearray(folder_zip())
    end = data.rindex(b"PK\x05\x06")
    offset = struct.unpack("<I", data[end + 16:end + 20])[0]   # central directory start
    assert data[offset:offset + 4] == b"PK\x01\x02"
    data[offset + 24:offset + 28] = struct.pack("<I", 100)     # uncompressed size
    return bytes(data)


def _with_member(info: zipfile.ZipInfo, payload: bytes) -> bytes:
    buffer = io.BytesIO(folder_zip())
    with zipfile.ZipFile(buffer, "a") as z:
        z.writestr(info, payload)
    return buffer.getvalue()


def symlink() -> bytes:
    info = zipfile.ZipInfo("cat/passwd.png")
    info.external_attr = (0o120777 << 16)
    info.create_system = 3
    return _with_member(info, b"/etc/passwd")


def encrypted() -> bytes:
    """A member flagged as encrypted (bit 0 of its central-directory flags; Python's zipfile
    cannot write one)."""
    data = bytearray(_with_member(zipfile.ZipInfo("cat/secret.png"), png()))
    entry = data.rindex(b"PK\x01\x02")                         # the last member's entry
    flags = struct.unpack("<H", data[entry + 8:entry + 10])[0]
    data[entry + 8:entry + 10] = struct.pack("<H", flags | 0x1)
    return bytes(data)


def duplicate() -> bytes:
    buffer = io.BytesIO(folder_zip())
    with zipfile.ZipFile(buffer, "a") as z:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z.writestr("cat/000.png", png(seed=99))
    return buffer.getvalue()


def corpus() -> dict[str, tuple[bytes, str, str]]:
    good = folder_zip()
    return {
        "not_a_zip": (b"this is not a zip" * 10, "zip_unreadable", "not a readable zip"),
        "truncated": (good[:len(good) // 2], "zip_unreadable", "not a readable zip"),
        "zip_bomb": (zip_bomb(), "zip_bomb", "zip bomb"),
        "lying_sizes": (lying_sizes(), "zip_unreadable", "cannot be extracted"),
        "traversal": (folder_zip(extra={"../evil.png": png()}), "zip_traversal", "'..'"),
        "deep_traversal": (folder_zip(extra={"cat/../../evil.png": png()}), "zip_traversal",
                           "'..'"),
        "absolute": (folder_zip(extra={"/tmp/evil.png": png()}), "zip_absolute", "absolute"),
        "windows_drive": (folder_zip(extra={"C:/evil.png": png()}), "zip_absolute", "absolute"),
        "backslash": (folder_zip(extra={"cat\\..\\..\\evil.png": png()}), "zip_bad_name",
                      "backslash"),
        "symlink": (symlink(), "zip_symlink", "symbolic link"),
        "encrypted": (encrypted(), "zip_encrypted", "encrypted"),
        "duplicate": (duplicate(), "zip_duplicate", "twice"),
        "not_images": (folder_zip(extra={"cat/notes.txt": b"hello", "dog/doc.png":
                                         b"%PDF-1.4 not an image"}),
                       "folder_not_images", "not usable images"),
        "loose_files": (folder_zip(extra={"readme.txt": b"hello"}), "folder_layout",
                        "not in a class folder"),
        "nested": (folder_zip(extra={"cat/more/x.png": png()}), "folder_layout",
                   "not in a class folder"),
        "too_few": (folder_zip(extra={f"bird/{i}.png": png(seed=500 + i) for i in range(3)}),
                    "folder_few", "bird (3)"),
        "one_class": (folder_zip(classes=("cat",)), "folder_classes", "at least 2"),
        "empty": (folder_zip(classes=()), "folder_classes", "at least 2"),
        "mixed_modes": (folder_zip(extra={f"dog/gray{i}.png": png(mode="L", seed=i)
                                          for i in range(3)}), "folder_modes",
                        "mixes grayscale and colour"),
    }


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_zips")
    out.mkdir(parents=True, exist_ok=True)
    for case, (data, _, _) in corpus().items():
        (out / f"{case}.zip").write_bytes(data)
    print(f"{len(corpus())} zips in {out}/")
