"""Property tests of explorer.calibration and explorer.smoothing_comparison: bins, ECE and NLL
against loops and scipy, the fitted temperature against the NLL it minimises, the template
plane against its geometry; any input gives that, or an InputError (see
tests/property_helpers.py); never NaN, never another exception."""
import math

import numpy as np
import torch
from hypothesis import given, strategies as st
from scipy.special import logsumexp

from explorer import calibration as cal
from explorer import smoothing_comparison as sc
from explorer.budget import MAX_ELEMENTS
from tests.property_helpers import (ANY_FLOAT, REFUSED, arrays, examples, finite, outcome)

T_LOW, T_HIGH = cal.TEMPERATURE_RANGE


def whole(value, low, high=math.inf) -> bool:
    return (not isinstance(value, bool) and float(value) == float(value)
            and float(value).is_integer() and low <= value <= high)


@st.composite
def confidences(draw):
    """(confidence [n], correct [n]): mostly valid, often on bin edges, else anything."""
    n, kind = draw(st.integers(0, 10)), draw(st.integers(0, 3))
    if kind == 0:
        return draw(arrays(dims=(0, 2))), draw(arrays(dims=(0, 2)))
    value = st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.1, 0.5, 1 / 3, 1.0]))
    right = st.sampled_from([0.0, 1.0])
    if kind == 1:                                   # hostile values among good ones
        value, right = st.one_of(value, ANY_FLOAT), st.sampled_from([0.0, 1.0, 0.5, -1.0])
    return (np.array(draw(st.lists(value, min_size=n, max_size=n)), dtype=float),
            np.array(draw(st.lists(right, min_size=n, max_size=n))))


@examples(120)
@given(confidences(), st.one_of(st.integers(-1, 12), st.sampled_from([np.nan, 2.5, 10**9])))
def test_reliability_bins_equal_a_loop_over_the_bins_or_are_refused(data, n_bins):
    confidence, correct = data
    bins = outcome(cal.reliability_bins, confidence, correct, n_bins)
    valid = (confidence.ndim == 1 and confidence.size > 0 and correct.shape == confidence.shape
             and finite(confidence) and confidence.min() >= 0 and confidence.max() <= 1
             and set(correct.tolist()) <= {0.0, 1.0} and whole(n_bins, 1, MAX_ELEMENTS))
    assert (bins == REFUSED) == (not valid)
    if not valid:
        return
    edges, ece = np.linspace(0, 1, int(n_bins) + 1), 0.0
    for m, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
        inside = (confidence > lo) & (confidence <= hi) | ((confidence == 0) & (m == 0))
        assert bins.counts[m] == inside.sum()
        if inside.any():
            assert bins.accuracy[m] == correct[inside].mean()
            assert abs(bins.confidence[m] - confidence[inside].mean()) < 1e-15
            ece += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
        else:                                        # NaN marks an empty bin, nothing else
            assert np.isnan(bins.accuracy[m]) and np.isnan(bins.confidence[m])
    assert abs(bins.ece - ece) < 1e-12 and 0 <= bins.ece <= 1


@st.composite
def logits_and_labels(draw, scale=1e6):
    """(logits [n, K], labels [n]): mostly valid (|z| ≤ scale), else anything."""
    n, k = draw(st.integers(1, 10)), draw(st.integers(1, 4))
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(arrays(dims=(0, 3))), draw(arrays(dims=(0, 2)))
    value = st.one_of(st.floats(-scale, scale), st.integers(-3, 3).map(float))
    if kind == 1:
        value = st.one_of(value, ANY_FLOAT)
    logits = np.array(draw(st.lists(st.lists(value, min_size=k, max_size=k), min_size=n,
                                    max_size=n)), dtype=float)
    label = st.integers(0, k - 1) if kind != 2 else st.integers(-1, k)
    labels = np.array(draw(st.lists(label, min_size=n, max_size=n)))
    if kind >= 4:                                    # mostly right, as a trained network
        right = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
        labels = np.where(right, logits.argmax(1), labels)
    return logits, labels


def valid_logits(logits, labels) -> bool:
    return (logits.ndim == 2 and logits.size > 0 and 2 <= logits.shape[1] <= 1000
            and finite(logits) and np.abs(logits).max() <= cal.MAX_ABS_LOGIT
            and labels.shape == (len(logits),) and finite(labels)
            and set(labels.tolist()) <= set(range(logits.shape[1])))


def nll(logits, labels, t) -> float:
    """Mean -log softmax(z / T)_y with scipy's logsumexp."""
    scaled = logits / t
    return float(np.mean(logsumexp(scaled, axis=1) - scaled[np.arange(len(labels)), labels]))


@examples(100)
@given(logits_and_labels(), st.one_of(st.floats(T_LOW, T_HIGH), ANY_FLOAT))
def test_summary_nll_equals_logsumexp_or_is_refused(data, temperature):
    logits, labels = data
    summary = outcome(cal.summarise, logits, labels, temperature)
    valid = valid_logits(logits, labels) and T_LOW <= temperature <= T_HIGH
    assert (summary == REFUSED) == (not valid)
    if not valid:
        return
    labels = labels.astype(int)
    reference = nll(logits, labels, temperature)
    # logsumexp(z/T) - z_y/T cancels: the reference itself is only good to a few ulps of the
    # largest |z/T| (z = 167773, T = 0.01: 3.7e-9 off log 2, found by hypothesis)
    rounding = 8 * np.finfo(float).eps * float(np.abs(logits).max()) / temperature
    assert abs(summary.nll - reference) <= 1e-9 * (1 + abs(reference)) + rounding
    assert 0 <= summary.accuracy <= 1 and 0 <= summary.ece <= 1
    assert 1 / logits.shape[1] - 1e-12 <= summary.mean_confidence <= 1


@examples(60)
@given(logits_and_labels(scale=1e3))
def test_fitted_temperature_minimises_the_nll_or_says_why_not(data):
    logits, labels = data
    fit = outcome(cal.fit_temperature, logits, labels)
    assert (fit == REFUSED) == (not valid_logits(logits, labels))
    if fit == REFUSED:
        return
    labels, t = labels.astype(int), fit.temperature
    assert T_LOW <= t <= T_HIGH and (fit.note is None) == (fit.at_bound is None)
    best, tolerance = nll(logits, labels, t), 1e-9 * (1 + abs(nll(logits, labels, t)))
    neighbours = {None: (t * 1.001, t / 1.001), "lower": (T_LOW * 1.01,),
                  "upper": (T_HIGH / 1.01,), "flat": (0.5, 2.0)}[fit.at_bound]
    for other in neighbours:
        assert best <= nll(logits, labels, other) + tolerance


# --------------------------------------------------------------------------- template plane
@st.composite
def templates(draw):
    d, kind = draw(st.integers(1, 5)), draw(st.integers(0, 4))
    if kind == 0:
        return draw(arrays(dims=(0, 3)))
    value = st.one_of(st.floats(-1e3, 1e3), st.integers(-2, 2).map(float))
    if kind == 1:
        value = st.one_of(value, ANY_FLOAT)
    rows = draw(st.integers(2, 4)) if kind == 2 else 3
    return np.array(draw(st.lists(st.lists(value, min_size=d, max_size=d), min_size=rows,
                                  max_size=rows)), dtype=float)


@examples(100)
@given(templates(), st.integers(0, 4))
def test_template_plane_is_orthonormal_and_keeps_the_triangle(points, n):
    features = np.ones((n, points.shape[-1] if points.ndim else 1))
    coords = outcome(sc.project_on_templates, torch.as_tensor(features),
                     torch.as_tensor(points))
    shaped = (points.ndim == 2 and points.shape[0] == 3 and points.shape[1] >= 2 and n > 0
              and finite(points) and np.abs(points).max() <= sc.MAX_ABS_VALUE)
    if not shaped:
        assert coords == REFUSED
        return
    plane = outcome(sc.template_plane, torch.as_tensor(points))
    if plane == REFUSED:                             # collinear (or all equal): no plane
        assert plane.code == "degenerate" and coords == REFUSED
        return
    origin, basis = plane
    np.testing.assert_allclose(basis.T @ basis, np.eye(2), atol=1e-9)
    projected = outcome(sc.project_on_templates, torch.as_tensor(points), torch.as_tensor(points))
    scale = np.abs(points).max()
    for i, j in ((0, 1), (0, 2), (1, 2)):
        assert abs(np.linalg.norm(projected[i] - projected[j])
                   - np.linalg.norm(points[i] - points[j])) <= 1e-9 * scale
    assert coords.shape == (n, 2) and finite(coords)


@examples(100)
@given(st.integers(0, 8), st.data())
def test_cluster_spread_is_scale_free_or_refused(n, data):
    coords = data.draw(st.one_of(
        st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), min_size=n,
                 max_size=n).map(lambda c: np.array(c, dtype=float).reshape(n, 2)),
        arrays(dims=(0, 3))))
    labels = np.array(data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    spread = outcome(sc.cluster_spread, coords, labels)
    shaped = (coords.ndim == 2 and coords.shape == (n, 2) and n > 0 and finite(coords)
              and np.abs(coords).max() <= sc.MAX_ABS_VALUE and len(set(labels.tolist())) >= 2)
    if not shaped:
        assert spread == REFUSED
        return
    if spread == REFUSED:
        assert spread.code == "degenerate"           # every class mean at one point
        means = np.array([coords[labels == k].mean(0) for k in set(labels.tolist())])
        assert np.all(means == means[0])
        return
    assert spread >= 0 and math.isfinite(spread)
    assert abs(outcome(sc.cluster_spread, coords * 4, labels) - spread) <= 1e-9 * spread
