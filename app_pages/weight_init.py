"""Weight initialisation: variance through depth, forward and backward; symmetry; training."""
import math

import numpy as np

import streamlit as st

from explorer import weight_init as wi
from explorer.train import single_cpu_thread
from explorer.figures import weight_init as figs
from ui import i18n, links, notes_panel
from ui.i18n import _, note_name

st.title(_("Weight initialisation"))
st.caption(_("Too small and the signal vanishes, too large and it explodes; Xavier keeps the "
             "variance of tanh/linear nets, He keeps ReLU nets; all-zero weights never break "
             "the symmetry between units, yet a zero last layer is fine ({notes}).",
             notes=note_name("001", "003")))
formulas = st.columns(2)
formulas[0].latex(r"\text{Xavier: } w \sim U\!\left(\pm\sqrt{\tfrac{6}{m+n}}\right),\quad "
                  r"\text{He: } w \sim \mathcal{N}\!\left(0, \tfrac{2}{n}\right)")
formulas[1].latex(r"\text{linear net: } \mathrm{Var}(z_L) = "
                  r"\left(n\,\mathrm{Var}(w)\right)^{L}\mathrm{Var}(z_0)")


# Only the small statistics are cached (no weight matrices: 100 layers of 512² are 100 MB).
# One CPU thread: on a busy 2-core server, torch's thread hand-offs made a 100-layer
# simulation 4-8x slower (measured 12 s with 2 threads, 2.6 s with 1).
@st.cache_data(max_entries=48, show_spinner=False)
def simulate(setup: wi.Setup, layers: tuple[int, ...]) -> wi.Propagation:
    with single_cpu_thread():
        return wi.propagate(setup, layers)


@st.cache_data(max_entries=8, show_spinner=False)
def symmetry_panels(scheme: str, seed: int) -> dict:
    return {name: wi.first_layer_gradient(name, seed=seed)
            for name in dict.fromkeys(("zeros", "constant 0.1", scheme))}


@st.cache_data(max_entries=8, show_spinner=False)
def trainings(schemes: tuple[str, ...], activation: str, seed: int) -> dict:
    bar = st.progress(0.0, text=_("Training one MLP per initialisation on digits…"))
    curves = wi.train_with_inits(list(schemes), activation, seed=seed,
                                 progress=lambda done: bar.progress(done))
    bar.empty()
    return curves


SCHEMES = {"zeros": _("zeros"), "constant 0.1": _("constant 0.1"),
           "uniform U(0, 1)": _("uniform U(0, 1)")}   # the others are names in both languages


def scheme_name(scheme: str) -> str:
    return SCHEMES.get(scheme, scheme)


c = st.columns(3)
with c[0]:
    depth = links.slider(_("Depth (layers)"), 1, 100, 50, key="depth")
with c[1]:
    width = links.choice(st.select_slider, _("Width (units)"), (16, 32, 64, 128, 256, 512),
                         key="width", default=256)
with c[2]:
    activation = links.choice(st.selectbox, _("Activation"), list(wi.ACTIVATIONS), key="act",
                              default="tanh")
schemes = links.choices(st.multiselect, _("Initialisations to compare"), wi.INITS,
                        key="init", default=["N(0, 0.01)", "Xavier normal", "Kaiming normal"],
                        format_func=scheme_name)   # a row of its own: ten chips stay in sight
with st.expander(_("Gain, fan mode, BatchNorm, residuals, input, batch, random seed")):
    e = st.columns(4)
    with e[0]:
        custom_gain = links.toggle(_("Custom gain"), key="custom", help=_(
            "Off: each scheme's own gain (Xavier 1, He √2, others calculate_gain)."))
        recommended = wi.recommended_gain(activation)
        gain = links.number_input(_("gain (calculate_gain = {gain})", gain=f"{recommended:.4g}"),
                                  0.01, 10.0, float(round(recommended, 4)), 0.05, key="gain",
                                  disabled=not custom_gain)
    with e[1]:
        mode = links.choice(st.radio, _("Kaiming fan"), wi.MODES, key="fan", horizontal=True)
        batch = links.choice(st.select_slider, _("Batch size"), (16, 64, 256), key="batch",
                             default=256)
    with e[2]:
        batchnorm = links.toggle(_("BatchNorm before the activation"), key="bn")
        residual = links.toggle(_("Residual connections h + f(h)"), key="res")
    with e[3]:
        inputs = {"normal": _("normal"), "uniform": _("uniform")}
        source = links.choice(st.radio, _("Input x"), list(inputs), key="x",
                              format_func=inputs.get, horizontal=True,
                              help=_("Both have variance 1: N(0, 1) or U(−√3, √3)."))
        seed = links.number_input(_("random seed"), 0, 10_000, 0, key="seed")

if not schemes:
    st.warning(_("Pick at least one initialisation to compare."))
    st.stop()
gains = i18n.join(f"{scheme_name(s)} {gain if custom_gain else wi.paper_gain(s, activation):.4g}"
                  for s in schemes if wi.uses_gain(s))
fixed = [scheme_name(s) for s in schemes if not wi.uses_gain(s)]
st.caption((_("Gains (custom): {gains}. ", gains=gains) if gains and custom_gain else
            _("Gains (as in each paper): {gains}. ", gains=gains) if gains else "") +
           (_("Fixed scale, no gain: {schemes}. ", schemes=i18n.join(fixed)) if fixed else "") +
           _("Dashed lines: the mean-field prediction (no BatchNorm or residuals, zero-mean "
             "weights only)."))

layers = tuple(sorted({1, max(1, depth // 4), max(1, depth // 2), depth}))
try:
    setups = {scheme: wi.Setup(depth, width, activation, scheme, gain if custom_gain else None,
                               mode, batchnorm, residual, batch, source, int(seed))
              for scheme in schemes}
    wi.check_comparison(list(setups.values()))
    results = {scheme: simulate(setup, layers) for scheme, setup in setups.items()}
except ValueError as err:
    st.error(i18n.error_text(err))
    st.stop()

tab_depth, tab_hist, tab_sym, tab_train = links.tabs(
    [_("Std through depth"), _("Activation histograms"), _("Symmetry (zero init)"),
     _("Train on digits")], ["depth", "hist", "sym", "train"], key="tab")


def remedy(scheme: str, exploded: bool) -> str:
    if scheme == "zeros":
        return _("All-zero weights pass nothing forward: see the Symmetry tab.")
    if wi.uses_gain(scheme):
        return (_("Lower the gain, or use the init made for {activation}.",
                  activation=activation) if exploded else
                _("Raise the gain, or use the init made for {activation}.",
                  activation=activation))
    return _("{scheme} has a fixed scale and ignores the gain: use a scaled init (Xavier, "
             "Kaiming) or BatchNorm.", scheme=scheme_name(scheme))


with tab_depth:
    st.plotly_chart(i18n.figure(figs.depth_profile(
        {scheme_name(s): r for s, r in results.items()}, zero_name=_("{label}: exactly 0"),
        overflow_name=_("{label}: inf/nan"))))
    st.markdown(_("**Std of z at layer {depth}** (change vs layer 1)", depth=depth))
    for start in range(0, len(results), 4):   # rows of 4: whole labels at any count
        for col, (scheme, result) in zip(st.columns(4), list(results.items())[start:start + 4]):
            first, last = result.forward_std[0], result.forward_std[-1]
            col.metric(scheme_name(scheme),
                       f"{last:.3g}" if math.isfinite(last) else _("overflowed"),
                       f"×{last / first:.3g}" if first and math.isfinite(last / first)
                       else None, delta_color="off", delta_arrow="off")
    for scheme, result in results.items():
        bad = int((~result.forward_finite).sum() + (~result.backward_finite).sum())
        if bad:
            st.warning(_("{scheme}: {bad} layer statistics overflowed to inf/nan (✕ at the top "
                         "of the plot): the variance exploded. {remedy}",
                         scheme=scheme_name(scheme), bad=bad, remedy=remedy(scheme, True)))
        zero = np.flatnonzero(result.forward_zero) + 1
        zero_back = int(result.backward_zero.sum())
        if result.backward_zero[-1] and not len(zero):   # z is there, its slope is not
            st.warning(_("{scheme}: the gradient is exactly 0 at {n} layer(s) (▽ at the bottom "
                         "of the plot) although z did not vanish: {activation} saturated, its "
                         "slope rounds to exactly 0 in float32 (tanh beyond |z| ≈ 9, sigmoid "
                         "beyond z ≈ 21). {remedy}", scheme=scheme_name(scheme), n=zero_back,
                         activation=activation, remedy=remedy(scheme, True)))
        elif len(zero) or zero_back:
            where = (_("every z is exactly 0 from layer {layer} on", layer=zero[0]) if len(zero)
                     else _("the gradient is exactly 0 at {n} layer(s)", n=zero_back))
            why = ("" if scheme == "zeros" else
                   _(" the signal shrank below float32's smallest number (1.4e-45) and "
                     "underflowed:"))
            st.warning(_("{scheme}: {where} (▽ at the bottom of the plot);{why} it vanished. "
                         "{remedy}", scheme=scheme_name(scheme), where=where, why=why,
                         remedy=remedy(scheme, False)))

with tab_hist:
    shown = links.choice(st.selectbox, _("Initialisation"), list(results), key="hist",
                         format_func=scheme_name)
    st.plotly_chart(i18n.figure(figs.layer_violins(
        results[shown].samples, scheme_name(shown), title=_("activations h<sub>l</sub>, {label}"),
        layer=_("layer {layer}"))))
    st.caption(_("Saturated tanh/sigmoid pile up at ±1 (or 0 and 1); vanished signals "
                 "collapse to a spike at 0."))

with tab_sym:
    st.markdown(_("Gradient of the loss with respect to the **first layer's weights** of a "
                  "64→16→16→10 tanh MLP on a digits batch. With zero or constant weights "
                  "every hidden unit computes the same thing, so every row (unit) gets the "
                  "same gradient: rank ≤ 1, and training can never make them differ."))
    randoms = [s for s in schemes if s not in ("zeros", "constant 0.1")] or ["Xavier normal"]
    panels = symmetry_panels(randoms[0], int(seed))
    st.plotly_chart(i18n.figure(figs.gradient_matrices(
        {scheme_name(s): p for s, p in panels.items()},
        subtitle=_("rank {rank}, {rows} distinct row(s)"))))

with tab_train:
    st.markdown(_("The same 3×64 **{activation}** MLP trained for 8 epochs on digits from "
                  "each initialisation, plus all-zero weights and a zero **output** layer only "
                  "({note}: the last layer may start at 0, the others may not).",
                  activation=activation, note=note_name("001")))
    if st.button(_("Train the comparison"), icon=":material/play_arrow:"):
        st.session_state["init_training"] = (tuple(schemes), activation, int(seed))
    request = st.session_state.get("init_training")
    if request:
        curves = trainings(*request)
        st.plotly_chart(i18n.figure(figs.training_curves(
            {scheme_name(k): ([e["epoch"] for e in v], [e["val_loss"] for e in v])
             for k, v in curves.items()})))
        st.dataframe({_("initialisation"): [scheme_name(k) for k in curves],
                      _("final validation accuracy"): [
                          f"{v[-1]['val_acc']:.1%}" if v else _("diverged in epoch 1")
                          for v in curves.values()]},
                     hide_index=True)

notes_panel.show("app_pages/weight_init.py", depth=depth, width=width, act=activation,
                 init=schemes, custom=custom_gain, gain=gain, fan=mode, batch=batch, bn=batchnorm,
                 res=residual, x=source, seed=seed)
