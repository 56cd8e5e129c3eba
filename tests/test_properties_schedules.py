"""Property tests of explorer.schedules: for any input, the learning rates equal the closed
form of each torch.optim.lr_scheduler (written out here from torch's documentation), lie in
[0, η₀] and are finite, or an InputError; never NaN, never another exception."""
import math

import numpy as np
from hypothesis import given, strategies as st

from explorer import schedules as sch
from tests.property_helpers import ANY_FLOAT, REFUSED, examples, finite, mostly_valid, outcome

NAMES = st.sampled_from(list(sch.SCHEDULES))
OPTIONS = st.dictionaries(st.sampled_from(list(sch.OPTION_RANGES)),
                          st.floats(1e-6, 1) | st.sampled_from([1.0, 5e-324]), max_size=2)
HOSTILE_OPTIONS = st.dictionaries(
    st.sampled_from(["gamma", "step_fraction", "restart_fraction", "power", "gama", "eta_min"]),
    st.one_of(st.floats(0, 12), ANY_FLOAT), min_size=1, max_size=2)
WHOLE_OR_NOT = st.sampled_from([-1, 0, 1, 2.5, np.nan, np.inf, "10", None])
LR = st.one_of(st.floats(1e-6, 10), st.sampled_from([5e-324, 1e-300, sch.MAX_LR]))
ARGS = mostly_valid(
    dict(name=NAMES, total_steps=st.integers(2, 120), base_lr=LR,
         warmup_steps=st.integers(0, 60), options=OPTIONS),
    dict(name=st.sampled_from(["Cosine", "linear", "", None]),
         total_steps=WHOLE_OR_NOT | st.sampled_from([10_000, 10_001]),
         base_lr=ANY_FLOAT, warmup_steps=WHOLE_OR_NOT, options=HOSTILE_OPTIONS))
W = 1e-3   # warmup start factor


def _anneal(start, end, pct):
    """Cosine from start (pct 0) to end (pct 1)."""
    return end + (start - end) / 2 * (1 + math.cos(math.pi * pct))


def _closed_form(name, t, T, base, options):
    """η at step t (counted after the warmup) of a main schedule over T steps."""
    gamma = options["gamma"]
    if name == "constant":
        return base
    if name == "step":
        return base * gamma ** (t // max(1, int(options["step_fraction"] * T)))
    if name == "multistep":
        return base * gamma ** sum(m <= t for m in (T // 2, 3 * T // 4))
    if name == "exponential":
        return base * (0.01 ** (1 / T)) ** t
    if name == "cosine":
        return _anneal(base, 0.0, t / T)
    if name == "cosine restarts":
        period = max(1, int(options["restart_fraction"] * T))
        while t >= period:            # T_{i+1} = 2 T_i
            t, period = t - period, 2 * period
        return _anneal(base, 0.0, t / period)
    if name == "polynomial":
        return base * (1 - t / T) ** options["power"]
    raise AssertionError(name)


def _onecycle(t, total, warmup, base):
    """torch.optim.lr_scheduler.OneCycleLR (two phases, cosine): η₀/25 up to η₀ over the
    first phase (ending at step pct·total − 1), then down to η₀/(25·10⁴) at the last step."""
    pct = warmup / total if warmup else 0.3
    first_end, last = pct * total - 1, total - 1
    if t <= first_end:
        return _anneal(base / 25, base, t / first_end)
    return _anneal(base, base / 25 / 1e4, (t - first_end) / (last - first_end))


def _whole(n):
    return isinstance(n, int) or (isinstance(n, float) and n.is_integer())


def _valid(name, total, base_lr, warmup, options):
    if name not in sch.SCHEDULES or not (_whole(total) and 2 <= total <= 10_000):
        return False
    if not (_whole(warmup) and 0 <= warmup < total) or (name == "onecycle" and warmup == 1):
        return False
    if not (isinstance(base_lr, float) and math.isfinite(base_lr) and 0 < base_lr <= sch.MAX_LR):
        return False
    for key, value in options.items():
        if key not in sch.OPTION_RANGES or not math.isfinite(value):
            return False
        low, high = sch.OPTION_RANGES[key]
        if not low < value <= high:
            return False
    return True


@examples(100)
@given(ARGS)
def test_lr_curve_is_the_closed_form_of_its_torch_scheduler(args):
    name, total, base_lr, warmup, options = args.values()
    curve = outcome(sch.lr_curve, name, total, base_lr, warmup, **options)
    if not _valid(name, total, base_lr, warmup, options):
        assert curve == REFUSED
        return
    total, warmup = int(total), int(warmup)
    assert curve.shape == (total,) and finite(curve)
    assert (curve >= 0).all() and (curve <= base_lr * (1 + 1e-12)).all()
    chosen = {**sch.DEFAULT_OPTIONS, **options}
    for t in range(total):
        if name == "onecycle":
            expected = _onecycle(t, total, warmup, base_lr)
        elif t < warmup:       # LinearLR from W·η₀ to η₀
            expected = base_lr * (W + (1 - W) * t / warmup)
        else:
            expected = _closed_form(name, t - warmup, total - warmup, base_lr, chosen)
        # torch steps most schedulers recursively (η_t from η_{t-1}): rounding adds up, and
        # a subnormal η₀ (5e-324) rounds to 0 along the way
        assert math.isclose(curve[t], expected, rel_tol=1e-6,
                            abs_tol=1e-12 * base_lr + 1e-300), (t, name)


@examples(60)
@given(NAMES | st.just("Cosine"), OPTIONS | HOSTILE_OPTIONS)
def test_relevant_options_are_what_the_schedule_reads(name, options):
    result = outcome(sch.relevant_options, name, options)
    if name not in sch.SCHEDULES or not _valid("constant", 2, 0.1, 0, options):
        assert result == REFUSED
        return
    assert result == tuple((k, v) for k, v in options.items() if k in sch.SCHEDULES[name].uses)


LAB_ARGS = mostly_valid(
    dict(schedule=st.sampled_from(["constant", "step", "exponential", "cosine", "polynomial",
                                   "onecycle"]),
         epochs=st.integers(1, 12), per_epoch=st.integers(1, 12), lr=LR,
         warmup_epochs=st.floats(0, 12)),
    dict(schedule=st.just("cosine restarts"), epochs=st.integers(-1, 0) | st.just(10_001),
         per_epoch=st.integers(-1, 0) | st.just(10_001), lr=ANY_FLOAT, warmup_epochs=ANY_FLOAT))


@examples(40)
@given(LAB_ARGS)
def test_training_lab_curve_is_finite_and_below_the_lr_or_refused(args):
    schedule, epochs, per_epoch, lr, warmup_epochs = args.values()
    curve = outcome(sch.training_lab_curve, schedule, epochs, per_epoch, lr, warmup_epochs)
    valid = (schedule != "cosine restarts" and epochs >= 1 and per_epoch >= 1
             and epochs * per_epoch <= 10_000 and math.isfinite(lr) and 0 < lr <= sch.MAX_LR
             and math.isfinite(warmup_epochs) and 0 <= warmup_epochs < epochs)
    if not valid:
        assert curve == REFUSED
        return
    assert curve.shape == (epochs * per_epoch,) and finite(curve)
    assert (curve >= 0).all() and (curve <= lr * (1 + 1e-12)).all()
    warm = int(round(warmup_epochs * per_epoch))
    if schedule == "cosine" and 0 < warm < epochs * per_epoch:   # the lab is the page's cosine
        np.testing.assert_allclose(curve, sch.lr_curve("cosine", epochs * per_epoch, lr, warm),
                                   rtol=1e-9)
