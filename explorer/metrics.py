"""Classification metrics of seed 001: TP/FP/FN/TN, P/R/F1, PR and ROC curves, AP variants.

Confusion counts, P/R/F1, ROC and the class averages come from ``sklearn.metrics``. Written
here: the PR curve (one ``argsort`` instead of sklearn's two stable sorts; equal values, see
``benchmarks/bench_metrics.py``) and the *interpolated* AP variants sklearn does not have:

    all-point (VOC2010+)  AP = Σ_n (R_n − R_{n−1}) · P_interp(R_n)
    11-point (VOC2007)    AP = 1/11  Σ_{r ∈ {0, .1, …, 1}}  P_interp(r)
    101-point (COCO)      AP = 1/101 Σ_{r ∈ {0, .01, …, 1}} P_interp(r)
    P_interp(r) = max_{R_n ≥ r} P_n      (the precision envelope; 0 when recall never reaches r)

sklearn's ``average_precision_score`` is the un-interpolated step sum Σ (R_n − R_{n−1}) · P_n.

Tied scores: sklearn (and ``pr_curve``) make one operating point of all rows sharing a score;
the VOC devkit and pycocotools rank detections one by one, tied ones in input order (a stable
sort), so they add a point after each row. The interpolated APs take either (``TIES``).
Imports numpy and scikit-learn only; pandas (tables, CSV) and torch (``checkpoint_scores``)
are imported by the functions that need them, so ``benchmarks/bench_metrics.py`` runs on a
machine with numpy and scikit-learn alone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sklearn import metrics as skm

from explorer.budget import MAX_CLASSES, MAX_CSV_CELLS, MAX_CSV_ROWS, check_elements
from explorer.errors import (InputError, check_array, check_choice, check_int, check_number,
                             check_seed)

if TYPE_CHECKING:
    import pandas as pd

PRESETS = ("two Gaussians", "perfect", "random")
TIES = ("grouped", "one by one")   # sklearn's operating points / the VOC and COCO devkits'


# --------------------------------------------------------------------------- score sources
def synthetic_scores(n: int = 2000, separation: float = 1.5, positive_fraction: float = 0.3,
                     preset: str = "two Gaussians", seed: int = 0):
    """Labels and scores of a toy binary classifier -> (y_true int[n], scores float[n]).

    "two Gaussians": negatives ~ N(0, 1), positives ~ N(separation, 1).
    "perfect": every positive scores above every negative (AP = 1).
    "random": scores ~ U(0, 1) whatever the label (AP ≈ prevalence, ROC AUC ≈ 0.5).
    """
    check_choice("preset", preset, PRESETS)
    n = check_elements("samples", check_int("n", n, 2), advice="use fewer samples")
    separation = check_number("separation", separation)
    positive_fraction = check_number("positive_fraction", positive_fraction, 0, 1,
                                     low_open=True, high_open=True)
    rng = np.random.default_rng(check_seed(seed))
    n_pos = int(np.clip(round(n * positive_fraction), 1, n - 1))
    y_true = np.r_[np.ones(n_pos, np.int64), np.zeros(n - n_pos, np.int64)]
    if preset == "two Gaussians":
        scores = rng.normal(size=n) + separation * y_true
    elif preset == "perfect":
        scores = rng.uniform(size=n) + y_true
    else:
        scores = rng.uniform(size=n)
    return y_true, scores


def synthetic_multiclass(n: int = 2000, n_classes: int = 4, separation: float = 2.0,
                         rarest_ratio: float = 0.25, seed: int = 0):
    """A toy K-class classifier -> (labels int[n], softmax probabilities float[n, K]).

    Class k has prior ∝ rarest_ratio^(k/(K−1)) (class 0 commonest, class K−1 rarest);
    logits z = separation · onehot(label) + N(0, I); probabilities = softmax(z).
    """
    n = check_int("n", n, 1)
    n_classes = check_int("n_classes", n_classes, 2, MAX_CLASSES)
    check_elements("probabilities", n * n_classes, advice="use fewer samples or classes")
    separation = check_number("separation", separation)
    rarest_ratio = check_number("rarest_ratio", rarest_ratio, 0, 1, low_open=True)
    rng = np.random.default_rng(check_seed(seed))
    prior = rarest_ratio ** (np.arange(n_classes) / (n_classes - 1))
    labels = rng.choice(n_classes, size=n, p=prior / prior.sum())
    logits = separation * np.eye(n_classes)[labels] + rng.normal(size=(n, n_classes))
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    return labels, probabilities / probabilities.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class BinaryProblem:
    """One positive class against the rest: y_true int{0,1}[N], scores float[N]."""
    name: str
    y_true: np.ndarray
    scores: np.ndarray


def check_binary(y_true, scores, name: str = "data") -> BinaryProblem:
    """y_true in {0, 1} [N] and finite scores [N], both classes present -> BinaryProblem;
    InputError naming what is wrong otherwise."""
    y_true = check_array(f"{name}: y_true", y_true, ndim=1)
    scores = check_array(f"{name}: scores", scores, ndim=1, shape=y_true.shape).astype(float)
    wrong = ~np.isin(y_true, (0, 1))
    if wrong.any():
        raise InputError("choice", f"{name}: y_true must contain only 0 and 1, got "
                         f"{np.unique(y_true[wrong])[:5].tolist()}", name=f"{name}: y_true",
                         value=y_true[wrong][0].item(), options=(0, 1))
    if np.unique(y_true).size < 2:
        raise InputError("single_class", f"{name}: y_true holds only the class "
                         f"{int(y_true[0])}; precision and recall need both positives (1) "
                         "and negatives (0)", name=f"{name}: y_true", value=int(y_true[0]))
    return BinaryProblem(name, y_true.astype(np.int64), scores)


def problems_from_table(table: pd.DataFrame) -> list[BinaryProblem]:
    """Uploaded CSV with columns ``y_true`` (0/1), ``score`` and optionally ``class``.

    With ``class``, each class is its own one-vs-rest problem (its rows only).
    Raises ValueError with the column and the first bad row for every kind of bad input.
    """
    import pandas as pd

    def refuse(reason: str, message: str):
        raise InputError("file", message, name="CSV", reason=reason)

    table = table.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in ("y_true", "score") if c not in table.columns]
    if missing:
        refuse("columns", f"missing column(s) {missing}; the CSV needs a header with y_true "
                          f"and score (and optionally class), found {list(table.columns)}")
    repeated = sorted({c for c in table.columns if list(table.columns).count(c) > 1})
    if repeated:
        refuse("columns", f"column(s) {repeated} appear more than once (names are compared "
                          "without case and spaces); keep one of each")
    if table.empty:
        refuse("no_rows", "the CSV has a header but no rows")
    for column in ("y_true", "score"):
        numeric = pd.to_numeric(table[column], errors="coerce")
        bad = numeric.isna() & table[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            refuse("not_numeric", f"column {column!r} must be numeric; row {row + 2} holds "
                                  f"{table[column].iloc[row]!r}")
        if numeric.isna().any():
            row = int(np.flatnonzero(numeric.isna())[0])
            refuse("missing_value", f"column {column!r} has an empty/NaN value at row {row + 2}")
        table[column] = numeric
    if "class" not in table.columns:
        return [check_binary(table["y_true"].to_numpy(), table["score"].to_numpy(), "all")]
    # rows without a class are kept, as the class "(empty)"
    classes = table["class"].astype(str).where(table["class"].notna(), "(empty)")
    if classes.nunique() > MAX_CLASSES:
        refuse("classes", f"the class column holds {classes.nunique():,} classes, over the "
                          f"limit of {MAX_CLASSES:,}: one-vs-rest curves for each would not "
                          "fit a page; group rare classes together")
    return [check_binary(group["y_true"].to_numpy(), group["score"].to_numpy(), f"class {c}")
            for c, group in table.groupby(classes, sort=True)]


def problems_from_csv(data: bytes) -> tuple[list[BinaryProblem], list[str]]:
    """Bytes of an uploaded CSV -> (problems_from_table, notes for the user), read within
    the budget by ``explorer.tables.read_csv`` (rows beyond it are left out, and a note says
    so); InputError for what cannot be read."""
    from explorer.tables import read_csv
    table, notes = read_csv(data, "scored example",
                            "the curves and APs below describe those rows only",
                            max_rows=MAX_CSV_ROWS, max_cells=MAX_CSV_CELLS)
    return problems_from_table(table), notes


def one_vs_rest(labels, probabilities, classes: list[str], skip_single: bool = False
                ) -> list[BinaryProblem]:
    """labels int[N] in 0..K-1, probabilities float[N, K] -> K problems: class k vs the rest.
    A class that no row (or every row) has cannot be scored: refused, or with ``skip_single``
    left out (the caller names what is missing)."""
    labels = check_array("labels", labels, ndim=1)
    probabilities = check_array("probabilities", probabilities, ndim=2,
                                shape=(len(labels), len(classes)))
    if not np.isin(labels, np.arange(len(classes))).all():
        raise InputError("out_of_range", f"labels must be class indices 0..{len(classes) - 1}",
                         name="labels", value=labels[~np.isin(labels, np.arange(len(classes)))
                                                     ][0].item(), low=0, high=len(classes) - 1)
    positives = [(labels == k).astype(np.int64) for k in range(len(classes))]
    return [check_binary(y, probabilities[:, k], name)
            for k, (y, name) in enumerate(zip(positives, classes))
            if not (skip_single and y.min() == y.max())]


def checkpoint_scores(run_id: str):
    """A trained or imported run's test split -> (labels int[N], softmax probabilities
    float[N, K], classes); InputError when the run cannot be loaded."""
    from explorer.runs import load_trained
    return scores_on_test(*load_trained(run_id)[::2])


def scores_on_test(model, splits, batch: int = 500):
    """``model`` on ``splits``' test split, ``batch`` rows at a time (a VGG's activations of
    10,000 CIFAR images at once would take GBs) -> (labels, softmax probabilities, classes)."""
    import torch

    with torch.no_grad():
        probabilities = torch.cat([torch.softmax(model(x).double(), dim=1)
                                   for x in torch.split(splits.x_test, batch)])
    return splits.y_test.numpy(), probabilities.numpy(), list(splits.classes)


# --------------------------------------------------------------------------- one threshold
def display_exponent(problem: BinaryProblem, largest: float = 1e300) -> int:
    """k such that the page shows scores ÷ 2^k: 0 unless some |score| > ``largest``, then
    max|score| ÷ 2^k lies in [1, 2). The browser's slider and plotly compute hi − lo and axis
    padding in float64 too, which overflow near ±1.8e308; a power of two divides exactly."""
    biggest = float(np.abs(problem.scores).max())
    return 0 if biggest <= largest else math.frexp(biggest)[1] - 1


def threshold_range(problem: BinaryProblem, steps: int = 500) -> tuple[float, float, float]:
    """(lo, hi, step) of a threshold slider over every score: the lowest and highest score
    (widened by ± max(1, |score|)/2 within the float range when all are equal, so the range
    is not empty), ``steps`` steps of hi/steps − lo/steps (``hi − lo`` overflows for scores
    near ±1.8e308)."""
    lo, hi = float(problem.scores.min()), float(problem.scores.max())
    if lo == hi:
        spread, largest = 0.5 * max(1.0, abs(lo)), np.finfo(np.float64).max
        lo, hi = max(lo - spread, -largest), min(hi + spread, largest)
    return lo, hi, hi / steps - lo / steps



@dataclass(frozen=True)
class ThresholdMetrics:
    """Predict positive when score ≥ threshold. counts: [[TN, FP], [FN, TP]] like sklearn."""
    counts: np.ndarray
    precision: float   # TP / (TP + FP)
    recall: float      # TP / (TP + FN)
    f1: float          # 2PR / (P + R) = 2TP / (N + TP − TN)
    accuracy: float    # (TP + TN) / N
    fpr: float         # FP / (FP + TN)


def at_threshold(problem: BinaryProblem, threshold: float) -> ThresholdMetrics:
    """Confusion matrix and the seed's ratios at one threshold, all from sklearn.metrics."""
    threshold = check_number("threshold", threshold)
    y_pred = (problem.scores >= threshold).astype(np.int64)
    counts = skm.confusion_matrix(problem.y_true, y_pred, labels=[0, 1])
    p, r, f, _ = skm.precision_recall_fscore_support(problem.y_true, y_pred, average="binary",
                                                     zero_division=0)
    tn, fp = counts[0]
    return ThresholdMetrics(counts, float(p), float(r), float(f),
                            float(skm.accuracy_score(problem.y_true, y_pred)),
                            float(fp / (fp + tn)))


# --------------------------------------------------------------------------- curves
@dataclass(frozen=True)
class PRCurve:
    """sklearn's ``precision_recall_curve`` layout: recall decreasing, last point (R=0, P=1);
    precision/recall float[T + 1], thresholds float[T] increasing (T distinct scores)."""
    precision: np.ndarray
    recall: np.ndarray
    thresholds: np.ndarray

    def points(self):
        """The T real operating points by increasing recall (no (0, 1) end point) ->
        (recall float[T], precision float[T]); what VOC and COCO interpolate."""
        return self.recall[-2::-1], self.precision[-2::-1]


def pr_curve(problem: BinaryProblem) -> PRCurve:
    """Sort once (descending score), cumulate positives, keep the last index of each score.

    tps[i] = #positives among the i+1 highest scores, fps[i] = i + 1 − tps[i]. Ties share one
    threshold, so the unstable quicksort gives the same curve as sklearn's stable sort.
    """
    order = np.argsort(problem.scores)[::-1]
    scores, y = problem.scores[order], problem.y_true[order]
    last_of_score = np.r_[np.flatnonzero(scores[1:] != scores[:-1]), y.size - 1]   # [T]
    tps = np.cumsum(y, dtype=np.float64)[last_of_score]
    fps = last_of_score + 1.0 - tps
    precision, recall = tps / (tps + fps), tps / tps[-1]
    return PRCurve(np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0],
                   scores[last_of_score][::-1])


def ranked_points(problem: BinaryProblem):
    """Operating points after each row, as the VOC devkit and pycocotools rank detections:
    by decreasing score, tied rows in input order (stable sort) -> (recall float[N],
    precision float[N]); R_k = TP_k / #positives, P_k = TP_k / k after the k-th row."""
    order = np.argsort(-problem.scores, kind="stable")
    tps = np.cumsum(problem.y_true[order], dtype=np.float64)                     # [N]
    return tps / tps[-1], tps / np.arange(1.0, tps.size + 1)


def tied_rows(problem: BinaryProblem) -> int:
    """How many rows share their score with another row (where ``TIES`` matters)."""
    counts = np.unique(problem.scores, return_counts=True)[1]
    return int(counts[counts > 1].sum())


def step_ap(curve: PRCurve) -> float:
    """Un-interpolated AP = Σ (R_n − R_{n−1}) P_n (sklearn's average_precision_score)."""
    return float(max(0.0, -np.sum(np.diff(curve.recall) * curve.precision[:-1])))


def precision_envelope(precision: np.ndarray) -> np.ndarray:
    """P_interp at each point of a curve ordered by increasing recall: max of P to the right."""
    precision = check_array("precision", precision, ndim=1)
    return np.maximum.accumulate(precision[::-1])[::-1]


def _check_points(recall, precision):
    """Operating points: recall and precision float[T] in [0, 1], recall non-decreasing."""
    recall = check_array("recall", recall, ndim=1).astype(float)
    precision = check_array("precision", precision, ndim=1, shape=recall.shape).astype(float)
    for name, values in (("recall", recall), ("precision", precision)):
        if values.min() < 0 or values.max() > 1:
            bad = values[(values < 0) | (values > 1)][0]
            raise InputError("out_of_range", f"{name} must lie in [0, 1], got {bad:g}",
                             name=name, value=float(bad), low=0, high=1)
    if np.any(recall[1:] < recall[:-1]):
        raise InputError("not_sorted", "recall must be non-decreasing: list the operating "
                         "points from the highest score down (PRCurve.points() does)",
                         name="recall")
    return recall, precision


def all_point_ap(recall, precision) -> float:
    """VOC2010+: area under the precision envelope, Σ (R_n − R_{n−1}) P_interp(R_n), R_0=0."""
    recall, precision = _check_points(recall, precision)
    return float(np.sum(np.diff(recall, prepend=0.0) * precision_envelope(precision)))


def sampled_ap(recall, precision, points: int) -> float:
    """Mean of P_interp(r) over ``points`` equally spaced recalls r in [0, 1] (0 if never
    reached). points=11: VOC2007; points=101: COCO. The levels are ``np.linspace(0, 1, k)``,
    bit for bit those of the VOC devkit and pycocotools (so level 0.3 is 0.30000000000000004
    and a recall of exactly 3/10 does not reach it there either)."""
    return float(interpolated_precision(recall, precision, points)[1].mean())


def interpolated_precision(recall, precision, points: int):
    """P_interp at ``points`` equally spaced recalls -> (levels float[points], P float[points])."""
    recall, precision = _check_points(recall, precision)
    points = check_elements("recall levels", check_int("points", points, 2))
    levels = np.linspace(0.0, 1.0, points)
    envelope = np.r_[precision_envelope(precision), 0.0]
    first_reaching = np.searchsorted(recall, levels, side="left")   # len(recall) = never
    return levels, envelope[first_reaching]


def ap_variants(problem: BinaryProblem, ties: str = TIES[0]) -> dict[str, float]:
    """Every AP of the seed on one problem, plus ROC AUC (sklearn). The step AP is always
    sklearn's (ties grouped); the interpolated ones use ``ties``: "grouped" (sklearn's
    points) or "one by one" (``ranked_points``, the VOC devkit's and pycocotools')."""
    check_choice("ties", ties, TIES)
    curve = pr_curve(problem)
    recall, precision = curve.points() if ties == TIES[0] else ranked_points(problem)
    return {"step AP (sklearn)": step_ap(curve),
            "all-point (VOC2010+)": all_point_ap(recall, precision),
            "11-point (VOC2007)": sampled_ap(recall, precision, 11),
            "101-point (COCO)": sampled_ap(recall, precision, 101),
            "ROC AUC": roc_auc(problem)}


def explain_ap_parts(variants: dict[str, float], positive_rate: float
                     ) -> list[tuple[str, dict[str, float]]]:
    """Why the APs of ``ap_variants`` differ on this data: one (template, fields) per
    comparison, so that a page can translate the template before filling it in."""
    step, full, eleven, coco, auc = (check_number(name, variants.get(name), 0, 1) for name in (
        "step AP (sklearn)", "all-point (VOC2010+)", "11-point (VOC2007)", "101-point (COCO)",
        "ROC AUC"))
    positive_rate = check_number("positive_rate", positive_rate, 0, 1)
    lift = full - step
    return [
        ("**All-point − step = {lift:+.4f}.** The envelope replaces each precision by the best "
         "precision at any higher recall, so it is never below the step sum; it adds area here "
         "because precision climbs again after some dips (positives ranked just below a run "
         "of negatives)." if lift > 1e-9 else
         "**All-point − step = {lift:+.4f}.** The envelope replaces each precision by the best "
         "precision at any higher recall, so it is never below the step sum; here it adds "
         "nothing: precision never rises again after it drops.", {"lift": lift}),
        ("**11-point − all-point = {gap:+.4f}.** VOC2007 reads the envelope at only 11 "
         "recalls; each counts for 1/11 of the score, including r = 0 where the envelope is "
         "the best precision anywhere, so a coarse grid over- or under-shoots the area.",
         {"gap": eleven - full}),
        ("**101-point − all-point = {gap:+.4f}.** COCO's 101 recalls sample the same envelope "
         "10× finer, so it lands much closer to the all-point area.", {"gap": coco - full}),
        ("**ROC AUC = {auc:.4f} vs step AP = {step:.4f}.** ROC uses the false-positive rate, "
         "which does not depend on how many negatives there are; precision does. A random "
         "ranking has AUC 0.5 but AP ≈ prevalence = {prevalence:.3f}, so rare positives pull AP "
         "down while AUC stays put.", {"auc": auc, "step": step, "prevalence": positive_rate}),
    ]


def explain_ap(variants: dict[str, float], positive_rate: float) -> list[str]:
    """Why the APs of ``ap_variants`` differ on this data: one sentence per comparison."""
    return [template.format(**fields)
            for template, fields in explain_ap_parts(variants, positive_rate)]


def roc(problem: BinaryProblem):
    """sklearn's roc_curve -> (fpr, tpr, thresholds)."""
    # sklearn sums the scores for a quick finiteness check and diffs them: with scores near
    # ±1e308 both overflow (harmlessly: it then checks each, and inf is still "distinct")
    with np.errstate(over="ignore", invalid="ignore"):
        return skm.roc_curve(problem.y_true, problem.scores)


def roc_auc(problem: BinaryProblem) -> float:
    """sklearn's roc_auc_score."""
    with np.errstate(over="ignore", invalid="ignore"):   # as in roc()
        return float(skm.roc_auc_score(problem.y_true, problem.scores))


def best_f1(curve: PRCurve) -> tuple[float, float]:
    """The threshold maximising F1 = 2PR/(P+R) on the curve -> (threshold, F1)."""
    p, r = curve.precision[:-1], curve.recall[:-1]
    f1 = np.divide(2 * p * r, p + r, out=np.zeros_like(p), where=(p + r) > 0)
    i = int(np.argmax(f1))
    return float(curve.thresholds[i]), float(f1[i])


def iso_f1(f1: float, recall: np.ndarray) -> np.ndarray:
    """Precision on the iso-F1 line: F1 = 2PR/(P+R)  ⇔  P = F1·R / (2R − F1);
    NaN where no precision ≤ 1 reaches this F1 (R ≤ F1/2 or P > 1): a gap in the drawn line.
    f1 in [0, 1], recall float[M] in [0, 1]."""
    f1 = check_number("f1", f1, 0, 1)
    recall = check_array("recall", recall, ndim=1).astype(float)
    if recall.min() < 0 or recall.max() > 1:
        raise InputError("out_of_range", "recall must lie in [0, 1]", name="recall",
                         value=float(recall[(recall < 0) | (recall > 1)][0]), low=0, high=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = f1 * recall / (2 * recall - f1)
    return np.where((recall > f1 / 2) & (p <= 1.0), p, np.nan)


def score_histograms(problem: BinaryProblem, bins: int = 60):
    """Shared bins for both classes -> (edges float[bins+1], negatives int[bins],
    positives int[bins]), so a page sends counts to the browser, not every score.

    edges = lo·(1 − t) + hi·t, t = 0, 1/bins, …, 1 (numpy's ``hi − lo`` overflows for scores
    near ±1.8e308, and it refuses ranges narrower than ``bins`` floats); lo and hi as
    ``threshold_range`` (widened when every score is equal).
    """
    bins = check_elements("histogram bins", check_int("bins", bins, 1))
    lo, hi, _ = threshold_range(problem)
    t = np.linspace(0.0, 1.0, bins + 1)
    edges = np.maximum.accumulate(lo * (1 - t) + hi * t)   # rounding never makes it decrease
    return (edges, np.histogram(problem.scores[problem.y_true == 0], edges)[0],
            np.histogram(problem.scores[problem.y_true == 1], edges)[0])


def prevalence(problem: BinaryProblem) -> float:
    """No-skill precision: a random ranking has P = #positives / N at every recall."""
    return float(problem.y_true.mean())


# --------------------------------------------------------------------------- several classes
AVERAGES = ("macro", "micro", "weighted")


def per_class_table(problems: list[BinaryProblem], threshold: float,
                    ties: str = TIES[0]) -> pd.DataFrame:
    """One row per class (P/R/F1 at ``threshold``, support, every AP with ``ties``, ROC AUC)
    plus the macro (plain mean), weighted (mean weighted by positives) and micro (all rows
    pooled, one confusion matrix) averages."""
    import pandas as pd

    if not problems:
        raise InputError("empty", "no class to tabulate: give at least one problem",
                         name="problems")
    threshold = check_number("threshold", threshold)
    rows = []
    for problem in problems:
        m = at_threshold(problem, threshold)
        rows.append({"class": problem.name, "precision": m.precision, "recall": m.recall,
                     "F1": m.f1, "support": int(problem.y_true.sum()),
                     **ap_variants(problem, ties)})
    table = pd.DataFrame(rows)
    values, support = table.drop(columns=["class", "support"]), table["support"]
    macro = values.mean()
    weighted = values.mul(support, axis=0).sum() / support.sum()
    pooled = check_binary(np.concatenate([p.y_true for p in problems]),
                          np.concatenate([p.scores for p in problems]), "micro")
    m = at_threshold(pooled, threshold)
    micro = pd.Series({"precision": m.precision, "recall": m.recall, "F1": m.f1,
                       **ap_variants(pooled, ties)})
    averages = pd.DataFrame([{"class": f"{name} average", **row, "support": int(support.sum())}
                             for name, row in zip(AVERAGES, (macro, micro, weighted))])
    return pd.concat([table, averages], ignore_index=True)


def seed_macro_f1(macro_precision: float, macro_recall: float) -> float:
    """The seed's Macro-F1: the harmonic mean of macro-P and macro-R (sklearn instead
    averages the per-class F1s; the two differ when classes trade P against R differently)."""
    macro_precision = check_number("macro_precision", macro_precision, 0, 1)
    macro_recall = check_number("macro_recall", macro_recall, 0, 1)
    total = macro_precision + macro_recall
    return 0.0 if total == 0 else 2 * macro_precision * macro_recall / total
