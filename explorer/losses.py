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

from explorer.budget import MAX_CLASSES, check_elements
from explorer.errors import InputError, check_array, check_int, check_number, check_seed

FOCAL_GAMMA, FOCAL_ALPHA = 2.0, 0.25
MAX_GAMMA = 100.0     # the paper uses γ ≤ 5; beyond 100 the gradient γ (1 − p_t)^(γ−1) overflows
# numeric_optimum: outside it the loss is too flat near its minimum for float64 L-BFGS to find it
NUMERIC_EPSILON = (1e-3, 0.999)
MAX_ABS_LOGIT = 1e6   # larger logits come from a diverged network (and overflow exp(z / T))


# refusals a page's settings reach (their Chinese: ui/strings/messages.py)
BAD_SMOOTHING = ("label smoothing ε = {epsilon:g} must lie in [0, 1): ε = 0 is the one-hot target, "
                 "ε = 1 would make every target uniform")
NO_NUMERIC_OPTIMUM = ("ε = {epsilon:g}: the numeric optimum is searched for ε in [{low:g}, "
                      "{high:g}]; beyond, the loss is too flat for float64 to locate its minimum "
                      "(the closed form still holds)")
BAD_ALPHA = "α = {alpha:g} must be in [0, 1] (or negative to switch it off)"
BAD_GAMMA = "focal γ = {gamma:g} must be ≥ 0 and ≤ {limit:g} (γ = 0 is plain cross-entropy)"


def check_smoothing(epsilon: float, num_classes: int) -> tuple[float, int]:
    """(epsilon, num_classes) when 0 <= epsilon < 1 and N is a whole number in
    [2, MAX_CLASSES]; InputError otherwise."""
    epsilon = check_number("epsilon", epsilon)
    if not 0.0 <= epsilon < 1.0:
        raise InputError("out_of_range", BAD_SMOOTHING.format(epsilon=epsilon),
                         name="epsilon", value=epsilon, low=0.0, high=1.0)
    try:
        num_classes = check_int("num_classes", num_classes, 2, MAX_CLASSES)
    except InputError as err:
        raise InputError(err.code, f"number of classes N = {num_classes!r} must be a whole "
                         f"number ≥ 2 and ≤ {MAX_CLASSES}", **err.params) from None
    return epsilon, num_classes


def as_logits(values, name: str = "logits", ndim: int | None = None) -> torch.Tensor:
    """A non-empty floating tensor (integers become float64) of finite values within
    ±MAX_ABS_LOGIT; autograd passes through. InputError naming ``name`` otherwise."""
    tensor = values if torch.is_tensor(values) else torch.as_tensor(check_array(name, values))
    if tensor.is_complex():
        raise InputError("other", f"{name} must be real numbers", name=name)
    if not tensor.is_floating_point():
        tensor = tensor.double()
    if ndim is not None and tensor.ndim != ndim:
        raise InputError("shape", f"{name} must have {ndim} dimension(s), got shape "
                         f"{tuple(tensor.shape)}", name=name, expected=ndim,
                         got=tuple(tensor.shape))
    if tensor.numel() == 0:
        raise InputError("empty", f"{name} is empty; give at least one value", name=name)
    if not torch.isfinite(tensor).all():
        raise InputError("not_finite", f"{name} holds NaN or inf values (did the training "
                         "diverge?)", name=name)
    largest = float(tensor.detach().abs().max())
    if largest > MAX_ABS_LOGIT:
        raise InputError("out_of_range", f"{name} reach {largest:.3g}, beyond "
                         f"±{MAX_ABS_LOGIT:g}", name=name, value=largest,
                         low=-MAX_ABS_LOGIT, high=MAX_ABS_LOGIT)
    return tensor


def _labels(labels, num_classes: int, size: int | None = None) -> torch.Tensor:
    """int64 Tensor[B] of class indices in 0..N-1 (B = ``size`` when given)."""
    array = check_array("labels", labels.detach().cpu().numpy() if torch.is_tensor(labels)
                        else labels, ndim=1, shape=None if size is None else (size,))
    wrong = ~np.isin(array, np.arange(num_classes))
    if wrong.any():
        raise InputError("out_of_range", f"labels must be class indices 0..{num_classes - 1}, "
                         f"got {array[wrong][0]}", name="labels", value=array[wrong][0].item(),
                         low=0, high=num_classes - 1)
    return torch.as_tensor(array.astype(np.int64))


def smoothed_targets(labels: torch.Tensor, num_classes: int, epsilon: float,
                     dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """labels int64[B] -> q float[B, N] with q = (1 - eps) one_hot + eps / N."""
    epsilon, num_classes = check_smoothing(epsilon, num_classes)
    if not dtype.is_floating_point:
        raise InputError("other", f"dtype must be a floating type, got {dtype}", name="dtype")
    labels = _labels(labels, num_classes)
    check_elements("smoothed targets", len(labels) * num_classes)
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
    logits = as_logits(logits, ndim=2)
    q = smoothed_targets(_labels(labels, logits.shape[1], len(logits)), logits.shape[1], epsilon,
                         logits.dtype)                                           # [B, N]
    return -(q * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def loss_vs_true_logit(true_logit: np.ndarray, num_classes: int,
                       epsilon: float) -> tuple[np.ndarray, np.ndarray]:
    """CE and smoothed CE when the true logit is z and the N - 1 others are 0.

    float[M] -> (ce float[M], smoothed float[M]), both from torch's F.cross_entropy.
    """
    epsilon, num_classes = check_smoothing(epsilon, num_classes)
    z = as_logits(true_logit, "true_logit", ndim=1).double()
    check_elements("logits", len(z) * num_classes, advice="use fewer points or classes")
    logits = torch.zeros(len(z), num_classes, dtype=torch.float64)  # [M, N]
    logits[:, 0] = z
    labels = torch.zeros(len(z), dtype=torch.long)
    ce = F.cross_entropy(logits, labels, reduction="none")
    smooth = F.cross_entropy(logits, labels, reduction="none", label_smoothing=epsilon)
    return ce.numpy(), smooth.numpy()


def _epsilons(epsilon, num_classes: int) -> tuple[np.ndarray, int]:
    """eps (a number or an array) in [0, 1] and N in [2, MAX_CLASSES]."""
    epsilon = check_array("epsilon", epsilon).astype(float)
    if epsilon.min() < 0 or epsilon.max() > 1:
        bad = epsilon[(epsilon < 0) | (epsilon > 1)][0]
        raise InputError("out_of_range", f"ε = {bad:g} must lie in [0, 1]", name="epsilon",
                         value=float(bad), low=0.0, high=1.0)
    return epsilon, check_smoothing(0.0, num_classes)[1]


def optimal_gap(epsilon, num_classes: int):
    """z*_y - z*_i = log(1 + N (1 - eps) / eps) for torch's convention, eps in [0, 1]:
    +inf at eps = 0 (no finite optimum), 0 at eps = 1 (uniform target)."""
    epsilon, num_classes = _epsilons(epsilon, num_classes)
    with np.errstate(divide="ignore"):   # as log(1 + (N-1)(1-eps)) - log(eps): eps = 5e-324
        return np.log1p((num_classes - 1) * (1.0 - epsilon)) - np.log(epsilon)   # stays finite


def seed_optimal_gap(epsilon, num_classes: int):
    """The seed's log((N - 1)(1 - eps) / eps): the optimum when q_y = 1 - eps, q_i = eps/(N-1);
    eps in [0, 1], +inf at eps = 0 and -inf at eps = 1."""
    epsilon, num_classes = _epsilons(epsilon, num_classes)
    with np.errstate(divide="ignore"):   # three logs: (1 - eps) / eps would overflow
        return np.log(num_classes - 1) + np.log1p(-epsilon) - np.log(epsilon)


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
    epsilon, num_classes = check_smoothing(epsilon, num_classes)
    if epsilon == 0:
        raise InputError("out_of_range", "with ε = 0 the loss has no minimum: the true logit "
                         "runs off to +∞; pick ε > 0 for a numeric optimum", name="epsilon",
                         value=0.0, low=0.0, high=1.0)
    low, high = NUMERIC_EPSILON
    if not low <= epsilon <= high:
        raise InputError("out_of_range", NO_NUMERIC_OPTIMUM.format(epsilon=epsilon, low=low,
                                                                   high=high), name="epsilon",
                         value=epsilon, low=low, high=high)
    generator = torch.Generator().manual_seed(check_seed(seed))
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


def check_focal(alpha, gamma) -> tuple[float, float]:
    """(alpha, gamma) when alpha <= 1 (negative: no weighting) and 0 <= gamma <= MAX_GAMMA."""
    alpha = check_number("alpha", alpha)
    if alpha > 1:
        raise InputError("out_of_range", BAD_ALPHA.format(alpha=alpha), name="alpha",
                         value=alpha, low=-np.inf, high=1.0)
    gamma = check_number("gamma", gamma)
    if not 0 <= gamma <= MAX_GAMMA:
        raise InputError("out_of_range", BAD_GAMMA.format(gamma=gamma, limit=MAX_GAMMA),
                         name="gamma", value=gamma, low=0.0,
                         high=MAX_GAMMA)
    return alpha, gamma


def focal_loss(logits: torch.Tensor, targets: torch.Tensor, alpha: float = FOCAL_ALPHA,
               gamma: float = FOCAL_GAMMA, *, validate: bool = True) -> torch.Tensor:
    """Elementwise -alpha_t (1 - p_t)^gamma log p_t; logits and targets (0/1) of one shape,
    in the logits' dtype (alpha_t too: float64 logits give float64 throughout).

    With t in {0, 1}, p_t = p t + (1 - p)(1 - t) and alpha_t = alpha t + (1 - alpha)(1 - t)
    are the seed's cases; -log p_t is the stable ``binary_cross_entropy_with_logits``. The tests
    check it equals ``torchvision.ops.sigmoid_focal_loss(..., reduction="none")``.
    ``validate=False`` skips the input checks: a training loop's hot path, where a non-finite
    loss is caught as a divergence.
    """
    if validate:
        alpha, gamma = check_focal(alpha, gamma)
        logits = as_logits(logits)
        targets = torch.as_tensor(targets).to(logits.dtype)
        if targets.shape != logits.shape:
            raise InputError("shape", f"targets {tuple(targets.shape)} must have the shape of "
                             f"the logits {tuple(logits.shape)}", name="targets",
                             expected=tuple(logits.shape), got=tuple(targets.shape))
        if not ((targets == 0) | (targets == 1)).all():
            raise InputError("choice", "targets must be 0 or 1", name="targets",
                             value=float(targets[(targets != 0) & (targets != 1)][0]),
                             options=(0, 1))
    p = torch.sigmoid(logits)
    p_t = p * targets + (1 - p) * (1 - targets)
    minus_log_p_t = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    loss = minus_log_p_t * (1 - p_t) ** gamma
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return loss


def focal_curves(p_t: np.ndarray, gamma: float, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Loss and dLoss/dz of a positive example (t = 1) whose probability is p_t.

    float[M] in (0, 1) -> (loss float[M], gradient float[M]); z = logit(p_t) and the
    gradient comes from autograd through ``focal_loss``.
    """
    p_t = check_array("p_t", p_t, ndim=1).astype(np.float64)
    if p_t.min() <= 0 or p_t.max() >= 1:
        bad = p_t[(p_t <= 0) | (p_t >= 1)][0]
        raise InputError("out_of_range", f"p_t = {bad:g} must lie in (0, 1)", name="p_t",
                         value=float(bad), low=0.0, high=1.0)
    z = torch.logit(torch.as_tensor(p_t)).requires_grad_()
    loss = focal_loss(z, torch.ones_like(z), alpha=alpha, gamma=gamma)
    (gradient,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach().numpy(), gradient.numpy()


def check_against_torch(num_classes: int, epsilon: float, batch: int = 32,
                        seed: int = 0) -> tuple[float, float]:
    """(``smoothed_cross_entropy``, ``torch.nn.CrossEntropyLoss(label_smoothing=eps)``) on one
    random batch of logits ~ 3 N(0, 1) and uniform labels: the page shows both numbers."""
    epsilon, num_classes = check_smoothing(epsilon, num_classes)
    batch = check_int("batch", batch, 1)
    check_elements("logits", batch * num_classes, advice="use a smaller batch")
    generator = torch.Generator().manual_seed(check_seed(seed))
    logits = 3 * torch.randn(batch, num_classes, dtype=torch.float64, generator=generator)
    labels = torch.randint(0, num_classes, (batch,), generator=generator)
    reference = torch.nn.CrossEntropyLoss(label_smoothing=epsilon)(logits, labels)
    return float(smoothed_cross_entropy(logits, labels, epsilon)), float(reference)


def focal_against_torchvision(alpha: float, gamma: float, n: int = 256,
                              seed: int = 0) -> tuple[float, float]:
    """Mean ``focal_loss`` and mean ``torchvision.ops.sigmoid_focal_loss`` on one random batch
    of logits ~ 4 N(0, 1) with 30 % positives: the page shows both numbers."""
    from torchvision.ops import sigmoid_focal_loss

    alpha, gamma = check_focal(alpha, gamma)
    n = check_elements("logits", check_int("n", n, 1), advice="use a smaller batch")
    generator = torch.Generator().manual_seed(check_seed(seed))
    logits = 4 * torch.randn(n, dtype=torch.float64, generator=generator)
    targets = (torch.rand(n, generator=generator, dtype=torch.float64) < 0.3).double()
    ours = focal_loss(logits, targets, alpha=alpha, gamma=gamma).mean()
    return float(ours), float(sigmoid_focal_loss(logits, targets, alpha, gamma, "mean"))
