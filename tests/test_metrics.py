"""explorer.metrics against sklearn.metrics and hand-worked examples."""
import io

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from explorer import metrics as m
from explorer.errors import InputError

# Ranking [1, 0, 1, 0, 0, 1] (highest score first): operating points (R, P) are
# (1/3, 1) (1/3, 1/2) (2/3, 2/3) (2/3, 1/2) (2/3, 2/5) (1, 1/2).
RANKED = m.check_binary([1, 0, 1, 0, 0, 1], [0.9, 0.8, 0.7, 0.6, 0.5, 0.4])


def random_problem(seed, n=500, ties=False):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    s = rng.normal(size=n) + y
    return m.check_binary(y, np.round(s, 1) if ties else s)


@pytest.mark.parametrize("seed,ties", [(0, False), (1, True), (2, True)])
def test_pr_curve_equals_sklearn_with_and_without_ties(seed, ties):
    problem = random_problem(seed, ties=ties)
    ours = m.pr_curve(problem)
    precision, recall, thresholds = skm.precision_recall_curve(problem.y_true, problem.scores)
    np.testing.assert_array_equal(ours.precision, precision)
    np.testing.assert_array_equal(ours.recall, recall)
    np.testing.assert_array_equal(ours.thresholds, thresholds)
    assert m.step_ap(ours) == skm.average_precision_score(problem.y_true, problem.scores)


def test_hand_worked_ap_variants():
    ap = m.ap_variants(RANKED)
    assert ap["step AP (sklearn)"] == pytest.approx(1 / 3 + 2 / 9 + 1 / 6)   # 13/18
    assert ap["all-point (VOC2010+)"] == pytest.approx(13 / 18)
    # 11 levels: r = 0..0.3 -> 1, r = 0.4..0.6 -> 2/3, r = 0.7..1 -> 1/2
    assert ap["11-point (VOC2007)"] == pytest.approx((4 + 3 * 2 / 3 + 4 / 2) / 11)
    # 101 levels: 34 at P=1 (r <= .33), 33 at 2/3 (r <= .66), 34 at 1/2
    assert ap["101-point (COCO)"] == pytest.approx((34 + 33 * 2 / 3 + 34 / 2) / 101)


def test_envelope_lifts_all_point_ap_above_the_step_sum():
    # Ranking [0, 1, 1]: points (0, 0) (1/2, 1/2) (1, 2/3); envelope is 2/3 everywhere.
    problem = m.check_binary([0, 1, 1], [3.0, 2.0, 1.0])
    ap = m.ap_variants(problem)
    assert ap["step AP (sklearn)"] == pytest.approx(1 / 4 + 1 / 3)
    assert ap["all-point (VOC2010+)"] == pytest.approx(2 / 3)
    assert ap["11-point (VOC2007)"] == pytest.approx(2 / 3)
    assert ap["101-point (COCO)"] == pytest.approx(2 / 3)


def test_sampled_ap_counts_unreached_recall_as_zero():
    # A detector that finds only half the objects: r > 0.5 contributes 0.
    assert m.sampled_ap([0.25, 0.5], [1.0, 0.5], 11) == pytest.approx((3 * 1 + 3 * 0.5) / 11)
    levels, values = m.interpolated_precision([0.25, 0.5], [1.0, 0.5], 11)
    assert values[levels > 0.5].tolist() == [0.0] * 5


def test_interpolation_rejects_unsorted_recall():
    with pytest.raises(ValueError, match="non-decreasing"):
        m.all_point_ap([1.0, 0.5], [0.5, 1.0])


def test_at_threshold_matches_the_seed_formulas():
    problem = random_problem(3)
    t = 0.4
    res = m.at_threshold(problem, t)
    (tn, fp), (fn, tp) = res.counts
    pred = problem.scores >= t
    positive = problem.y_true == 1
    assert tp == np.sum(pred & positive) and tn == np.sum(~pred & ~positive)
    n = tp + fp + fn + tn
    assert res.precision == pytest.approx(tp / (tp + fp))
    assert res.recall == pytest.approx(tp / (tp + fn))
    assert res.f1 == pytest.approx(2 * tp / (n + tp - tn))        # the seed's second form
    assert res.accuracy == pytest.approx((tp + tn) / n)
    assert res.fpr == pytest.approx(fp / (fp + tn))


def test_best_f1_is_the_maximum_over_all_thresholds():
    problem = random_problem(4)
    threshold, f1 = m.best_f1(m.pr_curve(problem))
    brute = max(skm.f1_score(problem.y_true, problem.scores >= t) for t in problem.scores)
    assert f1 == pytest.approx(brute)
    assert m.at_threshold(problem, threshold).f1 == pytest.approx(f1)


def test_iso_f1_line_has_constant_f1():
    recall = np.linspace(0.3, 1, 50)
    precision = m.iso_f1(0.5, recall)
    ok = ~np.isnan(precision)
    assert ok.sum() > 10
    f1 = 2 * precision[ok] * recall[ok] / (precision[ok] + recall[ok])
    np.testing.assert_allclose(f1, 0.5)


def test_presets_behave_as_named():
    y, s = m.synthetic_scores(4000, preset="perfect", positive_fraction=0.2, seed=1)
    assert skm.average_precision_score(y, s) == 1.0
    y, s = m.synthetic_scores(20000, preset="random", positive_fraction=0.2, seed=1)
    assert skm.average_precision_score(y, s) == pytest.approx(0.2, abs=0.02)
    assert skm.roc_auc_score(y, s) == pytest.approx(0.5, abs=0.02)
    y, s = m.synthetic_scores(20000, separation=2.0, seed=1)
    # Two unit Gaussians d apart: AUC = Φ(d / √2)
    assert skm.roc_auc_score(y, s) == pytest.approx(0.9214, abs=0.01)


def test_per_class_table_averages_equal_sklearn():
    rng = np.random.default_rng(5)
    labels = rng.integers(0, 3, 300)
    probs = rng.dirichlet(np.ones(3), 300) + 0.5 * np.eye(3)[labels]
    probs /= probs.sum(1, keepdims=True)
    table = m.per_class_table(m.one_vs_rest(labels, probs, ["a", "b", "c"]), 0.5).set_index(
        "class")
    onehot = np.eye(3)[labels]
    pred = (probs >= 0.5).astype(int)
    for avg in m.AVERAGES:
        row = table.loc[f"{avg} average"]
        p, r, f, _ = skm.precision_recall_fscore_support(onehot, pred, average=avg)
        assert (row["precision"], row["recall"], row["F1"]) == pytest.approx((p, r, f))
        assert row["step AP (sklearn)"] == pytest.approx(
            skm.average_precision_score(onehot, probs, average=avg))
        assert row["ROC AUC"] == pytest.approx(skm.roc_auc_score(onehot, probs, average=avg))
    assert table.loc["b", "support"] == np.sum(labels == 1)
    macro = table.loc["macro average"]
    seed_f1 = m.seed_macro_f1(macro["precision"], macro["recall"])
    p, r = macro["precision"], macro["recall"]
    assert seed_f1 == pytest.approx(2 * p * r / (p + r))
    assert seed_f1 != pytest.approx(macro["F1"])   # the two macro-F1 definitions differ here


def read(text):
    return pd.read_csv(io.StringIO(text))


@pytest.mark.parametrize("text,message", [
    ("label,score\n1,0.3\n0,0.2\n", "missing column"),
    ("y_true,score\n1,high\n0,0.2\n", "row 2 holds 'high'"),
    ("y_true,score\n1,0.4\n0,\n", "NaN value at row 3"),
    ("y_true,score\n1,0.4\n1,0.3\n", "only the class 1"),
    ("y_true,score\n2,0.4\n0,0.3\n", "only 0 and 1"),
    ("y_true,score\n", "no rows"),
])
def test_bad_csv_gives_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message):
        m.problems_from_table(read(text))


def test_csv_with_class_column_gives_one_problem_per_class():
    problems = m.problems_from_table(read(
        "y_true,score,class\n1,.9,cat\n0,.1,cat\n0,.8,dog\n1,.7,dog\n1,.2,dog\n"))
    assert [p.name for p in problems] == ["class cat", "class dog"]
    assert problems[1].y_true.tolist() == [0, 1, 1]
    assert m.ap_variants(problems[0])["step AP (sklearn)"] == 1.0


def test_unreadable_csv_bytes_give_a_clear_message():
    with pytest.raises(ValueError, match="the file is empty"):
        m.problems_from_csv(b"")
    with pytest.raises(ValueError, match="could not read the file as CSV"):
        m.problems_from_csv(b"y_true,score\n1,\"0.5\n0,0.2\n")
    with pytest.raises(ValueError, match="more cells than the header"):
        m.problems_from_csv(b"y_true,score\n1,0.5,7\n0,0.2\n")


def test_csv_rows_beyond_the_budget_are_left_out_with_a_note(monkeypatch):
    monkeypatch.setattr(m, "MAX_CSV_ROWS", 50)
    data = "y_true,score\n" + "1,0.9\n0,0.1\n" * 40
    (problem,), notes = m.problems_from_csv(data.encode())
    assert len(problem.y_true) == 50
    assert notes == ["The file has more than 50 rows: the first 50 are used (the limit of 50 "
                     "rows; the curves and APs below describe those rows only). To use other "
                     "rows, upload a random sample of at most 50."]


def test_synthetic_multiclass_priors_and_probabilities():
    labels, probs = m.synthetic_multiclass(40000, n_classes=3, rarest_ratio=0.25, seed=0)
    np.testing.assert_allclose(probs.sum(1), 1)
    counts = np.bincount(labels, minlength=3) / len(labels)
    np.testing.assert_allclose(counts, np.array([1, 0.5, 0.25]) / 1.75, atol=0.01)
    assert skm.accuracy_score(labels, probs.argmax(1)) > 1 / 3 + 0.2   # better than chance


def test_explanations_quote_the_differences_of_this_data():
    ap = m.ap_variants(m.check_binary([0, 1, 1], [3.0, 2.0, 1.0]))
    lines = m.explain_ap(ap, 2 / 3)
    assert f"{2 / 3 - 7 / 12:+.4f}" in lines[0] and "climbs again" in lines[0]
    perfect = m.explain_ap(m.ap_variants(m.check_binary([1, 0], [1.0, 0.0])), 0.5)
    assert "+0.0000" in perfect[0] and "adds nothing" in perfect[0]


def test_curves_need_neither_pandas_nor_torch():
    """The benchmark machine has numpy and scikit-learn only."""
    import subprocess
    import sys
    code = ("import sys; sys.modules['pandas'] = None\n"     # an import of pandas fails
            "from explorer import metrics as m\n"
            "p = m.check_binary([0, 1, 1], [3.0, 2.0, 1.0])\n"
            "print(m.step_ap(m.pr_curve(p)), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=__import__("pathlib").Path(__file__).resolve().parents[1])
    assert out.returncode == 0, out.stderr
    ap, torch_loaded = out.stdout.split()
    assert float(ap) == pytest.approx(7 / 12) and torch_loaded == "False"


def test_score_histograms_count_every_sample_once():
    problem = random_problem(6)
    edges, negatives, positives = m.score_histograms(problem, bins=30)
    assert len(edges) == 31 and negatives.sum() + positives.sum() == len(problem.y_true)
    assert positives.sum() == problem.y_true.sum()
    np.testing.assert_array_equal(positives, np.histogram(problem.scores[problem.y_true == 1],
                                                          edges)[0])


def voc_devkit_ap(rec, prec, use_07_metric):
    """voc_ap() of the PASCAL VOC devkit (py-faster-rcnn's voc_eval.py), transcribed."""
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t])
            ap += p / 11.0
        return ap
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])


@pytest.mark.parametrize("seed", range(5))
def test_interpolated_ap_equals_the_voc_devkit(seed):
    # Detector-like curve: recall k/npos after each detection, never reaching 1.
    rng = np.random.default_rng(seed)
    hits = rng.random(60) < 0.5
    tp = np.cumsum(hits)
    recall, precision = tp / (hits.sum() + 7), tp / np.arange(1, 61)
    assert m.sampled_ap(recall, precision, 11) == pytest.approx(
        voc_devkit_ap(recall, precision, True), abs=1e-12)
    assert m.all_point_ap(recall, precision) == pytest.approx(
        voc_devkit_ap(recall, precision, False), abs=1e-12)


# ----------------------------------------------------------------------- refusals (InputError)
@pytest.mark.parametrize("recall, precision, code", [
    ([0.5, np.nan], [1.0, 0.5], "not_finite"),
    ([0.5, 3.0], [1.0, 1.0], "out_of_range"),        # all-point AP was 3.0
    ([0.5, 1.0], [1.0, -0.5], "out_of_range"),
    ([], [], "empty"),
    ([0.5, 1.0], [1.0], "shape"),
    ([[0.5, 1.0]], [[1.0, 1.0]], "shape"),
    ([1.0, 0.5], [0.5, 1.0], "not_sorted"),
])
def test_ap_refuses_bad_operating_points(recall, precision, code):
    for ap in (m.all_point_ap, lambda r, p: m.sampled_ap(r, p, 11)):
        with pytest.raises(InputError) as err:
            ap(recall, precision)
        assert err.value.code == code and err.value.params["name"] in ("recall", "precision")


@pytest.mark.parametrize("points, code", [(0, "out_of_range"), (1, "out_of_range"),
                                          (2.5, "not_integer"), (10**12, "budget")])
def test_sampled_ap_needs_at_least_two_levels_within_budget(points, code):
    with pytest.raises(InputError) as err:
        m.sampled_ap([0.5, 1.0], [1.0, 0.5], points)
    assert err.value.code == code


@pytest.mark.parametrize("y, scores, code", [
    ([], [], "empty"),                                # was an IndexError
    ([1, 1], [0.1, 0.2], "single_class"),
    ([0, 2], [0.1, 0.2], "choice"),
    ([0, np.nan], [0.1, 0.2], "not_finite"),
    ([0, 1], [0.1, np.inf], "not_finite"),
    ([0, 1], [0.1], "shape"),
    (["0", "1"], np.array(["a", "b"]), "other"),
])
def test_check_binary_refuses_what_has_no_pr_curve(y, scores, code):
    with pytest.raises(InputError) as err:
        m.check_binary(y, scores)
    assert err.value.code == code


def test_seeds_beyond_32_bits_are_refused_with_the_range():
    with pytest.raises(InputError) as err:
        m.synthetic_scores(seed=2**32)
    assert err.value.code == "out_of_range" and err.value.params["high"] == 2**32 - 1


def test_histograms_of_extreme_scores_stay_finite():
    # numpy's own edges overflow (hi − lo = inf) or refuse a range a few floats wide
    for scores in ([-1.7e308, 1.7e308, 0.0], [5e-324, 1e-323, 5e-324]):
        problem = m.check_binary([0, 1, 0], scores)
        edges, negatives, positives = m.score_histograms(problem, 4)
        assert np.isfinite(edges).all() and np.all(np.diff(edges) >= 0)
        assert (edges[0], edges[-1]) == (min(scores), max(scores))
        assert (negatives.sum(), positives.sum()) == (2, 1)


def test_csv_rows_without_a_class_are_kept_and_repeated_columns_refused():
    problems = m.problems_from_table(read(
        "y_true,score,class\n1,.9,a\n0,.1,a\n1,.8,\n0,.2,\n"))
    assert [p.name for p in problems] == ["class (empty)", "class a"]
    with pytest.raises(InputError) as err:
        m.problems_from_table(read("y_true,score,Score\n1,.9,.8\n0,.1,.2\n"))
    assert err.value.code == "file" and "more than once" in str(err.value)
    many = "y_true,score,class\n" + "".join(f"{i % 2},{i},c{i // 2}\n" for i in range(2004))
    with pytest.raises(InputError) as err:
        m.problems_from_csv(many.encode())             # 1002 classes: 1002 curves to draw
    assert err.value.params["reason"] == "classes"


# ----------------------------------------------------------------------- tied scores
def two_decimal_problem(seed, n=400):
    """Scores written with 2 decimals, as in a CSV: many rows share a score."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    return m.check_binary(y, np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1.2 * y))), 2))


def pycocotools_ap(problem):
    """COCO 101-point AP of pycocotools' COCOeval: row k is image k holding one detection with
    the row's score; a positive row's image has one ground-truth box equal to it (a TP at IoU
    0.5), a negative row's image none (an FP)."""
    import contextlib

    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    box = [0.0, 0.0, 10.0, 10.0]
    coco = COCO()
    coco.dataset = {
        "images": [{"id": k + 1} for k in range(len(problem.y_true))],
        "categories": [{"id": 1}],
        "annotations": [{"id": k + 1, "image_id": k + 1, "category_id": 1, "bbox": box,
                         "area": 100.0, "iscrowd": 0}
                        for k in np.flatnonzero(problem.y_true)]}
    with contextlib.redirect_stdout(io.StringIO()):
        coco.createIndex()
        evaluator = COCOeval(coco, coco.loadRes([
            {"image_id": k + 1, "category_id": 1, "bbox": box, "score": float(s)}
            for k, s in enumerate(problem.scores)]), "bbox")
        evaluator.params.iouThrs = np.array([0.5])
        evaluator.evaluate()
        evaluator.accumulate()
    return float(evaluator.eval["precision"][0, :, 0, 0, -1].mean())


def devkit_points(problem):
    """voc_eval.py's ranking, written out: sort by -confidence (stable, as MATLAB's sort),
    then tp/fp after each detection."""
    order = sorted(range(len(problem.scores)), key=lambda k: -problem.scores[k])
    tp = np.cumsum([problem.y_true[k] for k in order])
    fp = np.cumsum([1 - problem.y_true[k] for k in order])
    return tp / problem.y_true.sum(), tp / np.maximum(tp + fp, np.finfo(np.float64).eps)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_by_one_ties_equal_pycocotools_and_the_voc_devkit(seed):
    problem = two_decimal_problem(seed)
    assert m.tied_rows(problem) > 300
    one_by_one = m.ap_variants(problem, "one by one")
    grouped = m.ap_variants(problem, "grouped")
    recall, precision = devkit_points(problem)
    assert one_by_one["101-point (COCO)"] == pytest.approx(pycocotools_ap(problem), abs=1e-12)
    assert one_by_one["all-point (VOC2010+)"] == pytest.approx(
        voc_devkit_ap(recall, precision, False), abs=1e-12)
    assert one_by_one["11-point (VOC2007)"] == pytest.approx(
        voc_devkit_ap(recall, precision, True), abs=1e-12)
    # the conventions differ on tied scores; the step AP and ROC AUC are sklearn's in both
    assert abs(one_by_one["all-point (VOC2010+)"] - grouped["all-point (VOC2010+)"]) > 1e-3
    for name in ("step AP (sklearn)", "ROC AUC"):
        assert one_by_one[name] == grouped[name]


def test_ties_change_nothing_without_tied_scores():
    problem = random_problem(3)
    assert m.tied_rows(problem) == 0
    assert m.ap_variants(problem, "one by one") == pytest.approx(m.ap_variants(problem))


def test_hand_worked_tie_in_file_order():
    # rows (y, s): (0, .9) (1, .9) (1, .5): grouped, the first point is (R 1/2, P 1/2);
    # one by one the negative comes first: (0, 0) (1/2, 1/2) (1, 2/3), all-point AP 2/3.
    problem = m.check_binary([0, 1, 1], [0.9, 0.9, 0.5])
    recall, precision = m.ranked_points(problem)
    assert recall.tolist() == [0, 0.5, 1] and precision == pytest.approx([0, 1 / 2, 2 / 3])
    assert m.ap_variants(problem, "one by one")["all-point (VOC2010+)"] == pytest.approx(2 / 3)
    assert m.ap_variants(problem)["all-point (VOC2010+)"] == pytest.approx(2 / 3)
    flipped = m.check_binary([1, 0, 1], [0.9, 0.9, 0.5])     # the positive first: P = 1 at R/2
    assert m.ap_variants(flipped, "one by one")["all-point (VOC2010+)"] == pytest.approx(
        1 / 2 + 1 / 2 * 2 / 3)
    with pytest.raises(InputError, match="ties"):
        m.ap_variants(problem, "random")


@pytest.mark.parametrize("scores", [[0.5, 0.5], [1.7e308, 1.7e308], [-1.7e308, -1.7e308],
                                    [-1.7e308, 1.7e308], [0.0, 0.0]])
def test_threshold_range_is_finite_and_not_empty(scores):
    problem = m.check_binary([0, 1], scores)
    lo, hi, step = m.threshold_range(problem)
    assert np.isfinite([lo, hi, step]).all() and lo < hi and step > 0
    assert lo <= min(scores) and max(scores) <= hi
    edges, negatives, positives = m.score_histograms(problem)
    assert (edges[0], edges[-1]) == (lo, hi) and negatives.sum() == positives.sum() == 1


def test_histogram_figure_of_extreme_scores_stays_finite():
    from explorer.figures import metrics as figs
    problem = m.check_binary([0, 1], [-1.7e308, 1.7e308])
    fig = figs.score_histograms(*m.score_histograms(problem), 1.7e308)
    assert np.isfinite(fig.data[0].x).all() and np.isfinite(fig.data[0].width).all()
    assert np.isfinite(fig.layout.annotations[0].x)


@pytest.mark.parametrize("threshold, side", [(-1.5, "left"), (1.5, "right")])
def test_histogram_threshold_label_stays_inside_the_plot_away_from_the_legend(threshold, side):
    from explorer.figures import metrics as figs
    problem = m.check_binary([0, 1, 0, 1], [-2.0, -1.0, 1.0, 2.0])
    label = figs.score_histograms(*m.score_histograms(problem), threshold).layout.annotations[0]
    assert (label.y, label.yanchor) == (1, "top")          # under the top edge; legend above
    assert label.xanchor == side                           # text on the side with more room


@pytest.mark.parametrize("scores, exponent", [([0.1, 0.9], 0), ([-1e300, 1e300], 0),
                                               ([0.0, 1.7e308], 1023), ([-1e301, 2.0], 999)])
def test_display_exponent_brings_huge_scores_into_the_browsers_range(scores, exponent):
    problem = m.check_binary([0, 1], scores)
    k = m.display_exponent(problem)
    assert k == exponent
    if k:
        assert 1 <= np.abs(problem.scores).max() / 2.0 ** k < 2


def test_one_vs_rest_leaves_out_a_class_without_rows_only_when_asked():
    labels = np.array([0, 0, 1, 1, 0])                      # class 2 has no row
    probs = np.full((5, 3), 1 / 3)
    with pytest.raises(InputError, match="c2: y_true holds only the class 0"):
        m.one_vs_rest(labels, probs, ["c0", "c1", "c2"])
    kept = m.one_vs_rest(labels, probs, ["c0", "c1", "c2"], skip_single=True)
    assert [p.name for p in kept] == ["c0", "c1"]
    assert kept[1].y_true.tolist() == [0, 0, 1, 1, 0]


def test_per_class_curves_never_share_a_look():
    from explorer.figures import metrics as figs
    curve = (np.array([0.0, 1.0]), np.array([1.0, 0.5]))
    fig = figs.per_class_pr({f"c{i}": curve for i in range(25)})
    looks = [(t.line.color, t.line.dash) for t in fig.data]
    assert len(set(looks)) == 25
    assert len({t.line.color for t in fig.data[:10]}) == 10


def test_confusion_cells_put_their_bracketed_names_on_a_line_of_their_own():
    from explorer.figures import metrics as figs
    counts = np.array([[12345, 6], [7, 8]])
    english = figs.confusion(counts).data[0].text
    assert english[0][0] == "TN<br>12,345" and english[0][1] == "FP<br>(type I)<br>6"
    chinese = figs.confusion(counts, cells=(("TN", "FP（第一类错误）"), ("FN（第二类错误）", "TP")))
    assert chinese.data[0].text[1][0] == "FN<br>（第二类错误）<br>7"
