"""Dead ReLU units in a trained network (seed 001's "死区").

A unit is **dead** when its ReLU outputs 0 for every input: then ∂loss/∂(its weights) is 0
for every sample and no later update can revive it. Seed 001 names the cause: a learning rate
so large that one update pushes a unit's pre-activation below 0 for all the data. That is not
sparsity (稀疏性): a live ReLU unit outputs 0 for about half its inputs and still learns from
the rest.

    dead(unit)     = max over inputs x of ReLU(z_unit(x)) == 0
    sparsity(layer) = share of (input, unit) pairs with ReLU(z) == 0
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from explorer.errors import InputError, check_int, check_number, check_seed

EPOCHS = 5           # enough for digits to reach ~90 % at a sane rate, ~1 s on one CPU thread
WIDTH, DEPTH = 64, 2


@dataclass(frozen=True)
class LayerUnits:
    layer: int        # 1 = first hidden layer
    units: int
    dead: int         # units whose output is 0 for every input
    sparsity: float   # share of zero outputs over inputs × units


def count_dead(model: nn.Module, inputs: torch.Tensor) -> list[LayerUnits]:
    """Dead units and sparsity of each ``nn.ReLU`` in ``model.features`` (an nn.Sequential of
    flat layers, as explorer.models.MLP) over ``inputs`` Tensor[N, ...]."""
    features = getattr(model, "features", None)
    if not isinstance(features, nn.Sequential):
        raise InputError("other", "model must have an nn.Sequential `features` (an MLP of "
                         "explorer.models)", name="model")
    if not isinstance(inputs, torch.Tensor) or inputs.ndim < 2 or len(inputs) == 0:
        raise InputError("shape", "inputs must be a non-empty batch Tensor[N, ...]",
                         name="inputs", expected="[N, ...]",
                         got=getattr(inputs, "shape", None))
    counts, h = [], inputs
    with torch.no_grad():
        for module in features:
            h = module(h)
            if isinstance(module, nn.ReLU):
                fired = h > 0                                   # [N, units]
                counts.append(LayerUnits(len(counts) + 1, h.shape[1],
                                         int((~fired.any(0)).sum()),
                                         float((~fired).float().mean())))
    return counts


def train_and_count(lr: float, seed: int = 0) -> tuple[list[LayerUnits], float]:
    """Train a 64-64 ReLU MLP on digits with plain SGD at ``lr`` for EPOCHS epochs and count
    its dead units on the training inputs: (per-layer counts, test accuracy)."""
    from explorer.data import load_dataset
    from explorer.train import TrainConfig, fit, single_cpu_thread
    check_number("learning rate", lr, 0, 10, low_open=True)
    check_seed(check_int("seed", seed, 0))
    splits = load_dataset("digits", seed=seed)
    config = TrainConfig(model="mlp", model_options=dict(depth=DEPTH, width=WIDTH,
                                                         activation="relu"),
                         optimizer="sgd", lr=lr, epochs=EPOCHS, schedule="constant",
                         seed=seed, device="cpu")
    with single_cpu_thread():
        result = fit(config, splits=splits)
    return count_dead(result.model, splits.x_train), result.test_accuracy
