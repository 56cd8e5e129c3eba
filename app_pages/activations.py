"""Activation functions: curves, derivatives, saturation, dead units, depth, softmax."""
import math

import pandas as pd
import streamlit as st

from explorer import activations as act, dead_units
from explorer.errors import SEED_MAX
from explorer.figures import activations as figs
from explorer.notes import NOTES
from ui import i18n, links, notes_panel, numbers
from ui.i18n import _

NOTE = i18n.pick(NOTES["001"].name_en, NOTES["001"].name_zh)
st.title(_("Activation functions"))
st.caption(_("Why networks need a non-linearity, and how its derivative decides whether "
             "gradients survive the trip back through many layers ({note}).", note=NOTE))


SANE_LR = 0.05   # the dead-unit comparison's ordinary learning rate
ROW_PX = 35      # a dataframe row: tables sized to show all twelve functions without scrolling


# Figures are cached whole (st.cache_resource hands back the same object, no copy): building
# a plotly figure costs more than the maths, and a rerun that changes nothing else redraws it.
@st.cache_resource(max_entries=64, show_spinner=False)
def curves_figure(names, lo, hi, params, shade_name, shade_note):
    x = act.grid(lo, hi)
    values = {name: act.evaluate(name, x, act.relevant_params([name], params))
              for name in names}
    zones = act.saturation_intervals(x, values[shade_name][1])
    return figs.curves(x, values, zones, shade_name, act.SATURATION_THRESHOLD, shade_note)


@st.cache_resource(max_entries=64, show_spinner=False)
def distribution(names, mu, sigma, seed, params):
    results = {n: act.distribution_stats(n, mu, sigma, seed=seed,
                                         params=act.relevant_params([n], params))
               for n in names}
    return figs.output_histograms({n: r.outputs for n, r in results.items()}), results


@st.cache_resource(max_entries=64, show_spinner=False)
def depth_view(names, depth, mu, sigma, params):
    results = {n: act.gradient_through_depth(n, depth, mu, sigma,
                                             params=act.relevant_params([n], params))
               for n in names}
    bound = act.sigmoid_gradient_bound(depth) if "Sigmoid" in names else None
    return figs.gradient_depth(results, bound), results


@st.cache_data(max_entries=8, show_spinner=False)
def dead_in_trained(high_lr, seed):
    return {lr: dead_units.train_and_count(lr, seed) for lr in (SANE_LR, high_lr)}


top = st.columns([3, 1, 1, 1])
with top[0]:
    chosen = links.choices(st.multiselect, _("Functions to compare"), list(act.ACTIVATIONS),
                           key="fn", default=["Sigmoid", "Tanh", "ReLU", "GELU"])
with top[1]:
    lo = links.number_input(_("x min"), -1000.0, 1000.0, value=-6.0, step=1.0, key="x_min")
with top[2]:
    hi = links.number_input(_("x max"), -1000.0, 1000.0, value=6.0, step=1.0, key="x_max")
with top[3].popover(_("Parameters"), width="stretch"):
    params = (("slope", links.slider("Leaky ReLU / PReLU slope γ", 0.0, 0.5, 0.01, 0.01,
                                     key="slope")),
              ("alpha", links.slider("ELU α", 0.1, 3.0, 1.0, 0.1, key="alpha")),
              ("beta", links.slider("Swish / Softplus β", 0.1, 5.0, 1.0, 0.1, key="beta")))

if not chosen:
    st.warning(_("Pick at least one function above to draw its curve."))
    st.stop()
params = act.relevant_params(chosen, params)  # so unrelated sliders never invalidate a cache

tab_curves, tab_dist, tab_depth, tab_softmax = links.tabs(
    [_("Curves & derivatives"), _("Input distribution"), _("Through depth"), _("Softmax")],
    ["curves", "distribution", "depth", "softmax"], key="tab")

with tab_curves:
    with st.columns(3)[0]:
        shade_name = links.choice(st.selectbox, _("Shade the saturation zones of"), chosen,
                                  key="shade")
    shade_note = _("grey: {name} saturated, |f′| < {threshold}", name=shade_name,
                   threshold=f"{act.SATURATION_THRESHOLD:g}")
    try:
        st.plotly_chart(i18n.figure(curves_figure(tuple(chosen), lo, hi, params, shade_name,
                                                  shade_note)))
    except ValueError as err:
        st.error(_("{error}. Change x min or x max.", error=i18n.error_text(err)))
    else:
        st.markdown(_("**Formulas** (the derivative curves above come from autograd; the "
                      "tests check them against these closed forms)"))
        for name in chosen:
            spec = act.get(name)
            label, left, right = st.columns([1, 3, 3], vertical_alignment="center")
            label.markdown(f"**{name}**")
            left.latex(spec.formula)
            right.latex(spec.derivative)

with tab_dist:
    st.markdown(_("Pre-activations $z \\sim \\mathcal{{N}}(\\mu, \\sigma^2)$ pass through each "
                  "function. **Sparsity** ({note}: 稀疏性) is the share of outputs that are "
                  "exactly 0 by the formula: ReLU zeroes every $z<0$, half of them at μ = 0. "
                  "Those units still learn from their other inputs; a float that merely "
                  "underflows (GELU below −38) is not counted.", note=NOTE))
    c = st.columns(3)
    with c[0]:
        mu = links.slider(_("mean μ"), -5.0, 5.0, 0.0, 0.1, key="mu")
    with c[1]:
        sigma = links.slider(_("std σ"), 0.1, 10.0, 1.0, 0.1, key="sigma")
    with c[2]:
        seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="seed")
    histogram, results = distribution(tuple(chosen), mu, sigma, int(seed), params)
    st.plotly_chart(i18n.figure(histogram))
    zero, saturated = _("zero outputs (sparsity)"), _("saturated (|f′|<0.05)")
    mean, var, grad = _("output mean"), _("output variance"), _("mean |f′(z)|")
    st.dataframe(pd.DataFrame(
        [{_("function"): n, mean: r.mean, var: r.var, zero: r.zero_fraction,
          saturated: r.saturated_fraction, grad: r.mean_abs_grad} for n, r in results.items()]),
        hide_index=True, width="stretch", height=ROW_PX * (len(results) + 1) + 3,
        column_config={zero: st.column_config.NumberColumn(format="percent"),
                       saturated: st.column_config.NumberColumn(format="percent")}
        | {m: st.column_config.NumberColumn(format="%.4f") for m in (mean, var, grad)})

    st.subheader(_("Dead ReLU units in a trained network"))
    st.markdown(_("A **dead** unit ({note}: 神经元死亡, 死区) outputs 0 for *every* input, so "
                  "its weights never get a gradient again. The notes' cause: a learning rate "
                  "so large that one update pushes it below 0 for all the data. Below: the "
                  "same {depth}×{width} ReLU MLP trained on digits with SGD for {epochs} "
                  "epochs at lr {lr} and at a high rate; a unit counts as dead when no "
                  "training image makes it fire.", note=NOTE, depth=dead_units.DEPTH,
                  width=dead_units.WIDTH, epochs=dead_units.EPOCHS, lr=SANE_LR))
    c = st.columns([1, 1, 2], vertical_alignment="bottom")
    with c[0]:
        high_lr = links.choice(st.select_slider, _("high learning rate"), (0.5, 1.0, 2.0),
                               key="high_lr", default=1.0)
    with c[1]:
        dead_seed = links.number_input(_("random seed of the training"), 0, 10_000, 0,
                                       key="train_seed")
    if c[2].button(_("Train and count dead units"), icon=":material/play_arrow:"):
        st.session_state["dead_units"] = (high_lr, int(dead_seed))
    request = st.session_state.get("dead_units")
    if request:
        with st.spinner(_("Training two small ReLU MLPs on digits…")):
            counted = dead_in_trained(*request)
        zero, accuracy_label = _("zero outputs (sparsity)"), _("test accuracy")
        st.dataframe(pd.DataFrame(
            [{_("learning rate"): lr, _("hidden layer"): layer.layer,
              _("dead units"): _("{dead} of {units}", dead=layer.dead, units=layer.units),
              zero: layer.sparsity, accuracy_label: accuracy}
             for lr, (layers, accuracy) in counted.items() for layer in layers]),
            hide_index=True, column_config={
                zero: st.column_config.NumberColumn(format="percent"),
                accuracy_label: st.column_config.NumberColumn(format="percent")})

with tab_depth:
    st.markdown(_("Backpropagation multiplies one derivative per layer. Sigmoid's derivative "
                  "is at most $\\tfrac14$, so after $L$ layers the gradient is at most "
                  "$4^{-L}$ of what it was (weights aside): it **vanishes**. ReLU passes 1 "
                  "or 0: a path that meets one $z<0$ carries nothing back (**dead**), the "
                  "others carry the gradient unchanged. The two are shown apart."))
    c = st.columns(3)
    with c[0]:
        depth = links.slider(_("layers"), 1, 100, 30, key="depth")
    with c[1]:
        d_mu = links.slider(_("pre-activation mean"), -3.0, 3.0, 0.0, 0.1, key="depth_mu")
    with c[2]:
        d_sigma = links.slider(_("pre-activation std"), 0.1, 5.0, 1.0, 0.1, key="depth_sigma")
    figure, depths = depth_view(tuple(chosen), depth, d_mu, d_sigma, params)
    st.plotly_chart(i18n.figure(figure))
    gone = [n for n, r in depths.items() if r.dead[-1] == 1]
    if gone:
        st.caption(_("Every sampled path met a zero derivative within {depth} layers, so no "
                     "typical factor is left to draw: {names}.", depth=depth,
                     names=i18n.join(gone)))
    underflowed = [n for n, r in depths.items() if r.typical[-1] == 0]
    if underflowed:
        st.caption(_("{names}: a sampled derivative rounded to exactly 0 in float64 (tanh's "
                     "beyond |z| ≈ 19) although the formula is never 0, so the typical factor "
                     "underflows to 0 and is not drawn: the gradient vanished numerically.",
                     names=i18n.join(underflowed)))
    typical = _("typical factor after {depth} layers (paths alive)", depth=depth)
    dead = _("paths dead")
    labels = {0.0: _("0 (underflow)")}
    st.dataframe(pd.DataFrame(
        [{_("function"): n, typical: labels.get(r.typical[-1], f"{r.typical[-1]:.3e}")
          if math.isfinite(r.typical[-1]) else _("— (all dead)"), dead: r.dead[-1]}
         for n, r in depths.items()]),
        hide_index=True, height=ROW_PX * (len(depths) + 1) + 3, column_config={
            typical: numbers.RIGHT, dead: st.column_config.NumberColumn(format="percent")})

with tab_softmax:
    st.latex(r"\mathrm{softmax}(z)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}"
             r"= \frac{e^{(z_i - \max z)/T}}{\sum_j e^{(z_j - \max z)/T}}")
    st.markdown(_("Both forms are equal on paper. On a computer $e^{1000}$ overflows to "
                  "infinity and $\\infty/\\infty$ is NaN; subtracting the maximum first keeps "
                  "every exponent $\\le 0$. Try the *large logits* preset."))
    c = st.columns([2, 1])
    presets = {"small": _("small"), "large": _("large logits")}
    with c[0]:
        preset = links.choice(st.radio, _("Logits"), list(presets), key="logits",
                              format_func=presets.get, horizontal=True)
    with c[1]:
        temperature = links.slider(_("temperature T"), 0.05, 10.0, 1.0, 0.05, key="t")
    start = [2.0, 1.0, 0.1, -1.0] if preset == "small" else [1000.0, 999.0, 990.0, 10.0]
    edited = st.data_editor(pd.DataFrame({"class": list("ABCD"), "logit": start}),
                            num_rows="dynamic", hide_index=True, key=f"logits_{preset}",
                            column_config={"class": _("class"), "logit": _("logit")})
    try:
        z = act.parse_logits(edited["logit"].tolist())
    except ValueError as err:
        st.error(i18n.error_sentence(err))
    else:
        labels = [str(s) for s in edited["class"].fillna("?")]
        naive, stable = act.softmax_naive(z, temperature), act.softmax_stable(z, temperature)
        st.plotly_chart(i18n.figure(figs.softmax_bars(
            labels, {"naive": naive, "max-subtracted": stable})))
        gap = act.max_abs_difference(naive, stable)
        if gap is None:
            st.error(_("Naive softmax overflowed: exp(z/T) became infinite and the result is "
                       "NaN. The max-subtracted version is exact."))
        else:
            st.success(_("Both agree (largest difference {gap}).", gap=f"{gap:.1e}"))

notes_panel.show("app_pages/activations.py", fn=chosen, x_min=lo, x_max=hi, mu=mu, sigma=sigma,
                 seed=seed, high_lr=high_lr, train_seed=dead_seed, depth=depth, depth_mu=d_mu,
                 depth_sigma=d_sigma, t=temperature)
