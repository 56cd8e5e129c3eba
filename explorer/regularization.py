"""L1 vs L2 weight penalties, and early stopping on a tiny training subset (digits, MLP).

L2 adds λ Σ w² to the loss: its gradient 2λw shrinks every weight in proportion, so weights
stay small but rarely exactly 0. L1 adds λ Σ |w|: its (sub)gradient λ·sign(w) pushes every
weight towards 0 by the same amount, so many end at (nearly) 0: a sparse network.
Early stopping (patience P): stop after P epochs without a new best validation loss and keep
the best epoch's weights, as ``explorer.train.fit`` does with ``TrainConfig.patience``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F

from explorer.budget import check_steps
from explorer.data import Splits, load_dataset
from explorer.errors import InputError, check_array, check_choice, check_int, check_number, \
    check_seed
from explorer.models import build_model
from explorer.train import TrainConfig, evaluate, fit, setup_seed, single_cpu_thread

PENALTIES = ("none", "L1", "L2")
NEAR_ZERO = 1e-3
MAX_STRENGTH = 1e3      # λ beyond this only repeats "every weight 0"; the loss stays finite
BATCH = 16              # overfit_run's batch size


def penalty(model: torch.nn.Module, kind: str) -> torch.Tensor:
    """Σ|w| (L1) or Σw² (L2) over the weight matrices (biases and norms excluded); 0 for
    "none" or a model without weight matrices."""
    check_choice("penalty", kind, PENALTIES)
    if not isinstance(model, torch.nn.Module):
        raise InputError("other", f"model must be a torch.nn.Module, got {type(model).__name__}",
                         name="model")
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")
               and p.dim() > 1]
    if not all(torch.isfinite(w).all() for w in weights):
        raise InputError("not_finite", "the model holds NaN or inf weights; its penalty is "
                         "undefined: retrain or reload it", name="model")
    total = torch.zeros(())
    if kind == "none":
        return total
    return sum((w.abs().sum() if kind == "L1" else w.pow(2).sum() for w in weights), total)


@dataclass
class PenalisedRun:
    kind: str
    strength: float
    weights: np.ndarray          # float32[P]: every weight-matrix entry after training
    near_zero: float             # fraction with |w| < NEAR_ZERO
    train_accuracy: float
    val_accuracy: float
    losses: np.ndarray           # float64[steps]: data loss (without the penalty) per step

    @property
    def mean_abs(self) -> float:
        return float(np.abs(self.weights).mean())


def train_penalised(kind: str, strength: float, steps: int = 300, seed: int = 0,
                    splits: Splits | None = None) -> PenalisedRun:
    """Full-batch Adam (lr 1e-2) on CE + strength · penalty for an MLP (2 × 64) on digits."""
    check_choice("penalty", kind, PENALTIES)
    strength = check_number("penalty strength λ", strength, 0.0, MAX_STRENGTH)
    check_steps("penalised training", check_int("steps", steps, 1), "lower the steps")
    check_seed(seed)
    splits = splits or load_dataset("digits", seed=0)
    setup_seed(seed)
    model = build_model("mlp", splits.input_shape, splits.num_classes, depth=2, width=64)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = np.empty(steps)
    model.train()
    with single_cpu_thread():
        for step in range(steps):
            data_loss = F.cross_entropy(model(splits.x_train), splits.y_train)
            optimizer.zero_grad()
            (data_loss + strength * penalty(model, kind)).backward()
            optimizer.step()
            losses[step] = data_loss.item()
    weights = torch.cat([p.detach().flatten() for name, p in model.named_parameters()
                         if name.endswith("weight") and p.dim() > 1]).numpy()
    return PenalisedRun(kind, strength, weights, float(np.mean(np.abs(weights) < NEAR_ZERO)),
                        evaluate(model, splits.x_train, splits.y_train)[1],
                        evaluate(model, splits.x_val, splits.y_val)[1], losses)


def early_stopping_epoch(val_losses, patience: int) -> tuple[int, int | None]:
    """(best epoch, epoch where training stops), epochs counted from 1.

    Stops after ``patience`` epochs in a row without a new minimum; if that never happens,
    the stop epoch is None (training ran every epoch and the best epoch is still kept).
    """
    val_losses = check_array("validation losses", val_losses, ndim=1)
    patience = check_int("patience", patience, 1)
    best, best_epoch = float("inf"), 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, None


def tiny_subset(splits: Splits, n_train: int, seed: int = 0) -> Splits:
    """The same splits with only ``n_train`` random training samples (val/test untouched)."""
    n_train = check_int("training subset size", n_train, 1, len(splits.x_train))
    keep = torch.randperm(len(splits.x_train),
                          generator=torch.Generator().manual_seed(check_seed(seed)))[:n_train]
    return replace(splits, x_train=splits.x_train[keep], y_train=splits.y_train[keep])


def overfit_run(n_train: int = 50, epochs: int = 60, seed: int = 0, patience: int = 0,
                splits: Splits | None = None) -> list[dict]:
    """explorer.train.fit on ``n_train`` digits (MLP 2 × 128, Adam 1e-2, batch 16, constant
    lr): the per-epoch records (train_loss, val_loss, train_acc, val_acc, …). ``patience`` 0
    trains every epoch."""
    n_train, epochs = check_int("training subset size", n_train, 1), check_int("epochs", epochs, 1)
    check_steps("overfitting run", epochs * -(-n_train // BATCH),
                "lower the epochs or the training images")
    patience = check_int("patience", patience, 0)
    splits = tiny_subset(splits or load_dataset("digits", seed=0), n_train, seed)
    config = TrainConfig(dataset="digits", model="mlp", optimizer="adam", lr=1e-2,
                         batch_size=BATCH, epochs=epochs, schedule="constant", seed=seed,
                         patience=patience)
    with single_cpu_thread():
        return fit(config, splits=splits).epochs
