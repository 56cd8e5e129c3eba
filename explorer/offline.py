"""What data and weights are on this machine: answered without importing torch.

Nothing is ever downloaded. torchvision datasets are used when their files are already in
the data folder (``EXPLORER_DATA``, default ``./data``); pretrained weights when their files
are in torch's hub cache (``$TORCH_HOME/hub/checkpoints``).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

# torchvision's on-disk layouts (root = data folder).
DATASET_FILES: dict[str, tuple[str, ...]] = {
    "mnist": ("MNIST/raw/train-images-idx3-ubyte", "MNIST/raw/train-labels-idx1-ubyte",
              "MNIST/raw/t10k-images-idx3-ubyte", "MNIST/raw/t10k-labels-idx1-ubyte"),
    "fashion_mnist": ("FashionMNIST/raw/train-images-idx3-ubyte",
                      "FashionMNIST/raw/train-labels-idx1-ubyte",
                      "FashionMNIST/raw/t10k-images-idx3-ubyte",
                      "FashionMNIST/raw/t10k-labels-idx1-ubyte"),
    "cifar10": tuple(f"cifar-10-batches-py/data_batch_{i}" for i in range(1, 6))
    + ("cifar-10-batches-py/test_batch", "cifar-10-batches-py/batches.meta"),
}

# torchvision's checkpoint file names for the ImageNet classifiers we offer.
WEIGHT_FILES: dict[str, str] = {
    "resnet18": "resnet18-f37072fd.pth",
    "mobilenet_v3_small": "mobilenet_v3_small-047dcff4.pth",
}


@dataclass(frozen=True)
class Availability:
    name: str
    available: bool
    where: Path
    missing: tuple[str, ...]  # files to place there, each with why: "x (missing)", "y (empty)"


def data_root() -> Path:
    return Path(os.environ.get("EXPLORER_DATA", "data")).expanduser()


def torch_home() -> Path:
    """Same rule as ``torch.hub.get_dir()``'s parent, without importing torch."""
    if "TORCH_HOME" in os.environ:
        return Path(os.environ["TORCH_HOME"]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "torch"


def weights_dir() -> Path:
    return torch_home() / "hub" / "checkpoints"


def _incomplete(path: Path) -> str | None:
    """Why torchvision could not read ``path``, or None. IDX files (MNIST) must be exactly as
    long as their header says (4 + 4·ndim + Π dims bytes); pickles (CIFAR-10) must end with
    the pickle STOP opcode ``.``. Only the header and the last byte are read."""
    if not path.is_file():
        gz = path.with_name(path.name + ".gz")
        return "gzipped: unpack it with gunzip" if gz.is_file() else "missing"
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(4 + 4 * 255)       # an IDX header: 4 bytes, then ndim sizes
            f.seek(max(size - 1, 0))
            last = f.read(1)
    except OSError as err:
        return f"cannot be read ({err.strerror})"
    if size == 0:
        return "empty"
    if "-idx" not in path.name:
        return None if last == b"." else "cut short (no pickle end mark)"
    ndim = head[3] if len(head) >= 4 and head[:2] == b"\0\0" else 0
    if not ndim or len(head) < 4 + 4 * ndim:
        return "not an IDX file (bad header)"
    dims = [int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    expected = 4 + 4 * ndim + math.prod(dims)
    return None if size == expected else f"{size:,} bytes where its header says {expected:,}"


def dataset_status(name: str) -> Availability:
    """Whether the torchvision dataset ``name`` is on disk, and which files are missing."""
    if name not in DATASET_FILES:
        raise ValueError(f"unknown dataset {name!r}; expected one of {sorted(DATASET_FILES)}")
    root = data_root()
    missing = tuple(f"{f} ({why})" for f in DATASET_FILES[name]
                    if (why := _incomplete(root / f)))
    return Availability(name, not missing, root, missing)


def weights_status(name: str) -> Availability:
    """Whether torchvision's pretrained ``name`` weights are in the hub cache."""
    if name not in WEIGHT_FILES:
        raise ValueError(f"unknown weights {name!r}; expected one of {sorted(WEIGHT_FILES)}")
    folder = weights_dir()
    file = WEIGHT_FILES[name]
    missing = () if (folder / file).exists() else (file,)
    return Availability(name, not missing, folder, missing)


def all_status() -> list[Availability]:
    """Every optional dataset and weight file, in a fixed order (for the Home page)."""
    return [dataset_status(n) for n in DATASET_FILES] + [weights_status(n) for n in WEIGHT_FILES]
