"""Small networks for the lab: MLP, LeNet-5, a small VGG, a small ResNet; a registry by name.

Every model splits into ``penultimate(x)`` (features before the last layer, Tensor[N, D]) and
``head`` (that last nn.Linear), with forward(x) = head(penultimate(x)), so pages can look at
learned features (t-SNE, label-smoothing templates) of any of them.
"""
from __future__ import annotations

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU,
               "leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "silu": nn.SiLU}


def _activation(name: str) -> nn.Module:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]()


class Classifier(nn.Module):
    """features -> head. Subclasses build ``self.features`` (ending in a flat vector)."""

    features: nn.Module
    head: nn.Linear

    def penultimate(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.penultimate(x))


def _flat_size(features: nn.Module, input_shape: tuple[int, ...]) -> int:
    """Width of the feature vector for one input of ``input_shape`` (a dry run)."""
    with torch.no_grad():
        out = features(torch.zeros(1, *input_shape))
    if out.shape[-1] == 0:
        raise ValueError(f"input {input_shape} is too small for this network")
    return out.shape[-1]


class MLP(Classifier):
    """depth x [Linear -> (BatchNorm) -> activation -> (Dropout)] -> Linear."""

    def __init__(self, input_shape, num_classes, depth: int = 2, width: int = 128,
                 activation: str = "relu", batchnorm: bool = False, dropout: float = 0.0):
        super().__init__()
        if depth < 1 or width < 1:
            raise ValueError(f"MLP needs depth >= 1 and width >= 1, got {depth} and {width}")
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        layers: list[nn.Module] = [nn.Flatten()]
        fan_in = int(torch.tensor(input_shape).prod())
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
    pool-120-84-head. Both convs pad by 2, so 8x8 digits work as well as 28x28 MNIST."""

    def __init__(self, input_shape, num_classes, activation: str = "relu"):
        super().__init__()
        channels = input_shape[0]
        conv = nn.Sequential(
            nn.Conv2d(channels, 6, 5, padding=2), _activation(activation), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5, padding=2), _activation(activation), nn.MaxPool2d(2),
            nn.Flatten())
        flat = _flat_size(conv, input_shape)
        self.features = nn.Sequential(conv, nn.Linear(flat, 120), _activation(activation),
                                      nn.Linear(120, 84), _activation(activation))
        self.head = nn.Linear(84, num_classes)


def _conv_bn_relu(c_in: int, c_out: int, stride: int = 1) -> list[nn.Module]:
    return [nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out),
            nn.ReLU(inplace=True)]


class VGGSmall(Classifier):
    """Simonyan & Zisserman 2014 in miniature: two [conv3-conv3-maxpool] blocks, global
    average pooling, one hidden Linear."""

    def __init__(self, input_shape, num_classes, width: int = 32):
        super().__init__()
        c = input_shape[0]
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
    average pooling."""

    def __init__(self, input_shape, num_classes, width: int = 16, blocks: int = 1):
        super().__init__()
        stages: list[nn.Module] = [*_conv_bn_relu(input_shape[0], width)]
        c = width
        for i, c_out in enumerate((width, 2 * width, 4 * width)):
            for b in range(blocks):
                stages.append(ResidualBlock(c, c_out, 2 if i > 0 and b == 0 else 1))
                c = c_out
        self.features = nn.Sequential(*stages, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(c, num_classes)


MODELS = {"mlp": MLP, "lenet": LeNet5, "vgg_small": VGGSmall, "resnet_small": ResNetSmall}
MODEL_NAMES = tuple(MODELS)
IMAGE_ONLY = ("lenet", "vgg_small", "resnet_small")


def build_model(name: str, input_shape: tuple[int, ...], num_classes: int,
                **options) -> Classifier:
    """A registered model for inputs of ``input_shape`` ((C, H, W) or (D,))."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; expected one of {', '.join(MODEL_NAMES)}")
    if name in IMAGE_ONLY and len(input_shape) != 3:
        raise ValueError(f"{name} needs images (C, H, W); this dataset has inputs of shape "
                         f"{tuple(input_shape)}: use the mlp")
    if num_classes < 2:
        raise ValueError(f"need at least 2 classes, got {num_classes}")
    try:
        return MODELS[name](tuple(input_shape), num_classes, **options)
    except TypeError as err:
        raise ValueError(f"bad option for {name}: {err}") from None


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
