"""The PR curves page's parts: where the scores come from (``?src=`` and each source's settings),
the cached metric computations, the threshold view (``?t=``: counts, P/R/F1, histograms, PR and
ROC curves, the formulas), the five APs (``?ties=``) and, with several classes, the per-class
table with its three averages.

Menu labels are built per run by functions (``sources()`` …) so that they follow the reader's
language; the ids that travel in links are language-independent.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer import metrics as m
from explorer.figures import metrics as figs
from ui import current, i18n, links
from ui.i18n import _
from ui.text import md, show_read_notes

EXAMPLE_CSV = "y_true,score,class\n1,0.92,cat\n0,0.40,cat\n0,0.75,dog\n1,0.81,dog\n"
PRESET_NAMES = dict(zip(("gaussians", "perfect", "random"), m.PRESETS))   # URL id -> explorer's


# Column widths (px) of the averages and per-class tables: 10 columns fill the 1280 px page
CLASS_WIDTH, VALUE_WIDTH = 140, 75


def sources() -> dict[str, str]:
    return {"binary": _("Synthetic, two classes"), "multiclass": _("Synthetic, several classes"),
            "run": _("Trained checkpoint"), "csv": _("Upload CSV")}


def presets() -> dict[str, str]:
    return {"gaussians": _("two Gaussians"), "perfect": _("perfect"), "random": _("random")}


def columns() -> dict[str, str]:
    """The per-class and AP tables' column (and AP variant) names in the reader's language."""
    return {"class": _("class"), "precision": _("precision"), "recall": _("recall"),
            "support": _("support"), "step AP (sklearn)": _("step AP (sklearn)"),
            "all-point (VOC2010+)": _("all-point (VOC2010+)"),
            "11-point (VOC2007)": _("11-point (VOC2007)"),
            "101-point (COCO)": _("101-point (COCO)")}


def average_names() -> dict[str, str]:
    return {"macro average": _("macro average"), "micro average": _("micro average"),
            "weighted average": _("weighted average")}


@st.cache_data(max_entries=64, show_spinner=False)
def binary_problems(n, separation, fraction, preset, seed):
    y_true, scores = m.synthetic_scores(n, separation, fraction, preset, seed)
    return [m.check_binary(y_true, scores, "positive class")]


@st.cache_data(max_entries=64, show_spinner=False)
def multiclass_problems(n, n_classes, separation, ratio, seed, class_name):
    labels, probabilities = m.synthetic_multiclass(n, n_classes, separation, ratio, seed)
    return m.one_vs_rest(labels, probabilities,
                         [class_name.format(k=k) for k in range(n_classes)], skip_single=True)


@st.cache_data(max_entries=16, show_spinner=False)
def csv_problems(data: bytes):
    return m.problems_from_csv(data)


@st.cache_data(max_entries=8, show_spinner=False)
def checkpoint_problems(run_id: str, stamp: int, class_name: str):
    """One-vs-rest problems of a run's test split; ``stamp`` (the checkpoint's mtime) makes a
    retrained run score again."""
    labels, probabilities, classes = m.checkpoint_scores(run_id)
    return m.one_vs_rest(labels, probabilities, [class_name.format(k=c) for c in classes])


def name_left_out(problems, names: list[str], rows: int) -> None:
    """A warning naming the synthetic classes that ``one_vs_rest(skip_single=True)`` left out
    (a run's test split that lacks a class is refused with the run's name instead)."""
    missing = [name for name in names if name not in {p.name for p in problems}]
    if missing:
        st.warning(_("Not one of the {rows} rows belongs to {classes} (or every row does): "
                     "precision and recall need both, so they are left out of the curves and "
                     "the averages. More samples or a higher rarest / commonest ratio brings "
                     "them back.", rows=f"{rows:,}", classes=md(i18n.join(missing))))


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


def threshold_slider(label, lo, hi, step, **kwargs):
    """The threshold, kept in the link as ``t``; when other data change its range, it starts
    again in the middle (a value of the old range would mean nothing)."""
    bounds, middle = (lo, hi, step), lo / 2 + hi / 2
    if st.session_state.get("_pr_t_bounds", bounds) != bounds:
        st.session_state["t"] = middle   # the URL follows the bound widget's value
    st.session_state["_pr_t_bounds"] = bounds
    return links.slider(label, lo, hi, middle, step, key="t", **kwargs)


def _binary():
    c = st.columns([2, 2, 2, 1, 1])
    names = presets()
    with c[0]:
        preset = links.choice(st.radio, _("Classifier"), list(names), key="preset",
                              format_func=names.get, horizontal=True,
                              help=_("perfect: every positive outranks every negative; random: "
                                     "scores ignore the label"))
    with c[1]:
        separation = links.slider(_("separation of the class means (σ units)"), 0.0, 5.0, 1.5,
                                  0.1, key="sep", disabled=preset != "gaussians")
    with c[2]:
        fraction = links.slider(_("positive fraction (class imbalance)"), 0.01, 0.99, 0.3, 0.01,
                                key="pos")
    with c[3]:
        n = links.number_input(_("samples"), 100, 20_000, 2000, 100, key="n")
    with c[4]:
        seed = links.number_input(_("random seed"), 0, 10_000, 0, key="seed")
    problems = binary_problems(int(n), separation, fraction, PRESET_NAMES[preset], int(seed))
    return problems, {"preset": preset, "sep": separation, "pos": fraction, "n": n, "seed": seed}


def _multiclass():
    c = st.columns([1, 2, 2, 1, 1])
    with c[0]:
        n_classes = links.number_input(_("classes"), 3, 10, 4, key="classes")
    with c[1]:
        separation = links.slider(_("logit boost of the true class"), 0.0, 5.0, 2.0, 0.1,
                                  key="boost")
    with c[2]:
        ratio = links.slider(_("rarest / commonest class frequency"), 0.02, 1.0, 0.25, 0.01,
                             key="ratio")
    with c[3]:
        n = links.number_input(_("samples"), 100, 20_000, 3000, 100, key="mn")
    with c[4]:
        seed = links.number_input(_("random seed"), 0, 10_000, 0, key="mseed")
    problems = multiclass_problems(int(n), int(n_classes), separation, ratio, int(seed),
                                   _("class {k}"))
    name_left_out(problems, [_("class {k}", k=k) for k in range(int(n_classes))], int(n))
    return problems, {"classes": n_classes, "boost": separation, "ratio": ratio, "mn": n,
                      "mseed": seed}


def _run():
    from explorer.predict import model_stamp
    from ui.run_menu import usable_runs
    menu = {r.id: r.label for r in usable_runs()}
    if not menu:
        st.info(_("No run can be scored yet: train one in the Training lab (or import weights "
                  "there); its test split's softmax probabilities then give one PR curve per "
                  "class."))
        return None, {}
    current.start("run", menu, current.usable_run)
    run_id = links.choice(st.selectbox, _("Run (Training lab)"), list(menu), key="run",
                          format_func=menu.get,
                          help=_("Scores: the run's softmax probabilities on the test split "
                                 "of its data set; each class against the rest."))
    try:
        with st.spinner(_("Scoring the test split with run {run}…", run=md(run_id))):
            return checkpoint_problems(run_id, model_stamp(run_id), _("class {k}")), {}
    except ValueError as err:
        st.error(_("Run {run} cannot be scored: {err}. Pick another run.", run=md(run_id),
                   err=md(i18n.error_text(err))))
        return None, {}


def _csv():
    from explorer.images import MAX_BYTES
    upload = st.file_uploader(_("CSV with columns y_true (0/1), score and optionally class "
                                "(one-vs-rest per class)"), type=["csv"],
                              max_upload_size=MAX_BYTES // 2**20)
    st.download_button(_("Example CSV"), EXAMPLE_CSV, "scores_example.csv", "text/csv")
    if upload is None:
        return None, {}
    try:
        problems, notes = csv_problems(upload.getvalue())
    except ValueError as err:
        st.error(f"{md(upload.name)}: {md(i18n.error_text(err))}.")
        return None, {}
    show_read_notes(notes)
    return problems, {}


def scores():
    """The score source and its settings: (source id, problems or None, the settings by their
    URL names, for the notes panel)."""
    names = sources()
    current.start_on_run("src", names, "run")   # the run of ?model= or of the current model
    source = links.choice(st.radio, _("Scores from"), list(names), key="src",
                          format_func=names.get, horizontal=True)
    problems, settings = {"binary": _binary, "multiclass": _multiclass, "run": _run,
                          "csv": _csv}[source]()
    return source, problems, settings


def pick_class(problems):
    """The one-vs-rest problem shown in detail (a menu when there are several)."""
    if len(problems) == 1:
        return problems[0]
    names = [p.name for p in problems]
    return problems[links.choice(st.selectbox, _("Class shown below (one-vs-rest)"),
                                 range(len(names)), key="cls", format_func=names.__getitem__)]


def threshold_view(problem):
    """The threshold slider and what it decides: five metrics, the score histograms with the
    confusion matrix, PR and ROC curves with this and the best-F1 point, and the formulas with
    this threshold's counts. Returns the threshold."""
    curve, (fpr, tpr, _thresholds), (best_t, best_f), histograms = curves(problem)
    # scores near ±1.8e308 are shown ÷ 2^k: the browser's slider and plotly overflow on them
    exponent = m.display_exponent(problem)
    scale, unit = 2.0 ** exponent, f" ÷ 2^{exponent}" if exponent else ""
    lo, hi, step = (v / scale for v in m.threshold_range(problem))
    threshold = scale * threshold_slider(
        _("Threshold t{unit}: predict positive when score ≥ t", unit=unit), lo, hi, step,
        format="%.3g" if max(abs(lo), abs(hi)) >= 1e4 else "%.3f")
    at = m.at_threshold(problem, threshold)
    for col, (label, value) in zip(st.columns(5), (
            (_("precision"), at.precision), (_("recall"), at.recall), ("F1", at.f1),
            (_("accuracy"), at.accuracy), (_("false-positive rate"), at.fpr))):
        col.metric(label, f"{value:.3f}")

    left, right = st.columns([2, 1])
    edges, negatives, positives = histograms
    left.plotly_chart(i18n.figure(figs.score_histograms(
        edges / scale, negatives, positives, threshold / scale, _("score") + unit,
        threshold_text=_("threshold {t}", t=f"{threshold / scale:.3g}"))))
    right.plotly_chart(figs.confusion(
        at.counts, cells=(("TN", _("FP (type I)")), (_("FN (type II)"), "TP")),
        axes=((_("predicted 0"), _("predicted 1")), (_("true 0"), _("true 1")))))
    recall_grid = np.linspace(0.01, 1, 200)
    iso = {f: (recall_grid, m.iso_f1(f, recall_grid)) for f in (0.2, 0.4, 0.6, 0.8)}
    best = m.at_threshold(problem, best_t)
    prevalence = m.prevalence(problem)
    st.plotly_chart(i18n.figure(figs.pr_and_roc(
        curve.recall, curve.precision, fpr, tpr,
        {"recall": at.recall, "precision": at.precision, "fpr": at.fpr},
        {"recall": best.recall, "precision": best.precision, "fpr": best.fpr}, prevalence, iso,
        baseline_name=_("no skill (prevalence {p})", p=f"{prevalence:.2f}"))))
    st.caption(_("★ best F1 = {f1} at t = {t}. Dashed: a no-skill classifier (precision = "
                 "prevalence {p} on PR, the diagonal on ROC). Grey: points of equal F1.",
                 f1=f"{best_f:.3f}", t=f"{best_t:.4g}", p=f"{prevalence:.3f}"))
    _formulas(at)
    return threshold


def _formulas(at):
    (tn, fp), (fn, tp) = at.counts
    with st.expander(_("The formulas with this threshold's counts"), expanded=True):
        n_total = tp + fp + fn + tn
        formulas = [
            rf"P=\frac{{TP}}{{TP+FP}}=\frac{{{tp}}}{{{tp}+{fp}}}={at.precision:.3f}",
            rf"R=\frac{{TP}}{{TP+FN}}=\frac{{{tp}}}{{{tp}+{fn}}}={at.recall:.3f}",
            rf"\mathrm{{Acc}}=\frac{{TP+TN}}{{N}}=\frac{{{tp}+{tn}}}{{{n_total}}}="
            rf"{at.accuracy:.3f}",
            rf"\mathrm{{FPR}}=\frac{{FP}}{{FP+TN}}=\frac{{{fp}}}{{{fp}+{tn}}}={at.fpr:.3f}"]
        for column, formula in zip(st.columns(2) * 2, formulas):
            column.latex(formula)
        st.latex(rf"F_1=\frac{{2PR}}{{P+R}}=\frac{{2\,TP}}{{N+TP-TN}}="
                 rf"\frac{{2\cdot{tp}}}{{{n_total}+{tp}-{tn}}}={at.f1:.3f}")
        st.caption(_("FP = false alarm (type I error), FN = miss (type II error). With rare "
                     "positives accuracy stays high even when recall is poor: try a positive "
                     "fraction of 0.05."))


def ap_formulas() -> list[str]:
    """The four AP formulas, their words in the reader's language (KaTeX's \\text)."""
    return [rf"\text{{{_('step (sklearn)')}: }}\sum_n (R_n-R_{{n-1}})\,P_n",
            rf"\text{{{_('all-point')}: }}\sum_n (R_n-R_{{n-1}})\,"
            r"P_{\text{interp}}(R_n)",
            rf"\text{{{_('k-point')}: }}\frac1k\sum_{{j=0}}^{{k-1}} P_{{\text{{interp}}}}\!"
            r"\left(\tfrac{j}{k-1}\right),\ k\in\{11, 101\}",
            rf"P_{{\text{{interp}}}}(r)=\max_{{R_n\ge r}}P_n\quad(0\text{{ {_('if no')} }}"
            r"R_n\ge r)"]


def average_precision(problem):
    """The five APs of ``problem`` under the chosen tie convention, their formulas and the
    interpolation chart. Returns the tie convention."""
    st.subheader(_("Average precision, five ways"))
    for column, formula in zip(st.columns(2) * 2, ap_formulas()):
        column.latex(formula)
    tied = m.tied_rows(problem)
    ties_names = {m.TIES[0]: _("grouped: one operating point per distinct score "
                               "(scikit-learn)"),
                  m.TIES[1]: _("one by one: tied rows ranked in file order (VOC devkit, "
                               "pycocotools)")}
    ties = links.choice(
        st.radio, _("Tied scores in the interpolated APs"), m.TIES, key="ties",
        format_func=ties_names.get, horizontal=True,
        help=_("Only scores shared by several rows differ. The step AP and ROC AUC are "
               "scikit-learn's (grouped) either way."))
    counts = dict(tied=f"{tied:,}", rows=f"{len(problem.scores):,}")
    st.caption(_("{tied} of {rows} rows share their score with another row: the two "
                 "conventions can give different VOC and COCO APs.", **counts) if tied else
               _("{tied} of {rows} rows share their score with another row: both conventions "
                 "give the same APs here.", **counts))
    variants = ap_values(problem, ties)
    curve = curves(problem)[0]
    left, right = st.columns([1, 2])
    left.dataframe(pd.DataFrame({"AP": variants}).rename(index=columns())
                   .rename_axis(_("variant")), width="stretch",
                   column_config={"AP": st.column_config.NumberColumn(format="%.4f")})
    recall, precision = curve.points() if ties == m.TIES[0] else m.ranked_points(problem)
    right.plotly_chart(i18n.figure(figs.ap_interpolation(
        recall, precision, m.precision_envelope(precision),
        {_("11 VOC2007 points"): m.interpolated_precision(recall, precision, 11),
         _("101 COCO points"): m.interpolated_precision(recall, precision, 101)})))
    for template, fields in m.explain_ap_parts(variants, m.prevalence(problem)):
        left.markdown(_(template, **fields))
    return ties


def every_class(problems, threshold, ties):
    """The averages table (never scrolled away), every class's row, what macro, micro and
    weighted mean, and every class's PR curve."""
    st.subheader(_("Every class, and three ways to average them"))
    table = class_table(problems, threshold, ties)
    macro = table.set_index("class").loc["macro average"]
    averages = len(m.AVERAGES)
    names = columns()
    shown = table.replace({"class": average_names()}).rename(columns=names)
    # short headers (the full name on hover) so that every column fits 1280 px; every column
    # a fixed width, so that the two tables line up column for column whatever their contents
    column_config = {c: st.column_config.NumberColumn(c.split(" (")[0], help=c, format="%.3f",
                                                      width=VALUE_WIDTH)
                     for c in shown.columns if c not in (names["class"], names["support"])}
    column_config[names["class"]] = st.column_config.TextColumn(width=CLASS_WIDTH)
    column_config[names["support"]] = st.column_config.NumberColumn(width=VALUE_WIDTH)
    st.dataframe(shown.iloc[-averages:], hide_index=True, width="stretch",
                 column_config=column_config)          # the averages first, never scrolled away
    st.dataframe(shown.iloc[:-averages], hide_index=True, width="stretch",
                 column_config=column_config, height=min(len(problems), 12) * 35 + 38)
    seed_f1 = m.seed_macro_f1(macro["precision"], macro["recall"])
    st.markdown(_(
        "**macro**: plain mean over classes (every class counts the same); **weighted**: mean "
        "weighted by each class's positives; **micro**: pool every row into one confusion "
        "matrix (big classes dominate). {note} defines "
        "$\\text{{Macro-}}F_1 = \\frac{{2\\,\\text{{Macro-}}P\\cdot\\text{{Macro-}}R}}"
        "{{\\text{{Macro-}}P+\\text{{Macro-}}R}}$ = **{seed_f1}** here, while scikit-learn's "
        "macro F1 averages the per-class F1s: **{sk_f1}**.",
        note=i18n.note_name("001"),
        seed_f1=f"{seed_f1:.3f}", sk_f1=f"{macro['F1']:.3f}"))
    st.plotly_chart(i18n.figure(figs.per_class_pr(
        {p.name: (c.recall, c.precision)
         for p, c in zip(problems, (curves(p)[0] for p in problems))})))
