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

import math
from dataclasses import dataclass
from functools import partial

from explorer.budget import MAX_ELEMENTS, MAX_LAYERS, check_elements
from explorer.errors import InputError, check_choice, check_int

KINDS = ("conv", "maxpool", "avgpool")
# Largest input size, kernel, stride, padding or dilation: shapes, not memory (nothing is
# allocated for them), but torch's meta tensors must still count their elements in int64.
MAX_SIZE = 1_000_000
# Largest jump or receptive field a stack may reach: float64 holds integers exactly up to it.
MAX_FIELD = 2 ** 53


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
        extra = f", d={_grouped(self.dilation)}" if self.dilation != 1 else ""
        extra += ", ceil" if self.ceil_mode else ""
        return (f"{self.kind} k={_grouped(self.kernel)}, s={_grouped(self.stride)}, "
                f"p={_grouped(self.padding)}{extra}")


def _grouped(value) -> str:
    """A whole number with thousands separators (1,000); anything else as it is."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


# Refusals as templates (numbers with thousands separators), read back in Chinese by the UI
TOO_LARGE = ("output size would be {out:,}: kernel {kernel:,} is larger than the padded input "
             "{size:,} + 2·{padding:,} = {padded:,}; lower the kernel or dilation, or pad more")
TOO_LARGE_DILATED = ("output size would be {out:,}: kernel {kernel:,} (dilated span {span:,}) "
                     "is larger than the padded input {size:,} + 2·{padding:,} = {padded:,}; "
                     "lower the kernel or dilation, or pad more")
WHERE = "layer {number} ({layer}), input {size:,}: {reason}"


def _check_layer(layer: Layer) -> Layer:
    """The layer's own values: kind, whole numbers in range, what torch accepts. Returns it
    with Python ints and bool (3.0 -> 3), so that sizes computed from it are ints."""
    if not isinstance(layer, Layer):
        raise InputError("other", f"layer must be a Layer, got {type(layer).__name__}",
                         name="layer")
    check_choice("layer kind", layer.kind, KINDS)
    for name in ("kernel", "stride", "dilation"):
        check_int(name, getattr(layer, name), 1, MAX_SIZE)
    check_int("padding", layer.padding, 0, MAX_SIZE)
    if layer.ceil_mode not in (True, False):
        raise InputError("other", f"ceil_mode must be True or False, got {layer.ceil_mode!r}",
                         name="ceil_mode")
    if layer.kind == "conv" and layer.ceil_mode:
        raise InputError("other", "ceil mode applies to pooling only (nn.Conv2d has none): "
                         "untick it", name="ceil_mode")
    if layer.kind != "conv" and layer.padding > layer.kernel // 2:
        raise InputError("out_of_range", f"padding {layer.padding} is more than half the "
                         f"pooling kernel {layer.kernel}: PyTorch refuses it (use padding ≤ "
                         f"{layer.kernel // 2})", name="padding", value=layer.padding, low=0,
                         high=layer.kernel // 2)
    if layer.kind == "avgpool" and layer.dilation != 1:
        raise InputError("out_of_range", f"dilation {layer.dilation}: average pooling has no "
                         f"dilation (use 1)", name="dilation", value=layer.dilation, low=1,
                         high=1)
    return Layer(layer.kind, int(layer.kernel), int(layer.stride), int(layer.padding),
                 int(layer.dilation), bool(layer.ceil_mode))


def check(layer: Layer, size: int) -> tuple[Layer, int]:
    """Raise InputError naming the first impossible value of ``layer`` on input ``size``;
    returns both as ints."""
    return _check_layer(layer), check_int("input size", size, 1, MAX_SIZE)


def output_size(layer: Layer, size: int) -> int:
    """Output length of ``layer`` on an input of length ``size`` (formula in the docstring)."""
    layer, size = check(layer, size)
    room = size + 2 * layer.padding - layer.span
    if layer.ceil_mode and layer.kind != "conv":
        out = -(-room // layer.stride) + 1
        if (out - 1) * layer.stride >= size + layer.padding:
            out -= 1
    else:
        out = room // layer.stride + 1
    if out < 1:
        template = TOO_LARGE_DILATED if layer.dilation > 1 else TOO_LARGE
        raise InputError("out_of_range", template.format(
            out=out, kernel=layer.kernel, span=layer.span, size=size, padding=layer.padding,
            padded=size + 2 * layer.padding), name="kernel", value=layer.span, low=1,
            high=size + 2 * layer.padding)
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

    Raises InputError naming the layer (1-based) and the bad value when one is impossible.
    """
    if not 1 <= len(layers) <= MAX_LAYERS:
        raise InputError("out_of_range", f"the stack has {len(layers)} layers: give 1 to "
                         f"{MAX_LAYERS}", name="layers", value=len(layers), low=1,
                         high=MAX_LAYERS)
    size = check_int("input size", size, 1, MAX_SIZE)
    steps, jump, receptive, start = [], 1, 1, 0.5
    for number, layer in enumerate(layers, 1):
        where = (partial(WHERE.format, number=number, layer=layer.describe(), size=size)
                 if isinstance(layer, Layer) else f"layer {number}: {{reason}}".format)
        try:
            layer = _check_layer(layer)
            out = output_size(layer, size)
        except InputError as err:
            raise InputError(err.code, where(reason=err), layer=number, **err.params) from None
        receptive += (layer.span - 1) * jump
        start += ((layer.span - 1) / 2 - layer.padding) * jump
        jump *= layer.stride
        if max(jump, receptive) > MAX_FIELD:
            raise InputError("out_of_range", where(
                reason="the receptive field or jump passes 2**53 input pixels, beyond exact "
                       "arithmetic; lower the strides, kernels or dilations"), name="layers",
                layer=number, value=max(jump, receptive), low=1, high=MAX_FIELD)
        steps.append(Step(layer, size, out, jump, receptive, start))
        size = out
    return steps


def torch_layer(layer: Layer, channels: int = 1):
    """The real torch module for ``layer`` (conv: channels -> channels, no bias)."""
    from torch import nn
    layer = _check_layer(layer)
    channels = check_int("channels", channels, 1)
    if layer.kind == "conv":
        check_elements("the conv's weights", channels * channels * layer.kernel ** 2,
                       advice="lower the channels or the kernel")
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
    output_size(layer, size)   # our checks and messages first; torch's are terse
    layer, size = check(layer, size)
    with torch.device("meta"):
        return torch_layer(layer)(torch.zeros(1, 1, size, size)).shape[-1]


def empirical_receptive_field(size: int, layers: list[Layer]):
    """Receptive field measured with autograd: the input pixels whose gradient reaches the
    centre output of the stack.

    Every layer becomes a sum over its window (a conv of ones with the layer's kernel, stride,
    padding and dilation), so no path cancels or is cut: every pixel of a max pool's window
    can be its maximum. Ceil mode's extra window comes from the real torch layer's output
    size, padded on the right. A square all-ones kernel is ones(k) ⊗ ones(k), so the 2-D
    gradient is the outer product of the 1-D one (measured with conv1d, cheap at any size),
    scaled by its maximum so path counts up to 1e300 stay inside float64.

    Returns (gradient map ``Tensor[size, size]``, extent along rows, extent along columns);
    the extent is clipped where the field leaves the input (0 when only padding is seen).
    """
    import torch
    import torch.nn.functional as F

    steps = trace(size, layers)   # the same checks and messages as the formula
    check_elements("the measured gradient map", size * size, advice="lower the input size")
    padded = sum(s.size_in + 2 * s.layer.padding + s.layer.span + s.layer.stride for s in steps)
    check_elements("the measured field's padded inputs", padded, MAX_ELEMENTS // 2,
                   advice="lower the input size, the padding or the kernels")
    check_elements("the measured field's multiply-adds",
                   sum(s.size_out * s.layer.kernel for s in steps), MAX_ELEMENTS,
                   advice="lower the input size or the kernels")
    paths = sum(math.log10(s.layer.kernel) for s in steps)
    if paths > 300:
        raise InputError("out_of_range", f"the kernels multiply to 10^{paths:.0f} paths per "
                         f"pixel, beyond float64: use fewer layers or smaller kernels",
                         name="layers", value=paths, low=0, high=300)
    x = torch.zeros(size, dtype=torch.float64, requires_grad=True)
    h = x[None, None]                                                  # [1, 1, size]
    for step in steps:
        layer = step.layer
        out = torch_output_size(layer, step.size_in)
        extra = max(0, (out - 1) * layer.stride + layer.span - step.size_in - 2 * layer.padding)
        h = F.pad(h, (layer.padding, layer.padding + extra))
        ones = torch.ones(1, 1, layer.kernel, dtype=torch.float64)
        h = F.conv1d(h, ones, stride=layer.stride, dilation=layer.dilation)  # [1, 1, out]
    h[0, 0, h.shape[-1] // 2].backward()
    line = x.grad                                                      # [size]
    seen = line.nonzero()
    if not len(seen):    # the centre output's window lies in the padding: it sees no pixel
        return torch.zeros(size, size, dtype=torch.float64), 0, 0
    extent = int(seen.max() - seen.min() + 1)
    return torch.outer(line, line) / line.max(), extent, extent


def centre_field(size: int, steps: list[Step]) -> tuple[float, float]:
    """Input interval [lo, hi) the centre output of the last step sees (before clipping)."""
    check_int("input size", size, 1, MAX_SIZE)
    if not steps:
        raise InputError("empty", "steps is empty: trace at least one layer", name="steps")
    last = steps[-1]
    centre = last.start + (last.size_out // 2) * last.jump
    return centre - last.receptive / 2, centre + last.receptive / 2


def layers_from_rows(rows: list[dict]) -> list[Layer]:
    """Table rows (kind, kernel, stride, padding, dilation, ceil_mode) -> Layers; InputError
    naming the row and column of an empty or non-integer cell."""
    if not rows:
        raise InputError("empty", "the stack is empty: add at least one layer", name="layers")
    if len(rows) > MAX_LAYERS:
        raise InputError("out_of_range", f"the stack has {len(rows)} layers: keep at most "
                         f"{MAX_LAYERS}", name="layers", value=len(rows), low=1,
                         high=MAX_LAYERS)
    layers = []
    for number, row in enumerate(rows, 1):
        kind = row.get("kind")
        if kind not in KINDS:
            raise InputError("choice", f"row {number}: kind must be one of {', '.join(KINDS)}, "
                             f"got {kind!r}", name="kind", value=kind, options=KINDS,
                             row=number)
        values = {}
        for name in ("kernel", "stride", "padding", "dilation"):
            values[name] = _whole_cell(number, name, row.get(name))
        ceil = row.get("ceil_mode")
        ceil = bool(ceil) if ceil is not None and ceil == ceil else False  # empty cell: off
        layers.append(Layer(kind, **values, ceil_mode=ceil))
    return layers


def _whole_cell(row: int, name: str, value) -> int:
    if value is None or value != value:
        raise InputError("not_integer", f"row {row}: {name} is empty; enter a whole number",
                         name=name, value=None, row=row)
    try:
        return check_int(name, value)
    except InputError as err:
        raise InputError(err.code, f"row {row}: {err}", row=row, **err.params) from None
