"""PR curves: threshold -> confusion matrix, P/R/F1, PR and ROC curves, five APs, averages."""
import numpy as np
import pandas as pd
import streamlit as st

from explorer import metrics as m
from explorer.figures import metrics as figs
from ui.text import md, show_read_notes

st.title("Precision–recall curves")
st.caption("Move the threshold and watch TP/FP/FN/TN, precision, recall and F1 change; see why "
           "VOC, COCO and scikit-learn report different APs for the same scores (seed 001).")

SOURCES = ["Synthetic, two classes", "Synthetic, several classes", "Trained checkpoint",
           "Upload CSV"]
EXAMPLE_CSV = "y_true,score,class\n1,0.92,cat\n0,0.40,cat\n0,0.75,dog\n1,0.81,dog\n"


@st.cache_data(max_entries=64, show_spinner=False)
def binary_problems(n, separation, fraction, preset, seed):
    y_true, scores = m.synthetic_scores(n, separation, fraction, preset, seed)
    return [m.check_binary(y_true, scores, "positive class")]


@st.cache_data(max_entries=64, show_spinner=False)
def multiclass_problems(n, n_classes, separation, ratio, seed):
    labels, probabilities = m.synthetic_multiclass(n, n_classes, separation, ratio, seed)
    return m.one_vs_rest(labels, probabilities, [f"class {k}" for k in range(n_classes)])


@st.cache_data(max_entries=16, show_spinner=False)
def csv_problems(data: bytes):
    return m.problems_from_csv(data)


@st.cache_data(max_entries=8, show_spinner=False)
def checkpoint_problems(run_id: str, stamp: int):
    """One-vs-rest problems of a run's test split; ``stamp`` (the checkpoint's mtime) makes a
    retrained run score again."""
    labels, probabilities, classes = m.checkpoint_scores(run_id)
    return m.one_vs_rest(labels, probabilities, [f"class {c}" for c in classes])


@st.cache_data(max_entries=64, show_spinner=False)
def curves(problem):
    curve = m.pr_curve(problem)
    return curve, m.roc(problem), m.best_f1(curve), m.score_histograms(problem)


@st.cache_data(max_entries=128, show_spinner=False)
def class_table(problems, threshold, ties):
    return m.per_class_table(problems, threshold, ties)


@st.cache_data(max_entries=64, show_spinner=False)
def ap_values(problem, ties):
    return m.ap_variants(problem, ties)


source = st.radio("Scores from", SOURCES, horizontal=True)
problems = None
if source == SOURCES[0]:
    c = st.columns([2, 2, 2, 1, 1])
    preset = c[0].radio("Classifier", m.PRESETS, horizontal=True,
                        help="perfect: every positive outranks every negative; random: scores "
                             "ignore the label")
    separation = c[1].slider("separation of the class means (σ units)", 0.0, 5.0, 1.5, 0.1,
                             disabled=preset != "two Gaussians")
    fraction = c[2].slider("positive fraction (class imbalance)", 0.01, 0.99, 0.3, 0.01)
    n = c[3].number_input("samples", 100, 20_000, 2000, 100)
    seed = c[4].number_input("seed", 0, 10_000, 0)
    problems = binary_problems(int(n), separation, fraction, preset, int(seed))
elif source == SOURCES[1]:
    c = st.columns([1, 2, 2, 1, 1])
    n_classes = c[0].number_input("classes", 3, 10, 4)
    separation = c[1].slider("logit boost of the true class", 0.0, 5.0, 2.0, 0.1)
    ratio = c[2].slider("rarest / commonest class frequency", 0.02, 1.0, 0.25, 0.01)
    n = c[3].number_input("samples", 100, 20_000, 3000, 100)
    seed = c[4].number_input("seed", 0, 10_000, 0)
    problems = multiclass_problems(int(n), int(n_classes), separation, ratio, int(seed))
elif source == SOURCES[2]:
    from explorer.predict import model_stamp
    from ui.run_menu import usable_runs
    menu = {r.id: r.label for r in usable_runs()}
    if not menu:
        st.info("No run can be scored yet: train one in the Training lab (or import weights "
                "there); its test split's softmax probabilities then give one PR curve per "
                "class.")
    else:
        run_id = st.selectbox("Run (Training lab)", list(menu), format_func=menu.get,
                              help="Scores: the run's softmax probabilities on the test split "
                                   "of its data set; each class against the rest.")
        try:
            with st.spinner(f"Scoring the test split with run {md(run_id)}…"):
                problems = checkpoint_problems(run_id, model_stamp(run_id))
        except ValueError as err:
            st.error(f"Run {md(run_id)} cannot be scored: {md(str(err))}. Pick another run.")
else:
    upload = st.file_uploader("CSV with columns y_true (0/1), score and optionally class "
                              "(one-vs-rest per class)", type=["csv"])
    st.download_button("Example CSV", EXAMPLE_CSV, "scores_example.csv", "text/csv")
    if upload is not None:
        try:
            problems, notes = csv_problems(upload.getvalue())
        except ValueError as err:
            st.error(f"{md(upload.name)}: {md(str(err))}.")
        else:
            show_read_notes(notes)

if not problems:
    st.stop()

names = [p.name for p in problems]
problem = problems[names.index(st.selectbox("Class shown below (one-vs-rest)", names))
                   if len(problems) > 1 else 0]
curve, (fpr, tpr, _), (best_t, best_f), histograms = curves(problem)
# scores near ±1.8e308 are shown ÷ 2^k: the browser's slider and plotly overflow on them
exponent = m.display_exponent(problem)
scale, unit = 2.0 ** exponent, f" ÷ 2^{exponent}" if exponent else ""
lo, hi, step = (v / scale for v in m.threshold_range(problem))
threshold = scale * st.slider(
    f"Threshold t{unit}: predict positive when score ≥ t", lo, hi, lo / 2 + hi / 2, step,
    format="%.3g" if max(abs(lo), abs(hi)) >= 1e4 else "%.3f", key=f"t-{source}-{lo}-{hi}")
at = m.at_threshold(problem, threshold)
(tn, fp), (fn, tp) = at.counts

cols = st.columns(5)
for col, (label, value) in zip(cols, (("precision", at.precision), ("recall", at.recall),
                                      ("F1", at.f1), ("accuracy", at.accuracy),
                                      ("false-positive rate", at.fpr))):
    col.metric(label, f"{value:.3f}")

left, right = st.columns([2, 1])
edges, negatives, positives = histograms
left.plotly_chart(figs.score_histograms(edges / scale, negatives, positives, threshold / scale,
                                        f"score{unit}"))
right.plotly_chart(figs.confusion(at.counts))
recall_grid = np.linspace(0.01, 1, 200)
iso = {f: (recall_grid, m.iso_f1(f, recall_grid)) for f in (0.2, 0.4, 0.6, 0.8)}
best_metrics = m.at_threshold(problem, best_t)
st.plotly_chart(figs.pr_and_roc(
    curve.recall, curve.precision, fpr, tpr,
    {"recall": at.recall, "precision": at.precision, "fpr": at.fpr},
    {"recall": best_metrics.recall, "precision": best_metrics.precision,
     "fpr": best_metrics.fpr}, m.prevalence(problem), iso))
st.caption(f"★ best F1 = {best_f:.3f} at t = {best_t:.4g}. Dashed: a no-skill classifier "
           f"(precision = prevalence {m.prevalence(problem):.3f} on PR, the diagonal on ROC). "
           "Grey: points of equal F1.")

with st.expander("The formulas with this threshold's counts", expanded=True):
    n_total = tp + fp + fn + tn
    formulas = [
        rf"P=\frac{{TP}}{{TP+FP}}=\frac{{{tp}}}{{{tp}+{fp}}}={at.precision:.3f}",
        rf"R=\frac{{TP}}{{TP+FN}}=\frac{{{tp}}}{{{tp}+{fn}}}={at.recall:.3f}",
        rf"\mathrm{{Acc}}=\frac{{TP+TN}}{{N}}=\frac{{{tp}+{tn}}}{{{n_total}}}={at.accuracy:.3f}",
        rf"\mathrm{{FPR}}=\frac{{FP}}{{FP+TN}}=\frac{{{fp}}}{{{fp}+{tn}}}={at.fpr:.3f}"]
    for column, formula in zip(st.columns(2) * 2, formulas):
        column.latex(formula)
    st.latex(rf"F_1=\frac{{2PR}}{{P+R}}=\frac{{2\,TP}}{{N+TP-TN}}="
             rf"\frac{{2\cdot{tp}}}{{{n_total}+{tp}-{tn}}}={at.f1:.3f}")
    st.caption("FP = false alarm (type I error), FN = miss (type II error). With rare "
               "positives accuracy stays high even when recall is poor: try a positive "
               "fraction of 0.05.")

st.subheader("Average precision, five ways")
AP_FORMULAS = [r"\text{step (sklearn): }\sum_n (R_n-R_{n-1})\,P_n",
               r"\text{all-point: }\sum_n (R_n-R_{n-1})\,P_{\text{interp}}(R_n)",
               r"k\text{-point: }\frac1k\sum_{j=0}^{k-1} P_{\text{interp}}\!\left("
               r"\tfrac{j}{k-1}\right),\ k\in\{11, 101\}",
               r"P_{\text{interp}}(r)=\max_{R_n\ge r}P_n\quad(0\text{ if no }R_n\ge r)"]
for column, formula in zip(st.columns(2) * 2, AP_FORMULAS):
    column.latex(formula)
tied = m.tied_rows(problem)
ties = st.radio(
    "Tied scores in the interpolated APs", m.TIES, horizontal=True,
    format_func={m.TIES[0]: "grouped: one operating point per distinct score (scikit-learn)",
                 m.TIES[1]: "one by one: tied rows ranked in file order (VOC devkit, "
                            "pycocotools)"}.get,
    help="Only scores shared by several rows differ. The step AP and ROC AUC are "
         "scikit-learn's (grouped) either way.")
st.caption(f"{tied:,} of {len(problem.scores):,} rows share their score with another row"
           + (": the two conventions can give different VOC and COCO APs." if tied else
              ": both conventions give the same APs here."))
variants = ap_values(problem, ties)
left, right = st.columns([1, 2])
left.dataframe(pd.DataFrame({"AP": variants}).rename_axis("variant"), width="stretch",
               column_config={"AP": st.column_config.NumberColumn(format="%.4f")})
recall, precision = curve.points() if ties == m.TIES[0] else m.ranked_points(problem)
right.plotly_chart(figs.ap_interpolation(
    recall, precision, m.precision_envelope(precision),
    {"11 VOC2007 points": m.interpolated_precision(recall, precision, 11),
     "101 COCO points": m.interpolated_precision(recall, precision, 101)}))
for line in m.explain_ap(variants, m.prevalence(problem)):
    left.markdown(line)

if len(problems) > 1:
    st.subheader("Every class, and three ways to average them")
    table = class_table(problems, threshold, ties)
    averages = len(m.AVERAGES)
    # short headers (the full name on hover) so that every column fits 1280 px
    number_format = {c: st.column_config.NumberColumn(c.split(" (")[0], help=c, format="%.3f")
                     for c in table.columns if c not in ("class", "support")}
    st.dataframe(table.iloc[-averages:], hide_index=True, width="stretch",
                 column_config=number_format)          # the averages first, never scrolled away
    st.dataframe(table.iloc[:-averages], hide_index=True, width="stretch",
                 column_config=number_format, height=min(len(problems), 12) * 35 + 38)
    macro = table.set_index("class").loc["macro average"]
    seed_f1 = m.seed_macro_f1(macro["precision"], macro["recall"])
    st.markdown(
        "**macro**: plain mean over classes (every class counts the same); **weighted**: mean "
        "weighted by each class's positives; **micro**: pool every row into one confusion "
        "matrix (big classes dominate). The seed defines "
        r"$\text{Macro-}F_1 = \frac{2\,\text{Macro-}P\cdot\text{Macro-}R}"
        r"{\text{Macro-}P+\text{Macro-}R}$"
        f" = **{seed_f1:.3f}** here, while scikit-learn's macro F1 averages the per-class F1s: "
        f"**{macro['F1']:.3f}**.")
    st.plotly_chart(figs.per_class_pr({p.name: (c.recall, c.precision) for p, c in
                                       zip(problems, (curves(p)[0] for p in problems))}))
