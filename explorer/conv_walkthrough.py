"""One output cell of a 2-D convolution, spelled out (the idea of CNN Explainer, Wang et al. 2020).

Output cell (r, c) of a cross-correlation (what nn.Conv2d computes) with stride s, padding p,
dilation d::

    y[r, c] = b + Σ_{u, v} w[u, v] · x_pad[r·s + d·u, c·s + d·v]

where x_pad is the input with p zeros on every side. ``cell`` returns every term of that sum;
the page moves (r, c) with a step slider, the tests compare every cell with F.conv2d.
Images and kernels are small (at most MAX_SIDE a side), so that every product can be read.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.conv_arithmetic import Layer, output_size
from explorer.errors import InputError, check_array, check_int, check_number, check_seed

MAX_SIDE = 64


@dataclass(frozen=True)
class Cell:
    row: int                            # output coordinates
    col: int
    positions: list[tuple[int, int]]    # padded-input coordinates, one per kernel weight
    inputs: np.ndarray                  # x_pad values under the kernel, [k, k]
    products: np.ndarray                # w ⊙ inputs, [k, k]
    value: float                        # sum of products + bias


# a refusal of the page's grids (its Chinese: ui/strings/messages.py)
TOO_BIG = "{name} is {rows}×{cols}: keep it within {side}×{side}"


def _grid(name: str, values) -> np.ndarray:
    """A finite, non-empty 2-D float array of at most MAX_SIDE a side."""
    array = check_array(name, values, ndim=2)
    if array.dtype.kind not in "biuf":
        raise InputError("other", f"{name} must hold real numbers, got {array.dtype}",
                         name=name)
    if max(array.shape) > MAX_SIDE:
        raise InputError("out_of_range", TOO_BIG.format(name=name, rows=array.shape[0],
                                                        cols=array.shape[1], side=MAX_SIDE),
                         name=name, value=max(array.shape),
                         low=1, high=MAX_SIDE)
    return array.astype(float)


def padded(x: np.ndarray, padding: int) -> np.ndarray:
    """``[H, W]`` -> ``[H + 2p, W + 2p]`` with zeros around."""
    return np.pad(_grid("x", x), check_int("padding", padding, 0, MAX_SIDE))


def output_shape(x: np.ndarray, kernel: np.ndarray, stride: int, padding: int,
                 dilation: int) -> tuple[int, int]:
    """(H_out, W_out); InputError naming the bad value when the setting is impossible."""
    x, kernel = _grid("x", x), _grid("kernel", kernel)
    if kernel.shape[0] != kernel.shape[1]:
        raise InputError("shape", f"the kernel must be square, got shape {kernel.shape}",
                         name="kernel", expected="k×k", got=kernel.shape)
    check_int("padding", padding, 0, MAX_SIDE)
    layer = Layer("conv", kernel.shape[0], stride, padding, dilation)
    return output_size(layer, x.shape[0]), output_size(layer, x.shape[1])


def _check_step(step: int, rows: int, cols: int) -> int:
    if check_int("step", step) not in range(rows * cols):
        raise InputError("out_of_range", f"step {step} is outside the {rows}×{cols} = "
                         f"{rows * cols} outputs", name="step", value=step, low=0,
                         high=rows * cols - 1)
    return int(step)


def cell(x: np.ndarray, kernel: np.ndarray, step: int, stride: int = 1, padding: int = 0,
         dilation: int = 1, bias: float = 0.0) -> Cell:
    """The ``step``-th output cell in reading order (row by row) and its multiply-add;
    InputError when it overflows float64 (values near 1e308)."""
    rows, cols = output_shape(x, kernel, stride, padding, dilation)
    x, kernel = _grid("x", x), _grid("kernel", kernel)
    bias = check_number("bias", bias)
    step, stride, padding, dilation = (_check_step(step, rows, cols), int(stride), int(padding),
                                       int(dilation))   # whole numbers: checked above
    r, c = divmod(step, cols)
    k = kernel.shape[0]
    positions = [(r * stride + dilation * u, c * stride + dilation * v)
                 for u in range(k) for v in range(k)]
    source = padded(x, padding)
    inputs = np.array([source[i, j] for i, j in positions], dtype=float).reshape(k, k)
    with np.errstate(over="ignore", invalid="ignore"):
        products = kernel * inputs
        value = float(products.sum() + bias)
    if not (np.isfinite(products).all() and np.isfinite(value)):
        raise InputError("not_finite", f"output cell ({r}, {c}) overflows float64: scale the "
                         f"input, the kernel or the bias down", name="kernel")
    return Cell(r, c, positions, inputs, products, value)


def example_input(size: int = 7, seed: int = 0) -> np.ndarray:
    """A small integer image in 0..9, so every product can be read."""
    size = check_int("size", size, 1, MAX_SIDE)
    return np.random.default_rng(check_seed(seed)).integers(0, 10, size=(size, size)).astype(
        float)


def output_until(x: np.ndarray, kernel: np.ndarray, step: int, stride: int = 1,
                 padding: int = 0, dilation: int = 1) -> np.ndarray:
    """``[H_out, W_out]``: the cells 0..step (reading order) computed, NaN for the rest (the
    figure leaves them blank)."""
    rows, cols = output_shape(x, kernel, stride, padding, dilation)
    step = _check_step(step, rows, cols)
    out = np.full(rows * cols, np.nan)
    for i in range(step + 1):
        out[i] = cell(x, kernel, i, stride, padding, dilation).value
    return out.reshape(rows, cols)
