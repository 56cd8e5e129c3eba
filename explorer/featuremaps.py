"""Feature maps: what every channel of one layer outputs for one image.

Layers are the nodes torchvision's FX tracer finds (``get_graph_node_names``). Maps come from
``create_feature_extractor``: a traced copy of the model that returns the requested nodes,
so no hook is ever registered on the model, and none can leak between reruns.

Shapes: an image ``Tensor[1, C_in, H, W]`` -> ``{node: Tensor[C, h, w]}`` for every node whose
output is a 4-D map. A hand-made model (``handmade``) is one 3×3 conv (grey image -> one
channel per kernel) followed by a ReLU, so a Sobel or Laplacian kernel can be read directly.
"""
from __future__ import annotations

import copy
import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torchvision.models.feature_extraction import create_feature_extractor, \
    get_graph_node_names

from explorer.images import InputSpec
from explorer.models import IMAGE_ONLY, build_model

# Classic 3×3 kernels (image-processing names; Gonzalez & Woods, "Digital image processing").
KERNEL_PRESETS: dict[str, list[list[float]]] = {
    "Sobel x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "Sobel y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "Laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "Blur (box)": [[1 / 9] * 3] * 3,
    "Sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}

ACTIVATION_MODULES = (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU, nn.Tanh,
                      nn.Sigmoid, nn.Hardswish, nn.Hardsigmoid, nn.Mish)
ACTIVATION_FUNCTIONS = {"relu", "relu6", "leaky_relu", "elu", "gelu", "silu", "tanh",
                        "sigmoid", "hardswish", "hardsigmoid", "mish"}


# Inputs for models that were not trained on a dataset: a grey photo for the hand-made conv,
# a 64×64 RGB image roughly centred on 0 for a randomly initialised registered CNN.
HANDMADE_INPUT = InputSpec(1, 160, (0.0,), (1.0,), resize=160)
RANDOM_INPUT = InputSpec(3, 64, (0.5,) * 3, (0.25,) * 3, resize=64)
CNN_NAMES = IMAGE_ONLY


def random_cnn(name: str, seed: int = 0) -> nn.Module:
    """A registered CNN (``explorer.models``) for ``RANDOM_INPUT``, randomly initialised from
    ``seed`` (the global random state is left as it was)."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return build_model(name, (3, RANDOM_INPUT.size, RANDOM_INPUT.size), 10).eval()


def handmade(kernels: list) -> nn.Sequential:
    """One Conv2d(1 -> K, 3×3, padding 1, no bias) with the given K kernels, then a ReLU."""
    weight = torch.as_tensor(np.asarray(kernels, dtype=float), dtype=torch.float32)
    if weight.ndim != 3 or weight.shape[1:] != (3, 3) or len(weight) == 0:
        raise ValueError(f"need one or more 3×3 kernels, got shape {tuple(weight.shape)}")
    if not torch.isfinite(weight).all():
        raise ValueError("a kernel entry is empty or not a number: fill every cell of the 3×3 "
                         "kernel with a number")
    conv = nn.Conv2d(1, len(weight), 3, padding=1, bias=False)
    with torch.no_grad():
        conv.weight.copy_(weight[:, None])
    return nn.Sequential(OrderedDict(conv=conv, relu=nn.ReLU())).eval()


@dataclass(frozen=True)
class Node:
    name: str
    shape: tuple[int, int, int]    # (C, h, w) for one image


def map_nodes(model: nn.Module, input_shape: tuple[int, int, int]) -> list[Node]:
    """Every graph node (in execution order) whose output is a map ``[1, C, h, w]``.

    Shapes come from a dry run of a meta-device copy (no memory, no arithmetic).
    """
    names = get_graph_node_names(model.eval())[1][1:]     # [0] is the input placeholder
    probe = create_feature_extractor(copy.deepcopy(model).eval().to("meta"), names)
    with torch.no_grad():
        outputs = probe(torch.zeros(1, *input_shape, device="meta"))
    return [Node(n, tuple(out.shape[1:])) for n, out in outputs.items()
            if isinstance(out, torch.Tensor) and out.ndim == 4]


def extractor(model: nn.Module, nodes: list[Node]) -> nn.Module:
    """A traced copy of ``model`` returning ``{node name: Tensor[1, C, h, w]}``.

    In-place activations (``nn.ReLU(inplace=True)``) are switched off in the copy: they would
    overwrite the pre-activation map that is also returned.
    """
    if not nodes:
        raise ValueError("this model has no convolutional feature maps (an MLP flattens its "
                         "input first): pick a CNN")
    model = copy.deepcopy(model).eval()
    for module in model.modules():
        if getattr(module, "inplace", False):
            module.inplace = False
    return create_feature_extractor(model, [n.name for n in nodes])


@torch.no_grad()
def feature_maps(extract: nn.Module, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """``Tensor[1, C_in, H, W]`` -> ``{node: Tensor[C, h, w]}`` on the CPU."""
    device = next(extract.parameters()).device
    return {name: out[0].cpu() for name, out in extract(x.to(device)).items()}


def is_activation(model: nn.Module, name: str) -> bool:
    """Whether graph node ``name`` is an activation (a module like nn.ReLU, or torch.relu)."""
    *path, last = name.split(".")
    base = re.sub(r"_\d+$", "", last)      # the FX tracer numbers repeated calls: relu_1
    try:
        return isinstance(model.get_submodule(".".join(path + [base])), ACTIVATION_MODULES)
    except AttributeError:
        return base in ACTIVATION_FUNCTIONS


def activation_pair(model: nn.Module, nodes: list[Node], name: str
                    ) -> tuple[str, str] | None:
    """(pre-activation node, post-activation node) around ``name``, or None when ``name``
    neither is an activation nor feeds one directly."""
    names = [n.name for n in nodes]
    i = names.index(name)
    if is_activation(model, name) and i > 0 and not is_activation(model, names[i - 1]):
        return names[i - 1], name
    if i + 1 < len(names) and is_activation(model, names[i + 1]):
        return name, names[i + 1]
    return None


@dataclass(frozen=True)
class ChannelStats:
    mean: np.ndarray       # [C]
    std: np.ndarray        # [C]
    minimum: np.ndarray    # [C]
    maximum: np.ndarray    # [C]
    nonpositive: np.ndarray  # [C] fraction of positions ≤ 0: exactly those a ReLU sets to 0


def channel_stats(maps: torch.Tensor) -> ChannelStats:
    """``Tensor[C, h, w]`` -> per-channel statistics over the h·w positions."""
    flat = maps.flatten(1).double()
    return ChannelStats(flat.mean(1).numpy(), flat.std(1, correction=0).numpy(),
                        flat.amin(1).numpy(), flat.amax(1).numpy(),
                        (flat <= 0).double().mean(1).numpy())


def channel_order(stats: ChannelStats, by: str) -> np.ndarray:
    """Channel indices in display order: ``"index"`` or ``"mean"`` (highest mean first)."""
    if by == "index":
        return np.arange(len(stats.mean))
    if by == "mean":
        return np.argsort(-stats.mean, kind="stable")
    raise ValueError(f"unknown order {by!r}; expected 'index' or 'mean'")


def tiles(maps: torch.Tensor, order: np.ndarray, budget: int = 250_000) -> np.ndarray:
    """``Tensor[C, h, w]`` -> ``float32[C, t, t']`` in ``order``, each channel scaled to [0, 1]
    by its own min and max (a constant channel is 0), shrunk by average pooling when all
    tiles together would be over ``budget`` pixels (what goes to the browser stays small)."""
    x = maps[torch.as_tensor(order)].float()
    largest = max(4, int((budget / len(x)) ** 0.5))
    if max(x.shape[1:]) > largest:
        scale = largest / max(x.shape[1:])
        size = (max(1, round(x.shape[1] * scale)), max(1, round(x.shape[2] * scale)))
        x = nn.functional.adaptive_avg_pool2d(x[None], size)[0]
    low = x.flatten(1).amin(1)[:, None, None]
    span = (x.flatten(1).amax(1)[:, None, None] - low).clamp_min(1e-12)
    return ((x - low) / span).numpy()


def montage(images: np.ndarray, columns: int, fill: float = np.nan) -> np.ndarray:
    """``[N, h, w(, 3)]`` -> one ``[rows·(h+1) − 1, columns·(w+1) − 1(, 3)]`` image, tiles in
    reading order with a one-pixel ``fill`` gap (NaN shows as blank in a plotly heatmap)."""
    n, h, w = images.shape[:3]
    rows = -(-n // columns)
    grid = np.full((rows * (h + 1) - 1, columns * (w + 1) - 1) + images.shape[3:], fill,
                   dtype=np.float32)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        grid[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = image
    return grid


def channel_grid(images: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[C, t, t']`` tiles -> (montage, same-shaped channel numbers for hover; −1 in gaps)."""
    columns = grid_columns(len(images))
    ids = np.broadcast_to(np.asarray(order, np.float32)[:, None, None], images.shape)
    return montage(images, columns), np.nan_to_num(montage(ids, columns), nan=-1).astype(int)


def grid_columns(count: int, aspect: float = 2.0) -> int:
    """Columns for ``count`` tiles so that the grid is about ``aspect`` times wider than tall."""
    return max(1, min(count, round((count * aspect) ** 0.5)))


def first_conv(model: nn.Module) -> tuple[str, torch.Tensor] | None:
    """(name, weight ``Tensor[O, I, k, k]``) of the first nn.Conv2d, or None."""
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d):
            return name, module.weight.detach().cpu()
    return None


def kernel_images(weight: torch.Tensor) -> np.ndarray:
    """``Tensor[O, I, k, k]`` -> ``[O, k, k, 3]`` RGB in [0, 1] when I = 3 (one shared
    min-max scale, as in Krizhevsky et al. 2012's figure), else ``[O, k, k]`` = the mean over
    input channels, unscaled (the sign matters: a diverging colour scale shows it)."""
    w = weight.detach().float()
    if w.shape[1] == 3:
        w = (w - w.min()) / (w.max() - w.min()).clamp_min(1e-12)
        return w.permute(0, 2, 3, 1).numpy()
    return w.mean(1).numpy()
