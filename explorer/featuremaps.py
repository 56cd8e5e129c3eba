"""Feature maps: what every channel of one layer outputs for one image.

Layers are the nodes torchvision's FX tracer finds (``get_graph_node_names``). Maps come from
``create_feature_extractor``: a traced copy of the model that returns the requested nodes,
so no hook is ever registered on the model, and none can leak between reruns.

Shapes: an image ``Tensor[1, C_in, H, W]`` -> ``{node: Tensor[C, h, w]}`` for every node whose
output is a 4-D map, and with ``vectors`` also ``{node: Tensor[D]}`` for the flat layers (the
Linear layers and the head of this project's models). A hand-made model (``handmade``) is one
3×3 conv (grey image -> one channel per kernel) followed by a ReLU, so a Sobel or Laplacian
kernel can be read directly.
"""
from __future__ import annotations

import copy
import math
import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torchvision.models.feature_extraction import create_feature_extractor, \
    get_graph_node_names

from explorer.budget import check_elements
from explorer.errors import InputError, check_array, check_choice, check_int, check_number, \
    check_seed
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
FLOAT32_MAX = torch.finfo(torch.float32).max


def _check_module(model) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise InputError("other", f"model must be a torch.nn.Module, got {type(model).__name__}",
                         name="model")
    return model


def _check_maps(maps) -> torch.Tensor:
    """Maps ``Tensor[C, h, w]``: non-empty, finite, within float32's range (so statistics and
    scalings in float64 cannot overflow)."""
    if not isinstance(maps, torch.Tensor) or not maps.is_floating_point() or maps.ndim != 3:
        raise InputError("shape", f"maps must be a float tensor [C, h, w], got "
                         f"{getattr(maps, 'dtype', type(maps).__name__)} "
                         f"{tuple(getattr(maps, 'shape', ()))}", name="maps",
                         expected="[C, h, w]", got=tuple(getattr(maps, "shape", ())))
    if maps.numel() == 0:
        raise InputError("empty", "maps are empty; give at least one channel of 1×1",
                         name="maps")
    if not torch.isfinite(maps).all() or maps.abs().max() > FLOAT32_MAX:
        raise InputError("not_finite", "maps hold NaN, inf or values beyond float32's range",
                         name="maps")
    return maps


def random_cnn(name: str, seed: int = 0) -> nn.Module:
    """A registered CNN (``explorer.models``) for ``RANDOM_INPUT``, randomly initialised from
    ``seed`` (the global random state is left as it was)."""
    check_choice("model", name, CNN_NAMES)
    with torch.random.fork_rng():
        torch.manual_seed(check_seed(seed))
        return build_model(name, (3, RANDOM_INPUT.size, RANDOM_INPUT.size), 10).eval()


def handmade(kernels: list) -> nn.Sequential:
    """One Conv2d(1 -> K, 3×3, padding 1, no bias) with the given K kernels, then a ReLU."""
    try:
        array = np.asarray(kernels, dtype=float)
    except (TypeError, ValueError):
        raise InputError("other", "kernels must be 3×3 grids of numbers", name="kernels") \
            from None
    if array.ndim != 3 or array.shape[1:] != (3, 3) or len(array) == 0:
        raise InputError("shape", f"need one or more 3×3 kernels, got shape {array.shape}",
                         name="kernels", expected="(K, 3, 3)", got=array.shape)
    if not np.isfinite(array).all() or np.abs(array).max() > FLOAT32_MAX:
        raise InputError("not_finite", "a kernel entry is empty or not a number: fill every "
                         "cell of the 3×3 kernel with a number", name="kernels")
    check_elements("kernels", array.size, advice="use fewer kernels")
    weight = torch.as_tensor(array, dtype=torch.float32)
    conv = nn.Conv2d(1, len(weight), 3, padding=1, bias=False)
    with torch.no_grad():
        conv.weight.copy_(weight[:, None])
    return nn.Sequential(OrderedDict(conv=conv, relu=nn.ReLU())).eval()


@dataclass(frozen=True)
class Node:
    name: str
    shape: tuple[int, ...]    # (C, h, w) of a map, or (D,) of a vector, for one image


def map_nodes(model: nn.Module, input_shape: tuple[int, int, int], vectors: bool = False
              ) -> list[Node]:
    """Every graph node (in execution order) whose output is a map ``[1, C, h, w]`` (with
    ``vectors``, also a vector ``[1, D]``: flatten, Linear layers, the head).

    Shapes come from a dry run of a meta-device copy (no memory, no arithmetic); all maps
    together must fit ``budget.MAX_ELEMENTS`` (what ``feature_maps`` will allocate).
    """
    _check_module(model)
    try:
        shape = tuple(check_int("input_shape", size, 1) for size in input_shape)
    except TypeError:
        shape = ()
    if len(shape) != 3:
        raise InputError("shape", f"input_shape must be (C, H, W), got {input_shape!r}",
                         name="input_shape", expected="(C, H, W)", got=input_shape)
    names = get_graph_node_names(model.eval())[1][1:]     # [0] is the input placeholder
    probe = create_feature_extractor(copy.deepcopy(model).eval().to("meta"), names)
    try:
        with torch.no_grad():
            outputs = probe(torch.zeros(1, *shape, device="meta"))
    except RuntimeError as err:
        raise InputError("shape", f"this model cannot take an input of shape {shape}: {err}",
                         name="input_shape", expected="what the model takes", got=shape) \
            from None
    kept = (2, 4) if vectors else (4,)
    nodes = [Node(n, tuple(out.shape[1:])) for n, out in outputs.items()
             if isinstance(out, torch.Tensor) and out.ndim in kept]
    check_elements("feature maps", sum(math.prod(n.shape) for n in nodes),
                   advice="use a smaller input size")
    return nodes


def extractor(model: nn.Module, nodes: list[Node]) -> nn.Module:
    """A traced copy of ``model`` returning ``{node name: Tensor[1, C, h, w]}``.

    In-place activations (``nn.ReLU(inplace=True)``) are switched off in the copy: they would
    overwrite the pre-activation map that is also returned.
    """
    if not any(len(n.shape) == 3 for n in nodes):
        raise InputError("other", "this model has no convolutional feature maps (an MLP "
                         "flattens its input first): pick a CNN", name="model")
    model = copy.deepcopy(model).eval()
    for module in model.modules():
        if getattr(module, "inplace", False):
            module.inplace = False
    return create_feature_extractor(model, [n.name for n in nodes])


@torch.no_grad()
def feature_maps(extract: nn.Module, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """``Tensor[1, C_in, H, W]`` -> ``{node: Tensor[C, h, w] or Tensor[D]}`` on the CPU.

    ``x`` must have the shape ``map_nodes`` checked against the budget; maps that come out
    NaN or inf (weights or an input that overflow) are refused."""
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 4 \
            or len(x) != 1:
        raise InputError("shape", f"x must be a float tensor [1, C, H, W], got "
                         f"{tuple(getattr(x, 'shape', ()))}", name="x", expected="[1, C, H, W]",
                         got=tuple(getattr(x, "shape", ())))
    if x.numel() == 0 or not torch.isfinite(x).all():
        raise InputError("not_finite", "x is empty or holds NaN/inf values", name="x")
    device = next(extract.parameters(), torch.empty(0)).device
    try:
        maps = {name: out[0].cpu() for name, out in extract(x.to(device)).items()}
    except RuntimeError as err:
        raise InputError("shape", f"x of shape {tuple(x.shape)} does not fit this model: {err}",
                         name="x", expected="what the model takes", got=tuple(x.shape)) \
            from None
    if not all(torch.isfinite(m).all() for m in maps.values()):
        raise InputError("not_finite", "the model's maps hold NaN or inf for this image: its "
                         "weights (or activations) overflow", name="model")
    return maps


KINDS = ((nn.Conv2d, "conv"), (nn.Linear, "fc"), ((nn.BatchNorm1d, nn.BatchNorm2d), "bn"),
         ((nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d), "pool"), (nn.Flatten, "flatten"),
         (nn.Dropout, "dropout"), (nn.Identity, "identity"))


def describe(module: nn.Module) -> str:
    """What a layer computes, briefly: ``Conv2d 6→16, 5×5``, ``Linear 120→84``, ``ReLU``."""
    kind = type(module).__name__
    if isinstance(module, nn.Conv2d):
        k, stride = module.kernel_size, module.stride
        return (f"{kind} {module.in_channels}→{module.out_channels}, {k[0]}×{k[1]}"
                + (f", stride {stride[0]}" if stride != (1, 1) else ""))
    if isinstance(module, nn.Linear):
        return f"{kind} {module.in_features}→{module.out_features}"
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        return f"{kind} {module.num_features}"
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        k = module.kernel_size
        return f"{kind} {k}×{k}" if isinstance(k, int) else f"{kind} {k[0]}×{k[1]}"
    if isinstance(module, nn.AdaptiveAvgPool2d) and module.output_size in (1, (1, 1)):
        return "global average pool"
    return kind


def layer_titles(model: nn.Module, names: list[str]) -> dict[str, str]:
    """Graph node names -> readable titles, numbered by kind in execution order:
    ``features.0.3`` -> ``conv2 (Conv2d 6→16, 5×5)``, ``head`` -> ``head (Linear 84→10)``, a
    function call the tracer found (``features.3.add``) -> ``add1 (function)``."""
    _check_module(model)
    counts: dict[str, int] = {}
    titles = {}
    for name in names:
        try:
            module = model.get_submodule(name)
        except AttributeError:
            module = None
        if name == "head" and isinstance(module, nn.Linear):
            titles[name] = f"head ({describe(module)})"
            continue
        if module is None:
            kind = re.sub(r"_\d+$", "", name.rsplit(".", 1)[-1])
            what = "residual + shortcut" if kind == "add" else "function"
        else:
            kind = next((short for types, short in KINDS if isinstance(module, types)),
                        type(module).__name__.lower())
            what = describe(module)
        counts[kind] = counts.get(kind, 0) + 1
        titles[name] = f"{kind}{counts[kind]} ({what})"
    return titles


def is_activation(model: nn.Module, name: str) -> bool:
    """Whether graph node ``name`` is an activation (a module like nn.ReLU, or torch.relu)."""
    if not isinstance(name, str) or not name:
        raise InputError("other", f"a node name must be a non-empty string, got {name!r}",
                         name="name")
    _check_module(model)
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
    i = names.index(check_choice("layer", name, names))
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
    flat = _check_maps(maps).flatten(1).double()
    return ChannelStats(flat.mean(1).numpy(), flat.std(1, correction=0).numpy(),
                        flat.amin(1).numpy(), flat.amax(1).numpy(),
                        (flat <= 0).double().mean(1).numpy())


def channel_order(stats: ChannelStats, by: str) -> np.ndarray:
    """Channel indices in display order: ``"index"`` or ``"mean"`` (highest mean first)."""
    if check_choice("order", by, ("index", "mean")) == "index":
        return np.arange(len(stats.mean))
    return np.argsort(-stats.mean, kind="stable")


def tiles(maps: torch.Tensor, order: np.ndarray, budget: int = 250_000) -> np.ndarray:
    """``Tensor[C, h, w]`` -> ``float32[C, t, t']`` in ``order``, each channel scaled to [0, 1]
    by its own min and max (a constant channel is 0), shrunk by average pooling when all
    tiles together would be over ``budget`` pixels (what goes to the browser stays small).
    ``order``: channel indices in [0, C), each at most once."""
    maps = _check_maps(maps)
    order = check_array("order", order, ndim=1)
    if order.dtype.kind not in "iu" or order.min() < 0 or order.max() >= len(maps) \
            or len(np.unique(order)) != len(order):
        raise InputError("out_of_range", f"order must list distinct channel numbers in "
                         f"[0, {len(maps) - 1}]", name="order", value=None, low=0,
                         high=len(maps) - 1)
    budget = check_int("budget", budget, 1)
    x = maps[torch.as_tensor(order)].double()
    largest = max(4, int((budget / len(x)) ** 0.5))
    if max(x.shape[1:]) > largest:
        scale = largest / max(x.shape[1:])
        size = (max(1, round(x.shape[1] * scale)), max(1, round(x.shape[2] * scale)))
        x = nn.functional.adaptive_avg_pool2d(x[None], size)[0]
    low = x.flatten(1).amin(1)[:, None, None]
    span = (x.flatten(1).amax(1)[:, None, None] - low).clamp_min(1e-12)
    return ((x - low) / span).float().numpy()


def montage(images: np.ndarray, columns: int, fill: float = np.nan) -> np.ndarray:
    """``[N, h, w(, 3)]`` -> one ``[rows·(h+1) − 1, columns·(w+1) − 1(, 3)]`` image, tiles in
    reading order with a one-pixel ``fill`` gap (NaN shows as blank in a plotly heatmap)."""
    images = check_array("images", images)
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[3] != 3):
        raise InputError("shape", f"images must be [N, h, w] or [N, h, w, 3], got "
                         f"{images.shape}", name="images", expected="[N, h, w(, 3)]",
                         got=images.shape)
    columns = check_int("columns", columns, 1)
    n, h, w = images.shape[:3]
    rows = -(-n // columns)
    check_elements("montage", rows * (h + 1) * columns * (w + 1) * images[0, 0, 0].size,
                   advice="use fewer columns")
    grid = np.full((rows * (h + 1) - 1, columns * (w + 1) - 1) + images.shape[3:], fill,
                   dtype=np.float32)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        grid[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = image
    return grid


def channel_grid(images: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[C, t, t']`` tiles -> (montage, same-shaped channel numbers for hover; −1 in gaps)."""
    images = check_array("tiles", images, ndim=3)
    order = check_array("order", order, shape=(len(images),))
    columns = grid_columns(len(images))
    ids = np.broadcast_to(np.asarray(order, np.float32)[:, None, None], images.shape)
    return montage(images, columns), np.nan_to_num(montage(ids, columns), nan=-1).astype(int)


def grid_columns(count: int, aspect: float = 2.0) -> int:
    """Columns for ``count`` tiles so that the grid is about ``aspect`` times wider than tall."""
    count = check_int("count", count, 1)
    aspect = check_number("aspect", aspect, 0.0, 1e6, low_open=True)
    return max(1, min(count, round((count * aspect) ** 0.5)))


def conv_weights(model: nn.Module) -> dict[str, torch.Tensor]:
    """{name: weight ``Tensor[O, I, k, k]``} of every nn.Conv2d, input side first."""
    return {name: module.weight.detach().cpu()
            for name, module in _check_module(model).named_modules()
            if isinstance(module, nn.Conv2d)}


def kernel_images(weight: torch.Tensor, input_channel: int | None = None) -> np.ndarray:
    """``Tensor[O, I, k, k]`` -> one image per output channel. ``input_channel`` i: ``[O, k, k]``
    = ``weight[:, i]``, unscaled. None: ``[O, k, k, 3]`` RGB in [0, 1] when I = 3 (one shared
    min-max scale, as in Krizhevsky et al. 2012's figure), else ``[O, k, k]`` = the mean over
    input channels, unscaled (the sign matters: a diverging colour scale shows it)."""
    if not isinstance(weight, torch.Tensor) or weight.ndim != 4 or weight.numel() == 0:
        raise InputError("shape", f"weight must be a non-empty Tensor[O, I, k, k], got "
                         f"{tuple(getattr(weight, 'shape', ()))}", name="weight",
                         expected="[O, I, k, k]", got=tuple(getattr(weight, "shape", ())))
    w = weight.detach().double()             # float64: max − min cannot overflow
    if not torch.isfinite(w).all() or w.abs().max() > FLOAT32_MAX:
        raise InputError("not_finite", "the kernels hold NaN, inf or values beyond float32's "
                         "range", name="weight")
    if input_channel is not None:
        return w[:, check_int("input_channel", input_channel, 0, w.shape[1] - 1)].float().numpy()
    if w.shape[1] == 3:
        w = (w - w.min()) / (w.max() - w.min()).clamp_min(1e-12)
        return w.permute(0, 2, 3, 1).float().numpy()
    return w.mean(1).float().numpy()
