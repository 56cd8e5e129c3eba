"""Download throughput, and time to first page for an uploaded 2,000-image folder, in one run.

1. Download: a 128 MB file (random bytes) from a local ``http.server`` (tests/data/file_server.py).
   Ours: ``explorer.download.get`` through EXPLORER_MIRROR (to a .part file, MD5 of the whole
   file, hashed in a thread while it arrives, rename). References: a plain
   ``urllib.request.urlopen`` + ``shutil.copyfileobj`` copy of the same file (no check), and
   that copy followed by ``hashlib.md5`` of the file (the same work, one step after the
   other). Best of 3 each; MB/s and the ratios.
2. Image folder: a zip of 2,000 PNGs (10 classes × 200, 64×64 RGB) through
   ``explorer.image_folder.prepare_zip`` at input size 32 (directory checks, extraction,
   header checks, decoding, tensors written), then ``load_dataset`` (the split the Training
   lab's worker makes); and the same zip through the Training lab's real uploader under
   AppTest: the seconds from pressing "Make the dataset" until the page is back with the new
   dataset selected. Reference: ``torchvision.datasets.ImageFolder`` over the already
   extracted folder, with Resize(32) + PILToTensor, read whole (what it costs to get the same
   tensors once the files are on disk).

Run: ``python benchmarks/bench_download.py``.
"""
import dataclasses
import io
import os
import shutil
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer import download, image_folder  # noqa: E402
from tests.data.file_server import FileServer, md5  # noqa: E402

MB = 1e6


def bench_download(work: Path) -> None:
    blob = np.random.default_rng(0).integers(0, 256, 128 * 2**20, dtype=np.uint8).tobytes()
    name = "resnet18-f37072fd.pth"
    with FileServer({name: blob}) as server:
        os.environ[download.MIRROR_ENV] = server.url
        os.environ["TORCH_HOME"] = str(work / "torch")
        (remote,) = download.ITEMS["resnet18"]
        download.ITEMS["resnet18"] = (dataclasses.replace(remote, size=len(blob),
                                                          unpacked=len(blob), md5=md5(blob)),)
        target = work / "torch" / "hub" / "checkpoints" / name
        ours, theirs, checked = [], [], []
        for _ in range(3):
            target.unlink(missing_ok=True)
            start = time.perf_counter()
            download.get("resnet18")
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            with urllib.request.urlopen(f"{server.url}/{name}") as response, \
                    (work / "copy").open("wb") as out:
                shutil.copyfileobj(response, out, 1 << 18)
            theirs.append(time.perf_counter() - start)
            assert md5((work / "copy").read_bytes()) == md5(blob)
            checked.append(time.perf_counter() - start)
        assert target.read_bytes() == blob
    size = len(blob) / MB
    print(f"download {size:.0f} MB from a local server: ours {size / min(ours):,.0f} MB/s "
          f"({min(ours):.2f} s, checked and renamed), plain urllib copy "
          f"{size / min(theirs):,.0f} MB/s ({min(theirs):.2f} s; ratio "
          f"{min(ours) / min(theirs):.2f}x), the same copy then its MD5 "
          f"{size / min(checked):,.0f} MB/s ({min(checked):.2f} s; ratio "
          f"{min(ours) / min(checked):.2f}x)")


def folder_zip(classes: int = 10, per_class: int = 200, side: int = 64) -> bytes:
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for c in range(classes):
            for i in range(per_class):
                image = io.BytesIO()
                base = rng.integers(0, 256, 3)      # a class colour plus noise: PNG-sized
                pixels = np.clip(base + rng.normal(0, 40, (side, side, 3)), 0, 255)
                Image.fromarray(pixels.astype(np.uint8)).save(image, "PNG")
                z.writestr(f"shapes/class_{c}/{i:04d}.png", image.getvalue())
    return buffer.getvalue()


def bench_folder(work: Path) -> None:
    os.environ["EXPLORER_DATA"] = str(work / "data")
    zipped = folder_zip()
    start = time.perf_counter()
    info = image_folder.prepare_zip(zipped, "bench", size=32, filename="shapes.zip")
    prepared = time.perf_counter() - start
    from explorer.data import load_dataset
    start = time.perf_counter()
    splits = load_dataset(info.dataset, seed=0)
    loaded = time.perf_counter() - start
    print(f"image folder: {info.images:,} PNGs of 64×64 ({len(zipped) / MB:.1f} MB zip) -> "
          f"{splits.input_shape} tensors: prepare_zip {prepared:.2f} s, load_dataset "
          f"{loaded:.2f} s (train/val/test {len(splits.y_train)}/{len(splits.y_val)}/"
          f"{len(splits.y_test)})")

    from torchvision import datasets, transforms
    start = time.perf_counter()
    ref = datasets.ImageFolder(str(work / "data" / "folders" / "bench" / "images"),
                               transform=transforms.Compose([transforms.Resize(32),
                                                             transforms.PILToTensor()]))
    _ = [ref[i][0] for i in range(len(ref))]
    reference = time.perf_counter() - start
    print(f"reference: torchvision ImageFolder + Resize(32) over the extracted files "
          f"{reference:.2f} s; ratio {(prepared + loaded) / reference:.2f}x "
          f"(ours also checks and extracts the zip)")

    from tests.app.apptest import open_page
    image_folder.delete_folder("bench")
    at = open_page("train").run()
    next(u for u in at.file_uploader if u.label == "Zip of class folders").set_value(
        ("shapes.zip", zipped, "application/zip"))
    button = next(b for b in at.button if b.label == "Make the dataset")
    start = time.perf_counter()
    button.click().run(timeout=600)
    page = time.perf_counter() - start
    assert not at.exception and not at.error, (at.exception, at.error)
    assert at.selectbox(key="data").value == "folder-shapes"
    print(f"Training lab (AppTest): upload of the 2,000-image zip to the page back with "
          f"folder-shapes selected: {page:.2f} s")


if __name__ == "__main__":
    # Under the repository (ignored .benchmarks/), on the disk the data folder lives on: /tmp
    # on this project's machine creates files 14x slower (2.2 ms a file, measured).
    scratch = Path(__file__).resolve().parents[1] / ".benchmarks"
    scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        bench_download(Path(tmp))
        bench_folder(Path(tmp))
