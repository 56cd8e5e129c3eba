"""Label smoothing, its optimal logits, and the focal / balanced cross-entropy (seed 001).

Label smoothing (Szegedy et al. 2016; torch's ``label_smoothing``): the one-hot target of
class y over N classes becomes

    q_i = 1 - eps + eps/N   if i = y,        q_i = eps/N   otherwise,       0 <= eps < 1

and the loss is CE(q, p) = -sum_i q_i log p_i with p = softmax(z). Its minimum over the
logits is reached when p = q, i.e. when every wrong logit is equal (to any alpha) and the
true one sits above them by the gap

    z_y - z_i = log(q_y / q_i) = log(1 + N (1 - eps) / eps).

The seed writes the gap as log((N - 1)(1 - eps) / eps): that is the same optimum for the
other convention, where eps is spread over the N - 1 wrong classes only (He et al. 2019,
"Bag of tricks"); ``seed_optimal_gap`` keeps it so the page can show both.

Focal loss (Lin et al. 2017) on a binary logit z with target t in {0, 1}, p = sigmoid(z):

    p_t = p if t = 1 else 1 - p,   alpha_t = alpha if t = 1 else 1 - alpha
    FL(p_t) = -alpha_t (1 - p_t)^gamma log(p_t)

gamma = 0 gives the alpha-balanced cross-entropy; alpha < 0 switches the weighting off
(torchvision's convention). Defaults gamma = 2, alpha = 0.25 as in the paper and the seed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

FOCAL_GAMMA, FOCAL_ALPHA = 2.0, 0.25


def check_smoothing(epsilon: float, num_classes: int) -> None:
    """Raise ValueError unless 0 <= epsilon < 1 and num_classes >= 2."""
    if not 0.0 <= epsilon < 1.0:
        raise ValueError(f"label smoothing ε = {epsilon:g} must lie in [0, 1): ε = 0 is the "
                         "one-hot target, ε = 1 would make every target uniform")
    if int(num_classes) != num_classes or num_classes < 2:
        raise ValueError(f"number of classes N = {num_classes} must be a whole number ≥ 2")


def smoothed_targets(labels: torch.Tensor, num_classes: int, epsilon: float,
                     dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """labels int64[B] -> q float[B, N] with q = (1 - eps) one_hot + eps / N."""
    check_smoothing(epsilon, num_classes)
    one_hot = F.one_hot(labels, num_classes).to(dtype)  # [B, N]
    return (1.0 - epsilon) * one_hot + epsilon / num_classes


def target_vector(num_classes: int, epsilon: float) -> np.ndarray:
    """q float64[N] for a sample of class 0."""
    label = torch.zeros(1, dtype=torch.long)
    return smoothed_targets(label, num_classes, epsilon, torch.float64)[0].numpy()


def smoothed_cross_entropy(logits: torch.Tensor, labels: torch.Tensor,
                           epsilon: float) -> torch.Tensor:
    """Mean over the batch of -sum_i q_i log softmax(z)_i; logits [B, N], labels int64[B].

    Written from the formula so the page can show it is the same number as
    ``torch.nn.CrossEntropyLoss(label_smoothing=eps)``.
    """
    q = smoothed_targets(labels, logits.shape[1], epsilon, logits.dtype)  # [B, N]
    return -(q * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def loss_vs_true_logit(true_logit: np.ndarray, num_classes: int,
                       epsilon: float) -> tuple[np.ndarray, np.ndarray]:
    """CE and smoothed CE when the true logit is z and the N - 1 others are 0.

    float[M] -> (ce float[M], smoothed float[M]), both from torch's F.cross_entropy.
    """
    check_smoothing(epsilon, num_classes)
    z = torch.as_tensor(true_logit, dtype=torch.float64)
    logits = torch.zeros(len(z), num_classes, dtype=torch.float64)  # [M, N]
    logits[:, 0] = z
    labels = torch.zeros(len(z), dtype=torch.long)
    ce = F.cross_entropy(logits, labels, reduction="none")
    smooth = F.cross_entropy(logits, labels, reduction="none", label_smoothing=epsilon)
    return ce.numpy(), smooth.numpy()


def optimal_gap(epsilon, num_classes: int):
    """z*_y - z*_i = log(1 + N (1 - eps) / eps) for torch's convention; +inf at eps = 0."""
    epsilon = np.asarray(epsilon, dtype=float)
    with np.errstate(divide="ignore"):
        return np.log1p(num_classes * (1.0 - epsilon) / epsilon)


def seed_optimal_gap(epsilon, num_classes: int):
    """The seed's log((N - 1)(1 - eps) / eps): the optimum when q_y = 1 - eps, q_i = eps/(N-1)."""
    epsilon = np.asarray(epsilon, dtype=float)
    with np.errstate(divide="ignore"):
        return np.log((num_classes - 1) * (1.0 - epsilon) / epsilon)


@dataclass(frozen=True)
class NumericOptimum:
    logits: np.ndarray     # float[N], the minimiser found, true class first
    gap: float             # z_0 - mean(z_1..z_{N-1})
    spread: float          # max - min of the wrong logits (0 at the optimum)
    loss: float            # smoothed CE there
    entropy_floor: float   # H(q), the lowest value the loss can take


def numeric_optimum(epsilon: float, num_classes: int, seed: int = 0) -> NumericOptimum:
    """Minimise torch's smoothed CE over all N logits (L-BFGS from a random start).

    Nothing about the answer's shape is assumed: that the wrong logits come out equal and
    the gap matches ``optimal_gap`` is what the page and the tests check.
    """
    check_smoothing(epsilon, num_classes)
    if epsilon == 0:
        raise ValueError("with ε = 0 the loss has no minimum: the true logit runs off to "
                         "+∞; pick ε > 0 for a numeric optimum")
    generator = torch.Generator().manual_seed(seed)
    z = torch.randn(1, num_classes, dtype=torch.float64, generator=generator).requires_grad_()
    label = torch.zeros(1, dtype=torch.long)
    optimizer = torch.optim.LBFGS([z], lr=1, max_iter=200, tolerance_grad=1e-12,
                                  tolerance_change=1e-14, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(z, label, label_smoothing=epsilon)
        loss.backward()
        return loss

    optimizer.step(closure)
    logits = z.detach()[0].numpy()
    q = target_vector(num_classes, epsilon)
    return NumericOptimum(
        logits=logits, gap=float(logits[0] - logits[1:].mean()),
        spread=float(np.ptp(logits[1:])),
        loss=float(F.cross_entropy(z.detach(), label, label_smoothing=epsilon)),
        entropy_floor=float(-(q * np.log(q)).sum()))


def focal_loss(logits: torch.Tensor, targets: torch.Tensor, alpha: float = FOCAL_ALPHA,
               gamma: float = FOCAL_GAMMA) -> torch.Tensor:
    """Elementwise -alpha_t (1 - p_t)^gamma log p_t; logits, targets (0/1 floats) of one shape.

    Written in the seed's p_t form; the tests check it equals
    ``torchvision.ops.sigmoid_focal_loss(..., reduction="none")``.
    """
    if gamma < 0:
        raise ValueError(f"focal γ = {gamma:g} must be ≥ 0 (γ = 0 is plain cross-entropy)")
    if alpha > 1:
        raise ValueError(f"α = {alpha:g} must be in [0, 1] (or negative to switch it off)")
    p = torch.sigmoid(logits)
    p_t = torch.where(targets == 1, p, 1 - p)
    log_p_t = -F.binary_cross_entropy_with_logits(logits, targets, reduction="none")  # stable
    loss = -((1 - p_t) ** gamma) * log_p_t
    if alpha >= 0:
        loss = torch.where(targets == 1, alpha, 1 - alpha) * loss
    return loss


def focal_curves(p_t: np.ndarray, gamma: float, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Loss and dLoss/dz of a positive example (t = 1) whose probability is p_t.

    float[M] in (0, 1) -> (loss float[M], gradient float[M]); z = logit(p_t) and the
    gradient comes from autograd through ``focal_loss``.
    """
    z = torch.logit(torch.as_tensor(p_t, dtype=torch.float64)).requires_grad_()
    loss = focal_loss(z, torch.ones_like(z), alpha=alpha, gamma=gamma)
    (gradient,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach().numpy(), gradient.numpy()


def check_against_torch(num_classes: int, epsilon: float, batch: int = 32,
                        seed: int = 0) -> tuple[float, float]:
    """(``smoothed_cross_entropy``, ``torch.nn.CrossEntropyLoss(label_smoothing=eps)``) on one
    random batch of logits ~ 3 N(0, 1) and uniform labels: the page shows both numbers."""
    check_smoothing(epsilon, num_classes)
    generator = torch.Generator().manual_seed(seed)
    logits = 3 * torch.randn(batch, num_classes, dtype=torch.float64, generator=generator)
    labels = torch.randint(0, num_classes, (batch,), generator=generator)
    reference = torch.nn.CrossEntropyLoss(label_smoothing=epsilon)(logits, labels)
    return float(smoothed_cross_entropy(logits, labels, epsilon)), float(reference)


def focal_against_torchvision(alpha: float, gamma: float, n: int = 256,
                              seed: int = 0) -> tuple[float, float]:
    """Mean ``focal_loss`` and mean ``torchvision.ops.sigmoid_focal_loss`` on one random batch
    of logits ~ 4 N(0, 1) with 30 % positives: the page shows both numbers."""
    from torchvision.ops import sigmoid_focal_loss

    generator = torch.Generator().manual_seed(seed)
    logits = 4 * torch.randn(n, dtype=torch.float64, generator=generator)
    targets = (torch.rand(n, generator=generator, dtype=torch.float64) < 0.3).double()
    ours = focal_loss(logits, targets, alpha=alpha, gamma=gamma).mean()
    return float(ours), float(sigmoid_focal_loss(logits, targets, alpha, gamma, "mean"))
