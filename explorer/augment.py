"""Data augmentation gallery with ``torchvision.transforms.v2`` (seed 001's list).

Images are float32 ``Tensor[3, S, S]`` in [0, 1] (S = ``SIZE``). Every random draw comes from
torch's global generator, seeded before each sample, so a seed gives the same gallery.
MixUp (Zhang et al. 2018) and CutMix (Yun et al. 2019) act on a batch ``[B, 3, S, S]`` with
integer labels ``[B]`` and return soft labels ``[B, K]``: image i is mixed with image i − 1
(the batch rolled by one). Mosaic (YOLOv4, Bochkovskiy et al. 2020) and copy-paste (Ghiasi et
al. 2021) have no torchvision transform and are written here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torchvision.transforms import v2

SIZE = 160

SINGLE: dict[str, tuple[str, callable]] = {
    "random crop (scale 0.6–1)": (
        "RandomResizedCrop(scale=(0.6, 1)): a crop of 60–100 % of the area, resized back",
        lambda: v2.RandomResizedCrop(SIZE, scale=(0.6, 1.0), antialias=True)),
    "horizontal flip": ("RandomHorizontalFlip(p=0.5)", lambda: v2.RandomHorizontalFlip(0.5)),
    "rotation ±30°": ("RandomRotation(30): angle uniform in [−30°, 30°], corners black",
                      lambda: v2.RandomRotation(30)),
    "colour jitter": ("ColorJitter(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.1)",
                      lambda: v2.ColorJitter(0.4, 0.4, 0.4, 0.1)),
    "random erasing": ("RandomErasing(p=1, scale=(0.02, 0.25), value='random'): a rectangle "
                       "of noise", lambda: v2.RandomErasing(1.0, (0.02, 0.25), value="random")),
    "cutout (square 1/16 of the area)": (
        "Cutout (DeVries & Taylor 2017) as RandomErasing(scale=(1/16, 1/16), ratio=(1, 1), "
        "value=0): a fixed-size black square", lambda: v2.RandomErasing(
            1.0, (1 / 16, 1 / 16), (1.0, 1.0), value=0)),
}


def to_tensor(rgb) -> torch.Tensor:
    """PIL RGB image -> float32 Tensor[3, SIZE, SIZE] in [0, 1] (short side resized, centre
    cropped)."""
    prepare = v2.Compose([v2.PILToTensor(), v2.Resize(SIZE, antialias=True),
                          v2.CenterCrop(SIZE), v2.ToDtype(torch.float32, scale=True)])
    return prepare(rgb)


def to_display(image: torch.Tensor) -> np.ndarray:
    """Tensor[3, H, W] in [0, 1] -> uint8 [H, W, 3] for st.image."""
    return (image.clamp(0, 1) * 255).round().byte().permute(1, 2, 0).numpy()


def single(name: str, image: torch.Tensor, seed: int, samples: int = 4) -> list[torch.Tensor]:
    """``samples`` draws of augmentation ``name`` on ``image``; draw k uses seed + k."""
    if name not in SINGLE:
        raise ValueError(f"unknown augmentation {name!r}; expected one of {', '.join(SINGLE)}")
    transform = SINGLE[name][1]()
    out = []
    for k in range(samples):
        torch.manual_seed(seed + k)
        out.append(transform(image))
    return out


def mix(kind: str, images: torch.Tensor, labels: torch.Tensor, num_classes: int,
        alpha: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """v2.MixUp or v2.CutMix on a batch: (images [B, 3, S, S], soft labels float [B, K])."""
    if kind not in ("MixUp", "CutMix"):
        raise ValueError(f"kind must be 'MixUp' or 'CutMix', got {kind!r}")
    if not alpha > 0:
        raise ValueError(f"α of the Beta(α, α) mixing distribution must be > 0, got {alpha}")
    if len(images) < 2:
        raise ValueError("mixing needs at least 2 images in the batch")
    transform = (v2.MixUp if kind == "MixUp" else v2.CutMix)(alpha=alpha,
                                                             num_classes=num_classes)
    torch.manual_seed(seed)
    return transform(images, labels)


def describe_label(soft: torch.Tensor, names: list[str]) -> str:
    """'0.63 china + 0.37 flower': the non-zero entries of one soft label, largest first."""
    parts = sorted(((float(w), names[i]) for i, w in enumerate(soft) if w > 1e-4),
                   reverse=True)
    return " + ".join(f"{w:.2f} {n}" for w, n in parts)


@dataclass
class Mosaic:
    image: torch.Tensor             # [3, S, S]
    centre: tuple[int, int]         # (cx, cy): where the four tiles meet
    tiles: list[tuple[int, int, int, int, int]]  # (source index, x0, y0, x1, y1) per tile


def mosaic(images: list[torch.Tensor], seed: int, size: int = SIZE) -> Mosaic:
    """Four images in the four quadrants around a random centre in the middle half.

    Tile k (top-left, top-right, bottom-left, bottom-right) is image k, cropped with
    RandomResizedCrop(scale 0.3–1) to the tile's size: four scenes, different scales, one
    training sample (and one batch-norm batch sees four images' statistics).
    """
    if len(images) != 4:
        raise ValueError(f"mosaic takes exactly 4 images, got {len(images)}")
    g = torch.Generator().manual_seed(seed)
    cx, cy = (int(v) for v in torch.randint(size // 4, 3 * size // 4 + 1, (2,), generator=g))
    canvas = torch.zeros(3, size, size)
    tiles = []
    boxes = [(0, 0, cx, cy), (cx, 0, size, cy), (0, cy, cx, size), (cx, cy, size, size)]
    for k, (image, (x0, y0, x1, y1)) in enumerate(zip(images, boxes)):
        torch.manual_seed(seed * 4 + k)
        crop = v2.RandomResizedCrop((y1 - y0, x1 - x0), scale=(0.3, 1.0), antialias=True)
        canvas[:, y0:y1, x0:x1] = crop(image)
        tiles.append((k, x0, y0, x1, y1))
    return Mosaic(canvas, (cx, cy), tiles)


def ellipse_mask(size: int = SIZE, fraction: float = 0.6) -> torch.Tensor:
    """bool [size, size]: a centred ellipse, a stand-in for an object's instance mask."""
    r = torch.linspace(-1, 1, size)
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    return (xx / fraction) ** 2 + (yy / (fraction * 0.8)) ** 2 <= 1


def copy_paste(target: torch.Tensor, source: torch.Tensor, mask: torch.Tensor,
               seed: int, scale: tuple[float, float] = (0.3, 0.6)) -> torch.Tensor:
    """Simple Copy-Paste: the masked pixels of ``source``, rescaled by a random factor in
    ``scale``, pasted at a random place of ``target`` (other pixels of target kept)."""
    g = torch.Generator().manual_seed(seed)
    factor = scale[0] + (scale[1] - scale[0]) * torch.rand(1, generator=g).item()
    side = max(2, int(round(target.shape[-1] * factor)))
    small = v2.functional.resize(source, [side, side], antialias=True)
    small_mask = v2.functional.resize(mask[None].float(), [side, side])[0] > 0.5
    x0, y0 = (int(v) for v in torch.randint(0, target.shape[-1] - side + 1, (2,), generator=g))
    out = target.clone()
    region = out[:, y0:y0 + side, x0:x0 + side]
    region[:, small_mask] = small[:, small_mask]
    return out


def sample_photos() -> dict[str, torch.Tensor]:
    """scikit-learn's bundled photos (china, flower) as ``to_tensor`` images."""
    from PIL import Image
    from sklearn.datasets import load_sample_images
    bunch = load_sample_images()
    return {name.rsplit("/", 1)[-1].removesuffix(".jpg"): to_tensor(Image.fromarray(pixels))
            for name, pixels in zip(bunch.filenames, bunch.images)}
