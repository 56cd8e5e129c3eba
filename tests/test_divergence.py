"""explorer.divergence: the rules on made-up loss sequences (real trainings: test_train.py)."""
import math

import pytest

from explorer.divergence import BLOW_UP, FAR_ABOVE, FAR_STEPS, VAL_BLOW_UP, DivergenceWatch


def feed(watch, windows, size=10):
    """Windows of ``size`` equal losses; the first reason given, else None."""
    for i, loss in enumerate(windows):
        reason = watch.train_window(1 + i * size, [loss] * size)
        if reason:
            return reason
    return None


def test_a_non_finite_loss_names_its_step():
    watch = DivergenceWatch(start_val_loss=2.3)
    assert watch.train_window(1, [2.3] * 10) is None
    reason = watch.train_window(11, [2.2, 2.1, math.inf, math.nan])
    assert reason == "diverged: loss diverged at step 13: it became inf (learning rate too high?)"


def test_one_window_orders_of_magnitude_above_the_start_is_a_blow_up():
    # Adam at lr 100 on digits: 2.32 before the first update, 1.06e15 over the first ten steps
    watch = DivergenceWatch(start_val_loss=2.3)
    reason = watch.train_window(1, [2.32] + [1.18e15] * 9)
    assert reason.startswith("diverged: loss diverged at step 10: it reached 1.06e+15, over "
                             "1000× its start 2.32")
    assert DivergenceWatch(2.3).train_window(1, [2.0] + [BLOW_UP * 2.0 * 1.01] * 9) is None


def test_staying_far_above_the_start_for_a_while_is_divergence_a_spike_is_not():
    high = FAR_ABOVE * 2.0 * 1.5
    watch = DivergenceWatch(start_val_loss=2.3)
    assert watch.train_window(1, [2.0] * 10) is None
    # a spike of two windows, then back down: a lively run (RMSprop lr 1e-2 does this)
    assert feed(watch, [high, high, 1.0, high, high, 0.9]) is None
    reason = feed(watch, [high] * (FAR_STEPS // 10))
    assert reason is not None and f"stayed over {FAR_ABOVE:g}× its start 2 for " \
                                  f"{FAR_STEPS} steps" in reason


def test_far_above_counts_steps_not_windows():
    """Short windows (3 steps an epoch at batch 512) need as many steps as long ones."""
    watch = DivergenceWatch(start_val_loss=2.3)
    high = FAR_ABOVE * 2.0 * 1.5
    watch.train_window(1, [2.0, 2.0, 2.0])
    assert feed(watch, [high] * (FAR_STEPS // 3 - 1), size=3) is None
    assert feed(watch, [high], size=3) is not None


def test_validation_exploding_or_non_finite_is_divergence():
    watch = DivergenceWatch(start_val_loss=2.3)
    assert watch.validation(1, 0.5) is None
    assert watch.validation(2, VAL_BLOW_UP * 2.3 * 0.99) is None   # bad, but not exploded
    assert watch.validation(3, 1.2e16) == (
        "diverged: validation loss diverged after epoch 3: it reached 1.2e+16, over 100× the "
        "untrained net's 2.3 (learning rate too high?)")
    assert "it became nan" in watch.validation(4, math.nan)


@pytest.mark.parametrize("losses", [[0.5], [2.3] * 3])
def test_normal_losses_never_trip_it(losses):
    watch = DivergenceWatch(start_val_loss=2.3)
    for step in range(1, 1000, len(losses)):
        assert watch.train_window(step, losses) is None
    assert watch.validation(1, 2.3 * 3) is None   # overfitting on noisy labels reaches 2.6 V0
