"""One output cell of a 2-D convolution, spelled out (the idea of CNN Explainer, Wang et al. 2020).

Output cell (r, c) of a cross-correlation (what nn.Conv2d computes) with stride s, padding p,
dilation d::

    y[r, c] = b + Σ_{u, v} w[u, v] · x_pad[r·s + d·u, c·s + d·v]

where x_pad is the input with p zeros on every side. ``cell`` returns every term of that sum;
the page moves (r, c) with a step slider, the tests compare every cell with F.conv2d.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.conv_arithmetic import Layer, output_size


@dataclass(frozen=True)
class Cell:
    row: int                            # output coordinates
    col: int
    positions: list[tuple[int, int]]    # padded-input coordinates, one per kernel weight
    inputs: np.ndarray                  # x_pad values under the kernel, [k, k]
    products: np.ndarray                # w ⊙ inputs, [k, k]
    value: float                        # sum of products + bias


def padded(x: np.ndarray, padding: int) -> np.ndarray:
    """``[H, W]`` -> ``[H + 2p, W + 2p]`` with zeros around."""
    return np.pad(x, padding)


def output_shape(x: np.ndarray, kernel: np.ndarray, stride: int, padding: int,
                 dilation: int) -> tuple[int, int]:
    """(H_out, W_out); ValueError naming the bad value when the setting is impossible."""
    if kernel.ndim != 2 or kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"the kernel must be square, got shape {kernel.shape}")
    layer = Layer("conv", kernel.shape[0], stride, padding, dilation)
    return output_size(layer, x.shape[0]), output_size(layer, x.shape[1])


def cell(x: np.ndarray, kernel: np.ndarray, step: int, stride: int = 1, padding: int = 0,
         dilation: int = 1, bias: float = 0.0) -> Cell:
    """The ``step``-th output cell in reading order (row by row) and its multiply-add."""
    rows, cols = output_shape(x, kernel, stride, padding, dilation)
    if not 0 <= step < rows * cols:
        raise ValueError(f"step {step} is outside the {rows}×{cols} = {rows * cols} outputs")
    r, c = divmod(step, cols)
    k = kernel.shape[0]
    positions = [(r * stride + dilation * u, c * stride + dilation * v)
                 for u in range(k) for v in range(k)]
    source = padded(x, padding)
    inputs = np.array([source[i, j] for i, j in positions], dtype=float).reshape(k, k)
    products = kernel * inputs
    return Cell(r, c, positions, inputs, products, float(products.sum() + bias))


def example_input(size: int = 7, seed: int = 0) -> np.ndarray:
    """A small integer image in 0..9, so every product can be read."""
    return np.random.default_rng(seed).integers(0, 10, size=(size, size)).astype(float)


def output_until(x: np.ndarray, kernel: np.ndarray, step: int, stride: int = 1,
                 padding: int = 0, dilation: int = 1) -> np.ndarray:
    """``[H_out, W_out]``: the cells 0..step (reading order) computed, NaN for the rest."""
    rows, cols = output_shape(x, kernel, stride, padding, dilation)
    out = np.full(rows * cols, np.nan)
    for i in range(step + 1):
        out[i] = cell(x, kernel, i, stride, padding, dilation).value
    return out.reshape(rows, cols)
