"""Property tests of explorer.metrics: for any input, the value scikit-learn / the VOC devkit
gives, or an InputError (see tests/property_helpers.py); never NaN, never another exception."""
import io
import math

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st
from sklearn import metrics as skm

from explorer import metrics as m
from explorer.budget import MAX_ELEMENTS
from tests.property_helpers import (ANY_FLOAT, REFUSED, SEED, arrays, examples, finite,
                                    outcome)
from tests.test_metrics import voc_devkit_ap

UNIT = st.floats(0, 1)


def whole(value, low, high=math.inf) -> bool:
    return (not isinstance(value, bool) and float(value) == float(value)
            and float(value).is_integer() and low <= value <= high)


# --------------------------------------------------------------------------- interpolated AP
def operating_points():
    """(recall, precision): mostly a valid curve, else anything (NaN, > 1, unsorted, 2-D...)."""
    valid = st.integers(1, 8).flatmap(lambda n: st.tuples(
        arrays(UNIT, max_side=n).filter(lambda a: a.size == n).map(np.sort),
        arrays(UNIT, max_side=n).filter(lambda a: a.size == n)))
    return st.one_of(valid, st.tuples(arrays(dims=(0, 2)), arrays(dims=(0, 2))))


def valid_points(recall, precision) -> bool:
    return (recall.ndim == 1 and recall.shape == precision.shape and recall.size > 0
            and finite(recall, precision) and recall.min() >= 0 and recall.max() <= 1
            and precision.min() >= 0 and precision.max() <= 1
            and bool(np.all(np.diff(recall) >= 0)))


@examples(120)
@given(operating_points(), st.one_of(st.integers(-2, 120),
                                     st.sampled_from([np.nan, 2.5, 10**12, True])))
def test_interpolated_ap_is_the_devkits_or_refused(points, levels):
    recall, precision = points
    valid = valid_points(recall, precision)
    all_point = outcome(m.all_point_ap, recall, precision)
    sampled = outcome(m.sampled_ap, recall, precision, levels)
    assert (all_point == REFUSED) == (not valid)
    if not valid:
        assert sampled == REFUSED
        return
    assert abs(all_point - voc_devkit_ap(recall, precision, False)) < 1e-12
    assert 0 <= all_point <= 1
    if not whole(levels, 2, MAX_ELEMENTS):
        assert sampled == REFUSED
        return
    grid = np.linspace(0, 1, int(levels))
    reference = np.mean([precision[recall >= r].max(initial=0) for r in grid])
    assert abs(sampled - reference) < 1e-12 and 0 <= sampled <= 1


# --------------------------------------------------------------------------- binary problems
@st.composite
def labelled_scores(draw):
    """(y_true, scores): 0/1 labels with finite (often huge or tied) scores of one length,
    or with hostile ones, or anything."""
    n, kind = draw(st.integers(0, 12)), draw(st.integers(0, 3))
    if kind == 3:
        return draw(arrays(dims=(0, 2))), draw(arrays(dims=(0, 2)))
    scores = (st.floats(allow_nan=False, allow_infinity=False) if kind == 0 else
              st.sampled_from([-1e308, 0.0, 1.0, 1e308]) if kind == 1 else ANY_FLOAT)
    return (np.array(draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n))),
            np.array(draw(st.lists(scores, min_size=n, max_size=n)), dtype=float))


def valid_binary(y, s) -> bool:
    return (y.ndim == 1 and y.shape == s.shape and y.size > 0 and finite(s)
            and set(y.tolist()) == {0.0, 1.0})


@examples(100)
@given(labelled_scores(), ANY_FLOAT)
def test_binary_metrics_equal_sklearn_or_are_refused(data, threshold):
    y, s = data
    problem = outcome(m.check_binary, y, s)
    assert (problem == REFUSED) == (not valid_binary(y, s))
    if problem == REFUSED:
        return
    curve = outcome(m.pr_curve, problem)
    with np.errstate(over="ignore", invalid="ignore"):   # sklearn sums and diffs them
        precision, recall, thresholds = skm.precision_recall_curve(y, s)
        ap, auc = skm.average_precision_score(y, s), skm.roc_auc_score(y, s)
    np.testing.assert_array_equal(curve.precision, precision)
    np.testing.assert_array_equal(curve.recall, recall)
    np.testing.assert_array_equal(curve.thresholds, thresholds)
    variants = outcome(m.ap_variants, problem)
    assert abs(variants["step AP (sklearn)"] - ap) < 1e-12
    assert abs(variants["ROC AUC"] - auc) < 1e-12
    assert all(0 <= v <= 1 for v in variants.values())
    assert variants["all-point (VOC2010+)"] >= variants["step AP (sklearn)"] - 1e-12
    assert len(outcome(m.explain_ap, variants, outcome(m.prevalence, problem))) == 4
    best_t, best = outcome(m.best_f1, curve)
    assert 0 < best <= 1 and best_t in s
    edges, negatives, positives = outcome(m.score_histograms, problem, 7)
    assert finite(edges) and np.all(np.diff(edges) >= 0)
    assert (negatives.sum(), positives.sum()) == ((y == 0).sum(), (y == 1).sum())
    at = outcome(m.at_threshold, problem, threshold)
    if not math.isfinite(threshold):
        assert at == REFUSED
        return
    predicted = s >= threshold
    tp, fp = int((predicted & (y == 1)).sum()), int((predicted & (y == 0)).sum())
    assert at.counts.tolist() == [[int((y == 0).sum()) - fp, fp], [int((y == 1).sum()) - tp, tp]]
    assert finite(at.precision, at.recall, at.f1, at.accuracy, at.fpr)
    assert at.recall == tp / (y == 1).sum()


@examples(60)
@given(st.integers(2, 4), st.integers(0, 14), st.data())
def test_one_vs_rest_table_is_finite_or_refused(k, n, data):
    labels = data.draw(st.one_of(arrays(st.integers(0, k - 1).map(float), max_side=n),
                                 arrays(dims=(0, 2))))
    probabilities = data.draw(st.one_of(
        arrays(UNIT, dims=(2, 2), max_side=max(n, k)).filter(
            lambda a: a.shape == (labels.size, k)), arrays(dims=(0, 2))))
    problems = outcome(m.one_vs_rest, labels, probabilities, [f"c{i}" for i in range(k)])
    valid = (labels.ndim == 1 and probabilities.shape == (len(labels), k) and labels.size > 0
             and finite(probabilities, labels) and set(labels.tolist()) == set(range(k)))
    assert (problems == REFUSED) == (not valid)
    if problems == REFUSED:
        return
    table = outcome(m.per_class_table, problems, 0.5).set_index("class")
    values = table.drop(columns="support").to_numpy(dtype=float)
    assert finite(values) and values.min() >= 0 and values.max() <= 1
    assert table.loc["macro average", "precision"] == table.iloc[:k]["precision"].mean()


# --------------------------------------------------------------------------- uploaded CSV
CELLS = ["0", "1", "1.0", "0.5", "2", "-1", "nan", "NaN", "inf", "-inf", "1e400", "1e308",
         "-1e308", "abc", "", " ", '"1"', "=1+1", "0x1"]
HEADERS = ["y_true,score", "y_true,score,class", " Y_TRUE , Score ", "y_true,score,SCORE",
           "label,score", "y_true", "", "y_true;score"]


@st.composite
def csv_bytes(draw):
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=80))
    number = st.floats(allow_nan=False, allow_infinity=False).map(repr)
    if draw(st.booleans()):                     # a clean file (may still hold one class)
        header = draw(st.sampled_from(HEADERS[:3]))
        rows = draw(st.lists(st.tuples(st.sampled_from(["0", "1", "1.0"]), number,
                                       st.sampled_from(["a", "b", ""])), max_size=8))
        return "\n".join([header] + [",".join(row[:header.count(",") + 1]) for row in rows]
                         ).encode()
    header = draw(st.sampled_from(HEADERS))
    hostile = st.sampled_from(CELLS)
    good = st.tuples(st.sampled_from(["0", "1"]), st.one_of(number, hostile), hostile)
    rows = draw(st.lists(st.one_of(good, st.lists(hostile, max_size=4)), max_size=8))
    return "\n".join([header] + [",".join(row) for row in rows]).encode()


@examples(150)
@given(csv_bytes())
def test_uploaded_csv_gives_valid_problems_or_a_clear_refusal(data):
    result = outcome(m.problems_from_csv, data)
    if result == REFUSED:
        return
    problems, notes = result
    assert notes == []                                           # within every CSV limit
    rows = len(pd.read_csv(io.BytesIO(data)))
    assert sum(len(p.y_true) for p in problems) == rows          # no row silently dropped
    for p in problems:
        assert set(p.y_true.tolist()) == {0, 1} and finite(p.scores)


# --------------------------------------------------------------------------- small helpers
@examples(80)
@given(ANY_FLOAT, st.one_of(arrays(UNIT), arrays(dims=(0, 2))))
def test_iso_f1_keeps_f1_constant_where_it_draws(f1, recall):
    precision = outcome(m.iso_f1, f1, recall)
    valid = (math.isfinite(f1) and 0 <= f1 <= 1 and recall.ndim == 1 and recall.size > 0
             and finite(recall) and recall.min() >= 0 and recall.max() <= 1)
    assert (isinstance(precision, str)) == (not valid)
    if not valid:
        return
    drawn = ~np.isnan(precision)
    p, r = precision[drawn], recall[drawn]
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(2 * p * r / np.where(p + r > 0, p + r, 1), f1, atol=1e-9)
    assert not np.any(drawn & (recall <= f1 / 2))


@examples(80)
@given(st.one_of(st.integers(-2, 300), st.sampled_from([np.nan, 2.5, 10**12])), ANY_FLOAT,
       ANY_FLOAT, st.sampled_from(m.PRESETS + ("gaussian",)), SEED)
def test_synthetic_scores_are_finite_or_refused(n, separation, fraction, preset, seed):
    data = outcome(m.synthetic_scores, n, separation, fraction, preset, seed)
    valid = (whole(n, 2, MAX_ELEMENTS) and math.isfinite(separation) and 0 < fraction < 1
             and preset in m.PRESETS and whole(seed, 0, 2**32 - 1))
    assert (data == REFUSED) == (not valid)
    if valid:
        y, s = data
        assert y.shape == s.shape == (n,) and finite(s) and set(y.tolist()) == {0, 1}


@examples(60)
@given(st.one_of(st.integers(-2, 200), st.sampled_from([np.nan, 10**9])),
       st.one_of(st.integers(0, 12), st.sampled_from([10**6])), ANY_FLOAT, ANY_FLOAT, SEED)
def test_synthetic_multiclass_is_finite_or_refused(n, k, separation, ratio, seed):
    data = outcome(m.synthetic_multiclass, n, k, separation, ratio, seed)
    valid = (whole(n, 1) and whole(k, 2, 1000) and n * k <= MAX_ELEMENTS
             and math.isfinite(separation) and 0 < ratio <= 1 and whole(seed, 0, 2**32 - 1))
    assert (data == REFUSED) == (not valid)
    if valid:
        labels, probabilities = data
        assert probabilities.shape == (n, k) and finite(probabilities)
        np.testing.assert_allclose(probabilities.sum(1), 1)
        assert labels.min() >= 0 and labels.max() < k


@examples(60)
@given(ANY_FLOAT, ANY_FLOAT)
def test_seed_macro_f1_is_the_harmonic_mean_or_refused(p, r):
    f1 = outcome(m.seed_macro_f1, p, r)
    valid = math.isfinite(p) and math.isfinite(r) and 0 <= p <= 1 and 0 <= r <= 1
    assert (f1 == REFUSED) == (not valid)
    if valid:
        assert f1 == (0.0 if p + r == 0 else 2 * p * r / (p + r))
