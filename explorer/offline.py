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

# torchvision's ImageNet weights file of every classifier ``explorer.tv_models`` offers, by
# architecture: Home counts them in the hub cache without importing torch (tests/app/test_home.py
# checks this table against tv_models.catalogue()).
TV_WEIGHT_FILES: dict[str, str] = {
    "convnext_tiny": "convnext_tiny-983f1562.pth",
    "densenet121": "densenet121-a639ec97.pth",
    "densenet161": "densenet161-8d451a50.pth",
    "densenet169": "densenet169-b2777c0a.pth",
    "densenet201": "densenet201-c1103571.pth",
    "efficientnet_b0": "efficientnet_b0_rwightman-7f5810bc.pth",
    "efficientnet_b1": "efficientnet_b1-c27df63c.pth",
    "efficientnet_b2": "efficientnet_b2_rwightman-c35c1473.pth",
    "efficientnet_b3": "efficientnet_b3_rwightman-b3899882.pth",
    "efficientnet_b4": "efficientnet_b4_rwightman-23ab8bcd.pth",
    "efficientnet_b5": "efficientnet_b5_lukemelas-1a07897c.pth",
    "efficientnet_v2_s": "efficientnet_v2_s-dd5fe13b.pth",
    "maxvit_t": "maxvit_t-bc5ab103.pth",
    "mnasnet0_5": "mnasnet0.5_top1_67.823-3ffadce67e.pth",
    "mnasnet0_75": "mnasnet0_75-7090bc5f.pth",
    "mnasnet1_0": "mnasnet1.0_top1_73.512-f206786ef8.pth",
    "mnasnet1_3": "mnasnet1_3-a4c69d6f.pth",
    "mobilenet_v2": "mobilenet_v2-7ebf99e0.pth",
    "mobilenet_v3_large": "mobilenet_v3_large-5c1a4163.pth",
    "mobilenet_v3_small": "mobilenet_v3_small-047dcff4.pth",
    "regnet_x_1_6gf": "regnet_x_1_6gf-a12f2b72.pth",
    "regnet_x_3_2gf": "regnet_x_3_2gf-7071aa85.pth",
    "regnet_x_400mf": "regnet_x_400mf-62229a5f.pth",
    "regnet_x_800mf": "regnet_x_800mf-94a99ebd.pth",
    "regnet_y_1_6gf": "regnet_y_1_6gf-0d7bc02a.pth",
    "regnet_y_3_2gf": "regnet_y_3_2gf-9180c971.pth",
    "regnet_y_400mf": "regnet_y_400mf-e6988f5f.pth",
    "regnet_y_800mf": "regnet_y_800mf-58fc7688.pth",
    "resnet18": "resnet18-f37072fd.pth",
    "resnet34": "resnet34-b627a593.pth",
    "resnet50": "resnet50-11ad3fa6.pth",
    "resnext50_32x4d": "resnext50_32x4d-1a0047aa.pth",
    "shufflenet_v2_x0_5": "shufflenetv2_x0.5-f707e7126e.pth",
    "shufflenet_v2_x1_0": "shufflenetv2_x1-5666bf0f80.pth",
    "shufflenet_v2_x1_5": "shufflenetv2_x1_5-3c479a10.pth",
    "shufflenet_v2_x2_0": "shufflenetv2_x2_0-8be3c8ee.pth",
    "squeezenet1_0": "squeezenet1_0-b66bff10.pth",
    "squeezenet1_1": "squeezenet1_1-b8a52dc0.pth",
    "swin_t": "swin_t-704ceda3.pth",
    "swin_v2_t": "swin_v2_t-b137f0e2.pth",
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


def tv_weights_cached() -> tuple[str, ...]:
    """The architectures of ``TV_WEIGHT_FILES`` whose ImageNet weights are in the hub cache,
    sorted (torch loads them from there; a file is present when it is a non-empty file)."""
    folder = weights_dir()
    return tuple(sorted(arch for arch, file in TV_WEIGHT_FILES.items()
                        if _nonempty(folder / file)))


def _nonempty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False
