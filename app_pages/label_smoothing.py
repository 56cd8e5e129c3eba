"""Label smoothing: smoothed targets, their loss, the optimal logits, and a trained comparison."""
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

LEARNING_RATES = (1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0)

st.title("Label smoothing")
st.caption("Soften the one-hot target so the network stops pushing the true logit to "
           "infinity (seed 001). Every formula below is checked against torch, numerically.")


@st.cache_resource(max_entries=32, show_spinner=False)
def target_figures(num_classes, epsilon):
    one_hot = losses.target_vector(num_classes, 0.0)
    smoothed = losses.target_vector(num_classes, epsilon)
    z = np.linspace(-2, 16, 361)
    gap = float(losses.optimal_gap(epsilon, num_classes))
    ce, smooth = losses.loss_vs_true_logit(z, num_classes, epsilon)
    return (figs.targets(one_hot, smoothed, epsilon),
            figs.loss_vs_true_logit(z, ce, smooth, gap, epsilon), smoothed, gap)


@st.cache_resource(max_entries=32, show_spinner=False)
def gap_view(num_classes, epsilon):
    grid = np.linspace(0.01, 0.99, 197)
    numeric_eps = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9])
    numeric = [losses.numeric_optimum(e, num_classes).gap for e in numeric_eps]
    figure = figs.optimal_gap(grid, losses.optimal_gap(grid, num_classes),
                              losses.seed_optimal_gap(grid, num_classes), numeric_eps,
                              np.array(numeric), epsilon, num_classes)
    low, high = losses.NUMERIC_EPSILON
    return figure, (losses.numeric_optimum(epsilon, num_classes) if low <= epsilon <= high
                    else None)


top = st.columns([1, 1, 3])
num_classes = top[0].number_input("classes N", min_value=1, max_value=MAX_CLASSES, value=10,
                                  step=1, help=f"Number of classes: 2 to {MAX_CLASSES:,} (the "
                                               "numeric optimum takes seconds there).")
epsilon = top[1].number_input("smoothing ε", min_value=-1.0, max_value=1.0,
                              value=sc.DEFAULT_EPSILON, step=0.01, format="%.3f",
                              help="0 ≤ ε < 1. ε = 0 is the one-hot target. The one ε of the "
                                   "page: the formulas and the trained comparison below use it.")
try:
    losses.check_smoothing(epsilon, num_classes)
except ValueError as err:
    st.error(f"{err}. Change the value above.")
    formulas_ok = False
else:
    formulas_ok = True
    num_classes = int(num_classes)

tab_targets, tab_optimum = st.tabs(["Targets & loss", "Optimal logits"])

with tab_targets:
    st.latex(r"q_i = \begin{cases} 1 - \varepsilon + \dfrac{\varepsilon}{N} & i = y \\[4pt]"
             r"\dfrac{\varepsilon}{N} & i \ne y \end{cases} \qquad "
             r"\mathcal{L}(z) = -\sum_{i=1}^{N} q_i \log \mathrm{softmax}(z)_i")
    if formulas_ok:
        bars, curve, q, gap = target_figures(num_classes, epsilon)
        left, right = st.columns(2)
        left.plotly_chart(bars)
        right.plotly_chart(curve)
        ours, reference = losses.check_against_torch(num_classes, epsilon)
        st.dataframe(pd.DataFrame([
            {"quantity": "q_y = 1 − ε + ε/N", "value": q[0]},
            {"quantity": "q_i = ε/N (i ≠ y)", "value": q[1]},
            {"quantity": "loss from the formula (random batch of 32)", "value": ours},
            {"quantity": "torch.nn.CrossEntropyLoss(label_smoothing=ε), same batch",
             "value": reference}]), hide_index=True,
            column_config={"value": st.column_config.NumberColumn(format="%.10f")})
        st.markdown("With ε = 0 the loss keeps falling as the true logit grows: the network "
                    "is rewarded for ever larger logits and ever more confident outputs. "
                    "With ε > 0 it has a minimum at a finite logit (dashed line).")

with tab_optimum:
    st.latex(r"z^*_y - z^*_i = \log\frac{q_y}{q_i} = \log\Bigl(1 + \frac{N(1-\varepsilon)}"
             r"{\varepsilon}\Bigr), \qquad z^*_i = \alpha \text{ for every } i \ne y")
    st.markdown("The seed writes the gap as $\\log\\frac{(N-1)(1-\\varepsilon)}{\\varepsilon}$. "
                "That is the optimum for the *other* convention, where ε is spread over the "
                "$N-1$ wrong classes only ($q_y = 1-\\varepsilon$, $q_i = \\varepsilon/(N-1)$, "
                "He et al. 2019). torch and the $q_i$ above put ε/N on every class, and then "
                "the gap is the first formula: the numeric optimum (crosses) decides.")
    if formulas_ok:
        figure, found = gap_view(num_classes, epsilon)
        st.plotly_chart(figure)
        if found is None:
            st.info("With ε = 0 there is no optimum: the gap is infinite." if epsilon == 0 else
                    "The numeric optimum is searched for ε in [{:g}, {:g}] (beyond, the loss is "
                    "too flat for float64 to locate it); the closed form holds for every ε."
                    .format(*losses.NUMERIC_EPSILON))
        else:
            st.dataframe(pd.DataFrame([
                {"quantity": "numeric optimum of torch's loss over all N logits: gap",
                 "value": found.gap},
                {"quantity": "closed form log(1 + N(1−ε)/ε)",
                 "value": float(losses.optimal_gap(epsilon, num_classes))},
                {"quantity": "seed's log((N−1)(1−ε)/ε)",
                 "value": float(losses.seed_optimal_gap(epsilon, num_classes))},
                {"quantity": "spread of the N−1 wrong logits (0 = all equal)",
                 "value": found.spread},
                {"quantity": "loss at the optimum", "value": found.loss},
                {"quantity": "entropy H(q), the loss's lower bound",
                 "value": found.entropy_floor}]), hide_index=True,
                column_config={"value": st.column_config.NumberColumn(format="%.6f")})


@st.cache_resource(max_entries=8, show_spinner=False)
def trained_pair(epsilon, noise, epochs, optimizer, lr, seed):
    """Both trainings, once per setting; the progress bars live only while they run."""
    base = replace(sc.DEFAULT_CONFIG, label_noise=noise, epochs=epochs, optimizer=optimizer,
                   lr=lr, seed=seed)
    bars = [st.progress(0.0, text=f"ε = {e:g}: waiting") for e in (0.0, epsilon)]

    def show(i, event):
        done = event["step"] / event["total_steps"] if event["kind"] == "step" \
            else event["epoch"] / epochs
        text = f"ε = {(0.0, epsilon)[i]:g}: " + (
            f"step {event['step']}/{event['total_steps']}, loss {event['loss']:.3f}"
            if event["kind"] == "step"
            else f"epoch {event['epoch']}/{epochs}, val accuracy {event['val_acc']:.1%}")
        bars[i].progress(min(done, 1.0), text=text)

    results = sc.train_pair(base, epsilon, callback=show)
    for bar in bars:
        bar.empty()
    return results


@st.cache_resource(max_entries=32, show_spinner="Measuring calibration and projecting…")
def comparison(settings, classes, _results):
    reports = [sc.evaluate(r, e, classes) for r, e in zip(_results, (0.0, settings[0]))]
    names = [str(k) for k in classes]
    panels = {f"ε = {r.epsilon:g}": (r.before, r.after) for r in reports}
    planes = {f"ε = {r.epsilon:g} · spread {r.spread:.3f}": (r.coords, r.coord_labels)
              for r in reports}
    return (reports, calibration_figs.reliability(panels),
            figs.template_planes(planes, names))


st.divider()
st.header(f"Trained comparison: ε = 0 vs ε = {epsilon:g} on digits" if formulas_ok and epsilon
          else "Trained comparison: ε = 0 vs ε > 0 on digits")
st.caption("Two LeNets trained by `explorer.train.fit` with the same data, seed and schedule; "
           "only the label smoothing differs: ε = 0 and the **smoothing ε set at the top** "
           "(with the digits' own N = 10 classes). Measured on the test split; the temperature "
           "T is fitted on the validation split (Guo et al. 2017).")
row = st.columns([1, 2])
noise = row[0].select_slider("label noise (%)", (0, 10, 20, 40), value=0,
                             help="The same random train labels are replaced in both runs; "
                                  "validation and test labels stay clean.")
classes = row[1].multiselect("3 classes for the penultimate-layer picture", list(range(10)),
                             default=list(sc.DEFAULT_CLASSES), max_selections=3)
with st.expander("Training settings (the same for both models)"):
    c = st.columns(4)
    epochs = c[0].number_input("epochs", min_value=1, max_value=60,
                               value=sc.DEFAULT_CONFIG.epochs)
    optimizer = c[1].selectbox("optimizer", ("adam", "momentum"),
                               help="momentum = SGD with momentum 0.9")
    lr = c[2].select_slider("learning rate", LEARNING_RATES, value=sc.DEFAULT_CONFIG.lr)
    seed = c[3].number_input("seed", min_value=0, max_value=SEED_MAX, value=0)
settings = (epsilon, noise / 100, int(epochs), optimizer, lr, int(seed))

# The default pair trains at once (a few seconds on one CPU thread); other settings on request.
DEFAULT_SETTINGS = (sc.DEFAULT_EPSILON, 0.0, sc.DEFAULT_CONFIG.epochs, sc.DEFAULT_CONFIG.optimizer,
                    sc.DEFAULT_CONFIG.lr, sc.DEFAULT_CONFIG.seed)
trained = st.session_state.setdefault("label_smoothing_trained", {DEFAULT_SETTINGS})
if not formulas_ok or epsilon == 0:
    st.info("The comparison needs a smoothing ε between 0 and 1 (both excluded): set it at the "
            "top of the page.")
    st.stop()
if st.button("Train the comparison", type="primary", disabled=settings in trained):
    trained.add(settings)
    st.rerun()  # redraw with the button disabled for what is now trained
if len(classes) != 3:
    st.warning(f"Pick exactly 3 classes for the penultimate-layer picture ({len(classes)} "
               "picked).")
elif settings not in trained:
    st.info(f"Press **Train the comparison** to train both models (ε = 0 and ε = {epsilon:g}) "
            f"with these settings ({int(epochs)} epochs each). Results are kept: coming back "
            "is instant.")
else:
    try:
        reports, reliability, planes = comparison(settings, tuple(sorted(classes)),
                                                  trained_pair(*settings))
    except ValueError as err:
        st.error(f"{err}. Lower the learning rate (or use adam) and train again.")
    else:
        st.dataframe(pd.DataFrame([{
            "model": f"ε = {r.epsilon:g}", "test accuracy": r.before.accuracy,
            "NLL": r.before.nll, "ECE": r.before.ece, "mean confidence": r.before.mean_confidence,
            "T (val)": r.after.temperature, "NLL after T": r.after.nll,
            "ECE after T": r.after.ece, "spread": r.spread} for r in reports]),
            hide_index=True, column_config={
                "test accuracy": st.column_config.NumberColumn(format="%.4f"),
                **{k: st.column_config.NumberColumn(format="%.3f")
                   for k in ("NLL", "ECE", "mean confidence", "T (val)", "NLL after T",
                             "ECE after T", "spread")}})
        for r in reports:
            if r.temperature_note:
                st.warning(f"ε = {r.epsilon:g}: {r.temperature_note}.")
        st.markdown("**Reliability diagrams** (top: accuracy per confidence bin; a calibrated "
                    "model sits on the diagonal) and **confidence histograms** (bottom). "
                    "Smoothing pulls the confidence down; T (fitted on the validation split) "
                    "rescales the logits afterwards and never changes the accuracy.")
        st.plotly_chart(reliability)
        st.markdown("**Penultimate layer** (Müller, Kornblith & Hinton 2019): training "
                    "activations of the 3 classes projected on the plane through their "
                    "templates, the rows of the last layer. Smoothing tends to pull each class "
                    "into a tighter cluster, equally far from the others. *Spread* = mean "
                    "distance to the own class mean / mean distance between class means "
                    "(lower = tighter).")
        st.plotly_chart(planes)
