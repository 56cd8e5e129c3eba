"""Weight initialisation: how the variance of activations and gradients travels through depth.

A stack of ``depth`` blocks h_l = φ(BN?(W_l h_{l-1})) (+ h_{l-1} with residuals), square
layers of ``width`` units, biases 0, weights from ``torch.nn.init``. Statistics come from one
simulated forward + backward pass; the theory curve is the mean-field recursion (Poole et al.
2016, "Exponential expressivity"; Glorot & Bengio 2010; He et al. 2015):

    q_l = n·Var(w)·E_{z~N(0, q_{l-1})}[φ(z)²]            (pre-activation variance)
    r_{l-1} = n·Var(w)·E_{z~N(0, q_l)}[φ'(z)²]·r_l       (gradient variance, backward)

which for a linear net is Var_L = (n·Var(w))^L·Var_0, and for ReLU with He's Var(w) = 2/n
stays flat (E[relu(z)²] = q/2). Expectations are sums over a dense grid of z.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer.activations import REGISTRY
from explorer.budget import MAX_ELEMENTS, MAX_SIMULATION_ELEMENTS, check_elements
from explorer.errors import InputError, check_choice, check_int, check_number, check_seed

# id -> f with its default parameters, for every activation of explorer.activations.REGISTRY
ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    key: activation.function() for key, activation in REGISTRY.items()}

INITS = ("zeros", "constant 0.1", "N(0, 0.01)", "uniform U(0, 1)", "Xavier uniform",
         "Xavier normal", "Kaiming normal", "Kaiming uniform", "orthogonal", "LeCun normal")
# Schemes that take a gain (torch.nn.init's ``gain`` argument); the others have a fixed scale.
USES_GAIN = ("Xavier uniform", "Xavier normal", "Kaiming normal", "Kaiming uniform",
             "orthogonal")
# Schemes scaled to the layer size: the ones the "zero output layer" demo may start from.
SCALED_INITS = ("Xavier uniform", "Xavier normal", "Kaiming normal", "Kaiming uniform",
                "orthogonal", "LeCun normal")
MODES = ("fan_in", "fan_out")
INPUTS = ("normal", "uniform")
MAX_GAIN = 100.0
MAX_DEPTH = 1000


def _activation(activation: str) -> str:
    return check_choice("activation", activation, tuple(ACTIVATIONS))


def _scheme(scheme: str) -> str:
    return check_choice("init", scheme, INITS)


def _gain(gain: float) -> float:
    return check_number("gain", gain, 0, MAX_GAIN, low_open=True)


def recommended_gain(activation: str) -> float:
    """torch.nn.init.calculate_gain for the activation (linear: 1, tanh: 5/3, ReLU: √2, …)."""
    entry = REGISTRY[_activation(activation)]
    # calculate_gain's leaky_relu gain takes the slope (PReLU's starting one); GELU, SiLU and
    # the other smooth ReLUs take ReLU's √2, the usual stand-in (≈ ReLU away from 0).
    return nn.init.calculate_gain(entry.gain, entry.params.get("slope"))


def uses_gain(scheme: str) -> bool:
    """Whether ``scheme`` scales by a gain; zeros, constant, N(0, 0.01), U(0, 1) and LeCun
    normal (N(0, 1/fan_in)) ignore it, so 'lower the gain' cannot help them."""
    return _scheme(scheme) in USES_GAIN


def paper_gain(scheme: str, activation: str) -> float:
    """The gain each scheme was derived with: Xavier 1 (Glorot & Bengio, linear/tanh regime),
    He √2 (He et al., ReLU: w ~ N(0, 2/n)), LeCun 1; orthogonal and the rest take
    calculate_gain of the activation."""
    _scheme(scheme)
    _activation(activation)
    if scheme.startswith("Xavier") or scheme == "LeCun normal":
        return 1.0
    if scheme.startswith("Kaiming"):
        return math.sqrt(2)
    return recommended_gain(activation)


def init_weight(weight: torch.Tensor, scheme: str, gain: float = 1.0, mode: str = "fan_in",
                generator: torch.Generator | None = None) -> torch.Tensor:
    """Fill ``weight`` [out, in] in place with ``scheme`` from torch.nn.init."""
    if not isinstance(weight, torch.Tensor) or weight.ndim != 2 or weight.numel() == 0:
        raise InputError("shape", "weight must be a non-empty 2-D tensor [out, in]",
                         name="weight", expected=2, got=getattr(weight, "shape", None))
    _scheme(scheme)
    _gain(gain)
    check_choice("mode", mode, MODES)
    init = nn.init
    if scheme == "zeros":
        return init.zeros_(weight)
    if scheme == "constant 0.1":
        return init.constant_(weight, 0.1)
    if scheme == "N(0, 0.01)":
        return init.normal_(weight, 0.0, 0.01, generator=generator)
    if scheme == "uniform U(0, 1)":
        return init.uniform_(weight, generator=generator)
    if scheme == "Xavier uniform":  # U(±gain·√(6/(m+n)))
        return init.xavier_uniform_(weight, gain, generator=generator)
    if scheme == "Xavier normal":   # N(0, gain²·2/(m+n))
        return init.xavier_normal_(weight, gain, generator=generator)
    # kaiming_* take the gain through a nonlinearity name; the linear one (gain 1) scaled by
    # the chosen gain gives N(0, gain²/fan) and U(±gain·√(3/fan)) for any gain.
    if scheme == "Kaiming normal":
        return init.kaiming_normal_(weight, mode=mode, nonlinearity="linear",
                                    generator=generator).mul_(gain)
    if scheme == "Kaiming uniform":
        return init.kaiming_uniform_(weight, mode=mode, nonlinearity="linear",
                                    generator=generator).mul_(gain)
    if scheme == "orthogonal":
        return init.orthogonal_(weight, gain, generator=generator)
    if scheme == "LeCun normal":    # N(0, 1/fan_in), SELU's init
        return init.kaiming_normal_(weight, mode="fan_in", nonlinearity="linear",
                                    generator=generator)


def weight_variance(scheme: str, fan_in: int, fan_out: int, gain: float = 1.0,
                    mode: str = "fan_in") -> float | None:
    """Var(w) of ``scheme`` in closed form; None where the mean is not zero (theory is void).

    Orthogonal: the rows (fan_out <= fan_in) or columns of W/gain are orthonormal, so the
    fan_out·fan_in squares sum to gain²·min(fan_in, fan_out): Var = gain²/max(fan_in, fan_out).
    """
    _scheme(scheme)
    check_int("fan_in", fan_in, 1)
    check_int("fan_out", fan_out, 1)
    _gain(gain)
    fan = fan_in if check_choice("mode", mode, MODES) == "fan_in" else fan_out
    return {"zeros": 0.0, "N(0, 0.01)": 1e-4, "Xavier uniform": gain ** 2 * 2 / (fan_in + fan_out),
            "Xavier normal": gain ** 2 * 2 / (fan_in + fan_out), "Kaiming normal": gain ** 2 / fan,
            "Kaiming uniform": gain ** 2 / fan, "orthogonal": gain ** 2 / max(fan_in, fan_out),
            "LeCun normal": 1 / fan_in}.get(scheme)


# budget refusals' what-names (templates the UI translates)
SIMULATION = "{depth} layers of width {width} with batch {batch}"
SIMULATIONS = "{count} simulations at once"


@dataclass(frozen=True)
class Setup:
    depth: int = 50
    width: int = 256
    activation: str = "tanh"
    init: str = "Xavier normal"
    gain: float | None = None   # None: paper_gain(init, activation)
    mode: str = "fan_in"
    batchnorm: bool = False
    residual: bool = False
    batch: int = 256
    input: str = "normal"       # "normal" N(0, 1) or "uniform" U(-√3, √3) (both unit variance)
    seed: int = 0

    def validate(self) -> None:
        """InputError naming the first bad field; the weights and saved activations
        (depth·(width² + 3·batch·width) values) are checked against the budget."""
        check_int("depth", self.depth, 1, MAX_DEPTH)
        check_int("width", self.width, 1)
        check_int("batch", self.batch, 2)
        advice = "lower the width, depth or batch"
        check_elements("one weight matrix", self.width ** 2, MAX_ELEMENTS, advice=advice)
        check_elements("one layer's activations", self.batch * self.width, MAX_ELEMENTS,
                       advice=advice)
        check_elements(SIMULATION.format(depth=self.depth, width=self.width, batch=self.batch),
                       self.elements, MAX_SIMULATION_ELEMENTS, advice=advice)
        _activation(self.activation)
        _scheme(self.init)
        if self.gain is not None:
            _gain(self.gain)
        check_choice("mode", self.mode, MODES)
        check_choice("input", self.input, INPUTS)
        for name in ("batchnorm", "residual"):
            if getattr(self, name) not in (True, False):
                raise InputError("other", f"{name} must be True or False", name=name)
        check_seed(self.seed)

    @property
    def elements(self) -> int:
        """Values one simulation holds: depth·(width² weights + 3·batch·width saved)."""
        return self.depth * (self.width ** 2 + 3 * self.batch * self.width)

    @property
    def weight_key(self) -> tuple:
        """What the weights depend on (activation, BatchNorm, batch… do not change them)."""
        return self.depth, self.width, self.init, self.effective_gain, self.mode, self.seed

    @property
    def effective_gain(self) -> float:
        return paper_gain(self.init, self.activation) if self.gain is None else self.gain


@dataclass(frozen=True)
class Propagation:
    forward_std: np.ndarray     # [depth] std of pre-activations z_l (nan where not finite)
    backward_std: np.ndarray    # [depth] std of ∂loss/∂z_l
    forward_finite: np.ndarray  # [depth] bool: every z_l value finite
    backward_finite: np.ndarray  # [depth] bool: every ∂loss/∂z_l value finite
    forward_zero: np.ndarray    # [depth] bool: every z_l value exactly 0 (zero weights, or
    backward_zero: np.ndarray   # [depth]        a signal below float32's 1.4e-45: underflow)
    samples: dict[int, np.ndarray]  # layer -> up to 4,000 post-activation values
    theory_forward: np.ndarray | None  # [depth] mean-field std of z_l, None when void
    theory_backward: np.ndarray | None


def _std(t: torch.Tensor) -> tuple[float, bool, bool]:
    """(std of ``t``, whether every value is finite, whether every value is 0). A finite std
    implies finite values (an inf or NaN makes it NaN), and a nonzero one nonzero values, so
    the extra passes over ``t`` run only when needed."""
    std = float(t.std())
    if std == 0:                             # all 0, or float32 squares of tiny values underflow
        zero = not bool(t.any())
        return (0.0 if zero else float(t.double().std())), True, zero
    if math.isfinite(std):
        return std, True, False
    ok = bool(torch.isfinite(t).all())       # finite values whose float32 squares overflow
    return (float(t.double().std()) if ok else float("nan")), ok, False


def draw_weights(setup: Setup) -> list[torch.Tensor]:
    """The ``depth`` weight matrices [width, width] of ``setup`` (seeded by seed + 1, so they
    are independent of the input batch). They depend only on ``setup.weight_key``."""
    setup.validate()
    generator = torch.Generator().manual_seed(setup.seed + 1)
    with torch.no_grad():
        return [init_weight(torch.empty(setup.width, setup.width), setup.init,
                            setup.effective_gain, setup.mode, generator)
                for _ in range(setup.depth)]


def propagate(setup: Setup, sample_layers: tuple[int, ...] = (),
              weights: list[torch.Tensor] | None = None) -> Propagation:
    """One forward pass of a unit-variance batch and one backward pass of a unit-variance
    output gradient, recording the std of z_l and ∂/∂z_l at every layer. ``weights`` from
    ``draw_weights`` may be passed in (drawing 100 x 512² normals is a third of the time)."""
    setup.validate()
    for layer in sample_layers:
        check_int("sample layer", layer, 1, setup.depth)
    if weights is None:
        weights = draw_weights(setup)
    elif len(weights) != setup.depth or any(
            not isinstance(w, torch.Tensor) or w.shape != (setup.width, setup.width)
            for w in weights):
        raise InputError("shape", f"weights must be {setup.depth} tensors [{setup.width}, "
                         f"{setup.width}] (draw_weights of the same setup)", name="weights",
                         expected=(setup.depth, setup.width, setup.width), got=len(weights))
    g = torch.Generator().manual_seed(setup.seed)
    n, phi = setup.width, ACTIVATIONS[setup.activation]
    if setup.input == "normal":
        h = torch.randn(setup.batch, n, generator=g)
    else:
        h = (torch.rand(setup.batch, n, generator=g) * 2 - 1) * math.sqrt(3)
    zs, outs, forward, forward_ok, forward_zero, samples = [], [], [], [], [], {}
    for layer, w in enumerate(weights, start=1):
        z = (h.detach() @ w.T).requires_grad_(True)
        zs.append(z)
        a = F.batch_norm(z, None, None, training=True) if setup.batchnorm else z
        out = phi(a)
        outs.append(out)
        h = out + h if setup.residual else out
        std, ok, zero = _std(z.detach())
        forward.append(std)
        forward_ok.append(ok)
        forward_zero.append(zero)
        if layer in sample_layers:
            values = out.detach().flatten()
            samples[layer] = values[:4000].numpy()
    # Backward layer by layer: each z_l starts a graph of its own (so ∂/∂z_l can be read), and
    # ∂/∂h_{l-1} = (∂/∂z_l)·W_l (+ ∂/∂h_l with a residual) links them: one backward pass.
    grad = torch.randn(h.shape, generator=g)
    backward, backward_ok = [float("nan")] * setup.depth, [False] * setup.depth
    backward_zero = [False] * setup.depth
    for layer in range(setup.depth - 1, -1, -1):
        (gz,) = torch.autograd.grad(outs[layer], zs[layer], grad)
        backward[layer], backward_ok[layer], backward_zero[layer] = _std(gz)
        grad_in = gz @ weights[layer]               # ∂/∂h_{l-1}
        grad = grad_in + grad if setup.residual else grad_in
    theory = mean_field(setup)
    return Propagation(np.array(forward), np.array(backward), np.array(forward_ok),
                       np.array(backward_ok), np.array(forward_zero), np.array(backward_zero),
                       samples,
                       *(theory if theory else (None, None)))


def check_comparison(setups: list[Setup]) -> None:
    """Every setup a comparison simulates, one after the other, within
    MAX_SIMULATION_ELEMENTS together: a bound on the time one page rerun takes."""
    for setup in setups:
        setup.validate()
    check_elements(SIMULATIONS.format(count=len(setups)), sum(s.elements for s in setups),
                   MAX_SIMULATION_ELEMENTS,
                   advice="compare fewer initialisations or lower the width, depth or batch")


# E_{z~N(0,1)}[f(z)] on a dense grid: unlike Gauss–Hermite nodes, it stays exact to ~1e-6
# for the kinks and jumps of ReLU and its step derivative.
_NODES = np.linspace(-12, 12, 16_000)  # even count: no node sits on a kink at 0
_WEIGHTS = np.exp(-_NODES ** 2 / 2)
_WEIGHTS /= _WEIGHTS.sum()


def _gauss_mean(f: Callable[[torch.Tensor], torch.Tensor], variance: float, power: int = 2,
                derivative: bool = False) -> float:
    variance = max(variance, 0.0)
    if derivative:   # every f' here is constant beyond |z| ~ 1e150: its limit at any larger
        variance = min(variance, 1e300)     # variance (inf too, where inf·0 would give NaN)
    z = torch.tensor(_NODES * math.sqrt(variance), requires_grad=derivative)
    values = f(z)
    if derivative:
        (values,) = torch.autograd.grad(values.sum(), z)
    return float(np.sum(_WEIGHTS * values.detach().numpy() ** power))


def mean_field(setup: Setup, input_variance: float = 1.0):
    """(std of z_l, std of ∂/∂z_l) per layer by the mean-field recursion; None with BatchNorm,
    residuals, or an init whose weights are not zero-mean. Never NaN: +inf where a variance
    leaves float64 (only an unbounded φ can, and then it stays infinite)."""
    setup.validate()
    check_number("input variance", input_variance, 0, 1e300)
    var_w = weight_variance(setup.init, setup.width, setup.width, setup.effective_gain,
                            setup.mode)
    if var_w is None or setup.batchnorm or setup.residual:
        return None
    phi, n = ACTIVATIONS[setup.activation], setup.width
    with np.errstate(over="ignore"):
        q = [n * var_w * input_variance]
        for _ in range(setup.depth - 1):
            q.append(math.inf if math.isinf(q[-1]) else n * var_w * _gauss_mean(phi, q[-1]))
        r = [0.0] * setup.depth
        r[-1] = _gauss_mean(phi, q[-1], derivative=True)  # output gradient has unit variance
        for layer in range(setup.depth - 2, -1, -1):
            r[layer] = n * var_w * _gauss_mean(phi, q[layer], derivative=True) * r[layer + 1]
    return np.sqrt(np.array(q)), np.sqrt(np.array(r))


# ----------------------------------------------------------------------- symmetry
@dataclass(frozen=True)
class Symmetry:
    gradient: np.ndarray   # [units, inputs] ∂loss/∂W of the first hidden layer
    rank: int              # torch.linalg.matrix_rank of that matrix
    distinct_rows: int     # how many different unit gradients there are


def first_layer_gradient(scheme: str, hidden: int = 16, seed: int = 0) -> Symmetry:
    """Gradient of the first layer of a 64-hidden-hidden-10 tanh MLP on a digits batch whose
    hidden layers use ``scheme`` (the output layer is Xavier). Zero or constant weights give
    every hidden unit the same gradient (rank ≤ 1): nothing can break the symmetry."""
    from sklearn.datasets import load_digits
    _scheme(scheme)
    check_int("hidden", hidden, 1)
    check_elements("the hidden layer's weights", hidden * hidden, advice="use fewer units")
    check_seed(seed)
    digits = load_digits()
    x = torch.tensor(digits.data[:128] / 16.0, dtype=torch.float32)
    y = torch.tensor(digits.target[:128])
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(64, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                        nn.Linear(hidden, 10))
    with torch.no_grad():
        for layer in (net[0], net[2]):
            init_weight(layer.weight, scheme, paper_gain(scheme, "tanh"))
            layer.bias.fill_(0.1 if scheme.startswith("constant") else 0.0)
    F.cross_entropy(net(x), y).backward()
    grad = net[0].weight.grad
    distinct = len(torch.unique(grad.round(decimals=7), dim=0))
    return Symmetry(grad.numpy(), int(torch.linalg.matrix_rank(grad)), distinct)


def initializer(scheme: str, activation: str, last_layer_zero: bool = False):
    """A ``fit(init=...)`` hook: ``scheme`` on every Linear of an MLP, biases 0; optionally the
    output layer all zero (seed 001: that one may be zero, the others not)."""
    gain = paper_gain(scheme, activation)   # refuses a bad name here, before fit() starts

    def apply(model: nn.Module) -> None:
        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, nn.Linear):
                    init_weight(module.weight, scheme, gain)
                    nn.init.zeros_(module.bias)
            if last_layer_zero:
                nn.init.zeros_(model.head.weight)
    return apply


def training_variants(schemes: list[str]) -> list[tuple[str, str, bool]]:
    """(label, scheme, last layer zero) for each chosen scheme, plus all-zero weights and the
    first chosen size-scaled scheme (else Xavier normal) with only its output layer zeroed."""
    for scheme in schemes:
        _scheme(scheme)
    variants = [(s, s, False) for s in schemes]
    if "zeros" not in schemes:
        variants.append(("zeros", "zeros", False))
    scaled = [s for s in schemes if s in SCALED_INITS] or ["Xavier normal"]
    variants.append((f"{scaled[0]}, output layer 0", scaled[0], True))
    return variants


def train_with_inits(schemes: list[str], activation: str = "tanh", epochs: int = 8,
                     seed: int = 0, progress: Callable[[float], None] | None = None
                     ) -> dict[str, list[dict]]:
    """Per-epoch records of the same 3x64 MLP trained on digits (SGD + momentum 0.9, lr 0.05)
    from each variant of ``training_variants``: {label: FitResult.epochs}."""
    from explorer.data import load_dataset
    from explorer.train import TrainConfig, fit, single_cpu_thread
    _activation(activation)
    check_int("epochs", epochs, 1, 100)
    check_seed(seed)
    variants = training_variants(schemes)
    splits = load_dataset("digits", seed=seed)
    config = TrainConfig(model="mlp", model_options=dict(depth=3, width=64,
                                                         activation=activation),
                         optimizer="momentum", lr=0.05, epochs=epochs, schedule="constant",
                         seed=seed, device="cpu")
    curves = {}
    for i, (label, scheme, last_zero) in enumerate(variants):
        with single_cpu_thread():
            result = fit(config, splits=splits, init=initializer(scheme, activation, last_zero))
        curves[label] = result.epochs
        if progress:
            progress((i + 1) / len(variants))
    return curves
