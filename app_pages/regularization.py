"""Regularisation: L1 vs L2 weight histograms, overfitting and early stopping."""
import pandas as pd
import streamlit as st

from explorer import regularization as rg
from explorer.data import load_dataset
from explorer.errors import SEED_MAX
from explorer.figures import regularization as figs

st.title("Regularisation: L1, L2 and early stopping")
st.caption("A penalty on the weights and stopping at the best validation epoch both trade "
           "training fit for generalisation (seed 002). Small MLPs on the bundled digits, "
           "trained here in a few seconds and cached.")


@st.cache_resource(show_spinner=False)
def digits():
    return load_dataset("digits", seed=0)


@st.cache_resource(max_entries=32, show_spinner="Training three small MLPs…")
def penalised(strength, seed):
    return [rg.train_penalised(kind, 0.0 if kind == "none" else strength, seed=seed,
                               splits=digits()) for kind in rg.PENALTIES]


@st.cache_resource(max_entries=32, show_spinner="Training on a tiny subset…")
def overfit(n_train, epochs, seed):
    return rg.overfit_run(n_train, epochs, seed, splits=digits())


tab_l1l2, tab_early = st.tabs(["L1 vs L2 weights", "Overfitting & early stopping"])

with tab_l1l2:
    st.latex(r"\mathcal{L} = \mathrm{CE} + \lambda\sum_i |w_i| \ (\mathrm{L1})"
             r"\qquad \mathcal{L} = \mathrm{CE} + \lambda\sum_i w_i^2 \ (\mathrm{L2})")
    st.markdown("L2's gradient $2\\lambda w$ shrinks each weight in proportion to its size: "
                "small weights, few exact zeros. L1's $\\lambda\\,\\mathrm{sign}(w)$ pushes "
                "every weight to 0 by the same step: many weights end (nearly) at 0, a sparse "
                "network. MLP 64→64→64→10, 300 full-batch Adam steps.")
    c = st.columns(2)
    strength = c[0].select_slider("penalty strength λ", [1e-4, 3e-4, 1e-3, 3e-3, 1e-2],
                                  value=1e-3)
    seed = c[1].number_input("seed", value=0, min_value=0, max_value=SEED_MAX, step=1)
    runs = penalised(strength, int(seed))
    st.plotly_chart(figs.weight_histograms(runs))
    st.dataframe(pd.DataFrame([{
        "penalty": r.kind, "λ": r.strength, f"|w| < {rg.NEAR_ZERO:g}": r.near_zero,
        "mean |w|": r.mean_abs, "train accuracy": r.train_accuracy,
        "val accuracy": r.val_accuracy} for r in runs]), hide_index=True, column_config={
        f"|w| < {rg.NEAR_ZERO:g}": st.column_config.NumberColumn(format="percent"),
        "train accuracy": st.column_config.NumberColumn(format="percent"),
        "val accuracy": st.column_config.NumberColumn(format="percent"),
        "mean |w|": st.column_config.NumberColumn(format="%.4f")})

with tab_early:
    st.markdown("With only a few training images the network memorises them: train loss "
                "→ 0 while validation loss turns up. **Early stopping** with patience *P* "
                "stops after *P* epochs without a new best validation loss and keeps the best "
                "epoch's weights (explorer.train.fit with `patience`).")
    c = st.columns(4)
    n_train = c[0].select_slider("training images", [20, 50, 100, 200, 500, 1257], value=50)
    epochs = c[1].slider("epochs", 10, 100, 60, 10)
    patience = c[2].slider("patience P", 1, 20, 5)
    e_seed = c[3].number_input("seed", value=0, min_value=0, max_value=SEED_MAX, step=1,
                                key="early.seed")
    records = overfit(n_train, epochs, int(e_seed))
    best, stop = rg.early_stopping_epoch([r["val_loss"] for r in records], patience)
    st.plotly_chart(figs.overfit_curves(records, best, stop))
    kept, last = records[best - 1], records[-1]
    c = st.columns(3)
    c[0].metric("early stop at epoch", stop or f"none (ran all {epochs})", f"best epoch {best}",
                delta_color="off", delta_arrow="off",
                help=None if stop else f"Validation loss never went {patience} epochs without "
                "a new best, so patience never ended training; the best epoch's weights are "
                "still the ones kept.")
    c[1].metric("val accuracy, best epoch's weights", f"{kept['val_acc']:.1%}")
    c[2].metric(f"val accuracy after all {epochs} epochs", f"{last['val_acc']:.1%}")
    st.caption("Validation *loss* can climb while validation *accuracy* holds or even creeps "
               "up: the memorising network grows over-confident on the images it gets wrong. "
               "Stopping on the loss, as here and in fit(), guards calibration more than "
               "accuracy.")
