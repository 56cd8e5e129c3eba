"""A toy imbalanced problem where CE, balanced CE and focal loss draw different boundaries.

Two Gaussian blobs in 2-D: many negatives around (0, 0), few positives around (2, 2), both
with unit variance. A logistic regression p = sigmoid(w . x + b) is fitted to each loss with
full-batch L-BFGS (deterministic, converges in milliseconds); the losses are
``explorer.losses.focal_loss`` with gamma = 0 (CE, balanced CE) or gamma > 0 (focal).
The seed's balanced alpha satisfies alpha / (1 - alpha) = n_neg / n_pos.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.metrics import average_precision_score, precision_score, recall_score

from explorer.losses import focal_loss


@dataclass(frozen=True)
class ToyData:
    x: np.ndarray   # float[n, 2]
    y: np.ndarray   # int[n], 1 = the rare positive class


@dataclass(frozen=True)
class ToyFit:
    name: str
    weights: np.ndarray  # float[2], the boundary is w . x + b = 0
    bias: float
    recall: float        # of the positives, at p > 0.5
    precision: float
    average_precision: float


def toy_data(n_negative: int = 2000, ratio: int = 50, seed: int = 0) -> ToyData:
    """n_negative points ~ N((0,0), I) and n_negative // ratio positives ~ N((2,2), I)."""
    if ratio < 1 or n_negative // ratio < 2:
        raise ValueError(f"imbalance {ratio}:1 leaves {n_negative // max(ratio, 1)} positives "
                         f"out of {n_negative} negatives; use a ratio between 1 and "
                         f"{n_negative // 2}")
    rng = np.random.default_rng(seed)
    n_positive = n_negative // ratio
    x = np.concatenate([rng.normal(0.0, 1.0, (n_negative, 2)),
                        rng.normal(2.0, 1.0, (n_positive, 2))])
    y = np.concatenate([np.zeros(n_negative, int), np.ones(n_positive, int)])
    return ToyData(x, y)


def balanced_alpha(y: np.ndarray) -> float:
    """alpha with alpha / (1 - alpha) = n_neg / n_pos, i.e. alpha = n_neg / n."""
    return float((y == 0).mean())


def fit_logistic(data: ToyData, name: str, alpha: float, gamma: float) -> ToyFit:
    """Logistic regression trained on the mean focal loss (gamma = 0: (balanced) CE)."""
    x = torch.as_tensor(data.x, dtype=torch.float64)
    t = torch.as_tensor(data.y, dtype=torch.float64)
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([w, b], max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = focal_loss(x @ w + b, t, alpha=alpha, gamma=gamma).mean()
        loss.backward()
        return loss

    optimizer.step(closure)
    with torch.no_grad():
        score = torch.sigmoid(x @ w + b).numpy()
    predicted = (score > 0.5).astype(int)
    return ToyFit(name, w.detach().numpy(), float(b.detach()), recall_score(data.y, predicted),
                  precision_score(data.y, predicted, zero_division=0),
                  average_precision_score(data.y, score))


def compare_losses(data: ToyData, gamma: float, alpha: float) -> list[ToyFit]:
    """CE, the seed's balanced CE, and focal loss (gamma, alpha) on the same data."""
    return [fit_logistic(data, "cross-entropy", alpha=-1, gamma=0),
            fit_logistic(data, f"balanced CE (α = {balanced_alpha(data.y):.3f})",
                         alpha=balanced_alpha(data.y), gamma=0),
            fit_logistic(data, f"focal (γ = {gamma:g}, α = {alpha:g})", alpha=alpha,
                         gamma=gamma)]
