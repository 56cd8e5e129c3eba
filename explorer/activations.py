"""Activation functions, their derivatives, and what they do to a distribution of inputs.

``REGISTRY`` is the one list of activations of the explorer, keyed by a short id
("relu", "leaky_relu", ...): the Activations page shows its functions (``ACTIVATIONS``, by
readable name), ``explorer.models`` builds its torch module (``Activation.layer``) and
``explorer.weight_init`` takes its function and ``calculate_gain`` name.

Every function is torch's own (``torch.nn.functional``); derivatives come from autograd, so
the closed forms shown on the page (seed 001: sigma' = sigma(1 - sigma), tanh' = 1 - tanh^2,
...) are checked against it in the tests rather than trusted.

Every input is bounded so that every output is finite: |x| <= MAX_ABS_INPUT, the parameters
inside PARAM_RANGES, at most MAX_DEPTH layers (f' <= 10 for ELU with alpha = 10, so the
gradient factor stays below 10^300).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer.budget import check_elements
from explorer.errors import InputError, check_array, check_choice, check_int, check_number, \
    check_seed

SATURATION_THRESHOLD = 0.05  # |f'(x)| below this counts as saturated
MAX_ABS_INPUT = 1e6          # |x| and |z| beyond this are refused (beta·x stays far from overflow)
MAX_ABS_MEAN = MAX_STD = 1e4  # N(mu, sigma²) samples then stay within MAX_ABS_INPUT
MAX_DEPTH = 300
PARAM_RANGES = {"slope": (0.0, 1.0), "alpha": (0.01, 10.0), "beta": (0.01, 10.0)}


class Swish(nn.SiLU):
    """swish(x) = x·σ(βx) as a layer; β = 1 is torch's SiLU."""

    def __init__(self, beta: float = 1.0):
        super().__init__()
        self.beta = beta

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.silu(x) if self.beta == 1 else _swish(x, self.beta)


@dataclass(frozen=True)
class Activation:
    key: str                         # short id: models, weight_init, URLs ("leaky_relu")
    name: str                        # readable name ("Leaky ReLU")
    fn: Callable[..., torch.Tensor]  # fn(x, **params) -> Tensor, elementwise
    formula: str                     # LaTeX of f(x)
    derivative: str                  # LaTeX of f'(x)
    module: Callable[..., nn.Module]  # module(**params): torch's layer for f
    gain: str                        # torch.nn.init.calculate_gain's name for f (a stand-in
    #                                  where torch has none: ReLU's √2 for its smooth cousins)
    params: dict[str, float] = field(default_factory=dict)  # name -> default value

    def layer(self, **params) -> nn.Module:
        """torch's module for f with ``params`` (validated; defaults for the others)."""
        return self.module(**_params(self, params))

    def function(self, **params) -> Callable[[torch.Tensor], torch.Tensor]:
        """x -> f(x) with ``params`` (validated; defaults for the others)."""
        chosen = _params(self, params)
        return lambda x: self.fn(x, **chosen)


def _prelu(x: torch.Tensor, slope: float) -> torch.Tensor:
    # PReLU's slope is a learned parameter; here it is shown at a chosen value.
    return F.prelu(x, torch.tensor([slope], dtype=x.dtype))


def _swish(x: torch.Tensor, beta: float) -> torch.Tensor:
    # F.silu is swish with beta = 1; swish_beta(x) = silu(beta x) / beta.
    return x * torch.sigmoid(beta * x)


REGISTRY: dict[str, Activation] = {a.key: a for a in (
    Activation("linear", "Linear", lambda x: x, r"f(x) = x", r"f'(x) = 1", nn.Identity,
               "linear"),
    Activation("sigmoid", "Sigmoid", lambda x: torch.sigmoid(x),
               r"\sigma(x) = \frac{1}{1 + e^{-x}}",
               r"\sigma'(x) = \sigma(x)\,(1 - \sigma(x)) \le \tfrac14", nn.Sigmoid, "sigmoid"),
    Activation("tanh", "Tanh", lambda x: torch.tanh(x),
               r"\tanh(x) = 2\sigma(2x) - 1",
               r"\tanh'(x) = 1 - \tanh^2(x)", nn.Tanh, "tanh"),
    Activation("relu", "ReLU", lambda x: F.relu(x),
               r"\mathrm{ReLU}(x) = \max(0, x)",
               r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
               nn.ReLU, "relu"),
    Activation("leaky_relu", "Leaky ReLU", lambda x, slope: F.leaky_relu(x, slope),
               r"\mathrm{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ \gamma x & x \le 0 \end{cases}",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ \gamma & x < 0 \end{cases}",
               lambda slope: nn.LeakyReLU(slope), "leaky_relu", {"slope": 0.01}),
    Activation("prelu", "PReLU", _prelu,
               r"\mathrm{PReLU}(x) = \begin{cases} x & x > 0 \\ \gamma_i x & x \le 0 \end{cases}",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ \gamma_i \text{ (learned)} & x < 0 "
               r"\end{cases}",
               lambda slope: nn.PReLU(init=slope), "leaky_relu", {"slope": 0.25}),
    Activation("elu", "ELU", lambda x, alpha: F.elu(x, alpha),
               r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 "
               r"\end{cases}",
               r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
               lambda alpha: nn.ELU(alpha), "relu", {"alpha": 1.0}),
    Activation("selu", "SELU", lambda x: F.selu(x),
               r"\mathrm{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) "
               r"& x \le 0 \end{cases}",
               r"f'(x) = \begin{cases} \lambda & x > 0 \\ \lambda \alpha e^{x} & x \le 0 "
               r"\end{cases},\ \begin{matrix} \lambda \approx 1.0507 \\ \alpha \approx 1.6733 "
               r"\end{matrix}", nn.SELU, "selu"),
    Activation("gelu", "GELU", lambda x: F.gelu(x),
               r"\mathrm{GELU}(x) = x\,\Phi(x)",
               r"f'(x) = \Phi(x) + x\,\varphi(x)", nn.GELU, "relu"),
    Activation("silu", "Swish / SiLU", _swish,
               r"\mathrm{swish}(x) = x\,\sigma(\beta x)",
               r"f'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)(1 - \sigma(\beta x))",
               Swish, "relu", {"beta": 1.0}),
    Activation("softplus", "Softplus", lambda x, beta: F.softplus(x, beta),
               r"\mathrm{softplus}(x) = \tfrac{1}{\beta} \ln(1 + e^{\beta x})",
               r"f'(x) = \sigma(\beta x)",
               lambda beta: nn.Softplus(beta), "relu", {"beta": 1.0}),
    Activation("mish", "Mish", lambda x: F.mish(x),
               r"\mathrm{mish}(x) = x \tanh s,\ s = \mathrm{softplus}(x)",
               r"f'(x) = \tanh s + x\,\sigma(x)\,\mathrm{sech}^2 s", nn.Mish, "relu"),
    Activation("hardswish", "Hardswish", lambda x: F.hardswish(x),
               r"\mathrm{hardswish}(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
               r"f'(x) = \begin{cases} 0 & x < -3 \\ \tfrac{2x + 3}{6} & |x| \le 3 \\ 1 & x > 3 "
               r"\end{cases}", nn.Hardswish, "relu"),
)}
KEYS = tuple(REGISTRY)
# The Activations page's functions, by readable name (the identity is no nonlinearity to show).
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in REGISTRY.values() if a.key != "linear"}


def by_key(key: str) -> Activation:
    """The registry's activation of id ``key`` ("relu", "leaky_relu", ...)."""
    return REGISTRY[check_choice("activation", key, KEYS)]


def get(name: str) -> Activation:
    return ACTIVATIONS[check_choice("activation", name, tuple(ACTIVATIONS))]


def _as_dict(params) -> dict:
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        try:
            params = dict(params)
        except (TypeError, ValueError):
            raise InputError("other", "params must be a mapping of parameter name to value",
                             name="params") from None
    return dict(params)


def _params(act: Activation, params) -> dict[str, float]:
    """The activation's defaults updated by ``params``; InputError for a name it does not
    take (a misspelt ``alpha`` for Leaky ReLU's ``slope``) or a value outside PARAM_RANGES."""
    chosen = dict(act.params)
    for key, value in _as_dict(params).items():
        if key not in act.params:
            takes = ", ".join(act.params) or "none"
            raise InputError("unknown_key", f"{act.name} has no parameter {key!r}; its "
                             f"parameters: {takes}", name=key, options=tuple(act.params))
        low, high = PARAM_RANGES[key]
        chosen[key] = check_number(f"{act.name} {key}", value, low, high)
    return chosen


def relevant_params(names, params) -> tuple[tuple[str, float], ...]:
    """The (key, value) pairs of ``params`` that at least one of ``names`` takes, sorted;
    InputError for a key that no activation takes."""
    used = {key for name in names for key in get(name).params}
    params = _as_dict(params)
    for key in params:
        if key not in PARAM_RANGES:
            raise InputError("unknown_key", f"no activation has a parameter {key!r}; the "
                             f"parameters are {', '.join(PARAM_RANGES)}", name=key,
                             options=tuple(PARAM_RANGES))
    return tuple(sorted((k, v) for k, v in params.items() if k in used))


# refusals of the page's inputs (their Chinese: ui/strings/messages.py)
TOO_LARGE = "{name} holds {biggest:g}: keep |{name}| <= {limit:g}"
EMPTY_RANGE = "the x range is empty: min ({lo}) must be smaller than max ({hi})"


def _inputs(name: str, values) -> np.ndarray:
    """A non-empty 1-D float64 array of real numbers with |value| <= MAX_ABS_INPUT."""
    array = check_array(name, values, ndim=1)
    if array.dtype.kind not in "biuf":
        raise InputError("other", f"{name} must hold real numbers, got {array.dtype}",
                         name=name)
    array = np.asarray(array, dtype=np.float64)
    biggest = float(np.abs(array).max())
    if biggest > MAX_ABS_INPUT:
        raise InputError("out_of_range", TOO_LARGE.format(name=name, biggest=biggest,
                                                          limit=MAX_ABS_INPUT),
                         name=name, value=biggest, low=-MAX_ABS_INPUT,
                         high=MAX_ABS_INPUT)
    return array


def evaluate(name: str, x: np.ndarray, params: dict[str, float] | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) for an elementwise activation; f' by autograd.

    ``x``: array[N] -> (array[N], array[N]). Since f is elementwise, d(sum f)/dx_i = f'(x_i).
    ``params`` holds only parameters this activation takes (see ``relevant_params``).
    """
    act = get(name)
    chosen = _params(act, params)
    xt = torch.as_tensor(_inputs("x", x)).requires_grad_(True)
    y = act.fn(xt, **chosen)
    (dy,) = torch.autograd.grad(y.sum(), xt)
    return y.detach().numpy(), dy.numpy()


def check_range(lo: float, hi: float) -> None:
    """lo < hi, both finite and within ±MAX_ABS_INPUT."""
    check_number("x min", lo, -MAX_ABS_INPUT, MAX_ABS_INPUT)
    check_number("x max", hi, -MAX_ABS_INPUT, MAX_ABS_INPUT)
    if lo >= hi:
        raise InputError("out_of_range", EMPTY_RANGE.format(lo=lo, hi=hi), name="x min",
                         value=lo, low=-MAX_ABS_INPUT,
                         high=hi)


def grid(lo: float, hi: float, n: int = 801) -> np.ndarray:
    """``n`` evenly spaced inputs on [lo, hi] (validated)."""
    check_range(lo, hi)
    n = check_elements("the grid", check_int("n", n, 2), advice="use fewer points")
    return np.linspace(lo, hi, n)


def saturation_intervals(x: np.ndarray, dy: np.ndarray,
                         threshold: float = SATURATION_THRESHOLD) -> list[tuple[float, float]]:
    """Maximal runs of the grid ``x`` (increasing) where |f'(x)| < threshold, as (start, end)
    pairs."""
    x = check_array("x", x, ndim=1)
    dy = check_array("dy", dy, shape=x.shape)
    check_number("threshold", threshold, 0, low_open=True)
    if np.any(np.diff(x) < 0):
        raise InputError("not_sorted", "x must be in increasing order (a grid)", name="x")
    saturated = np.abs(dy) < threshold
    edges = np.flatnonzero(np.diff(saturated.astype(np.int8)))  # last index before a change
    starts = [0] if saturated[0] else []
    starts += [i + 1 for i in edges if not saturated[i]]
    ends = [i for i in edges if saturated[i]]
    ends += [len(x) - 1] if saturated[-1] else []
    return [(float(x[s]), float(x[e])) for s, e in zip(starts, ends)]


# f(z) = 0 and f'(z) = 0 for every z below these by the formula (seed 001: ReLU's 单侧抑制).
_ZERO_BELOW = {"ReLU": 0.0, "Hardswish": -3.0}


def zero_below(name: str, params: dict[str, float] | None = None) -> float | None:
    """t such that f(z) = 0 and f'(z) = 0 exactly for every z < t by the formula (ReLU 0,
    Hardswish −3, Leaky ReLU / PReLU with slope γ = 0 at 0); None when f has no such region.

    A float64 underflow is not such a zero: GELU(z) = z·Φ(z) prints 0 below z ≈ −38, where
    the formula is a tiny negative number and a unit still passes a gradient back."""
    act = get(name)
    if act.params.get("slope") is not None and _params(act, params)["slope"] == 0:
        return 0.0
    return _ZERO_BELOW.get(act.name)


@dataclass(frozen=True)
class DistributionStats:
    outputs: np.ndarray       # f(z) for the sampled pre-activations
    mean: float
    var: float
    zero_fraction: float      # z < zero_below: output exactly 0 (sparsity, seed 001's 稀疏性)
    mean_abs_grad: float
    saturated_fraction: float  # |f'(z)| < SATURATION_THRESHOLD


def sample_preactivations(mu: float, sigma: float, n: int, seed: int) -> np.ndarray:
    """z ~ N(mu, sigma^2), n samples, reproducible by seed."""
    check_number("mu", mu, -MAX_ABS_MEAN, MAX_ABS_MEAN)
    check_number("sigma", sigma, 0, MAX_STD, low_open=True)
    check_int("n", n, 1)
    check_elements("the samples", n, advice="use fewer samples or layers")
    return np.random.default_rng(check_seed(seed)).normal(mu, sigma, size=n)


def distribution_stats(name: str, mu: float, sigma: float, n: int = 20_000, seed: int = 0,
                       params: dict[str, float] | None = None) -> DistributionStats:
    """Push z ~ N(mu, sigma^2) through f: output moments, sparsity (the share of exact zeros
    by the formula, z < ``zero_below``), gradient size.

    Sparsity is a property of samples; a *dead* unit (seed 001's 死区) is one whose output is
    0 for every input, which only a trained network shows: see ``explorer.dead_units``."""
    z = sample_preactivations(mu, sigma, n, seed)
    y, dy = evaluate(name, z, params)
    threshold = zero_below(name, params)
    return DistributionStats(
        outputs=y, mean=float(y.mean()), var=float(y.var()),
        zero_fraction=0.0 if threshold is None else float(np.mean(z < threshold)),
        mean_abs_grad=float(np.abs(dy).mean()),
        saturated_fraction=float(np.mean(np.abs(dy) < SATURATION_THRESHOLD)))


@dataclass(frozen=True)
class DepthGradient:
    typical: np.ndarray   # [depth] geometric mean of |prod f'| over the paths still alive; nan if none
    dead: np.ndarray      # [depth] share of paths that met a zero derivative (z < zero_below)


def gradient_through_depth(name: str, depth: int, mu: float, sigma: float, n: int = 2_000,
                           seed: int = 0, params: dict[str, float] | None = None
                           ) -> DepthGradient:
    """What prod_{l<=L} f'(z_l) does to a gradient for L = 1..depth, z_l ~ N(mu, sigma^2) i.i.d.,
    over ``n`` sampled paths.

    The chain rule multiplies one activation derivative per layer (weights aside), so a
    derivative bounded by 1/4 (sigmoid) shrinks the gradient at least like 4^-L. Two numbers
    per depth, kept apart because one zero makes a product 0 whatever the rest:
    ``dead[L]`` = share of paths with some z_l < zero_below (ReLU: 1 − Φ(μ/σ)^L), and
    ``typical[L]`` = exp(mean log|prod f'|) over the other paths (ReLU: 1).
    """
    get(name)
    check_int("depth", depth, 1, MAX_DEPTH)
    check_int("n", n, 1)
    z = sample_preactivations(mu, sigma, n * depth, seed)
    _, dy = evaluate(name, z, params)
    threshold = zero_below(name, params)
    hit = np.zeros(z.shape, bool) if threshold is None else z < threshold
    dead = np.logical_or.accumulate(hit.reshape(depth, n), axis=0)     # [L, n]
    with np.errstate(divide="ignore"):
        log_factors = np.log(np.abs(dy)).reshape(depth, n)  # [L, n], -inf where f' = 0
    cumulative = np.cumsum(np.where(dead, 0.0, log_factors), axis=0)   # log |prod| per path
    alive = (~dead).sum(axis=1)
    with np.errstate(invalid="ignore"):
        typical = np.exp(np.where(dead, 0.0, cumulative).sum(axis=1) / alive)
    return DepthGradient(typical=np.where(alive > 0, typical, np.nan), dead=dead.mean(axis=1))


def sigmoid_gradient_bound(depth: int) -> np.ndarray:
    """max sigma' = 1/4, so L sigmoid layers scale a gradient by at most 4^-L: array[depth]."""
    check_int("depth", depth, 1, MAX_DEPTH)
    return 0.25 ** np.arange(1, depth + 1)


def parse_logits(values) -> np.ndarray:
    """Validate user-entered logits: a non-empty 1-D list of finite numbers."""
    try:
        z = np.asarray([float(v) for v in values], dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("other", "every logit must be a number (check for text or empty "
                         "cells)", name="logits") from None
    if z.size == 0:
        raise InputError("empty", "enter at least one logit", name="logits")
    if not np.all(np.isfinite(z)):
        raise InputError("not_finite", "logits must be finite numbers (no NaN or infinity)",
                         name="logits")
    return z


def _logits(z, temperature: float) -> np.ndarray:
    check_number("temperature", temperature, 0, low_open=True)
    z = check_array("logits", z, ndim=1)
    if z.dtype.kind not in "biuf":
        raise InputError("other", f"logits must be real numbers, got {z.dtype}", name="logits")
    return np.asarray(z, dtype=np.float64)


def softmax_naive(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """exp(z_i / T) / sum_j exp(z_j / T), computed literally: array[K] -> array[K].

    On purpose, it overflows (inf / inf = NaN) for large z / T and underflows (0 / 0) for very
    negative ones: the page shows that failure next to ``softmax_stable``."""
    z = _logits(z, temperature)
    with np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore"):
        e = np.exp(z / temperature)
        return e / e.sum()


def softmax_stable(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """exp((z_i - max z) / T) / sum_j exp((z_j - max z) / T) (seed 001): array[K] -> array[K].

    The same value as the naive form; the exponent is <= 0 and the largest is 0, so exp never
    overflows and the sum is >= 1, for any finite logits and T > 0."""
    z = _logits(z, temperature)
    with np.errstate(over="ignore", under="ignore"):
        e = np.exp((z - z.max()) / temperature)   # z - max may overflow to -inf: exp gives 0
    return e / e.sum()


def max_abs_difference(a: np.ndarray, b: np.ndarray) -> float | None:
    """max |a - b| of two arrays of one shape, or None when either has a NaN/inf (the naive
    softmax overflowed)."""
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("other", "a and b must be arrays of numbers", name="a") from None
    if a.shape != b.shape:
        raise InputError("shape", f"a and b must have one shape, got {a.shape} and {b.shape}",
                         name="b", expected=a.shape, got=b.shape)
    if a.size == 0:
        raise InputError("empty", "a and b are empty", name="a")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return None
    return float(np.abs(a - b).max())
