"""Data augmentation gallery with ``torchvision.transforms.v2`` (seed 001's list).

Images are float32 ``Tensor[3, S, S]`` in [0, 1] (S = ``SIZE``). Every random draw comes from
torch's global generator, seeded before each sample, so a seed gives the same gallery.
MixUp (Zhang et al. 2018) and CutMix (Yun et al. 2019) act on a batch ``[B, 3, S, S]`` with
integer labels ``[B]`` and return soft labels ``[B, K]``: image i is mixed with image i − 1
(the batch rolled by one). Mosaic (YOLOv4, Bochkovskiy et al. 2020) and copy-paste (Ghiasi et
al. 2021) have no torchvision transform and are written here; mosaic carries bounding boxes
(``tv_tensors.BoundingBoxes``, XYXY pixels) through v2's crops, as a detector's labels must.

Every image argument is checked first (``_check_image``): a float tensor ``[3, H, W]`` (or
``[B, 3, H, W]``), H, W >= 1, finite, in [0, 1], within ``budget.MAX_ELEMENTS``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torchvision import tv_tensors
from torchvision.transforms import v2

from explorer.budget import MAX_IMAGE_PIXELS, check_elements
from explorer.errors import InputError, check_array, check_choice, check_int, check_number, \
    check_seed

SIZE = 160
ALPHA_RANGE = (1e-3, 1e3)   # Beta(α, α): beyond this torch's sampler returns 0/1 or fails

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


def _check_image(name: str, image, batch: bool = False, unit: bool = True) -> torch.Tensor:
    """A float ``Tensor[3, H, W]`` (``[B, 3, H, W]`` with ``batch``), H, W >= 1, finite and,
    with ``unit``, in [0, 1]; InputError otherwise."""
    shape = "[B, 3, H, W]" if batch else "[3, H, W]"
    if not isinstance(image, torch.Tensor) or not image.is_floating_point():
        raise InputError("other", f"{name} must be a float tensor {shape}, got "
                         f"{getattr(image, 'dtype', type(image).__name__)}", name=name)
    if image.ndim != 3 + batch or image.shape[-3] != 3:
        raise InputError("shape", f"{name} must have shape {shape}, got {tuple(image.shape)}",
                         name=name, expected=shape, got=tuple(image.shape))
    if image.numel() == 0:
        raise InputError("empty", f"{name} has no pixel; give an image of at least 1×1",
                         name=name)
    check_elements(name, image.numel(), advice="use a smaller image")
    if not torch.isfinite(image).all():
        raise InputError("not_finite", f"{name} holds NaN or inf values; give finite pixels",
                         name=name)
    if unit and (image.min() < 0 or image.max() > 1):
        raise InputError("out_of_range", f"{name} must hold values in [0, 1], got "
                         f"[{image.min().item():.9g}, {image.max().item():.9g}]", name=name,
                         value=(image.min().item(), image.max().item()), low=0, high=1)
    return image


def to_tensor(rgb) -> torch.Tensor:
    """PIL RGB image -> float32 Tensor[3, SIZE, SIZE] in [0, 1]: the centred square of the
    short side, resized to SIZE (cropped first, so no copy is larger than that square)."""
    if not isinstance(rgb, Image.Image) or rgb.mode != "RGB":
        raise InputError("other", f"the image must be a PIL image in RGB mode, got "
                         f"{getattr(rgb, 'mode', type(rgb).__name__)}", name="rgb")
    width, height = rgb.size
    if min(width, height) < 1:
        raise InputError("empty", f"the image is {width}×{height}: it has no pixel",
                         name="rgb")
    check_elements("image pixels", width * height, MAX_IMAGE_PIXELS,
                   advice="use a smaller image")
    prepare = v2.Compose([v2.CenterCrop(min(width, height)), v2.PILToTensor(),
                          v2.Resize(SIZE, antialias=True), v2.ToDtype(torch.float32, scale=True)])
    return prepare(rgb)


def to_display(image: torch.Tensor) -> np.ndarray:
    """Tensor[3, H, W] -> uint8 [H, W, 3] for st.image (values clamped to [0, 1] first:
    random erasing paints noise outside it)."""
    image = _check_image("image", image, unit=False)
    return (image.clamp(0, 1) * 255).round().byte().permute(1, 2, 0).numpy()


def single(name: str, image: torch.Tensor, seed: int, samples: int = 4) -> list[torch.Tensor]:
    """``samples`` draws of augmentation ``name`` on ``image``; draw k uses seed + k."""
    check_choice("augmentation", name, tuple(SINGLE))
    image = _check_image("image", image)
    samples = check_int("samples", samples, 1)
    check_elements("augmented samples", samples * max(image.numel(), 3 * SIZE * SIZE),
                   advice="draw fewer samples or use a smaller image")
    check_seed(seed)
    transform = SINGLE[name][1]()
    out = []
    for k in range(samples):
        torch.manual_seed(seed + k)
        out.append(transform(image))
    return out


def mix(kind: str, images: torch.Tensor, labels: torch.Tensor, num_classes: int,
        alpha: float, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """v2.MixUp or v2.CutMix on a batch: (images [B, 3, S, S], soft labels float [B, K]).

    ``labels`` are B whole numbers in [0, num_classes); α in ``ALPHA_RANGE``."""
    check_choice("kind", kind, ("MixUp", "CutMix"))
    images = _check_image("images", images, batch=True)
    if len(images) < 2:
        raise InputError("shape", "mixing needs at least 2 images in the batch", name="images",
                         expected="B >= 2", got=tuple(images.shape))
    num_classes = check_int("num_classes", num_classes, 1)
    check_elements("soft labels", len(images) * num_classes, advice="use fewer classes")
    labels = _check_labels(labels, len(images), num_classes)
    alpha = check_number("α", alpha, *ALPHA_RANGE)
    check_seed(seed)
    transform = (v2.MixUp if kind == "MixUp" else v2.CutMix)(alpha=alpha,
                                                             num_classes=num_classes)
    torch.manual_seed(seed)
    return transform(images, labels)


def _check_labels(labels, count: int, num_classes: int) -> torch.Tensor:
    """``count`` integer class indices in [0, num_classes) as int64 ``Tensor[count]``."""
    labels = torch.as_tensor(labels)
    if labels.is_floating_point() or labels.is_complex() or labels.dtype == torch.bool:
        raise InputError("other", f"labels must be whole class numbers, got {labels.dtype}",
                         name="labels")
    if labels.shape != (count,):
        raise InputError("shape", f"labels must have shape ({count},), one per image, got "
                         f"{tuple(labels.shape)}", name="labels", expected=(count,),
                         got=tuple(labels.shape))
    if labels.min() < 0 or labels.max() >= num_classes:
        raise InputError("out_of_range", f"labels must lie in [0, {num_classes - 1}], got "
                         f"[{labels.min().item()}, {labels.max().item()}]", name="labels",
                         value=(labels.min().item(), labels.max().item()), low=0,
                         high=num_classes - 1)
    return labels.long()


def describe_label(soft: torch.Tensor, names: list[str]) -> str:
    """'0.63 china + 0.37 flower': the non-zero entries of one soft label, largest first."""
    soft = check_array("soft label", soft, ndim=1)
    if soft.min() < 0 or soft.max() > 1:
        raise InputError("out_of_range", "a soft label's weights must lie in [0, 1]",
                         name="soft label", value=(soft.min(), soft.max()), low=0, high=1)
    if len(names) != len(soft):
        raise InputError("shape", f"{len(soft)} label weights but {len(names)} class names",
                         name="names", expected=len(soft), got=len(names))
    parts = sorted(((float(w), names[i]) for i, w in enumerate(soft) if w > 1e-4),
                   reverse=True)
    return " + ".join(f"{w:.2f} {n}" for w, n in parts)


@dataclass
class Mosaic:
    image: torch.Tensor             # [3, S, S]
    centre: tuple[int, int]         # (cx, cy): where the four tiles meet
    tiles: list[tuple[int, int, int, int, int]]  # (source index, x0, y0, x1, y1) per tile
    boxes: torch.Tensor             # float [M, 4] XYXY on the mosaic: the boxes that survived
    sources: list[tuple[int, int]]  # (tile k, box index in images k's boxes) per mosaic box
    areas_before: list[float]       # each surviving box's area / its source image's area


MOSAIC_TILE = "the mosaic's image {k}"   # a refusal's what-name (a template the UI translates)


def mosaic(images: list[torch.Tensor], seed: int, size: int = SIZE,
           boxes: list | None = None) -> Mosaic:
    """Four images in the four quadrants around a random centre in the middle half.

    Tile k (top-left, top-right, bottom-left, bottom-right) is image k, cropped with
    RandomResizedCrop(scale 0.3–1) to the tile's size: four scenes, different scales, one
    training sample (and one batch-norm batch sees four images' statistics). size >= 4.
    ``boxes`` (optional): per image a float ``Tensor[N_k, 4]`` XYXY in its pixels; each goes
    through the same crop as its image (v2 clamps it to the crop), is shifted to its tile and
    is dropped when less than 1 pixel wide or high is left (the object was cut away).
    """
    count = len(images) if isinstance(images, (list, tuple)) else type(images).__name__
    if count != 4:
        raise InputError("shape", f"mosaic takes a list of exactly 4 images, got {count}",
                         name="images", expected=4, got=count)
    images = [_check_image(MOSAIC_TILE.format(k=k), image) for k, image in enumerate(images)]
    boxes = [_check_boxes(f"boxes of image {k}", b, image) for k, (b, image)
             in enumerate(zip(_four(boxes), images))]
    size = check_int("size", size, 4)
    check_elements("mosaic", 3 * size * size, advice="use a smaller size")
    g = torch.Generator().manual_seed(check_seed(seed))
    cx, cy = (int(v) for v in torch.randint(size // 4, 3 * size // 4 + 1, (2,), generator=g))
    canvas = torch.zeros(3, size, size)
    tiles, kept, sources, areas = [], [], [], []
    quadrants = [(0, 0, cx, cy), (cx, 0, size, cy), (0, cy, cx, size), (cx, cy, size, size)]
    for k, (image, own, (x0, y0, x1, y1)) in enumerate(zip(images, boxes, quadrants)):
        torch.manual_seed(seed * 4 + k)
        crop = v2.RandomResizedCrop((y1 - y0, x1 - x0), scale=(0.3, 1.0), antialias=True)
        tile, moved = crop(image, tv_tensors.BoundingBoxes(
            own, format="XYXY", canvas_size=tuple(image.shape[1:])))
        canvas[:, y0:y1, x0:x1] = tile.clamp(0, 1)   # antialiased resizing overshoots by ~1e-7
        tiles.append((k, x0, y0, x1, y1))
        moved = moved.as_subclass(torch.Tensor) + torch.tensor([x0, y0, x0, y0])
        for i, (before, after) in enumerate(zip(own, moved)):
            if after[2] - after[0] >= 1 and after[3] - after[1] >= 1:
                kept.append(after)
                sources.append((k, i))
                areas.append(_area(before) / (image.shape[1] * image.shape[2]))
    return Mosaic(canvas, (cx, cy), tiles, torch.stack(kept) if kept else torch.zeros(0, 4),
                  sources, areas)


def _area(box: torch.Tensor) -> float:
    """(x1 − x0)(y1 − y0) of one XYXY box."""
    return float((box[2] - box[0]) * (box[3] - box[1]))


def _four(boxes) -> list:
    """``boxes`` as a list of four entries (None: no box for any image)."""
    if boxes is None:
        return [torch.zeros(0, 4)] * 4
    if not isinstance(boxes, (list, tuple)) or len(boxes) != 4:
        raise InputError("shape", "boxes must be a list of 4 box tensors, one per image",
                         name="boxes", expected=4, got=type(boxes).__name__)
    return list(boxes)


def _check_boxes(name: str, boxes, image: torch.Tensor) -> torch.Tensor:
    """Float ``Tensor[N, 4]`` XYXY with 0 <= x0 < x1 <= W and 0 <= y0 < y1 <= H."""
    boxes = torch.as_tensor(check_array(name, boxes, shape=(None, 4), min_size=0),
                            dtype=torch.float32)
    height, width = image.shape[1:]
    if len(boxes) and not bool(((boxes[:, 0] >= 0) & (boxes[:, 1] >= 0)
                                & (boxes[:, 2] <= width) & (boxes[:, 3] <= height)
                                & (boxes[:, 0] < boxes[:, 2]) & (boxes[:, 1] < boxes[:, 3])
                                ).all()):
        raise InputError("degenerate", f"{name} must be XYXY boxes with 0 <= x0 < x1 <= "
                         f"{width} and 0 <= y0 < y1 <= {height}", name=name)
    return boxes


def mosaic_rows(m: Mosaic, labels: list[list[str]]) -> list[dict]:
    """Per surviving box: its object (``labels[k][i]``), tile, and the share of the picture
    it covers before (in its image) and after (in the mosaic): random scaling makes small
    objects (note 001: 随机缩放增加了很多小目标)."""
    side = m.image.shape[1] * m.image.shape[2]
    return [{"object": labels[k][i], "tile": k + 1, "share of its image": before,
             "share of the mosaic": _area(box) / side}
            for (k, i), box, before in zip(m.sources, m.boxes, m.areas_before)]


def draw_boxes(image: torch.Tensor, boxes: torch.Tensor, labels: list[str],
               font_size: int = 13) -> np.ndarray:
    """uint8 [H, W, 3] of ``image`` with each XYXY box outlined in yellow and its label
    written black on a yellow tab above its top-left corner (inside the box at the top edge)."""
    from PIL import ImageDraw, ImageFont
    image = _check_image("image", image)
    picture = Image.fromarray(to_display(image))
    draw, font = ImageDraw.Draw(picture), ImageFont.load_default(size=font_size)
    for (x0, y0, x1, y1), label in zip(boxes.tolist(), labels):
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=(255, 255, 0), width=2)
        left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
        x = min(x0, picture.width - (right - left) - 4)
        y = y0 - (bottom - top) - 4 if y0 >= (bottom - top) + 4 else y0   # above, if room
        draw.rectangle((x, y, x + right - left + 4, y + bottom - top + 4), fill=(255, 255, 0))
        draw.text((x + 2 - left, y + 2 - top), label, fill=(0, 0, 0), font=font)
    return np.asarray(picture)


def ellipse_mask(size: int = SIZE, fraction: float = 0.6) -> torch.Tensor:
    """bool [size, size]: a centred ellipse, a stand-in for an object's instance mask;
    its half-axes are ``fraction`` and 0.8 · ``fraction`` of the half-side, fraction in (0, 1]."""
    size = check_int("size", size, 1)
    check_elements("mask", size * size, advice="use a smaller size")
    fraction = check_number("fraction", fraction, 0.0, 1.0, low_open=True)
    r = torch.linspace(-1, 1, size)
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    return (xx / fraction) ** 2 + (yy / (fraction * 0.8)) ** 2 <= 1


def copy_paste(target: torch.Tensor, source: torch.Tensor, mask: torch.Tensor,
               seed: int, scale: tuple[float, float] = (0.3, 0.6)) -> torch.Tensor:
    """Simple Copy-Paste: the masked pixels of ``source`` (``mask``: bool [h, w], the source's
    size), resized to a square of side factor · min(H, W) of ``target``, factor uniform in
    ``scale`` ⊂ (0, 1], pasted at a random place of ``target`` (other pixels kept)."""
    target, source = _check_image("target", target), _check_image("source", source)
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool \
            or mask.shape != source.shape[1:]:
        raise InputError("shape", f"mask must be a bool tensor of the source's size "
                         f"{tuple(source.shape[1:])}, got {getattr(mask, 'dtype', type(mask))} "
                         f"{tuple(getattr(mask, 'shape', ()))}", name="mask",
                         expected=tuple(source.shape[1:]), got=tuple(getattr(mask, "shape", ())))
    low, high = check_array("scale", scale, shape=(2,))
    low = check_number("scale low", float(low), 0.0, 1.0, low_open=True)
    high = check_number("scale high", float(high), low, 1.0)
    g = torch.Generator().manual_seed(check_seed(seed))
    factor = low + (high - low) * torch.rand(1, generator=g).item()
    short = min(target.shape[1:])
    side = min(short, max(2, int(round(short * factor))))
    small = v2.functional.resize(source, [side, side], antialias=True)
    small_mask = v2.functional.resize(mask[None].float(), [side, side])[0] > 0.5
    x0 = int(torch.randint(0, target.shape[2] - side + 1, (1,), generator=g))
    y0 = int(torch.randint(0, target.shape[1] - side + 1, (1,), generator=g))
    out = target.clone()
    region = out[:, y0:y0 + side, x0:x0 + side]
    region[:, small_mask] = small[:, small_mask]
    return out


def _photo_pixels() -> dict[str, np.ndarray]:
    """scikit-learn's bundled photos: {"china": uint8 [427, 640, 3], "flower": …}."""
    from sklearn.datasets import load_sample_images
    bunch = load_sample_images()
    return {name.rsplit("/", 1)[-1].removesuffix(".jpg"): pixels
            for name, pixels in zip(bunch.filenames, bunch.images)}


def sample_photos() -> dict[str, torch.Tensor]:
    """scikit-learn's bundled photos (china, flower) as ``to_tensor`` images."""
    return {name: to_tensor(Image.fromarray(pixels)) for name, pixels in _photo_pixels().items()}


@dataclass(frozen=True)
class Scene:
    photo: str                                   # "china" or "flower" (640×427)
    crop: tuple[int, int, int, int]              # x0, y0, x1, y1: a square of the photo
    objects: tuple[tuple[str, tuple[int, int, int, int]], ...]   # (label, XYXY in the photo)


# Four different scenes for mosaic, cut from the only two photos that ship offline, with
# their objects boxed by hand (boxes reaching past a crop are cut by it, as v2 clamps them).
SCENES: dict[str, Scene] = {
    "pagoda": Scene("china", (0, 0, 427, 427), (("pagoda", (62, 28, 372, 410)),)),
    "lake": Scene("china", (380, 117, 640, 377), (("island", (423, 224, 503, 243)),
                                                  ("trees", (545, 135, 640, 377)))),
    "dahlia": Scene("flower", (107, 0, 534, 427), (("dahlia", (168, 84, 447, 360)),
                                                   ("bud", (287, 372, 468, 427)))),
    "bud": Scene("flower", (283, 247, 463, 427), (("bud", (287, 372, 468, 427)),
                                                  ("dahlia", (168, 84, 447, 360)))),
}


def sample_scenes() -> dict[str, tuple[torch.Tensor, torch.Tensor, list[str]]]:
    """Each of ``SCENES`` as (image float Tensor[3, SIZE, SIZE] in [0, 1], boxes float
    Tensor[N, 4] XYXY on it, N labels): the photo and its boxes cropped and resized together
    by v2.functional (boxes clamped to the crop)."""
    photos, out = _photo_pixels(), {}
    for name, scene in SCENES.items():
        pixels = photos[scene.photo]
        image = tv_tensors.Image(torch.tensor(pixels).permute(2, 0, 1))
        boxes = tv_tensors.BoundingBoxes([box for _, box in scene.objects], format="XYXY",
                                         canvas_size=pixels.shape[:2], dtype=torch.float32)
        x0, y0, x1, y1 = scene.crop
        image, boxes = (v2.functional.resize(v2.functional.crop(t, y0, x0, y1 - y0, x1 - x0),
                                             [SIZE, SIZE], antialias=True) for t in (image, boxes))
        out[name] = (v2.functional.to_dtype(image, torch.float32, scale=True)
                     .as_subclass(torch.Tensor), boxes.as_subclass(torch.Tensor),
                     [label for label, _ in scene.objects])
    return out
