"""What a layer costs: parameters and multiply-accumulates (MACs), per layer and in total.

For an output of C_out×H_out×W_out (one image)::

    Conv2d  params = C_out·(C_in/g)·k_h·k_w (+ C_out bias)
            MACs   = C_out·H_out·W_out·(C_in/g)·k_h·k_w
    Linear  params = out·in (+ out bias)      MACs = out·in

FLOPs = 2·MACs (one multiply and one add), the convention of
``torch.utils.flop_counter.FlopCounterMode``, which also leaves bias, BatchNorm, activations
and pooling out; so do we, and the tests check the totals against it.

The seeds' Inception example (seed 004, GoogLeNet's 1×1 "bottleneck", Szegedy et al. 2015):
a 5×5 conv from 192×28×28 to 32×28×28 takes 5·5·32·192·28·28 = 120,422,400 multiplications;
squeezing to 16 channels with a 1×1 conv first takes 1·1·28·28·192·16 + 5·5·28·28·16·32 =
2,408,448 + 10,035,200 = 12,443,648 (the seed prints 12,433,648, a typo of 10,000).

A depthwise-separable conv (Howard et al. 2017, MobileNets) replaces a k×k conv by a k×k conv
per channel then a 1×1 conv: cost ratio 1/C_out + 1/k².
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import torch
from torch import nn

from explorer.budget import check_elements
from explorer.errors import InputError, check_choice, check_int


@dataclass(frozen=True)
class LayerCost:
    name: str
    kind: str
    output_shape: tuple[int, ...]   # one image, without the batch axis
    params: int
    macs: int


def conv_macs(conv: nn.Conv2d, output_shape: tuple[int, ...]) -> int:
    """MACs of ``conv`` producing ``output_shape`` = (C_out, H_out, W_out)."""
    if not isinstance(conv, nn.Conv2d):
        raise InputError("other", f"conv must be an nn.Conv2d, got {type(conv).__name__}",
                         name="conv")
    output_shape = _shape("output_shape", output_shape)
    if len(output_shape) != 3 or output_shape[0] != conv.out_channels:
        raise InputError("shape", f"output_shape must be ({conv.out_channels}, H_out, W_out), "
                         f"got {output_shape}", name="output_shape",
                         expected=(conv.out_channels, None, None), got=output_shape)
    per_output = conv.in_channels // conv.groups * conv.kernel_size[0] * conv.kernel_size[1]
    return int(torch.Size(output_shape).numel()) * per_output


def _own_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters(recurse=False))


def _shape(name: str, shape) -> tuple[int, ...]:
    """A shape of 1 to 4 whole sizes >= 1, within the element budget."""
    if not isinstance(shape, (tuple, list)) or not 1 <= len(shape) <= 4:
        raise InputError("shape", f"{name} must be a tuple of 1 to 4 sizes, e.g. (3, 32, 32), "
                         f"got {shape!r}", name=name, expected="(C, H, W)", got=shape)
    shape = tuple(check_int(f"{name} size", size, 1) for size in shape)
    check_elements(name, math.prod(shape), advice="pick a smaller input")
    return shape


def _forward(model: nn.Module, input_shape: tuple[int, ...]) -> None:
    """One forward pass of a zero batch of one on the meta device; InputError when the model
    cannot take that shape (torch's RuntimeError, first line kept)."""
    if not isinstance(model, nn.Module):
        raise InputError("other", f"model must be a torch nn.Module, got "
                         f"{type(model).__name__}", name="model")
    try:
        with torch.no_grad():
            model(torch.zeros(1, *input_shape, device="meta"))
    except (RuntimeError, IndexError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError("shape", f"the model cannot take an input of shape {input_shape}: "
                         f"{first}", name="input_shape", expected=None,
                         got=input_shape) from None


def layer_costs(model: nn.Module, input_shape: tuple[int, ...]) -> list[LayerCost]:
    """One row per leaf module that has parameters or does work, in the order they run.

    Output shapes come from one forward pass of a zero image on the meta device (no memory,
    no arithmetic), recorded by forward hooks that are removed before returning.
    """
    input_shape = _shape("input_shape", input_shape)
    model = _on_meta(model)
    rows: list[LayerCost] = []

    def record(name):
        def hook(module, _inputs, output):
            shape = tuple(output.shape[1:])
            if isinstance(module, nn.Conv2d):
                macs = conv_macs(module, shape)
            elif isinstance(module, nn.Linear):
                macs = module.in_features * module.out_features
            else:
                macs = 0
            rows.append(LayerCost(name, type(module).__name__, shape, _own_params(module), macs))
        return hook

    leaves = [(n, m) for n, m in model.named_modules() if not list(m.children())]
    handles = [m.register_forward_hook(record(n)) for n, m in leaves]
    try:
        _forward(model, input_shape)
    finally:
        for handle in handles:
            handle.remove()
    return rows


def _on_meta(model: nn.Module) -> nn.Module:
    """An eval-mode copy on the meta device: shapes propagate, nothing is computed."""
    if not isinstance(model, nn.Module):
        raise InputError("other", f"model must be a torch nn.Module, got "
                         f"{type(model).__name__}", name="model")
    return copy.deepcopy(model).eval().to("meta")


def flop_counter_total(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """FLOPs of one forward pass as ``FlopCounterMode`` counts them (meta device, no work)."""
    from torch.utils.flop_counter import FlopCounterMode
    input_shape = _shape("input_shape", input_shape)
    model = _on_meta(model)
    with FlopCounterMode(display=False) as counter:
        _forward(model, input_shape)
    return counter.get_total_flops()


COUNTABLE = ("lenet", "vgg_small", "resnet_small", "mlp", "resnet18", "mobilenet_v3_small")
INPUT_SHAPES = {"digits 1×8×8": (1, 8, 8), "MNIST 1×28×28": (1, 28, 28),
                "CIFAR-10 3×32×32": (3, 32, 32), "ImageNet 3×224×224": (3, 224, 224)}


def build_for_counting(name: str, input_shape: tuple[int, ...]) -> nn.Module:
    """A registered model (10 classes, small enough for the CPU) or a torchvision ImageNet
    model built on the meta device (weights do not matter for counting)."""
    import torchvision
    from explorer.models import MODEL_NAMES, build_model
    check_choice("model", name, tuple(dict.fromkeys(COUNTABLE + tuple(MODEL_NAMES))))
    input_shape = _shape("input_shape", input_shape)
    if len(input_shape) != 3:
        raise InputError("shape", f"input_shape must be (C, H, W), got {input_shape}",
                         name="input_shape", expected=3, got=input_shape)
    if name in MODEL_NAMES:
        return build_model(name, input_shape, 10)
    if input_shape[0] != 3:
        raise InputError("shape", f"{name} takes RGB images (3 channels), not "
                         f"{input_shape[0]}: pick a 3-channel input", name="input_shape",
                         expected=3, got=input_shape[0])
    with torch.device("meta"):
        return torchvision.models.get_model(name, weights=None)


@dataclass(frozen=True)
class Comparison:
    """Multiplications of two ways to get the same output shape, and the ratio."""
    plain_name: str
    plain: int
    cheap_name: str
    cheap: int
    plain_terms: str     # the product, written out
    cheap_terms: str

    @property
    def ratio(self) -> float:
        return self.cheap / self.plain


def _positive(**sizes: int) -> None:
    for name, value in sizes.items():
        if check_int(name, value) < 1:
            raise InputError("out_of_range", f"{name} must be at least 1, got {value}",
                             name=name, value=value, low=1, high=None)


def _check_layers(c_in: int, size: int, c_out: int, kernel: int, c_mid: int | None) -> None:
    """Sizes >= 1, and every weight tensor and feature map of the two ways within budget."""
    sizes = dict(input_channels=c_in, size=size, output_channels=c_out, kernel=kernel)
    _positive(**sizes, **({} if c_mid is None else {"bottleneck_channels": c_mid}))
    advice = "lower the channels, the size or the kernel"
    for what, count in (("the input feature map", c_in * size * size),
                        ("the output feature map", c_out * size * size),
                        ("the k×k conv's weights", c_out * c_in * kernel * kernel),
                        ("the depthwise conv's weights", c_in * kernel * kernel)):
        check_elements(what, count, advice=advice)
    if c_mid is not None:
        check_elements("the bottleneck feature map", c_mid * size * size, advice=advice)
        check_elements("the bottleneck convs' weights",
                       c_mid * max(c_in, c_out * kernel * kernel), advice=advice)


def bottleneck(c_in: int = 192, size: int = 28, c_out: int = 32, kernel: int = 5,
               c_mid: int = 16) -> Comparison:
    """k×k conv C_in→C_out directly vs a 1×1 conv to C_mid first ("same" padding, so the
    H = W = ``size`` plane is kept)."""
    _check_layers(c_in, size, c_out, kernel, c_mid)
    hw = size * size
    return Comparison(
        f"{kernel}×{kernel} conv", kernel * kernel * c_out * c_in * hw,
        f"1×1 to {c_mid} then {kernel}×{kernel}",
        c_in * c_mid * hw + kernel * kernel * c_mid * c_out * hw,
        f"{kernel}·{kernel}·{c_out}·{c_in}·{size}·{size}",
        f"1·1·{size}·{size}·{c_in}·{c_mid} + {kernel}·{kernel}·{size}·{size}·{c_mid}·{c_out}")


def separable(c_in: int = 192, size: int = 28, c_out: int = 32, kernel: int = 5) -> Comparison:
    """Standard k×k conv vs depthwise k×k (one filter per input channel) + pointwise 1×1."""
    _check_layers(c_in, size, c_out, kernel, None)
    hw = size * size
    return Comparison(
        f"standard {kernel}×{kernel}", kernel * kernel * c_out * c_in * hw,
        "depthwise + pointwise", kernel * kernel * c_in * hw + c_in * c_out * hw,
        f"{kernel}·{kernel}·{c_out}·{c_in}·{size}·{size}",
        f"{kernel}·{kernel}·{c_in}·{size}·{size} + {c_in}·{c_out}·{size}·{size}")


def separable_ratio(c_out: int, kernel: int) -> float:
    """Closed form of separable / standard cost: (k²·C_in + C_in·C_out) / (k²·C_in·C_out)
    = 1/C_out + 1/k² (Howard et al. 2017, eq. 5)."""
    _positive(output_channels=c_out, kernel=kernel)
    return 1 / c_out + 1 / kernel ** 2


def comparison_modules(which: str, c_in: int, c_out: int, kernel: int, c_mid: int = 16
                       ) -> tuple[nn.Module, nn.Module]:
    """The real torch layers behind ``bottleneck`` / ``separable`` (no bias), on meta.
    ``padding="same"`` keeps the plane for even kernels too (torch pads one more on the
    right), so the real layers match the formulas' H = W = size."""
    check_choice("comparison", which, ("bottleneck", "separable"))
    _check_layers(c_in, 1, c_out, kernel, c_mid if which == "bottleneck" else None)
    plain = nn.Conv2d(c_in, c_out, kernel, padding="same", bias=False, device="meta")
    if which == "bottleneck":
        cheap = nn.Sequential(nn.Conv2d(c_in, c_mid, 1, bias=False, device="meta"),
                              nn.Conv2d(c_mid, c_out, kernel, padding="same", bias=False,
                                        device="meta"))
    else:
        cheap = nn.Sequential(
            nn.Conv2d(c_in, c_in, kernel, padding="same", groups=c_in, bias=False,
                      device="meta"),
            nn.Conv2d(c_in, c_out, 1, bias=False, device="meta"))
    return plain, cheap
