"""PR curve + AP for 1,000,000 scores: explorer.metrics vs scikit-learn, in one run.

Ours: ``pr_curve`` (one quicksort-based argsort, cumulative sums) + ``step_ap``.
Reference: ``sklearn.metrics.precision_recall_curve`` + ``average_precision_score`` (each
sorts the scores again with a stable mergesort and validates the labels).
Run: ``python benchmarks/bench_metrics.py`` (numpy and scikit-learn only).
"""
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer.metrics import check_binary, pr_curve, step_ap  # noqa: E402

N, REPEATS = 1_000_000, 5


def best_time(fn):
    """Fastest of REPEATS runs (least disturbed by other processes) -> (seconds, result)."""
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    rng = np.random.default_rng(0)
    y_true = (rng.random(N) < 0.3).astype(np.int64)
    scores = np.round(rng.normal(size=N) + 1.5 * y_true, 4)      # rounded: many ties
    problem = check_binary(y_true, scores)

    def ours():
        curve = pr_curve(problem)
        return curve, step_ap(curve)

    def sklearn():
        return (precision_recall_curve(y_true, scores),
                average_precision_score(y_true, scores))

    t_ours, (curve, ap) = best_time(ours)
    t_ref, ((precision, recall, thresholds), ap_ref) = best_time(sklearn)
    same = (np.array_equal(curve.precision, precision) and np.array_equal(curve.recall, recall)
            and np.array_equal(curve.thresholds, thresholds) and ap == ap_ref)
    print(f"PR curve + AP, {N:,} scores ({len(thresholds):,} distinct), best of {REPEATS}")
    print(f"ours (explorer.metrics)  {t_ours * 1e3:8.1f} ms   AP = {ap:.10f}")
    print(f"sklearn                  {t_ref * 1e3:8.1f} ms   AP = {ap_ref:.10f}")
    print(f"ratio ours / sklearn     {t_ours / t_ref:8.3f}   (target <= 0.5)")
    print(f"identical curve and AP:  {same}")
    if not same:
        sys.exit("values differ from scikit-learn")


if __name__ == "__main__":
    main()
