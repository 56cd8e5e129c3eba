"""Activation functions, their derivatives, and what they do to a distribution of inputs.

Every function is torch's own (``torch.nn.functional``); derivatives come from autograd, so
the closed forms shown on the page (seed 001: sigma' = sigma(1 - sigma), tanh' = 1 - tanh^2,
...) are checked against it in the tests rather than trusted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

SATURATION_THRESHOLD = 0.05  # |f'(x)| below this counts as saturated


@dataclass(frozen=True)
class Activation:
    name: str
    fn: Callable[..., torch.Tensor]  # fn(x, **params) -> Tensor, elementwise
    formula: str                     # LaTeX of f(x)
    derivative: str                  # LaTeX of f'(x)
    params: dict[str, float] = field(default_factory=dict)  # name -> default value


def _prelu(x: torch.Tensor, slope: float) -> torch.Tensor:
    # PReLU's slope is a learned parameter; here it is shown at a chosen value.
    return F.prelu(x, torch.tensor([slope], dtype=x.dtype))


def _swish(x: torch.Tensor, beta: float) -> torch.Tensor:
    # F.silu is swish with beta = 1; swish_beta(x) = silu(beta x) / beta.
    return x * torch.sigmoid(beta * x)


ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (
    Activation("Sigmoid", lambda x: torch.sigmoid(x),
               r"\sigma(x) = \frac{1}{1 + e^{-x}}",
               r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x)) \le \tfrac14"),
    Activation("Tanh", lambda x: torch.tanh(x),
               r"\tanh(x) = 2\sigma(2x) - 1",
               r"\tanh'(x) = 1 - \tanh^2(x)"),
    Activation("ReLU", lambda x: F.relu(x),
               r"\mathrm{ReLU}(x) = \max(0, x)",
               r"\mathrm{ReLU}'(x) = \mathbb{1}[x > 0]"),
    Activation("Leaky ReLU", lambda x, slope: F.leaky_relu(x, slope),
               r"\mathrm{LeakyReLU}(x) = \max(0, x) + \gamma \min(0, x)",
               r"f'(x) = 1 \text{ if } x > 0 \text{ else } \gamma",
               {"slope": 0.01}),
    Activation("PReLU", _prelu,
               r"\mathrm{PReLU}(x) = \max(0, x) + \gamma_i \min(0, x),\ \gamma_i \text{ learned}",
               r"f'(x) = 1 \text{ if } x > 0 \text{ else } \gamma_i",
               {"slope": 0.25}),
    Activation("ELU", lambda x, alpha: F.elu(x, alpha),
               r"\mathrm{ELU}(x) = x \text{ if } x > 0 \text{ else } \alpha (e^{x} - 1)",
               r"f'(x) = 1 \text{ if } x > 0 \text{ else } \alpha e^{x}",
               {"alpha": 1.0}),
    Activation("SELU", lambda x: F.selu(x),
               r"\mathrm{SELU}(x) = \lambda \,(x \text{ if } x > 0 \text{ else } "
               r"\alpha (e^{x} - 1)),\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
               r"f'(x) = \lambda \text{ if } x > 0 \text{ else } \lambda \alpha e^{x}"),
    Activation("GELU", lambda x: F.gelu(x),
               r"\mathrm{GELU}(x) = x\,\Phi(x)",
               r"f'(x) = \Phi(x) + x\,\varphi(x)"),
    Activation("Swish / SiLU", _swish,
               r"\mathrm{swish}(x) = x\,\sigma(\beta x)",
               r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))",
               {"beta": 1.0}),
    Activation("Softplus", lambda x, beta: F.softplus(x, beta),
               r"\mathrm{softplus}(x) = \tfrac{1}{\beta} \ln(1 + e^{\beta x})",
               r"f'(x) = \sigma(\beta x)",
               {"beta": 1.0}),
    Activation("Mish", lambda x: F.mish(x),
               r"\mathrm{mish}(x) = x \tanh(\mathrm{softplus}(x))",
               r"f'(x) = \tanh(\mathrm{sp}(x)) + x\,\sigma(x)\,(1 - \tanh^2(\mathrm{sp}(x)))"),
    Activation("Hardswish", lambda x: F.hardswish(x),
               r"\mathrm{hardswish}(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
               r"f'(x) = 0,\ \tfrac{2x + 3}{6},\ 1 \text{ for } x \le -3,\ |x| < 3,\ x \ge 3"),
)}


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; expected one of "
                         f"{', '.join(ACTIVATIONS)}") from None


def _params(act: Activation, params: dict[str, float] | None) -> dict[str, float]:
    chosen = {**act.params, **{k: v for k, v in (params or {}).items() if k in act.params}}
    for key, value in chosen.items():
        if not np.isfinite(value):
            raise ValueError(f"{act.name}: parameter {key} must be a finite number, got {value}")
    return chosen


def relevant_params(names, params) -> tuple[tuple[str, float], ...]:
    """The (key, value) pairs of ``params`` that at least one of ``names`` takes, sorted."""
    used = {key for name in names for key in get(name).params}
    return tuple(sorted((k, v) for k, v in dict(params).items() if k in used))


def evaluate(name: str, x: np.ndarray, params: dict[str, float] | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) for an elementwise activation; f' by autograd.

    ``x``: array[N] -> (array[N], array[N]). Since f is elementwise, d(sum f)/dx_i = f'(x_i).
    """
    act = get(name)
    xt = torch.as_tensor(np.asarray(x, dtype=np.float64)).requires_grad_(True)
    y = act.fn(xt, **_params(act, params))
    (dy,) = torch.autograd.grad(y.sum(), xt)
    return y.detach().numpy(), dy.numpy()


def check_range(lo: float, hi: float) -> None:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError("the x range must be finite numbers")
    if lo >= hi:
        raise ValueError(f"the x range is empty: min ({lo}) must be smaller than max ({hi})")


def grid(lo: float, hi: float, n: int = 801) -> np.ndarray:
    """Evenly spaced inputs on [lo, hi] (validated)."""
    check_range(lo, hi)
    return np.linspace(lo, hi, n)


def saturation_intervals(x: np.ndarray, dy: np.ndarray,
                         threshold: float = SATURATION_THRESHOLD) -> list[tuple[float, float]]:
    """Maximal runs of the grid ``x`` where |f'(x)| < threshold, as (start, end) pairs."""
    saturated = np.abs(dy) < threshold
    edges = np.flatnonzero(np.diff(saturated.astype(np.int8)))  # last index before a change
    starts = [0] if saturated[0] else []
    starts += [i + 1 for i in edges if not saturated[i]]
    ends = [i for i in edges if saturated[i]]
    ends += [len(x) - 1] if saturated[-1] else []
    return [(float(x[s]), float(x[e])) for s, e in zip(starts, ends)]


@dataclass(frozen=True)
class DistributionStats:
    outputs: np.ndarray       # f(z) for the sampled pre-activations
    mean: float
    var: float
    dead_fraction: float      # f(z) == 0 and f'(z) == 0: the unit passes nothing back
    mean_abs_grad: float
    saturated_fraction: float  # |f'(z)| < SATURATION_THRESHOLD


def sample_preactivations(mu: float, sigma: float, n: int, seed: int) -> np.ndarray:
    """z ~ N(mu, sigma^2), n samples, reproducible by seed."""
    if not sigma > 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    if n < 1:
        raise ValueError(f"need at least one sample, got n={n}")
    return np.random.default_rng(seed).normal(mu, sigma, size=n)


def distribution_stats(name: str, mu: float, sigma: float, n: int = 20_000, seed: int = 0,
                       params: dict[str, float] | None = None) -> DistributionStats:
    """Push z ~ N(mu, sigma^2) through f: output moments, dead units, gradient size."""
    z = sample_preactivations(mu, sigma, n, seed)
    y, dy = evaluate(name, z, params)
    return DistributionStats(
        outputs=y, mean=float(y.mean()), var=float(y.var()),
        dead_fraction=float(np.mean((y == 0) & (dy == 0))),
        mean_abs_grad=float(np.abs(dy).mean()),
        saturated_fraction=float(np.mean(np.abs(dy) < SATURATION_THRESHOLD)))


def gradient_through_depth(name: str, depth: int, mu: float, sigma: float, n: int = 2_000,
                           seed: int = 0, params: dict[str, float] | None = None) -> np.ndarray:
    """Typical size of prod_{l<=L} f'(z_l) for L = 1..depth, z_l ~ N(mu, sigma^2) i.i.d.

    The chain rule multiplies one activation derivative per layer (weights aside), so a
    derivative bounded by 1/4 (sigmoid) shrinks the gradient at least like 4^-L.
    Returns array[depth]: the geometric mean over n paths (the mean of the log), which is
    what a log axis shows; exactly 0 where every path went through a zero derivative.
    """
    if not 1 <= depth <= 1000:
        raise ValueError(f"depth must be between 1 and 1000, got {depth}")
    z = sample_preactivations(mu, sigma, n * depth, seed)
    _, dy = evaluate(name, z, params)
    with np.errstate(divide="ignore"):
        log_factors = np.log(np.abs(dy)).reshape(depth, n)  # [L, n], -inf where f' = 0
    cumulative = np.cumsum(log_factors, axis=0)             # log |prod| after each layer
    return np.exp(cumulative.mean(axis=1))


def sigmoid_gradient_bound(depth: int) -> np.ndarray:
    """max sigma' = 1/4, so L sigmoid layers scale a gradient by at most 4^-L: array[depth]."""
    return 0.25 ** np.arange(1, depth + 1)


def parse_logits(values) -> np.ndarray:
    """Validate user-entered logits: a non-empty 1-D list of finite numbers."""
    try:
        z = np.asarray([float(v) for v in values], dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("every logit must be a number (check for text or empty cells)") from None
    if z.size == 0:
        raise ValueError("enter at least one logit")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite numbers (no NaN or infinity)")
    return z


def _check_temperature(temperature: float) -> None:
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")


def softmax_naive(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """exp(z_i / T) / sum_j exp(z_j / T), computed literally: overflows for large logits."""
    _check_temperature(temperature)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(z, dtype=np.float64) / temperature)
        return e / e.sum()


def softmax_stable(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Same value with max(z) subtracted first (seed 001): exp never sees a positive number."""
    _check_temperature(temperature)
    scaled = np.asarray(z, dtype=np.float64) / temperature
    e = np.exp(scaled - scaled.max())
    return e / e.sum()


def max_abs_difference(a: np.ndarray, b: np.ndarray) -> float | None:
    """max |a - b|, or None when either has a NaN/inf (the naive softmax overflowed)."""
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return None
    return float(np.abs(a - b).max())
