"""Property tests of explorer.losses and explorer.imbalance: focal loss against torchvision,
smoothed cross-entropy against torch, the optimal gaps against the softmax they must produce;
any input gives that, or an InputError (see tests/property_helpers.py); never NaN, never
another exception."""
import math

import numpy as np
import torch
from hypothesis import given, strategies as st
from torchvision.ops import sigmoid_focal_loss

from explorer import imbalance, losses
from explorer.budget import MAX_CLASSES, MAX_ELEMENTS
from tests.property_helpers import (ANY_FLOAT, REFUSED, SEED, arrays, examples, finite,
                                    outcome)

LOGIT = losses.MAX_ABS_LOGIT
CLASSES = st.one_of(st.integers(-1, 12), st.sampled_from([2.0, 2.5, np.nan, MAX_CLASSES + 1]))


def whole(value, low, high=math.inf) -> bool:
    return (not isinstance(value, bool) and float(value) == float(value)
            and float(value).is_integer() and low <= value <= high)


def valid_epsilon(epsilon) -> bool:
    return math.isfinite(epsilon) and 0 <= epsilon < 1


@st.composite
def focal_inputs(draw):
    """(logits, targets) of one shape: mostly valid (0/1 targets, |z| ≤ 1e6), else anything."""
    shape = draw(st.sampled_from([(0,), (1,), (5,), (3, 2)]))
    n, kind = int(np.prod(shape)), draw(st.integers(0, 3))
    if kind == 0:
        return draw(arrays(dims=(0, 2))), draw(arrays(dims=(0, 2)))
    value = st.one_of(st.floats(-LOGIT, LOGIT), st.floats(-40, 40))
    target = st.sampled_from([0.0, 1.0])
    if kind == 1:
        value, target = st.one_of(value, ANY_FLOAT), st.sampled_from([0.0, 1.0, 0.5, -1.0, 2.0])
    logits = np.array(draw(st.lists(value, min_size=n, max_size=n)), dtype=float).reshape(shape)
    return logits, np.array(draw(st.lists(target, min_size=n, max_size=n))).reshape(shape)


@examples(120)
@given(focal_inputs(), st.one_of(st.floats(-1, 1), ANY_FLOAT),
       st.one_of(st.floats(0, 10), ANY_FLOAT))
def test_focal_loss_equals_torchvision_in_float64_or_is_refused(data, alpha, gamma):
    logits, targets = data
    loss = outcome(losses.focal_loss, torch.as_tensor(logits), torch.as_tensor(targets),
                   alpha, gamma)
    valid = (logits.size > 0 and targets.shape == logits.shape and finite(logits)
             and np.abs(logits).max() <= LOGIT and set(targets.ravel().tolist()) <= {0.0, 1.0}
             and math.isfinite(alpha) and alpha <= 1 and math.isfinite(gamma)
             and 0 <= gamma <= losses.MAX_GAMMA)
    assert (loss == REFUSED) == (not valid)
    if not valid:
        return
    reference = sigmoid_focal_loss(torch.as_tensor(logits), torch.as_tensor(targets),
                                   alpha if alpha >= 0 else -1, gamma, reduction="none")
    assert loss.dtype == torch.float64 and finite(loss) and (loss >= 0).all()
    torch.testing.assert_close(loss, reference, rtol=1e-12, atol=1e-300)


@st.composite
def batches(draw):
    """(logits [B, N], labels [B]): mostly valid, else anything."""
    b, n, kind = draw(st.integers(1, 5)), draw(st.integers(1, 5)), draw(st.integers(0, 3))
    if kind == 0:
        return draw(arrays(dims=(0, 3))), draw(arrays(dims=(0, 2)))
    value = st.one_of(st.floats(-LOGIT, LOGIT), st.floats(-30, 30))
    label = st.integers(0, n - 1)
    if kind == 1:
        value, label = st.one_of(value, ANY_FLOAT), st.integers(-1, n)
    return (np.array(draw(st.lists(st.lists(value, min_size=n, max_size=n), min_size=b,
                                   max_size=b)), dtype=float),
            np.array(draw(st.lists(label, min_size=b, max_size=b))))


@examples(100)
@given(batches(), st.one_of(st.floats(0, 0.999), ANY_FLOAT))
def test_smoothed_cross_entropy_equals_torch_or_is_refused(data, epsilon):
    logits, labels = data
    ours = outcome(losses.smoothed_cross_entropy, torch.as_tensor(logits),
                   torch.as_tensor(labels), epsilon)
    valid = (logits.ndim == 2 and logits.size > 0 and 2 <= logits.shape[1] <= MAX_CLASSES
             and finite(logits) and np.abs(logits).max() <= LOGIT
             and labels.shape == (len(logits),) and set(labels.tolist()) <= set(range(
                 logits.shape[1])) and valid_epsilon(epsilon))
    assert (ours == REFUSED) == (not valid)
    if not valid:
        return
    reference = torch.nn.CrossEntropyLoss(label_smoothing=epsilon)(
        torch.as_tensor(logits), torch.as_tensor(labels))
    assert abs(float(ours) - float(reference)) <= 1e-9 * (1 + abs(float(reference)))
    q = losses.smoothed_targets(torch.as_tensor(labels), logits.shape[1], epsilon,
                                torch.float64)
    torch.testing.assert_close(q.sum(1), torch.ones(len(labels), dtype=torch.float64))


@examples(100)
@given(st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 1e-300]), ANY_FLOAT,
                 arrays(st.floats(0, 1)), arrays(dims=(0, 2))), CLASSES)
def test_optimal_gaps_make_softmax_equal_the_target_or_are_refused(epsilon, n):
    gap = outcome(losses.optimal_gap, epsilon, n)
    seed_gap = outcome(losses.seed_optimal_gap, epsilon, n)
    eps = np.asarray(epsilon, dtype=float)
    valid = (eps.size > 0 and finite(eps) and eps.min() >= 0 and eps.max() <= 1
             and whole(n, 2, MAX_CLASSES))
    assert isinstance(gap, str) == isinstance(seed_gap, str) == (not valid)
    if not valid:
        return
    assert not np.isnan(gap).any() and not np.isnan(seed_gap).any()
    assert np.all((gap == np.inf) == (eps == 0)) and np.all(np.isfinite(seed_gap) | (eps % 1 == 0))
    # softmax of [gap, 0, …, 0] puts q_y on the true class: 1 − ε + ε/N (torch), 1 − ε (seed)
    with np.errstate(over="ignore"):
        p_true, p_seed = 1 / (1 + (n - 1) * np.exp(-gap)), 1 / (1 + (n - 1) * np.exp(-seed_gap))
    np.testing.assert_allclose(p_true, 1 - eps + eps / n, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(p_seed, 1 - eps, rtol=1e-12, atol=1e-12)


@examples(12)
@given(st.one_of(st.floats(*losses.NUMERIC_EPSILON), st.sampled_from(
    [0.0, 5e-4, 0.9995, 1.0, np.nan])), st.integers(1, 12), SEED)
def test_numeric_optimum_finds_the_closed_form_gap_or_is_refused(epsilon, n, seed):
    found = outcome(losses.numeric_optimum, epsilon, n, seed)
    low, high = losses.NUMERIC_EPSILON
    valid = low <= epsilon <= high and n >= 2 and whole(seed, 0, 2**32 - 1)
    assert (found == REFUSED) == (not valid)
    if valid:
        assert abs(found.gap - float(losses.optimal_gap(epsilon, n))) < 1e-4
        assert found.spread < 1e-3 and found.loss >= found.entropy_floor - 1e-9


@examples(80)
@given(st.one_of(arrays(st.floats(-50, 50)), arrays(dims=(0, 2))), CLASSES,
       st.one_of(st.floats(0, 0.999), ANY_FLOAT))
def test_loss_vs_true_logit_is_the_closed_form_or_refused(z, n, epsilon):
    result = outcome(losses.loss_vs_true_logit, z, n, epsilon)
    valid = (z.ndim == 1 and z.size > 0 and finite(z) and np.abs(z).max() <= LOGIT
             and whole(n, 2, MAX_CLASSES) and valid_epsilon(epsilon))
    assert (result == REFUSED) == (not valid)
    if not valid:
        return
    ce, smooth = result
    log_partition = np.logaddexp(z, np.log(n - 1))
    np.testing.assert_allclose(ce, log_partition - z, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(smooth, (1 - epsilon + epsilon / n) * (log_partition - z)
                               + (n - 1) * epsilon / n * log_partition, rtol=1e-12, atol=1e-12)


@examples(80)
@given(st.one_of(arrays(st.floats(0, 1)), arrays(dims=(0, 2))),
       st.one_of(st.floats(0, 5), ANY_FLOAT), st.one_of(st.floats(-1, 1), ANY_FLOAT))
def test_focal_curves_are_the_closed_form_or_refused(p, gamma, alpha):
    result = outcome(losses.focal_curves, p, gamma, alpha)
    valid = (p.ndim == 1 and p.size > 0 and finite(p) and p.min() > 0 and p.max() < 1
             and math.isfinite(gamma) and 0 <= gamma <= losses.MAX_GAMMA
             and math.isfinite(alpha) and alpha <= 1)
    assert (result == REFUSED) == (not valid)
    if not valid:
        return
    loss, gradient = result
    a = alpha if alpha >= 0 else 1.0
    assert finite(loss, gradient)
    np.testing.assert_allclose(loss, -a * (1 - p) ** gamma * np.log(p), rtol=1e-9, atol=1e-12)
    # d/dz with dp/dz = p (1 - p): a (1 - p)^γ (γ p log p − (1 − p))
    np.testing.assert_allclose(gradient, a * (1 - p) ** gamma * (gamma * p * np.log(p) - (1 - p)),
                               rtol=1e-6, atol=1e-12)


@examples(60)
@given(CLASSES, st.one_of(st.floats(0, 0.999), ANY_FLOAT), st.one_of(st.integers(-1, 40),
       st.sampled_from([10**9])), SEED)
def test_torch_check_gives_two_equal_numbers_or_is_refused(n, epsilon, batch, seed):
    result = outcome(losses.check_against_torch, n, epsilon, batch, seed)
    valid = (whole(n, 2, MAX_CLASSES) and valid_epsilon(epsilon) and whole(batch, 1)
             and batch * n <= MAX_ELEMENTS and whole(seed, 0, 2**32 - 1))
    assert (result == REFUSED) == (not valid)
    if valid:
        ours, reference = result
        assert abs(ours - reference) <= 1e-12 * (1 + abs(reference))


# --------------------------------------------------------------------------- imbalance
@examples(60)
@given(st.one_of(st.integers(-1, 300), st.sampled_from([np.nan, 10**9])),
       st.one_of(st.integers(-1, 200), st.sampled_from([2.5, np.inf])), SEED)
def test_toy_data_has_the_asked_imbalance_or_is_refused(n_negative, ratio, seed):
    data = outcome(imbalance.toy_data, n_negative, ratio, seed)
    valid = (whole(n_negative, 2, MAX_ELEMENTS // 4) and whole(ratio, 1)
             and n_negative // ratio >= 2 and whole(seed, 0, 2**32 - 1))
    assert (data == REFUSED) == (not valid)
    if valid:
        assert (data.y == 0).sum() == n_negative and (data.y == 1).sum() == n_negative // ratio
        assert finite(data.x) and imbalance.balanced_alpha(data.y) == n_negative / len(data.y)


TOY = imbalance.toy_data(200, 10, seed=1)


@examples(15)
@given(st.one_of(st.floats(-1, 1), ANY_FLOAT), st.one_of(st.floats(0, 5), ANY_FLOAT))
def test_fit_logistic_is_finite_or_refused(alpha, gamma):
    fit = outcome(imbalance.fit_logistic, TOY, "toy", alpha, gamma)
    valid = (math.isfinite(alpha) and alpha <= 1 and math.isfinite(gamma)
             and 0 <= gamma <= losses.MAX_GAMMA)
    if not valid:
        assert fit == REFUSED
    elif fit == REFUSED:
        assert fit.code == "other"                   # the fit itself diverged, and says so
    else:
        assert finite(fit.weights, fit.bias)
        assert all(0 <= v <= 1 for v in (fit.recall, fit.precision, fit.average_precision))
