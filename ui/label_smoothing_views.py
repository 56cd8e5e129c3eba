"""The Label smoothing page's parts: ε and N (``?n=``, ``?eps=``), the targets & loss and
optimal-logits tabs, and the trained comparison of ε = 0 with ε > 0 (its settings ``?noise=``,
``?classes=``, ``?epochs=``, ``?opt=``, ``?lr=``, ``?seed=``). The default pair comes from the
disk cache (``explorer.smoothing_comparison.default_pair``, warmed by ``explorer.warm``);
other settings train on request.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from explorer import losses
from explorer import smoothing_comparison as sc
from explorer.budget import MAX_CLASSES
from explorer.errors import SEED_MAX
from explorer.figures import calibration as calibration_figs
from explorer.figures import losses as figs
from ui import i18n, links
from ui.i18n import _

LEARNING_RATES = (1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)
DEFAULT_SETTINGS = (sc.DEFAULT_EPSILON, 0.0, sc.DEFAULT_CONFIG.epochs, sc.DEFAULT_CONFIG.optimizer,
                    sc.DEFAULT_CONFIG.lr, sc.DEFAULT_CONFIG.seed)
TRAINED = "label_smoothing_trained"   # session state: the settings trained in this session


def _optimizers() -> dict[str, str]:
    return {"adam": "Adam", "momentum": _("momentum (SGD)")}


@st.cache_resource(max_entries=32, show_spinner=False)
def _target_figures(num_classes, epsilon, texts):
    """The targets and loss figures; ``texts`` (the figure templates in the reader's language)
    is part of the cache key, so each language gets its own figures."""
    smoothed_bars, true_mark, smoothed_loss, optimum = texts
    one_hot = losses.target_vector(num_classes, 0.0)
    smoothed = losses.target_vector(num_classes, epsilon)
    z = np.linspace(-2, 16, 361)
    gap = float(losses.optimal_gap(epsilon, num_classes))
    ce, smooth = losses.loss_vs_true_logit(z, num_classes, epsilon)
    return (i18n.figure(figs.targets(one_hot, smoothed, epsilon, smoothed_bars, true_mark)),
            i18n.figure(figs.loss_vs_true_logit(z, ce, smooth, gap, epsilon, smoothed_loss,
                                                optimum)),
            smoothed, gap)


@st.cache_resource(max_entries=32, show_spinner=False)
def _gap_view(num_classes, epsilon, gap_title):
    grid = np.linspace(0.01, 0.99, 197)
    numeric_eps = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9])
    numeric = [losses.numeric_optimum(e, num_classes).gap for e in numeric_eps]
    figure = figs.optimal_gap(grid, losses.optimal_gap(grid, num_classes),
                              losses.seed_optimal_gap(grid, num_classes), numeric_eps,
                              np.array(numeric), epsilon, num_classes, gap_title)
    low, high = losses.NUMERIC_EPSILON
    return i18n.figure(figure), (losses.numeric_optimum(epsilon, num_classes)
                                 if low <= epsilon <= high else None)


def smoothing() -> tuple[int, float, bool]:
    """The page's N and ε, and whether they are valid (an error says why not)."""
    top = st.columns([1, 1, 3])
    with top[0]:
        num_classes = links.number_input(
            _("classes N"), min_value=1, max_value=MAX_CLASSES, value=10, step=1, key="n",
            help=_("Number of classes: 2 to {max} (the numeric optimum takes seconds there).",
                   max=f"{MAX_CLASSES:,}"))
    with top[1]:
        epsilon = links.number_input(
            _("smoothing ε"), min_value=-1.0, max_value=1.0, value=sc.DEFAULT_EPSILON, step=0.01,
            format="%.3f", key="eps",
            help=_("0 ≤ ε < 1. ε = 0 is the one-hot target. The one ε of the page: the "
                   "formulas and the trained comparison below use it."))
    try:
        losses.check_smoothing(epsilon, num_classes)
    except ValueError as err:
        st.error(_("{err}. Change the value above.", err=i18n.error_text(err)))
        formulas_ok = False
    else:
        formulas_ok = True
        num_classes = int(num_classes)
    return num_classes, epsilon, formulas_ok


def targets_tab(num_classes: int, epsilon: float, formulas_ok: bool) -> None:
    """The smoothed targets, the loss along the true logit and the check against torch."""
    st.latex(r"q_i = \begin{cases} 1 - \varepsilon + \dfrac{\varepsilon}{N} & i = y \\[4pt]"
             r"\dfrac{\varepsilon}{N} & i \ne y \end{cases} \qquad "
             r"\mathcal{L}(z) = -\sum_{i=1}^{N} q_i \log \mathrm{softmax}(z)_i")
    if formulas_ok:
        bars, curve, q, gap = _target_figures(
            num_classes, epsilon, (_("smoothed (ε = {epsilon:g})"), _(" (true)"),
                                   _("label-smoothed CE (ε = {epsilon:g})"),
                                   _("optimum z* = {gap:.2f}")))
        left, right = st.columns(2)
        left.plotly_chart(bars)
        right.plotly_chart(curve)
        ours, reference = losses.check_against_torch(num_classes, epsilon)
        st.dataframe(pd.DataFrame([
            {"quantity": "q_y = 1 − ε + ε/N", "value": q[0]},
            {"quantity": _("q_i = ε/N (i ≠ y)"), "value": q[1]},
            {"quantity": _("loss from the formula (random batch of 32)"), "value": ours},
            {"quantity": _("torch.nn.CrossEntropyLoss(label_smoothing=ε), same batch"),
             "value": reference}]), hide_index=True,
            column_config={"quantity": st.column_config.TextColumn(_("quantity")),
                           "value": st.column_config.NumberColumn(_("value"), format="%.10f")})
        st.markdown(_("With ε = 0 the loss keeps falling as the true logit grows: the network "
                      "is rewarded for ever larger logits and ever more confident outputs. "
                      "With ε > 0 it has a minimum at a finite logit (dashed line)."))


def optimum_tab(num_classes: int, epsilon: float, formulas_ok: bool) -> None:
    """The optimal logit gap: closed form, the note's form and the numeric optimum."""
    st.latex(r"z^*_y - z^*_i = \log\frac{q_y}{q_i} = \log\Bigl(1 + \frac{N(1-\varepsilon)}"
             r"{\varepsilon}\Bigr), \qquad z^*_i = \alpha \text{ "
             + _("for every") + r" } i \ne y")
    st.markdown(_("{note} writes the gap as $\\log\\frac{{(N-1)(1-\\varepsilon)}}"
                  "{{\\varepsilon}}$. That is the optimum for the *other* convention, where ε "
                  "is spread over the $N-1$ wrong classes only ($q_y = 1-\\varepsilon$, "
                  "$q_i = \\varepsilon/(N-1)$, He et al. 2019). torch and the $q_i$ above put "
                  "ε/N on every class, and then the gap is the first formula: the numeric "
                  "optimum (crosses) decides.", note=i18n.note_name("001")))
    if formulas_ok:
        figure, found = _gap_view(num_classes, epsilon,
                                 _("optimal gap z*_y − z*_i  (N = {num_classes})"))
        st.plotly_chart(figure)
        if found is None:
            low, high = losses.NUMERIC_EPSILON
            st.info(_("With ε = 0 there is no optimum: the gap is infinite.") if epsilon == 0
                    else _("The numeric optimum is searched for ε in [{low}, {high}] (beyond, "
                           "the loss is too flat for float64 to locate it); the closed form "
                           "holds for every ε.", low=f"{low:g}", high=f"{high:g}"))
        else:
            st.dataframe(pd.DataFrame([
                {"quantity": _("numeric optimum of torch's loss over all N logits: gap"),
                 "value": found.gap},
                {"quantity": _("closed form log(1 + N(1−ε)/ε)"),
                 "value": float(losses.optimal_gap(epsilon, num_classes))},
                {"quantity": _("note's log((N−1)(1−ε)/ε)"),
                 "value": float(losses.seed_optimal_gap(epsilon, num_classes))},
                {"quantity": _("spread of the N−1 wrong logits (0 = all equal)"),
                 "value": found.spread},
                {"quantity": _("loss at the optimum"), "value": found.loss},
                {"quantity": _("entropy H(q), the loss's lower bound"),
                 "value": found.entropy_floor}]), hide_index=True,
                column_config={"quantity": st.column_config.TextColumn(_("quantity")),
                               "value": st.column_config.NumberColumn(_("value"),
                                                                      format="%.6f")})


@st.cache_resource(max_entries=8, show_spinner=False)
def _trained_pair(epsilon, noise, epochs, optimizer, lr, seed):
    """Both trainings, once per setting; the progress bars live only while they run."""
    base = replace(sc.DEFAULT_CONFIG, label_noise=noise, epochs=epochs, optimizer=optimizer,
                   lr=lr, seed=seed)
    bars = [st.progress(0.0, text=_("ε = {e}: waiting", e=f"{e:g}")) for e in (0.0, epsilon)]

    def show(i, event):
        done = event["step"] / event["total_steps"] if event["kind"] == "step" \
            else event["epoch"] / epochs
        e = f"{(0.0, epsilon)[i]:g}"
        text = (_("ε = {e}: step {step}/{total}, loss {loss}", e=e, step=event["step"],
                  total=event["total_steps"], loss=f"{event['loss']:.3f}")
                if event["kind"] == "step" else
                _("ε = {e}: epoch {epoch}/{epochs}, val accuracy {acc}", e=e,
                  epoch=event["epoch"], epochs=epochs, acc=f"{event['val_acc']:.1%}"))
        bars[i].progress(min(done, 1.0), text=text)

    results = sc.trained_pair(base, epsilon, callback=show)
    for bar in bars:
        bar.empty()
    return results


@st.cache_resource(max_entries=32, show_spinner=False)
def _comparison(settings, classes, texts, _results):
    """Reports and figures of a trained pair; ``texts`` (the spread label and class template in
    the reader's language) is part of the cache key."""
    spread_label, class_label = texts
    reports = [sc.evaluate(r, e, classes) for r, e in zip(_results, (0.0, settings[0]))]
    names = [str(k) for k in classes]
    panels = {f"ε = {r.epsilon:g}": (r.before, r.after) for r in reports}
    planes = {spread_label.format(e=f"{r.epsilon:g}", spread=f"{r.spread:.3f}"):
              (r.coords, r.coord_labels) for r in reports}
    return (reports, i18n.figure(calibration_figs.reliability(panels)),
            i18n.figure(figs.template_planes(planes, names, class_label)))


def training_settings(epsilon: float, formulas_ok: bool) -> dict:
    """The comparison's heading and its training settings (kept in the URL), by link name."""
    st.divider()
    st.header(_("Trained comparison: ε = 0 vs ε = {e} on digits", e=f"{epsilon:g}")
              if formulas_ok and epsilon else _("Trained comparison: ε = 0 vs ε > 0 on digits"))
    st.caption(_("Two LeNets trained by `explorer.train.fit` with the same data, seed and "
                 "schedule; only the label smoothing differs: ε = 0 and the **smoothing ε set "
                 "at the top** (with the digits' own N = 10 classes). Measured on the test "
                 "split; the temperature T is fitted on the validation split (Guo et al. "
                 "2017)."))
    row = st.columns([1, 2])
    with row[0]:
        noise = links.choice(st.select_slider, _("label noise (%)"), (0, 10, 20, 40),
                             key="noise",
                             help=_("The same random train labels are replaced in both runs; "
                                    "validation and test labels stay clean."))
    with row[1]:
        classes = links.choices(st.multiselect, _("3 classes for the penultimate-layer picture"),
                                list(range(10)), key="classes",
                                default=list(sc.DEFAULT_CLASSES), max_selections=3)
    optimizers = _optimizers()
    with st.expander(_("Training settings (the same for both models)")):
        c = st.columns(4)
        with c[0]:
            epochs = links.number_input(_("epochs"), min_value=1, max_value=60,
                                        value=sc.DEFAULT_CONFIG.epochs, key="epochs")
        with c[1]:
            optimizer = links.choice(st.selectbox, _("optimizer"), list(optimizers), key="opt",
                                     format_func=optimizers.get,
                                     help=_("momentum = SGD with momentum 0.9"))
        with c[2]:
            lr = links.choice(st.select_slider, _("learning rate"), LEARNING_RATES, key="lr",
                              default=sc.DEFAULT_CONFIG.lr)
        with c[3]:
            seed = links.number_input(_("random seed"), min_value=0, max_value=SEED_MAX,
                                      value=0, key="seed")
    return {"noise": noise, "classes": classes, "epochs": epochs, "opt": optimizer, "lr": lr,
            "seed": seed}


def trained_comparison(epsilon: float, formulas_ok: bool, chosen: dict) -> None:
    """The pair for ``chosen`` (``training_settings``): shown when trained in this session (the
    default always is), otherwise a button trains it."""
    settings = (epsilon, chosen["noise"] / 100, int(chosen["epochs"]), chosen["opt"],
                chosen["lr"], int(chosen["seed"]))
    trained = st.session_state.setdefault(TRAINED, {DEFAULT_SETTINGS})
    if not formulas_ok or epsilon == 0:
        st.info(_("The comparison needs a smoothing ε between 0 and 1 (both excluded): set it "
                  "at the top of the page."))
        return
    if st.button(_("Train the comparison"), type="primary", disabled=settings in trained):
        trained.add(settings)
        st.rerun()  # redraw with the button disabled for what is now trained
    classes = chosen["classes"]
    if len(classes) != 3:
        st.warning(_("Pick exactly 3 classes for the penultimate-layer picture ({n} picked).",
                     n=len(classes)))
    elif settings not in trained:
        st.info(_("Press **Train the comparison** to train both models (ε = 0 and ε = {e}) "
                  "with these settings ({epochs} epochs each). Results are kept: coming back "
                  "is instant.", e=f"{epsilon:g}", epochs=int(chosen["epochs"])))
    else:
        try:
            shown = _comparison(settings, tuple(sorted(classes)),
                                (_("ε = {e} · spread {spread}"), _("class {name}")),
                                _trained_pair(*settings))
        except ValueError as err:
            st.error(_("{err}. Lower the learning rate (or use adam) and train again.",
                       err=i18n.error_text(err)))
        else:
            _show_comparison(*shown)


def _show_comparison(reports, reliability, planes) -> None:
    """The pair's metrics table, reliability diagrams and penultimate-layer planes."""
    columns = {"model": _("model"), "test accuracy": _("test accuracy"), "NLL": "NLL",
               "ECE": "ECE", "mean confidence": _("mean confidence"), "T (val)": _("T (val)"),
               "NLL after T": _("NLL after T"), "ECE after T": _("ECE after T"),
               "spread": _("spread")}
    st.dataframe(pd.DataFrame([{
        "model": f"ε = {r.epsilon:g}", "test accuracy": r.before.accuracy,
        "NLL": r.before.nll, "ECE": r.before.ece, "mean confidence": r.before.mean_confidence,
        "T (val)": r.after.temperature, "NLL after T": r.after.nll,
        "ECE after T": r.after.ece, "spread": r.spread} for r in reports]),
        hide_index=True, column_config={
            "model": st.column_config.TextColumn(columns["model"]),
            "test accuracy": st.column_config.NumberColumn(columns["test accuracy"],
                                                           format="%.4f"),
            **{k: st.column_config.NumberColumn(columns[k], format="%.3f")
               for k in ("NLL", "ECE", "mean confidence", "T (val)", "NLL after T",
                         "ECE after T", "spread")}})
    for r in reports:
        if r.temperature_note:
            st.warning(f"ε = {r.epsilon:g}{i18n.pick(': ', '：')}"
                       f"{i18n.message(r.temperature_note)}{i18n.pick('.', '。')}")
    st.markdown(_("**Reliability diagrams** (top: accuracy per confidence bin; a "
                  "calibrated model sits on the diagonal) and **confidence histograms** "
                  "(bottom). Smoothing pulls the confidence down; T (fitted on the "
                  "validation split) rescales the logits afterwards and never changes the "
                  "accuracy."))
    st.plotly_chart(reliability)
    st.markdown(_("**Penultimate layer** (Müller, Kornblith & Hinton 2019): training "
                  "activations of the 3 classes projected on the plane through their "
                  "templates, the rows of the last layer. Smoothing tends to pull each "
                  "class into a tighter cluster, equally far from the others. *Spread* = "
                  "mean distance to the own class mean / mean distance between class means "
                  "(lower = tighter)."))
    st.plotly_chart(planes)
