"""Weight initialisation: variance through depth, forward and backward; symmetry; training."""
import math

import numpy as np

import streamlit as st

from explorer import weight_init as wi
from explorer.train import single_cpu_thread
from explorer.figures import weight_init as figs
from explorer.models import ACTIVATIONS as TRAINABLE

st.title("Weight initialisation")
st.caption("Seeds 001 and 003: too small and the signal vanishes, too large and it explodes; "
           "Xavier keeps the variance of tanh/linear nets, He keeps ReLU nets; all-zero "
           "weights never break the symmetry between units, yet a zero last layer is fine.")
formulas = st.columns(2)
formulas[0].latex(r"\text{Xavier: } w \sim U\!\left(\pm\sqrt{\tfrac{6}{m+n}}\right),\quad "
                  r"\text{He: } w \sim \mathcal{N}\!\left(0, \tfrac{2}{n}\right)")
formulas[1].latex(r"\text{linear net: } \mathrm{Var}(z_L) = "
                  r"\left(n\,\mathrm{Var}(w)\right)^{L}\mathrm{Var}(z_0)")


# Only the small statistics are cached (no weight matrices: 100 layers of 512² are 100 MB).
# One CPU thread: on a busy 2-core server, torch's thread hand-offs made a 100-layer
# simulation 4-8x slower (measured 12 s with 2 threads, 2.6 s with 1).
@st.cache_data(max_entries=48, show_spinner="Simulating the forward and backward pass…")
def simulate(setup: wi.Setup, layers: tuple[int, ...]) -> wi.Propagation:
    with single_cpu_thread():
        return wi.propagate(setup, layers)


@st.cache_data(max_entries=8, show_spinner=False)
def symmetry_panels(scheme: str, seed: int) -> dict:
    return {name: wi.first_layer_gradient(name, seed=seed)
            for name in dict.fromkeys(("zeros", "constant 0.1", scheme))}


@st.cache_data(max_entries=8, show_spinner=False)
def trainings(schemes: tuple[str, ...], activation: str, seed: int) -> dict:
    bar = st.progress(0.0, text="Training one MLP per initialisation on digits…")
    curves = wi.train_with_inits(list(schemes), activation, seed=seed,
                                 progress=lambda done: bar.progress(done))
    bar.empty()
    return curves


c = st.columns([1, 1, 1, 3])
depth = c[0].slider("Depth (layers)", 1, 100, 50)
width = c[1].select_slider("Width (units)", (16, 32, 64, 128, 256, 512), value=256)
activation = c[2].selectbox("Activation", list(wi.ACTIVATIONS), index=1)
schemes = c[3].multiselect("Initialisations to compare", wi.INITS,
                           default=["N(0, 0.01)", "Xavier normal", "Kaiming normal"])
with st.expander("Gain, fan mode, BatchNorm, residuals, input, batch, seed"):
    e = st.columns(4)
    custom_gain = e[0].toggle("Custom gain", help="Off: each scheme's own gain (Xavier 1, "
                                                  "He √2, others calculate_gain).")
    recommended = wi.recommended_gain(activation)
    gain = e[0].number_input(f"gain (calculate_gain = {recommended:.4g})", 0.01, 10.0,
                             float(round(recommended, 4)), 0.05, disabled=not custom_gain)
    mode = e[1].radio("Kaiming fan", ("fan_in", "fan_out"), horizontal=True)
    batchnorm = e[2].toggle("BatchNorm before the activation")
    residual = e[2].toggle("Residual connections h + f(h)")
    source = e[3].radio("Input x", ("normal", "uniform"), horizontal=True,
                        help="Both have variance 1: N(0, 1) or U(−√3, √3).")
    batch = e[1].select_slider("Batch size", (16, 64, 256), value=256)
    seed = e[3].number_input("Seed", 0, 10_000, 0)

if not schemes:
    st.warning("Pick at least one initialisation to compare.")
    st.stop()
gains = ", ".join(f"{s} {gain if custom_gain else wi.paper_gain(s, activation):.4g}"
                  for s in schemes if wi.uses_gain(s))
fixed = [s for s in schemes if not wi.uses_gain(s)]
st.caption((f"Gains ({'custom' if custom_gain else 'as in each paper'}): {gains}. "
            if gains else "") +
           (f"Fixed scale, no gain: {', '.join(fixed)}. " if fixed else "") +
           "Dashed lines: the mean-field prediction (no BatchNorm or residuals, zero-mean "
           "weights only).")

layers = tuple(sorted({1, max(1, depth // 4), max(1, depth // 2), depth}))
try:
    setups = {scheme: wi.Setup(depth, width, activation, scheme, gain if custom_gain else None,
                               mode, batchnorm, residual, batch, source, int(seed))
              for scheme in schemes}
    wi.check_comparison(list(setups.values()))
    results = {scheme: simulate(setup, layers) for scheme, setup in setups.items()}
except ValueError as err:
    st.error(str(err))
    st.stop()

tab_depth, tab_hist, tab_sym, tab_train = st.tabs(
    ["Std through depth", "Activation histograms", "Symmetry (zero init)", "Train on digits"])

def remedy(scheme: str, exploded: bool) -> str:
    if scheme == "zeros":
        return "All-zero weights pass nothing forward: see the Symmetry tab."
    if wi.uses_gain(scheme):
        return f"{'Lower' if exploded else 'Raise'} the gain, or use the init made for " \
               f"{activation}."
    return f"{scheme} has a fixed scale and ignores the gain: use a scaled init (Xavier, " \
           "Kaiming) or BatchNorm."


with tab_depth:
    st.plotly_chart(figs.depth_profile(results))
    st.markdown(f"**Std of z at layer {depth}** (change vs layer 1)")
    for start in range(0, len(results), 4):   # rows of 4: whole labels at any count
        for col, (scheme, result) in zip(st.columns(4), list(results.items())[start:start + 4]):
            first, last = result.forward_std[0], result.forward_std[-1]
            col.metric(scheme, f"{last:.3g}" if math.isfinite(last) else "overflowed",
                       f"×{last / first:.3g}" if first and math.isfinite(last / first)
                       else None, delta_color="off", delta_arrow="off")
    for scheme, result in results.items():
        bad = int((~result.forward_finite).sum() + (~result.backward_finite).sum())
        if bad:
            st.warning(f"{scheme}: {bad} layer statistics overflowed to inf/nan (✕ at the top "
                       f"of the plot): the variance exploded. {remedy(scheme, True)}")
        zero = np.flatnonzero(result.forward_zero) + 1
        zero_back = int(result.backward_zero.sum())
        if len(zero) or zero_back:
            where = (f"every z is exactly 0 from layer {zero[0]} on" if len(zero) else
                     f"the gradient is exactly 0 at {zero_back} layer(s)")
            why = ("" if scheme == "zeros" else " the signal shrank below float32's smallest "
                   "number (1.4e-45) and underflowed:")
            st.warning(f"{scheme}: {where} (▽ at the bottom of the plot);{why} it vanished. "
                       f"{remedy(scheme, False)}")

with tab_hist:
    shown = st.selectbox("Initialisation", list(results))
    st.plotly_chart(figs.layer_violins(results[shown].samples, shown))
    st.caption("Saturated tanh/sigmoid pile up at ±1 (or 0 and 1); vanished signals collapse "
               "to a spike at 0.")

with tab_sym:
    st.markdown("Gradient of the loss with respect to the **first layer's weights** of a "
                "64→16→16→10 tanh MLP on a digits batch. With zero or constant weights every "
                "hidden unit computes the same thing, so every row (unit) gets the same "
                "gradient: rank ≤ 1, and training can never make them differ.")
    randoms = [s for s in schemes if s not in ("zeros", "constant 0.1")] or ["Xavier normal"]
    st.plotly_chart(figs.gradient_matrices(symmetry_panels(randoms[0], int(seed))))

with tab_train:
    trainable = activation if activation in TRAINABLE else "tanh"
    st.markdown(f"The same 3×64 **{trainable}** MLP trained for 8 epochs on digits from each "
                "initialisation, plus all-zero weights and a zero **output** layer only "
                "(seed 001: the last layer may start at 0, the others may not).")
    if trainable != activation:
        st.caption(f"{activation} is not in the model registry; the training uses tanh.")
    if st.button("Train the comparison", icon=":material/play_arrow:"):
        st.session_state["init_training"] = (tuple(schemes), trainable, int(seed))
    request = st.session_state.get("init_training")
    if request:
        curves = trainings(*request)
        st.plotly_chart(figs.training_curves(
            {k: ([e["epoch"] for e in v], [e["val_loss"] for e in v]) for k, v in curves.items()}))
        st.dataframe({"initialisation": list(curves),
                      "final validation accuracy": [
                          f"{v[-1]['val_acc']:.1%}" if v else "diverged in epoch 1"
                          for v in curves.values()]},
                     hide_index=True)
