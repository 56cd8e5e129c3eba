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

from explorer.budget import check_elements
from explorer.errors import InputError, check_array, check_int, check_seed
from explorer.losses import check_focal, focal_loss


@dataclass(frozen=True)
class ToyData:
    """x float[n, 2] finite, y int[n] in {0, 1} with both classes (checked when built)."""
    x: np.ndarray   # float[n, 2]
    y: np.ndarray   # int[n], 1 = the rare positive class

    def __post_init__(self):
        x = check_array("x", self.x, ndim=2).astype(np.float64)
        if x.shape[1] != 2:
            raise InputError("shape", f"x must be [n, 2] points, got {x.shape}", name="x",
                             expected="[n, 2]", got=x.shape)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", _binary_labels(self.y, len(x)))


@dataclass(frozen=True)
class ToyFit:
    name: str
    weights: np.ndarray  # float[2], the boundary is w . x + b = 0
    bias: float
    recall: float        # of the positives, at p > 0.5
    precision: float
    average_precision: float


FIT_DIVERGED = ("the {name} fit diverged (γ = {gamma:g}, α = {alpha:g}); try γ ≥ 1 or another "
                "α")   # a template: ui.i18n.message translates it


# a refusal the page's settings reach (its Chinese: ui/strings/messages.py)
TOO_IMBALANCED = ("imbalance {ratio}:1 leaves {positives} positives out of {negatives} negatives; "
                  "use a ratio between 1 and {highest}")


def toy_data(n_negative: int = 2000, ratio: int = 50, seed: int = 0) -> ToyData:
    """n_negative points ~ N((0,0), I) and n_negative // ratio positives ~ N((2,2), I)."""
    n_negative = check_int("n_negative", n_negative, 2)
    check_elements("points", 4 * n_negative, advice="use fewer negatives")
    ratio = check_int("ratio", ratio, 1)
    if n_negative // ratio < 2:
        raise InputError("out_of_range", TOO_IMBALANCED.format(
            ratio=ratio, positives=n_negative // ratio, negatives=n_negative,
            highest=n_negative // 2), name="ratio", value=ratio, low=1,
                         high=n_negative // 2)
    rng = np.random.default_rng(check_seed(seed))
    n_positive = n_negative // ratio
    x = np.concatenate([rng.normal(0.0, 1.0, (n_negative, 2)),
                        rng.normal(2.0, 1.0, (n_positive, 2))])
    y = np.concatenate([np.zeros(n_negative, int), np.ones(n_positive, int)])
    return ToyData(x, y)


def _binary_labels(y, n: int | None = None) -> np.ndarray:
    """int64[n] of 0/1 holding both classes."""
    y = check_array("y", y, ndim=1, shape=None if n is None else (n,))
    if not np.isin(y, (0, 1)).all():
        raise InputError("choice", "y must hold only 0 and 1", name="y",
                         value=y[~np.isin(y, (0, 1))][0].item(), options=(0, 1))
    if np.unique(y).size < 2:
        raise InputError("single_class", f"y holds only the class {int(y[0])}; the toy needs "
                         "both", name="y", value=int(y[0]))
    return y.astype(np.int64)


def balanced_alpha(y: np.ndarray) -> float:
    """alpha with alpha / (1 - alpha) = n_neg / n_pos, i.e. alpha = n_neg / n; y in {0, 1}
    with both classes."""
    return float((_binary_labels(y) == 0).mean())


def fit_logistic(data: ToyData, name: str, alpha: float, gamma: float) -> ToyFit:
    """Logistic regression trained on the mean focal loss (gamma = 0: (balanced) CE).
    InputError when the fit ends on non-finite weights (focal γ < 1 has an infinite gradient at
    p_t = 1 exactly)."""
    alpha, gamma = check_focal(alpha, gamma)
    x = torch.as_tensor(data.x, dtype=torch.float64)
    t = torch.as_tensor(data.y, dtype=torch.float64)
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([w, b], max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = focal_loss(x @ w + b, t, alpha=alpha, gamma=gamma, validate=False).mean()
        loss.backward()
        return loss

    optimizer.step(closure)
    if not (torch.isfinite(w).all() and torch.isfinite(b).all()):
        raise InputError("other", FIT_DIVERGED.format(name=name, gamma=gamma, alpha=alpha),
                         name="fit")
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
