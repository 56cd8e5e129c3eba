"""Convolution and pooling arithmetic: output sizes and receptive fields through a stack.

Output size along one axis (PyTorch's Conv2d / MaxPool2d docs; Dumoulin & Visin 2016,
"A guide to convolution arithmetic for deep learning")::

    o = floor((i + 2p − d·(k − 1) − 1) / s) + 1

Pooling with ``ceil_mode`` rounds up instead, but drops a last window that would start
inside the right padding: if (o − 1)·s ≥ i + p then o ← o − 1.

Receptive field r and jump j (distance in input pixels between neighbouring outputs) of
layer l, bottom-up (Araujo et al. 2019, "Computing receptive fields of CNNs")::

    j_l = j_{l−1}·s_l        r_l = r_{l−1} + d_l·(k_l − 1)·j_{l−1}        r_0 = j_0 = 1

which is the seeds' top-down RF_{N−1} = (RF_N − 1)·s + k read the other way round.
``start`` is the input coordinate of the centre of the first output's field:
start_l = start_{l−1} + ((d_l·(k_l − 1))/2 − p_l)·j_{l−1}.
"""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("conv", "maxpool", "avgpool")


@dataclass(frozen=True)
class Layer:
    """One conv or pooling layer's geometry (square kernels, the same along both axes)."""
    kind: str = "conv"
    kernel: int = 3
    stride: int = 1
    padding: int = 0
    dilation: int = 1
    ceil_mode: bool = False     # pooling only, as in nn.MaxPool2d

    @property
    def span(self) -> int:
        """Input pixels one window covers: d·(k − 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1

    def describe(self) -> str:
        extra = f", d={self.dilation}" if self.dilation != 1 else ""
        extra += ", ceil" if self.ceil_mode else ""
        return f"{self.kind} k={self.kernel}, s={self.stride}, p={self.padding}{extra}"


def check(layer: Layer, size: int) -> None:
    """Raise ValueError naming the first impossible value of ``layer`` on input ``size``."""
    if layer.kind not in KINDS:
        raise ValueError(f"unknown layer kind {layer.kind!r}; expected one of {KINDS}")
    for name in ("kernel", "stride", "dilation"):
        if getattr(layer, name) < 1:
            raise ValueError(f"{name} must be at least 1, got {getattr(layer, name)}")
    if layer.padding < 0:
        raise ValueError(f"padding must be 0 or more, got {layer.padding}")
    if size < 1:
        raise ValueError(f"input size must be at least 1, got {size}")
    if layer.kind != "conv" and layer.padding > layer.kernel // 2:
        raise ValueError(f"padding {layer.padding} is more than half the pooling kernel "
                         f"{layer.kernel}: PyTorch refuses it (use padding ≤ {layer.kernel // 2})")
    if layer.kind == "avgpool" and layer.dilation != 1:
        raise ValueError(f"dilation {layer.dilation}: average pooling has no dilation (use 1)")


def output_size(layer: Layer, size: int) -> int:
    """Output length of ``layer`` on an input of length ``size`` (formula in the docstring)."""
    check(layer, size)
    room = size + 2 * layer.padding - layer.span
    if layer.ceil_mode and layer.kind != "conv":
        out = -(-room // layer.stride) + 1
        if (out - 1) * layer.stride >= size + layer.padding:
            out -= 1
    else:
        out = room // layer.stride + 1
    if out < 1:
        span = f" (dilated span {layer.span})" if layer.dilation > 1 else ""
        raise ValueError(f"output size would be {out}: kernel {layer.kernel}{span} is larger "
                         f"than the padded input {size} + 2·{layer.padding} = "
                         f"{size + 2 * layer.padding}; lower the kernel or dilation, or pad more")
    return out


@dataclass(frozen=True)
class Step:
    layer: Layer
    size_in: int
    size_out: int
    jump: int          # input pixels between neighbouring outputs
    receptive: int     # input pixels one output sees
    start: float       # input coordinate of the first output's field centre


def trace(size: int, layers: list[Layer]) -> list[Step]:
    """Sizes, jumps and receptive fields after each layer of a stack, bottom-up.

    Raises ValueError naming the layer (1-based) and the bad value when one is impossible.
    """
    steps, jump, receptive, start = [], 1, 1, 0.5
    for number, layer in enumerate(layers, 1):
        try:
            out = output_size(layer, size)
        except ValueError as err:
            raise ValueError(f"layer {number} ({layer.describe()}), input {size}: {err}") from None
        receptive += (layer.span - 1) * jump
        start += ((layer.span - 1) / 2 - layer.padding) * jump
        jump *= layer.stride
        steps.append(Step(layer, size, out, jump, receptive, start))
        size = out
    return steps


def torch_layer(layer: Layer, channels: int = 1):
    """The real torch module for ``layer`` (conv: channels -> channels, no bias)."""
    from torch import nn
    if layer.kind == "conv":
        return nn.Conv2d(channels, channels, layer.kernel, layer.stride, layer.padding,
                         layer.dilation, bias=False)
    if layer.kind == "maxpool":
        return nn.MaxPool2d(layer.kernel, layer.stride, layer.padding, layer.dilation,
                            ceil_mode=layer.ceil_mode)
    return nn.AvgPool2d(layer.kernel, layer.stride, layer.padding, ceil_mode=layer.ceil_mode)


def torch_output_size(layer: Layer, size: int) -> int:
    """What the real torch layer outputs on a ``size``×``size`` input (meta device: shapes
    only, so any size is instant)."""
    import torch
    with torch.device("meta"):
        return torch_layer(layer)(torch.zeros(1, 1, size, size)).shape[-1]


def empirical_receptive_field(size: int, layers: list[Layer]):
    """Receptive field measured with autograd: the input pixels whose gradient reaches the
    centre output of the stack (convs with all-one weights, max pools swapped for average
    pools of the same geometry, so no path cancels or is cut).

    Returns (gradient map ``Tensor[size, size]``, extent along rows, extent along columns);
    the extent is clipped where the field leaves the input.
    """
    import torch
    from torch import nn

    trace(size, layers)   # the same checks and messages as the formula
    modules = []
    for layer in layers:
        if layer.kind == "maxpool":
            layer = Layer("avgpool", layer.kernel, layer.stride, layer.padding, 1,
                          layer.ceil_mode)
        module = torch_layer(layer)
        if layer.kind == "conv":
            nn.init.ones_(module.weight)
        modules.append(module)
    x = torch.zeros(1, 1, size, size, requires_grad=True)
    out = nn.Sequential(*modules)(x)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    grad = x.grad[0, 0]
    rows, cols = grad.abs().sum(1).nonzero(), grad.abs().sum(0).nonzero()
    return grad, int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def centre_field(size: int, steps: list[Step]) -> tuple[float, float]:
    """Input interval [lo, hi) the centre output of the last step sees (before clipping)."""
    last = steps[-1]
    centre = last.start + (last.size_out // 2) * last.jump
    return centre - last.receptive / 2, centre + last.receptive / 2



def layers_from_rows(rows: list[dict]) -> list[Layer]:
    """Table rows (kind, kernel, stride, padding, dilation, ceil_mode) -> Layers; ValueError
    naming the row and column of an empty or non-integer cell."""
    layers = []
    for number, row in enumerate(rows, 1):
        values = {}
        for name in ("kernel", "stride", "padding", "dilation"):
            value = row.get(name)
            if value is None or value != value or float(value) != int(value):
                raise ValueError(f"row {number}: {name} must be a whole number, got {value}")
            values[name] = int(value)
        layers.append(Layer(str(row.get("kind")), **values,
                            ceil_mode=bool(row.get("ceil_mode") or False)))
    if not layers:
        raise ValueError("the stack is empty: add at least one layer")
    return layers
