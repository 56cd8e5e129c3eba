"""Learning-rate schedules read off real ``torch.optim.lr_scheduler`` objects.

Each curve is what the scheduler sets: an SGD optimizer on one dummy parameter is stepped
``total_steps`` times and ``optimizer.param_groups[0]["lr"]`` is recorded before each step, so
the curve has ``total_steps`` values, one per training step. Optional linear warmup (Goyal et
al. 2017) is ``LinearLR`` from ``start_factor`` to 1 over ``warmup_steps``, chained with
``SequentialLR`` before the main schedule, exactly as ``explorer.train.make_schedule`` does.

Steps are bounded by ``explorer.budget.MAX_STEPS`` (each is one scheduler step), the base lr by
MAX_LR and every option by OPTION_RANGES, so every curve is finite and in [0, η₀].
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from explorer.budget import check_steps
from explorer.errors import InputError, check_choice, check_int, check_number

S = torch.optim.lr_scheduler
WARMUP_START_FACTOR = 1e-3  # the Training lab's warmup starts at lr / 1000 as well
MAX_LR = 1e3


@dataclass(frozen=True)
class Schedule:
    formula: str     # LaTeX, t = step after warmup, T = steps after warmup, η₀ = base lr
    build: object    # (optimizer, T, options) -> scheduler
    uses: tuple[str, ...] = ()   # the keys of DEFAULT_OPTIONS it reads


SCHEDULES: dict[str, Schedule] = {
    "constant": Schedule(r"\eta_t = \eta_0",
                         lambda opt, T, o: S.ConstantLR(opt, factor=1.0, total_iters=0)),
    "step": Schedule(r"\eta_t = \eta_0\,\gamma^{\lfloor t / s \rfloor}",
                     lambda opt, T, o: S.StepLR(opt, step_size=max(1, int(o["step_fraction"] * T)),
                                                gamma=o["gamma"]), ("gamma", "step_fraction")),
    "multistep": Schedule(r"\eta_t = \eta_0\,\gamma^{\#\{m_i \le t\}},\ m = (T/2, 3T/4)",
                          lambda opt, T, o: S.MultiStepLR(opt, [T // 2, 3 * T // 4],
                                                          gamma=o["gamma"]), ("gamma",)),
    "exponential": Schedule(r"\eta_t = \eta_0\,\gamma_e^{t},\ \gamma_e = 0.01^{1/T}",
                            lambda opt, T, o: S.ExponentialLR(opt, gamma=0.01 ** (1 / T))),
    "cosine": Schedule(r"\eta_t = \eta_{min} + \tfrac12(\eta_0-\eta_{min})(1+\cos\frac{\pi t}{T})",
                       lambda opt, T, o: S.CosineAnnealingLR(opt, T_max=T)),
    "cosine restarts": Schedule(
        r"\eta_t = \tfrac12\eta_0(1+\cos\frac{\pi t_{cur}}{T_i}),\ T_{i+1} = 2T_i",
        lambda opt, T, o: S.CosineAnnealingWarmRestarts(
            opt, T_0=max(1, int(o["restart_fraction"] * T)), T_mult=2), ("restart_fraction",)),
    "polynomial": Schedule(r"\eta_t = \eta_0\,(1 - t/T)^{p}",
                           lambda opt, T, o: S.PolynomialLR(opt, total_iters=T,
                                                            power=o["power"]), ("power",)),
    "onecycle": Schedule(
        r"\eta_0/25 \nearrow \eta_0 \searrow \eta_0/(25\cdot 10^4)",
        None),  # built in build(): OneCycleLR has its own warmup
}
DEFAULT_OPTIONS = {"gamma": 0.1, "step_fraction": 0.3, "restart_fraction": 0.1, "power": 2.0}
# (low, high) of each option, the low end excluded: a factor, two fractions, an exponent.
OPTION_RANGES = {"gamma": (0.0, 1.0), "step_fraction": (0.0, 1.0),
                 "restart_fraction": (0.0, 1.0), "power": (0.0, 10.0)}


def _options(options: dict) -> dict:
    """DEFAULT_OPTIONS updated by ``options``; InputError for a misspelt key or a value out
    of OPTION_RANGES."""
    chosen = dict(DEFAULT_OPTIONS)
    for key, value in options.items():
        if key not in OPTION_RANGES:
            raise InputError("unknown_key", f"no schedule option {key!r}; the options are "
                             f"{', '.join(OPTION_RANGES)}", name=key,
                             options=tuple(OPTION_RANGES))
        low, high = OPTION_RANGES[key]
        chosen[key] = check_number(key, value, low, high, low_open=True)
    return chosen


def relevant_options(name: str, options: dict) -> tuple:
    """The (key, value) pairs of ``options`` that schedule ``name`` reads (a cache key that
    unrelated sliders leave alone)."""
    check_choice("schedule", name, tuple(SCHEDULES))
    _options(options)
    return tuple((k, v) for k, v in options.items() if k in SCHEDULES[name].uses)


# refusals a page's settings reach (their Chinese: ui/strings/messages.py)
WARMUP_TOO_LONG = ("warmup ({warmup} steps) must be shorter than training ({total} steps): lower "
                   "the warmup")


def build(name: str, optimizer: torch.optim.Optimizer, total_steps: int,
          warmup_steps: int = 0, **options) -> S.LRScheduler:
    """The scheduler ``name`` over ``total_steps``, after ``warmup_steps`` of linear warmup."""
    check_choice("schedule", name, tuple(SCHEDULES))
    if not isinstance(optimizer, torch.optim.Optimizer) or "lr" not in optimizer.defaults:
        raise InputError("other", "optimizer must be a torch optimizer with a learning rate",
                         name="optimizer")
    check_steps("the schedule", check_int("total steps", total_steps, 2),
                advice="lower the training steps")
    warmup_steps = check_int("warmup steps", warmup_steps, 0)
    if warmup_steps >= total_steps:
        raise InputError("out_of_range", WARMUP_TOO_LONG.format(warmup=warmup_steps,
                                                                total=total_steps),
                         name="warmup steps", value=warmup_steps, low=0, high=total_steps - 1)
    options = _options(options)
    if name == "onecycle" and warmup_steps == 1:  # torch divides by the phase's length - 1
        raise InputError("out_of_range", "OneCycle's warmup phase needs 0 or at least 2 steps "
                         "(its cosine runs from the first to the last one)",
                         name="warmup steps", value=1, low=2, high=total_steps - 1)
    if name == "onecycle":  # its warmup is its first phase: pct_start = warmup / total
        return S.OneCycleLR(optimizer, max_lr=optimizer.defaults["lr"], total_steps=total_steps,
                            pct_start=warmup_steps / total_steps if warmup_steps else 0.3)
    main = SCHEDULES[name].build(optimizer, total_steps - warmup_steps, options)
    if warmup_steps == 0:
        return main
    warmup = S.LinearLR(optimizer, start_factor=WARMUP_START_FACTOR, end_factor=1.0,
                        total_iters=warmup_steps)
    return S.SequentialLR(optimizer, [warmup, main], milestones=[warmup_steps])


def lr_curve(name: str, total_steps: int, base_lr: float = 0.1, warmup_steps: int = 0,
             **options) -> np.ndarray:
    """float64[total_steps]: the learning rate used at each step 0 … total_steps − 1."""
    check_number("base learning rate", base_lr, 0, MAX_LR, low_open=True)
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
    scheduler = build(name, optimizer, total_steps, warmup_steps, **options)
    return trace(optimizer, scheduler, total_steps)


def trace(optimizer: torch.optim.Optimizer, scheduler, total_steps: int) -> np.ndarray:
    """Step ``scheduler`` ``total_steps`` times, recording the lr in force before each step."""
    check_steps("the schedule", check_int("total steps", total_steps, 1),
                advice="lower the training steps")
    lrs = np.empty(total_steps)
    for t in range(total_steps):
        lrs[t] = optimizer.param_groups[0]["lr"]
        optimizer.step()
        scheduler.step()
    return lrs


def training_lab_curve(schedule: str, epochs: int, steps_per_epoch: int, lr: float,
                       warmup_epochs: float = 0.0) -> np.ndarray:
    """The lr per step that the Training lab's fit() uses (explorer.train.make_schedule)."""
    from explorer.train import SCHEDULES as LAB_SCHEDULES, TrainConfig, make_schedule
    check_choice("schedule", schedule, tuple(LAB_SCHEDULES))
    check_int("epochs", epochs, 1)
    check_int("steps per epoch", steps_per_epoch, 1)
    check_steps("the Training lab's schedule", epochs * steps_per_epoch,
                advice="lower the epochs or the steps per epoch")
    check_number("learning rate", lr, 0, MAX_LR, low_open=True)
    check_number("warmup epochs", warmup_epochs, 0, epochs, high_open=True)
    config = TrainConfig(schedule=schedule, epochs=epochs, lr=lr, warmup_epochs=warmup_epochs)
    config.validate()
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = make_schedule(config, optimizer, steps_per_epoch)
    return trace(optimizer, scheduler, epochs * steps_per_epoch)


def lab_epochs(total_steps: int) -> tuple[int, int]:
    """(epochs, steps per epoch) for the Training lab's overlay: the most epochs up to 10 that
    split ``total_steps`` exactly (305 → 5 × 61, 7 → 7 × 1, 307 → 1 × 307), so the lab's
    curve has as many steps as the others and ends where they end."""
    total_steps = check_int("total steps", total_steps, 1)
    epochs = max(e for e in range(1, 11) if total_steps % e == 0)
    return epochs, total_steps // epochs


def lab_overlay(total_steps: int, lr: float, warmup_steps: int = 0) -> np.ndarray:
    """The Training lab's cosine over ``total_steps`` with ``warmup_steps`` of warmup, as fit()
    would run it (``training_lab_curve``): float64[total_steps], equal to
    ``lr_curve("cosine", total_steps, lr, warmup_steps)``."""
    epochs, per_epoch = lab_epochs(total_steps)
    warmup_steps = check_int("warmup steps", warmup_steps, 0, total_steps - 1)
    return training_lab_curve("cosine", epochs, per_epoch, lr, warmup_steps / per_epoch)
