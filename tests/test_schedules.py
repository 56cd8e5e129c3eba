"""LR schedule curves against hand-stepped torch schedulers and closed forms."""
import math
import re

import numpy as np
import pytest
import torch

from explorer import schedules
from explorer.errors import InputError

S = torch.optim.lr_scheduler


def _stepped(make, steps, lr=0.1):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    return np.array(out)


def test_cosine_matches_closed_form():
    T = 100
    curve = schedules.lr_curve("cosine", T, 0.1)
    t = np.arange(T)
    np.testing.assert_allclose(curve, 0.05 * (1 + np.cos(np.pi * t / T)), atol=1e-12)


def test_every_schedule_equals_the_torch_object_stepped_by_hand():
    makers = {
        "step": lambda o: S.StepLR(o, step_size=30, gamma=0.1),
        "multistep": lambda o: S.MultiStepLR(o, [50, 75], gamma=0.1),
        "exponential": lambda o: S.ExponentialLR(o, gamma=0.01 ** (1 / 100)),
        "cosine restarts": lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2),
        "polynomial": lambda o: S.PolynomialLR(o, total_iters=100, power=2.0),
        "onecycle": lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=100),
    }
    for name, make in makers.items():
        np.testing.assert_allclose(schedules.lr_curve(name, 100, 0.1), _stepped(make, 100),
                                   rtol=1e-12, err_msg=name)


def test_polynomial_closed_form_and_step_drops():
    T = 50
    poly = schedules.lr_curve("polynomial", T, 1.0, power=3.0)
    np.testing.assert_allclose(poly, (1 - np.arange(T) / T) ** 3, atol=1e-12)
    step = schedules.lr_curve("step", 100, 1.0, gamma=0.5, step_fraction=0.25)
    assert step[24] == 1.0 and step[25] == 0.5 and step[99] == 0.125


def test_warmup_is_linear_then_hands_over_to_the_main_schedule():
    curve = schedules.lr_curve("cosine", 120, 0.2, warmup_steps=20)
    start = schedules.WARMUP_START_FACTOR
    expected = 0.2 * (start + (1 - start) * np.arange(20) / 20)
    np.testing.assert_allclose(curve[:20], expected, rtol=1e-9)
    np.testing.assert_allclose(curve[20:], schedules.lr_curve("cosine", 100, 0.2), rtol=1e-9)


def test_onecycle_warmup_sets_its_own_first_phase():
    curve = schedules.lr_curve("onecycle", 100, 0.1, warmup_steps=40)
    assert int(np.argmax(curve)) == 39 and math.isclose(curve.max(), 0.1, rel_tol=1e-9)
    assert math.isclose(curve[0], 0.1 / 25)


def test_training_lab_curve_is_train_make_schedule():
    lab = schedules.training_lab_curve("cosine", epochs=5, steps_per_epoch=10, lr=0.1,
                                       warmup_epochs=1)
    np.testing.assert_allclose(lab, schedules.lr_curve("cosine", 50, 0.1, warmup_steps=10),
                               rtol=1e-9)


def test_onecycle_ends_at_lr_over_25e4_as_its_formula_says():
    curve = schedules.lr_curve("onecycle", 1000, 0.1)
    assert curve[-1] == pytest.approx(0.1 / (25 * 1e4), rel=1e-3)
    assert r"\eta_0/(25\cdot 10^4)" in schedules.SCHEDULES["onecycle"].formula


@pytest.mark.parametrize("kwargs, code, message", [
    (dict(name="nope", total_steps=10), "choice", "unknown schedule 'nope'"),
    (dict(name="cosine", total_steps=10, warmup_steps=10), "out_of_range", "warmup"),
    (dict(name="cosine", total_steps=1), "out_of_range", "total steps=1 is outside [2, inf]"),
    (dict(name="cosine", total_steps=10 ** 6), "budget",
     "the schedule: 1,000,000 updates, over the limit of 10,000: lower the training steps"),
    (dict(name="cosine", total_steps=10.5), "not_integer", "total steps must be a whole"),
    (dict(name="cosine", total_steps=10, base_lr=0), "out_of_range", "base learning rate=0"),
    (dict(name="cosine", total_steps=10, base_lr=float("nan")), "not_finite", "base learning"),
    (dict(name="cosine", total_steps=10, warmup_steps=-1), "out_of_range", "warmup steps=-1"),
    (dict(name="step", total_steps=10, gama=0.5), "unknown_key", "no schedule option 'gama'"),
    (dict(name="step", total_steps=10, gamma=0.0), "out_of_range", "gamma=0 is outside (0, 1]"),
    (dict(name="polynomial", total_steps=10, power=-1.0), "out_of_range", "power=-1"),
    (dict(name="onecycle", total_steps=10, warmup_steps=1), "out_of_range",
     "OneCycle's warmup phase needs 0 or at least 2 steps"),
])
def test_bad_arguments_are_explained(kwargs, code, message):
    with pytest.raises(InputError, match=re.escape(message)) as err:
        schedules.lr_curve(**kwargs)
    assert err.value.code == code


def test_training_lab_curve_refuses_bad_arguments():
    with pytest.raises(InputError, match="steps per epoch=0"):
        schedules.training_lab_curve("cosine", 10, 0, 0.1)
    with pytest.raises(InputError, match="Training lab's schedule: 1,000,000 updates"):
        schedules.training_lab_curve("cosine", 1000, 1000, 0.1)
    with pytest.raises(InputError, match="unknown schedule 'cosine restarts'"):
        schedules.training_lab_curve("cosine restarts", 10, 10, 0.1)


def test_relevant_options_keep_only_what_a_schedule_reads():
    options = dict(schedules.DEFAULT_OPTIONS)
    assert schedules.relevant_options("step", options) == (("gamma", 0.1),
                                                          ("step_fraction", 0.3))
    assert schedules.relevant_options("cosine", options) == ()
    for name in schedules.SCHEDULES:   # the curve depends on nothing else
        changed = {k: (v * 0.5 if (k, v) not in schedules.relevant_options(name, options)
                       else v) for k, v in options.items()}
        np.testing.assert_array_equal(schedules.lr_curve(name, 60, 0.1, 6, **options),
                                      schedules.lr_curve(name, 60, 0.1, 6, **changed))


@pytest.mark.parametrize("total, split", [(300, (10, 30)), (305, (5, 61)), (7, (7, 1)),
                                          (307, (1, 307)), (2, (2, 1)), (1, (1, 1))])
def test_lab_epochs_split_the_steps_exactly(total, split):
    assert schedules.lab_epochs(total) == split


@pytest.mark.parametrize("total, warmup", [(305, 30), (9, 3), (2, 1), (307, 0)])
def test_lab_overlay_is_the_cosine_for_any_step_count(total, warmup):
    lab = schedules.lab_overlay(total, 0.1, warmup)
    np.testing.assert_allclose(lab, schedules.lr_curve("cosine", total, 0.1, warmup), rtol=1e-12)
    with pytest.raises(InputError):
        schedules.lab_overlay(total, 0.1, total)
