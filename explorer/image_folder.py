"""Your own image folders as a dataset: a zip (or a folder on the server) laid out
``class_name/image.png``, as ``torchvision.datasets.ImageFolder`` expects.

    info = prepare_zip(open("pets.zip", "rb"), "pets", size=32)   # -> dataset "folder-pets"
    load_dataset(info.dataset)                                    # explorer.data, as any set
    python -m explorer.image_folder ~/photos/pets pets --size 64  # a server-side folder

Extraction is safe and bounded, and all or nothing: the zip's directory is checked before a
byte is inflated (entry count, declared sizes, compression ratio, ``..`` and absolute names,
symlinks, encryption, duplicates, the ``class/image`` layout), members are inflated with a
byte count (a zip may lie about sizes) into a temporary folder, every image's header is read
(not images, damaged files, classes with too few images, mixed sizes or colour modes each get
their own InputError), the images are decoded once into a ``uint8`` array at the chosen input
size, and only then is the temporary folder renamed to ``<data>/folders/<name>``. A failure
at any step removes the temporary folder.

A prepared folder holds ``images/`` (the extracted files, for ImageFolder), ``tensors.npz``
(images ``[N, C, S, S]`` uint8 and labels) and ``meta.json`` (classes, counts, input size,
split fractions, source).
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import sys
import time
import unicodedata
import uuid
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from explorer import budget
from explorer.download import check_room
from explorer.errors import InputError, check_choice, check_int
from explorer.offline import data_root

PREFIX = "folder-"                          # dataset names: folder-<name>
NAME_PATTERN = r"[a-z0-9][a-z0-9_]{0,31}"
SIZES = (16, 28, 32, 48, 64, 96, 128)       # input sizes offered (square)
COLOURS = ("auto", "rgb", "gray")
IGNORED = ("__MACOSX", "Thumbs.db", "desktop.ini")   # what zipping tools add; hidden files too
GRAY_MODES = ("1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "I;16N", "F")
IMAGES, TENSORS, META = "images", "tensors.npz", "meta.json"


class FolderError(InputError):
    """An image folder or zip that cannot become a dataset; ``code`` says why (Chinese
    templates in ``ui/strings/image_folder.py``)."""


# What was converted, as templates (a page translates them: ui.i18n.message).
RESIZED = "{count} image sizes resized to {size}×{size}"
CONVERTED = "all images converted to {colour}"
FOLDER = "the image folder {name}"        # what needs room on the disk (download.check_room)


@dataclass(frozen=True)
class FolderInfo:
    name: str                      # the user's name, e.g. "pets"
    classes: tuple[str, ...]       # sorted, as ImageFolder numbers them
    counts: tuple[int, ...]        # images per class
    size: int                      # input side (pixels)
    channels: int                  # 1 (grayscale) or 3 (RGB)
    fractions: tuple[float, float, float]
    source: str                    # the zip's name or the server folder
    notes: tuple[str, ...] = ()    # what was ignored or converted

    @property
    def dataset(self) -> str:
        return PREFIX + self.name

    @property
    def images(self) -> int:
        return sum(self.counts)


def folders_root() -> Path:
    return data_root() / "folders"


def is_folder_dataset(dataset) -> bool:
    return (isinstance(dataset, str) and dataset.startswith(PREFIX)
            and re.fullmatch(NAME_PATTERN, dataset[len(PREFIX):]) is not None)


def check_name(name) -> str:
    if not isinstance(name, str) or not re.fullmatch(NAME_PATTERN, name):
        raise FolderError("folder_name", f"the dataset name {str(name)[:40]!r} is not allowed: "
                          f"use 1 to 32 lowercase letters, digits or _ (starting with a letter "
                          f"or digit)", name=str(name)[:40])
    return name


def suggest_name(filename: str) -> str:
    """A valid name from an upload's file name: 'My Pets (2).zip' -> 'my_pets_2'."""
    stem = unicodedata.normalize("NFKD", Path(str(filename)).stem).encode("ascii", "ignore")
    name = re.sub(r"[^a-z0-9]+", "_", stem.decode().lower()).strip("_")[:32]
    return name or "my_images"


# --- checks on the names a zip or folder holds --------------------------------------------

def _unsafe(name: str) -> tuple[str, str] | None:
    """(code, why) when a member name could write outside the folder, else None."""
    if "\\" in name or "\0" in name or any(unicodedata.category(c) == "Cc" for c in name):
        return "zip_bad_name", "it holds a backslash, NUL or control characters"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "zip_absolute", "it is an absolute path"
    if ".." in name.split("/"):
        return "zip_traversal", "it climbs out of the folder with '..'"
    if any(len(part.encode()) > 255 for part in name.split("/")):
        return "zip_bad_name", "a part of it is over 255 bytes"
    return None


def _ignored(parts: tuple[str, ...]) -> bool:
    return any(p in IGNORED or p.startswith(".") for p in parts)


def _strip(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The paths below one shared top folder when they all have one (a zipped folder)."""
    if paths and all(len(p) >= 3 for p in paths) and len({p[0] for p in paths}) == 1:
        return [p[1:] for p in paths]
    return paths


def _layout(paths: list[tuple[str, ...]]) -> dict[str, list[int]]:
    """{class: [indices into paths]} for ``class/image`` paths (already stripped), sorted by
    class as ImageFolder numbers them; FolderError("folder_layout") for files outside class
    folders."""
    wrong = [p for p in paths if len(p) != 2]
    if wrong:
        shown = ", ".join("/".join(p) for p in wrong[:3])
        raise FolderError("folder_layout", f"{len(wrong)} file(s) are not in a class folder "
                          f"({shown}): lay it out as class_name/image.png, one folder per "
                          f"class", count=len(wrong), examples=shown)
    classes: dict[str, list[int]] = {}
    for i, p in enumerate(paths):
        classes.setdefault(p[0], []).append(i)
    return dict(sorted(classes.items()))


# --- zips ---------------------------------------------------------------------------------

def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The zip's image members after every check that needs no inflating."""
    infos = archive.infolist()
    if len(infos) > 2 * budget.MAX_FOLDER_FILES:
        raise FolderError("budget", f"the zip lists {len(infos):,} entries, over the limit "
                          f"of {budget.MAX_FOLDER_FILES:,} images", what="files in the zip",
                          needed=len(infos), limit=budget.MAX_FOLDER_FILES)
    seen, kept, declared = set(), [], 0
    for info in infos:
        name = info.filename
        unsafe = _unsafe(name)
        if unsafe:
            raise FolderError(unsafe[0], f"the zip entry {name[:80]!r} is refused: "
                              f"{unsafe[1]}. Nothing was extracted.", entry=name[:80])
        if stat.S_ISLNK(info.external_attr >> 16):
            raise FolderError("zip_symlink", f"the zip entry {name[:80]!r} is a symbolic link; "
                              f"zip the images themselves. Nothing was extracted.",
                              entry=name[:80])
        if info.flag_bits & 0x1:
            raise FolderError("zip_encrypted", f"the zip entry {name[:80]!r} is encrypted; zip "
                              f"it without a password. Nothing was extracted.", entry=name[:80])
        if name in seen:
            raise FolderError("zip_duplicate", f"the zip holds {name[:80]!r} twice. Nothing was "
                              f"extracted.", entry=name[:80])
        seen.add(name)
        parts = tuple(p for p in name.split("/") if p)
        if info.is_dir() or not parts or _ignored(parts):
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1 << 20 and ratio > budget.MAX_ZIP_RATIO:
            raise FolderError("zip_bomb", f"the zip entry {name[:80]!r} would inflate "
                              f"{ratio:,.0f}-fold (to {info.file_size:,} bytes), over the limit "
                              f"of {budget.MAX_ZIP_RATIO}: a zip bomb? Nothing was extracted.",
                              entry=name[:80], ratio=round(ratio), limit=budget.MAX_ZIP_RATIO)
        declared += info.file_size
        kept.append(info)
    _check_totals(len(kept), declared)
    return kept


def _check_totals(files: int, size: int) -> None:
    if files > budget.MAX_FOLDER_FILES:
        raise FolderError("budget", f"{files:,} images is over the limit of "
                          f"{budget.MAX_FOLDER_FILES:,} (budget.MAX_FOLDER_FILES)",
                          what="images", needed=files, limit=budget.MAX_FOLDER_FILES)
    if size > budget.MAX_FOLDER_BYTES:
        raise FolderError("budget", f"the images take {size / 1e6:,.0f} MB unpacked, over the "
                          f"limit of {budget.MAX_FOLDER_BYTES / 1e6:,.0f} MB "
                          f"(budget.MAX_FOLDER_BYTES)", what="unpacked images",
                          needed=f"{size / 1e6:,.0f} MB",
                          limit=f"{budget.MAX_FOLDER_BYTES / 1e6:,.0f} MB")


def _extract(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], into: Path) -> None:
    """Inflate ``infos`` under ``into`` as class/image, counting real bytes (a zip's declared
    sizes can lie)."""
    parts = _strip([tuple(p for p in i.filename.split("/") if p) for i in infos])
    _layout(parts)
    total = 0
    for folder in {path[0] for path in parts}:
        (into / folder).mkdir(parents=True)
    for info, path in zip(infos, parts):
        target = into.joinpath(*path)
        written = 0
        with archive.open(info) as src, target.open("xb") as out:
            while block := src.read(1 << 20):
                written += len(block)
                total += len(block)
                if written > info.file_size or total > budget.MAX_FOLDER_BYTES:
                    raise FolderError("zip_bomb", f"the zip entry {info.filename[:80]!r} "
                                      f"inflates past its declared {info.file_size:,} bytes: "
                                      f"a zip bomb? Nothing was extracted.",
                                      entry=info.filename[:80], ratio="?",
                                      limit=budget.MAX_ZIP_RATIO)
                out.write(block)


# --- folders ------------------------------------------------------------------------------

def _scan(folder: Path) -> dict[str, list[Path]]:
    """{class: [image paths]} of a folder laid out class/image; symlinks are refused."""
    if not folder.is_dir():
        raise FolderError("folder_layout", f"{folder} is not a folder", count=0,
                          examples=str(folder))
    paths, count = [], 0
    for dirpath, dirs, files in os.walk(folder, followlinks=False):
        for d in dirs:
            if os.path.islink(os.path.join(dirpath, d)):
                raise FolderError("zip_symlink", f"{os.path.join(dirpath, d)} is a symbolic "
                                  f"link; give the images themselves",
                                  entry=os.path.join(dirpath, d))
        dirs[:] = sorted(d for d in dirs if not _ignored((d,)))
        for f in sorted(files):
            path = Path(dirpath, f)
            parts = path.relative_to(folder).parts
            if _ignored(parts):
                continue
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise FolderError("zip_symlink", f"{path} is a symbolic link or not a regular "
                                  f"file; give the images themselves", entry=str(path))
            count += 1
            if count > budget.MAX_FOLDER_FILES:
                _check_totals(count, 0)
            paths.append((parts, path))
    classes = _layout(_strip([parts for parts, _ in paths]))
    return {c: [paths[i][1] for i in found] for c, found in classes.items()}


def _colour_class(mode: str) -> str:
    return "gray" if mode in GRAY_MODES else "rgb"


def _summary(counter: dict, unit=str) -> str:
    top = sorted(counter.items(), key=lambda kv: -len(kv[1]))
    return ", ".join(f"{unit(k)} × {len(v)} (e.g. {v[0]})" for k, v in top[:4])


def _inspect(classes: dict[str, list[Path]], size: int | None, colour: str,
             ) -> tuple[int, int, list[str]]:
    """Read every image's header: (side, channels, notes). FolderError for files that are not
    images, classes with too few images, and mixed sizes (no size chosen) or colour modes
    ("auto")."""
    from explorer.images import _open   # header-only open with the image limits

    bad, sizes, modes, notes = [], {}, {}, []
    total = 0
    for cls, paths in classes.items():
        for path in paths:
            data = path.read_bytes()
            total += len(data)
            _check_totals(0, total)
            label = f"{cls}/{path.name}"
            try:
                image = _open(data, label)
            except InputError as err:
                bad.append(f"{label} ({str(err).split(': ', 1)[-1][:60]})")
                continue
            sizes.setdefault(image.size, []).append(label)
            modes.setdefault(_colour_class(image.mode), []).append(label)
    if bad:
        raise FolderError("folder_not_images", f"{len(bad)} file(s) are not usable images: "
                          f"{'; '.join(bad[:3])}{' …' if len(bad) > 3 else ''}. Remove them "
                          f"(PNG, JPEG, WEBP, BMP, GIF, TIFF are read)", count=len(bad),
                          examples="; ".join(bad[:3]))
    few = {c: len(p) for c, p in classes.items() if len(p) < budget.MIN_CLASS_IMAGES}
    if few or len(classes) < 2:
        if len(classes) < 2:
            raise FolderError("folder_classes", f"found {len(classes)} class folder(s); a "
                              f"classifier needs at least 2", found=len(classes))
        shown = ", ".join(f"{c} ({n})" for c, n in list(few.items())[:5])
        raise FolderError("folder_few", f"{len(few)} class(es) have fewer than "
                          f"{budget.MIN_CLASS_IMAGES} images: {shown}. Add images or remove "
                          f"those classes", classes=shown, minimum=budget.MIN_CLASS_IMAGES)
    if size is None and len(sizes) > 1:
        shown = _summary(sizes, lambda wh: f"{wh[0]}×{wh[1]}")
        raise FolderError("folder_sizes", f"the images have {len(sizes)} different sizes "
                          f"({shown}): choose an input size to resize them all to",
                          count=len(sizes), sizes=shown)
    if size is None:
        (w, h), = sizes
        if w != h:
            raise FolderError("folder_sizes", f"the images are {w}×{h}, not square: choose an "
                              f"input size to resize them to", count=1, sizes=f"{w}×{h}")
        size = w
    elif len(sizes) > 1:
        notes.append(RESIZED.format(count=len(sizes), size=size))
    if colour == "auto":
        if len(modes) > 1:
            shown = _summary(modes)
            raise FolderError("folder_modes", f"the folder mixes grayscale and colour images "
                              f"({shown}): choose RGB (grayscale images get three equal "
                              f"channels) or grayscale", modes=shown)
        colour = next(iter(modes))
    elif len(modes) > 1 or next(iter(modes)) != colour:
        notes.append(CONVERTED.format(colour="grayscale" if colour == "gray" else "RGB"))
    return size, 1 if colour == "gray" else 3, notes


def _decode(classes: dict[str, list[Path]], side: int, channels: int
            ) -> tuple[np.ndarray, np.ndarray]:
    from PIL import Image

    n = sum(len(p) for p in classes.values())
    budget.check_elements("the image folder as a tensor", n * channels * side * side,
                          budget.MAX_ELEMENTS, "choose a smaller input size or fewer images")
    x = np.empty((n, channels, side, side), np.uint8)
    y = np.empty(n, np.int64)
    i = 0
    for label, (cls, paths) in enumerate(classes.items()):
        for path in paths:
            with Image.open(path) as image:
                image.draft("L" if channels == 1 else "RGB", (side, side))   # JPEG: scaled
                if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
                    image = Image.fromarray((np.asarray(image, np.float64) / max(
                        float(np.asarray(image).max()), 1) * 255).astype(np.uint8))
                if image.mode in ("RGBA", "LA", "P", "PA"):
                    image = image.convert("RGBA")
                    flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
                    image = Image.alpha_composite(flat, image)   # transparent -> white
                image = image.convert("L" if channels == 1 else "RGB")
                image = image.resize((side, side), Image.Resampling.BILINEAR,
                                     reducing_gap=3.0)
                pixels = np.asarray(image, np.uint8)
            x[i] = pixels[None] if channels == 1 else pixels.transpose(2, 0, 1)
            y[i] = label
            i += 1
    return x, y


# --- preparing, listing, loading ----------------------------------------------------------

def _check_options(name, size, colour, fractions) -> tuple:
    check_name(name)
    if size is not None:
        check_int("input size", size, 8, max(SIZES))
    check_choice("colour", colour, COLOURS)
    fractions = tuple(float(f) for f in fractions)
    if len(fractions) != 3 or min(fractions) <= 0 or abs(sum(fractions) - 1) > 1e-6:
        raise InputError("out_of_range", f"split fractions must be three positive numbers "
                         f"summing to 1, got {fractions}", name="fractions", value=fractions,
                         low=0, high=1)
    return fractions


def _finish(tmp: Path, classes: dict[str, list[Path]], name: str, size, colour, fractions,
            source: str, replace: bool, notes: list[str]) -> FolderInfo:
    side, channels, more = _inspect(classes, size, colour)
    info = FolderInfo(name, tuple(classes), tuple(len(p) for p in classes.values()), side,
                      channels, fractions, source, tuple(notes + more))
    check_room(info.images * channels * side * side, FOLDER.format(name=name))
    x, y = _decode(classes, side, channels)
    split_sizes(y, fractions)                      # refuses splits a class cannot fill
    np.savez(tmp / TENSORS, x=x, y=y)
    (tmp / META).write_text(json.dumps(asdict(info), indent=1))
    final = folders_root() / name
    _check_free(name, replace)
    old = final.with_name(f".{name}.{uuid.uuid4().hex[:8]}.old")
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(tmp, final)      # refused when another session just made one of this name
    except OSError:
        raise FolderError("folder_exists", f"a dataset named {name} was made meanwhile: choose "
                          f"another name, or replace it", name=name) from None
    finally:
        shutil.rmtree(old, ignore_errors=True)
    return info


def _check_free(name: str, replace: bool) -> None:
    if not replace and (folders_root() / name).exists():
        raise FolderError("folder_exists", f"a dataset named {name} exists already: choose "
                          f"another name, or replace it", name=name)


STALE_S = 3600     # a temporary folder this old was left by a process that was killed


def _temporary() -> Path:
    """A new temporary folder under folders_root(); those left by killed processes go."""
    root = folders_root()
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob(".*"):
        try:
            if old.name.endswith((".tmp", ".old")) and \
                    time.time() - old.stat().st_mtime > STALE_S:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    tmp = root / f".{uuid.uuid4().hex}.tmp"
    tmp.mkdir()
    return tmp


def prepare_zip(source, name: str, size: int | None = 32, colour: str = "auto",
                fractions=(0.7, 0.2, 0.1), replace: bool = False,
                filename: str = "upload.zip") -> FolderInfo:
    """A zip (bytes, a path or a file object) laid out class/image -> dataset ``folder-<name>``.
    All or nothing: FolderError (an InputError) says what is wrong, and nothing is left."""
    fractions = _check_options(name, size, colour, fractions)
    _check_free(name, replace)
    tmp = _temporary()
    try:
        try:
            archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes)
                                      else source)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
            raise FolderError("zip_unreadable", f"{filename} is not a readable zip ({err})",
                              name=filename, reason=str(err)) from None
        with archive:
            infos = _members(archive)
            check_room(sum(i.file_size for i in infos), FOLDER.format(name=name))
            try:
                _extract(archive, infos, tmp / IMAGES)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
                raise FolderError("zip_unreadable", f"{filename} cannot be extracted ({err})",
                                  name=filename, reason=str(err)) from None
        classes = _scan(tmp / IMAGES) if infos else {}
        return _finish(tmp, classes, name, size, colour, fractions, filename, replace, [])
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def prepare_folder(folder, name: str, size: int | None = 32, colour: str = "auto",
                   fractions=(0.7, 0.2, 0.1), replace: bool = False) -> FolderInfo:
    """A folder on the server laid out class/image -> dataset ``folder-<name>`` (the images
    are read in place; the dataset keeps only their tensors)."""
    fractions = _check_options(name, size, colour, fractions)
    _check_free(name, replace)
    folder = Path(folder).expanduser()
    classes = _scan(folder)
    tmp = _temporary()
    try:
        return _finish(tmp, classes, name, size, colour, fractions, str(folder), replace, [])
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def split_sizes(y: np.ndarray, fractions) -> tuple[int, int, int]:
    """(train, val, test) counts of a stratified split; FolderError when the validation or
    test split would miss a class (each needs one image of every class)."""
    n, k = len(y), len(np.unique(y))
    test = int(np.ceil(n * fractions[2]))
    val = int(np.ceil((n - test) * fractions[1] / (fractions[0] + fractions[1])))
    if min(test, val) < k or n - test - val < k:
        split = f"{fractions[0]:.0%}/{fractions[1]:.0%}/{fractions[2]:.0%}"
        raise FolderError("folder_split", f"{n} images in {k} classes are too few for a "
                          f"{split} split: each split needs an image of every class. Add "
                          f"images or give validation and test larger shares", images=n,
                          classes=k, split=split)
    return n - test - val, val, test


def list_folders() -> list[FolderInfo]:
    """The prepared image folders, by name (damaged ones are left out)."""
    root = folders_root()
    found = []
    for path in sorted(root.iterdir()) if root.is_dir() else ():
        info = _read_meta(path.name)
        if info is not None:
            found.append(info)
    return found


def _read_meta(name: str) -> FolderInfo | None:
    if not re.fullmatch(NAME_PATTERN, name):
        return None
    try:
        meta = json.loads((folders_root() / name / META).read_text())
        info = FolderInfo(**{**meta, "classes": tuple(meta["classes"]),
                             "counts": tuple(meta["counts"]),
                             "fractions": tuple(meta["fractions"]),
                             "notes": tuple(meta.get("notes", ()))})
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return info if (folders_root() / name / TENSORS).is_file() else None


def unavailable_reason(dataset: str) -> str | None:
    if _read_meta(dataset[len(PREFIX):]) is None:
        return (f"{dataset} is not on this machine (an image folder deleted, or made on "
                f"another server): upload its zip again on the Training lab")
    return None


def load_arrays(dataset: str) -> tuple[np.ndarray, np.ndarray, list[str], tuple]:
    """(images float32 [N, C, S, S] in [0, 1], labels, classes, split fractions)."""
    info = _read_meta(dataset[len(PREFIX):]) if is_folder_dataset(dataset) else None
    if info is None:
        raise FolderError("file", unavailable_reason(dataset), name=dataset,
                          reason="not on this machine")
    try:
        with np.load(folders_root() / info.name / TENSORS, allow_pickle=False) as arrays:
            x, y = arrays["x"], arrays["y"]
    except (OSError, ValueError, KeyError) as err:
        raise FolderError("file", f"{dataset}'s tensors cannot be read ({err}); upload it "
                          f"again", name=dataset, reason=str(err)) from None
    return x.astype(np.float32) / 255.0, y, list(info.classes), info.fractions


def delete_folder(name: str) -> None:
    check_name(name)
    path = folders_root() / name
    if path.is_dir():
        trash = path.with_name(f".{name}.{uuid.uuid4().hex[:8]}.old")
        os.replace(path, trash)
        shutil.rmtree(trash, ignore_errors=True)


def main(argv: list[str]) -> int:
    """python -m explorer.image_folder FOLDER NAME [--size S] [--colour auto|rgb|gray]"""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m explorer.image_folder",
                                     description="A server-side class/image folder as a "
                                                 "dataset for the Training lab.")
    parser.add_argument("folder")
    parser.add_argument("name")
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--colour", default="auto", choices=COLOURS)
    parser.add_argument("--replace", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        info = prepare_folder(args.folder, args.name, args.size, args.colour,
                              replace=args.replace)
    except InputError as err:
        print(f"refused: {err}", file=sys.stderr)
        return 1
    print(f"{info.dataset}: {info.images} images in {len(info.classes)} classes at "
          f"{info.size}×{info.size}×{info.channels} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
