"""Datasets as whole tensors in memory: bundled digits, torchvision sets on disk, 2-D toys.

Small datasets fit in memory (on the GPU too), so training indexes tensors directly instead of
going through a DataLoader: no worker processes, no per-sample Python, no collation (the
airbench / train_mnist_fast approach). Splits follow the seeds: 70 % train, 20 % validation,
10 % test, stratified, with a seed; normalisation statistics come from the train split only.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.model_selection import train_test_split

from explorer import image_folder
from explorer.errors import InputError
from explorer.offline import DATASET_FILES, data_root, dataset_status

IMAGE_SETS = ("digits", "mnist", "fashion_mnist", "cifar10")
TOY_SETS = ("moons", "circles", "spirals")
DATASET_NAMES = IMAGE_SETS + TOY_SETS
DEFAULT_FRACTIONS = (0.7, 0.2, 0.1)


class DatasetUnavailable(InputError):
    """A torchvision dataset whose files are not in the data folder, or incomplete (nothing is
    downloaded)."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__("file", message, name=name, reason=message)


@dataclass
class Splits:
    x_train: torch.Tensor  # float32 [N, C, H, W] (images) or [N, 2] (toys), normalised
    y_train: torch.Tensor  # int64 [N]
    x_val: torch.Tensor
    y_val: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    classes: list[str]
    mean: tuple[float, ...]  # per channel (images) or per feature (toys), from train
    std: tuple[float, ...]
    name: str

    @property
    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    @property
    def is_image(self) -> bool:
        return self.x_train.dim() == 4

    def to(self, device) -> "Splits":
        """The same splits with every tensor on ``device`` (data resident on the GPU)."""
        moved = {k: v.to(device) for k, v in vars(self).items() if torch.is_tensor(v)}
        return Splits(**{**vars(self), **moved})


def denormalize(x: torch.Tensor, splits: Splits) -> torch.Tensor:
    """Undo the train-split normalisation: x * std + mean, per channel. [N, C, H, W]."""
    shape = (1, -1) + (1,) * (x.dim() - 2)
    mean = torch.tensor(splits.mean, dtype=x.dtype, device=x.device).view(shape)
    std = torch.tensor(splits.std, dtype=x.dtype, device=x.device).view(shape)
    return x * std + mean


def _digits() -> tuple[np.ndarray, np.ndarray, list[str]]:
    from sklearn.datasets import load_digits
    d = load_digits()
    return (d.images[:, None] / 16.0).astype(np.float32), d.target, [str(i) for i in range(10)]


def _spirals(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved Archimedean spirals, r = theta, with Gaussian noise."""
    rng = np.random.default_rng(seed)
    theta = np.sqrt(rng.uniform(0, 1, n)) * 3 * np.pi
    labels = rng.integers(0, 2, n)
    sign = np.where(labels == 0, 1.0, -1.0)[:, None]
    points = sign * np.stack([theta * np.cos(theta), theta * np.sin(theta)], 1) / np.pi
    return points + rng.normal(0, noise, points.shape), labels


def _toy(name: str, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    from sklearn.datasets import make_circles, make_moons
    n = 1500
    if name == "moons":
        x, y = make_moons(n, noise=0.2, random_state=seed)
    elif name == "circles":
        x, y = make_circles(n, noise=0.1, factor=0.5, random_state=seed)
    else:
        x, y = _spirals(n, 0.1, seed)
    return x.astype(np.float32), y, ["0", "1"]


def is_dataset_name(name) -> bool:
    """One of DATASET_NAMES, or an image folder's name (``folder-<name>``, on disk or not)."""
    return name in DATASET_NAMES or image_folder.is_folder_dataset(name)


def is_image_set(name) -> bool:
    return name in IMAGE_SETS or image_folder.is_folder_dataset(name)


def dataset_names() -> tuple[str, ...]:
    """DATASET_NAMES and the image folders prepared on this machine."""
    return DATASET_NAMES + tuple(f.dataset for f in image_folder.list_folders())


def check_dataset(name) -> str:
    if not is_dataset_name(name):
        options = dataset_names()
        raise InputError("choice", f"unknown dataset {name!r}; expected one of "
                         f"{', '.join(options)}", name="dataset", value=name, options=options)
    return name


def unavailable_reason(name: str) -> str | None:
    """Why torchvision set ``name`` cannot be loaded (folder, and the files missing or
    incomplete: empty, shorter than their header says, cut short), or image folder ``name``
    is not prepared here, else None."""
    if image_folder.is_folder_dataset(name):
        return image_folder.unavailable_reason(name)
    if name not in DATASET_FILES:
        return None
    status = dataset_status(name)
    if status.available:
        return None
    return (f"{name} is not on this machine: put torchvision's files in {status.where}/ "
            f"(missing or incomplete: {', '.join(status.missing)}), or set EXPLORER_DATA to the folder that "
            f"has them. Nothing is downloaded; the bundled digits work offline.")


def _torchvision(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Official train and test sets of an on-disk torchvision dataset (never downloads).
    DatasetUnavailable when its files are missing, incomplete, or fail torchvision's checks
    (CIFAR-10's MD5 sums, MNIST's headers)."""
    reason = unavailable_reason(name)
    if reason:
        raise DatasetUnavailable(reason, name)
    from torchvision import datasets
    cls = {"mnist": datasets.MNIST, "fashion_mnist": datasets.FashionMNIST,
           "cifar10": datasets.CIFAR10}[name]
    parts = []
    for train in (True, False):
        try:
            ds = cls(str(data_root()), train=train, download=False)
        except Exception as err:  # torchvision: RuntimeError, EOFError, pickle and shape errors
            raise DatasetUnavailable(
                f"{name}'s files in {data_root()} could not be read by torchvision "
                f"({type(err).__name__}: {str(err)[:200]}); replace them with complete copies",
                name) from None
        images = np.asarray(ds.data, dtype=np.float32) / 255.0
        images = images[:, None] if images.ndim == 3 else images.transpose(0, 3, 1, 2)
        parts += [images, np.asarray(ds.targets)]
    return (*parts, list(ds.classes))


def load_dataset(name: str = "digits", seed: int = 0,
                 fractions: tuple[float, float, float] | None = None) -> Splits:
    """Stratified train/val/test splits of ``name`` as normalised CPU tensors.

    torchvision sets keep their official test set and split their training set into
    train/val in the ratio fractions[0]:fractions[1]. ``fractions`` defaults to
    DEFAULT_FRACTIONS, or for an image folder to the split chosen when it was prepared.
    """
    check_dataset(name)
    folder = None
    if image_folder.is_folder_dataset(name):
        folder = image_folder.load_arrays(name)
        fractions = fractions or folder[3]
    fractions = fractions or DEFAULT_FRACTIONS
    if len(fractions) != 3 or min(fractions) <= 0 or abs(sum(fractions) - 1) > 1e-6:
        raise InputError("out_of_range", f"split fractions must be three positive numbers "
                         f"summing to 1, got {fractions}", name="fractions", value=fractions,
                         low=0, high=1)
    if name in DATASET_FILES:
        x_pool, y_pool, x_test, y_test, classes = _torchvision(name)
        val_share = fractions[1] / (fractions[0] + fractions[1])
    else:
        x, y, classes = (folder[:3] if folder else _digits() if name == "digits"
                         else _toy(name, seed))
        x_pool, x_test, y_pool, y_test = train_test_split(
            x, y, test_size=fractions[2], stratify=y, random_state=seed)
        val_share = fractions[1] / (1 - fractions[2])
    x_train, x_val, y_train, y_val = train_test_split(
        x_pool, y_pool, test_size=val_share, stratify=y_pool, random_state=seed)
    axes = (0, 2, 3) if x_train.ndim == 4 else (0,)
    mean = x_train.mean(axis=axes, dtype=np.float64)
    std = x_train.std(axis=axes, dtype=np.float64) + 1e-8
    shape = (1, -1, 1, 1) if x_train.ndim == 4 else (1, -1)

    def norm(a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(((a - mean.reshape(shape)) / std.reshape(shape))
                                .astype(np.float32))

    def labels(a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.asarray(a, dtype=np.int64))

    return Splits(norm(x_train), labels(y_train), norm(x_val), labels(y_val), norm(x_test),
                  labels(y_test), classes, tuple(mean.tolist()), tuple(std.tolist()), name)


if __name__ == "__main__":   # python -m explorer.data get mnist | list (see explorer.download)
    import sys

    from explorer.download import main
    sys.exit(main(sys.argv[1:]))
