"""Small networks for the lab: MLP, LeNet-5, a small VGG, a small ResNet; a registry by name.

Every model splits into ``penultimate(x)`` (features before the last layer, Tensor[N, D]) and
``head`` (that last nn.Linear), with forward(x) = head(penultimate(x)), so pages can look at
learned features (t-SNE, label-smoothing templates) of any of them.

Sizes are checked before any layer is built: depth and residual blocks against
``budget.MAX_LAYERS``, the weight count (closed form per model) against ``budget.MAX_ELEMENTS``,
and the input against each network's pooling (LeNet and the VGG halve it twice).
"""
from __future__ import annotations

import inspect
import math

import torch
from torch import nn

from explorer.activations import REGISTRY, by_key
from explorer.budget import MAX_LAYERS, check_elements
from explorer.errors import InputError, check_choice, check_int, check_number

# id -> a factory of torch's layer, for every activation of explorer.activations.REGISTRY
ACTIVATIONS = {key: activation.layer for key, activation in REGISTRY.items()}


def _activation(name: str) -> nn.Module:
    return by_key(name).layer()


WEIGHTS_OF = "the weights of {model}"   # a budget refusal's what-name (the UI translates it)


def _check_weights(model: str, weights: int) -> None:
    check_elements(WEIGHTS_OF.format(model=model), weights,
                   advice="lower the width or depth, or use a smaller input size")


# refusals of an input too small for a model (their Chinese: ui/strings/messages.py)
POOLED_TOO_SMALL = ("{model} pools twice by 2, so its input must be at least 4×4, got "
                    "{height}×{width}: use a larger image size or the mlp")
NOTE4_TOO_SMALL = ("note 4's CNN has two unpadded 5×5 convs and two 2×2 pools, so its input must "
                   "be at least 16×16, got {height}×{width}: use lenet for small images")


def _check_pooled_input(model: str, input_shape: tuple[int, int, int]) -> None:
    """Two 2×2 max-pools need H, W >= 4 (one pixel left after 4 → 2 → 1)."""
    if min(input_shape[1:]) < 4:
        raise InputError("out_of_range", POOLED_TOO_SMALL.format(
            model=model, height=input_shape[1], width=input_shape[2]), name="input_shape",
                         value=input_shape,
                         low=4, high=None)


class Classifier(nn.Module):
    """features -> head. Subclasses build ``self.features`` (ending in a flat vector)."""

    features: nn.Module
    head: nn.Linear

    def penultimate(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.penultimate(x))


class MLP(Classifier):
    """depth x [Linear -> (BatchNorm) -> activation -> (Dropout)] -> Linear."""

    def __init__(self, input_shape, num_classes, depth: int = 2, width: int = 128,
                 activation: str = "relu", batchnorm: bool = False, dropout: float = 0.0):
        super().__init__()
        depth = check_int("depth", depth, 1, MAX_LAYERS)
        width = check_int("width", width, 1)
        if not isinstance(batchnorm, bool):
            raise InputError("other", f"batchnorm must be True or False, got {batchnorm!r}",
                             name="batchnorm")
        dropout = check_number("dropout", dropout, 0.0, 1.0, high_open=True)
        fan_in = math.prod(input_shape)
        _check_weights("MLP", fan_in * width + (depth - 1) * width ** 2 + width * num_classes)
        layers: list[nn.Module] = [nn.Flatten()]
        for _ in range(depth):
            layers.append(nn.Linear(fan_in, width))
            if batchnorm:
                layers.append(nn.BatchNorm1d(width))
            layers.append(_activation(activation))
            if dropout:
                layers.append(nn.Dropout(dropout))
            fan_in = width
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(width, num_classes)


class LeNet5(Classifier):
    """LeCun et al. 1998 with ReLU and max-pooling (the seeds' MNIST CNN): conv5-pool-conv5-
    pool-120-84-head. Both convs pad by 2, so 8x8 digits work as well as 28x28 MNIST; the
    flat vector is 16 · ⌊H/4⌋ · ⌊W/4⌋."""

    def __init__(self, input_shape, num_classes, activation: str = "relu"):
        super().__init__()
        _check_pooled_input("LeNet-5", input_shape)
        channels, height, width = input_shape
        flat = 16 * (height // 4) * (width // 4)
        _check_weights("LeNet-5", 150 * channels + 2400 + flat * 120 + 120 * 84
                       + 84 * num_classes)
        conv = nn.Sequential(
            nn.Conv2d(channels, 6, 5, padding=2), _activation(activation), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5, padding=2), _activation(activation), nn.MaxPool2d(2),
            nn.Flatten())
        self.features = nn.Sequential(conv, nn.Linear(flat, 120), _activation(activation),
                                      nn.Linear(120, 84), _activation(activation))
        self.head = nn.Linear(84, num_classes)


class Note4CNN(Classifier):
    """Note 4's MNIST CNN (Liu Er's lecture): conv5 (10) -> max-pool 2 -> ReLU -> conv5 (20)
    -> max-pool 2 -> ReLU -> flatten -> Linear; no padding, so 28×28 gives 20·4·4 = 320
    features. Inputs need H, W >= 16 (8×8 digits are too small: use LeNet-5)."""

    def __init__(self, input_shape, num_classes, activation: str = "relu"):
        super().__init__()
        channels, height, width = input_shape
        if min(height, width) < 16:
            raise InputError("out_of_range", NOTE4_TOO_SMALL.format(height=height, width=width),
                             name="input_shape",
                             value=input_shape, low=16, high=None)
        side = lambda n: ((n - 4) // 2 - 4) // 2   # noqa: E731
        flat = 20 * side(height) * side(width)
        _check_weights("note 4's CNN", 250 * channels + 5000 + flat * num_classes)
        self.features = nn.Sequential(
            nn.Conv2d(channels, 10, 5), nn.MaxPool2d(2), _activation(activation),
            nn.Conv2d(10, 20, 5), nn.MaxPool2d(2), _activation(activation), nn.Flatten())
        self.head = nn.Linear(flat, num_classes)


def _conv_bn_relu(c_in: int, c_out: int, stride: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out),
            nn.ReLU(inplace=True)]


class VGGSmall(Classifier):
    """Simonyan & Zisserman 2014 in miniature: two [conv3-conv3-maxpool] blocks, global
    average pooling, one hidden Linear."""

    def __init__(self, input_shape, num_classes, width: int = 32):
        super().__init__()
        width = check_int("width", width, 1)
        _check_pooled_input("vgg_small", input_shape)
        c = input_shape[0]
        _check_weights("vgg_small", 9 * c * width + 63 * width ** 2 + 256 * width
                       + 128 * num_classes)
        self.features = nn.Sequential(
            *_conv_bn_relu(c, width), *_conv_bn_relu(width, width), nn.MaxPool2d(2),
            *_conv_bn_relu(width, 2 * width), *_conv_bn_relu(2 * width, 2 * width),
            nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
            nn.Linear(2 * width, 128), nn.ReLU(inplace=True))
        self.head = nn.Linear(128, num_classes)


class ResidualBlock(nn.Module):
    """He et al. 2016: H(x) = F(x) + x, F = conv3-BN-ReLU-conv3-BN; a 1x1 conv on the
    shortcut when the shape changes."""

    def __init__(self, c_in: int, c_out: int, stride: int = 1):
        super().__init__()
        self.residual = nn.Sequential(
            *_conv_bn_relu(c_in, c_out, stride),
            nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out))
        self.shortcut = (nn.Identity() if stride == 1 and c_in == c_out else nn.Sequential(
            nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.residual(x) + self.shortcut(x))


class ResNetSmall(Classifier):
    """A stem conv, three stages of residual blocks (width, 2x stride 2, 4x stride 2), global
    average pooling. Weights ≈ 18 · blocks · (1 + 4 + 16) · width² (two 3×3 convs a block)."""

    def __init__(self, input_shape, num_classes, width: int = 16, blocks: int = 1):
        super().__init__()
        width = check_int("width", width, 1)
        blocks = check_int("blocks", blocks, 1, MAX_LAYERS)
        _check_weights("resnet_small", 9 * input_shape[0] * width + 378 * blocks * width ** 2
                       + 4 * width * num_classes)
        stages: list[nn.Module] = [*_conv_bn_relu(input_shape[0], width)]
        c = width
        for i, c_out in enumerate((width, 2 * width, 4 * width)):
            for b in range(blocks):
                stages.append(ResidualBlock(c, c_out, 2 if i > 0 and b == 0 else 1))
                c = c_out
        self.features = nn.Sequential(*stages, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(c, num_classes)


MODELS = {"mlp": MLP, "lenet": LeNet5, "note4_cnn": Note4CNN, "vgg_small": VGGSmall,
          "resnet_small": ResNetSmall}
MODEL_NAMES = tuple(MODELS)
IMAGE_ONLY = ("lenet", "note4_cnn", "vgg_small", "resnet_small")


def options_of(name: str) -> tuple[str, ...]:
    """The keyword options model ``name`` takes (besides input_shape and num_classes)."""
    parameters = inspect.signature(MODELS[name]).parameters
    return tuple(p for p in parameters if p not in ("input_shape", "num_classes"))


def build_model(name: str, input_shape: tuple[int, ...], num_classes: int,
                **options) -> Classifier:
    """A registered model for inputs of ``input_shape`` ((C, H, W) or (D,))."""
    check_choice("model", name, MODEL_NAMES)
    try:
        shape = tuple(check_int("input_shape", size, 1) for size in input_shape)
    except TypeError:
        shape = ()
    if not shape:
        raise InputError("shape", f"input_shape must be sizes like (C, H, W) or (D,), got "
                         f"{input_shape!r}", name="input_shape", expected="(C, H, W) or (D,)",
                         got=input_shape)
    if name in IMAGE_ONLY and len(shape) != 3:
        raise InputError("shape", f"{name} needs images (C, H, W); this dataset has inputs of "
                         f"shape {shape}: use the mlp", name="input_shape",
                         expected="(C, H, W)", got=shape)
    num_classes = check_int("num_classes", num_classes, 2)
    for key in options:
        if key not in options_of(name):
            raise InputError("unknown_key", f"{name} has no option {key!r}; its options are "
                             f"{', '.join(options_of(name))}", name=key,
                             options=options_of(name))
    return MODELS[name](shape, num_classes, **options)


def count_parameters(model: nn.Module) -> int:
    """Trainable parameters: Σ numel over parameters with requires_grad."""
    if not isinstance(model, nn.Module):
        raise InputError("other", f"model must be a torch.nn.Module, got {type(model).__name__}",
                         name="model")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
