"""Regularisation: L1 vs L2 weight histograms, overfitting and early stopping."""
import pandas as pd
import streamlit as st

from explorer import regularization as rg
from explorer.data import load_dataset
from explorer.errors import SEED_MAX
from explorer.figures import regularization as figs
from ui import i18n, links, notes_panel
from ui.i18n import _, note_name

st.title(_("Regularisation: L1, L2 and early stopping"))
st.caption(_("A penalty on the weights and stopping at the best validation epoch both trade "
             "training fit for generalisation ({note}). Small MLPs on the bundled digits, "
             "trained here in a few seconds and cached.", note=note_name("002")))
PENALTIES = {"none": _("none"), "L1": "L1", "L2": "L2"}


@st.cache_resource(show_spinner=False)
def digits():
    return load_dataset("digits", seed=0)


@st.cache_resource(max_entries=32, show_spinner=False)
def penalised(strength, seed):
    return [rg.train_penalised(kind, 0.0 if kind == "none" else strength, seed=seed,
                               splits=digits()) for kind in rg.PENALTIES]


@st.cache_resource(max_entries=32, show_spinner=False)
def overfit(n_train, epochs, seed):
    return rg.overfit_run(n_train, epochs, seed, splits=digits())


tab_l1l2, tab_early = links.tabs([_("L1 vs L2 weights"), _("Overfitting & early stopping")],
                                 ["l1l2", "early"], key="tab")

with tab_l1l2:
    st.latex(r"\mathcal{L} = \mathrm{CE} + \lambda\sum_i |w_i| \ (\mathrm{L1})"
             r"\qquad \mathcal{L} = \mathrm{CE} + \lambda\sum_i w_i^2 \ (\mathrm{L2})")
    st.markdown(_("L2's gradient $2\\lambda w$ shrinks each weight in proportion to its size: "
                  "small weights, few exact zeros. L1's $\\lambda\\,\\mathrm{sign}(w)$ pushes "
                  "every weight to 0 by the same step: many weights end (nearly) at 0, a "
                  "sparse network. MLP 64→64→64→10, 300 full-batch Adam steps."))
    c = st.columns(2)
    with c[0]:
        strength = links.choice(st.select_slider, _("penalty strength λ"),
                                [1e-4, 3e-4, 1e-3, 3e-3, 1e-2], key="lam", default=1e-3)
    with c[1]:
        seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="seed")
    with st.spinner(_("Training three small MLPs…")):
        runs = penalised(strength, int(seed))
    st.plotly_chart(i18n.figure(figs.weight_histograms(runs)))
    near, mean = _("|w| < {limit}", limit=f"{rg.NEAR_ZERO:g}"), _("mean |w|")
    train, val = _("train accuracy"), _("val accuracy")
    st.dataframe(pd.DataFrame([{
        _("penalty"): PENALTIES[r.kind], "λ": r.strength, near: r.near_zero, mean: r.mean_abs,
        train: r.train_accuracy, val: r.val_accuracy} for r in runs]), hide_index=True,
        column_config={near: st.column_config.NumberColumn(format="percent"),
                       train: st.column_config.NumberColumn(format="percent"),
                       val: st.column_config.NumberColumn(format="percent"),
                       mean: st.column_config.NumberColumn(format="%.4f")})

with tab_early:
    st.markdown(_("With only a few training images the network memorises them: train loss "
                  "→ 0 while validation loss turns up. **Early stopping** with patience *P* "
                  "stops after *P* epochs without a new best validation loss and keeps the "
                  "best epoch's weights (explorer.train.fit with `patience`)."))
    c = st.columns(4)
    with c[0]:
        n_train = links.choice(st.select_slider, _("training images"),
                               [20, 50, 100, 200, 500, 1257], key="n", default=50)
    with c[1]:
        epochs = links.slider(_("epochs"), 10, 100, 60, 10, key="epochs")
    with c[2]:
        patience = links.slider(_("patience P"), 1, 20, 5, key="patience")
    with c[3]:
        e_seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="eseed")
    with st.spinner(_("Training on a tiny subset…")):
        records = overfit(n_train, epochs, int(e_seed))
    best, stop = rg.early_stopping_epoch([r["val_loss"] for r in records], patience)
    st.plotly_chart(i18n.figure(figs.overfit_curves(
        records, best, stop, best_text=_("best val loss {loss} (epoch {epoch}): weights kept"),
        stop_text=_("early stop (epoch {epoch})"))))
    kept, last = records[best - 1], records[-1]
    c = st.columns(3)
    c[0].metric(_("early stop at epoch"), stop or _("none (ran all {epochs})", epochs=epochs),
                _("best epoch {epoch}", epoch=best), delta_color="off", delta_arrow="off",
                help=None if stop else _(
                    "Validation loss never went {patience} epochs without a new best, so "
                    "patience never ended training; the best epoch's weights are still the "
                    "ones kept.", patience=patience))
    c[1].metric(_("val accuracy, best epoch's weights"), f"{kept['val_acc']:.1%}")
    c[2].metric(_("val accuracy after all {epochs} epochs", epochs=epochs),
                f"{last['val_acc']:.1%}")
    st.caption(_("Validation *loss* can climb while validation *accuracy* holds or even creeps "
                 "up: the memorising network grows over-confident on the images it gets "
                 "wrong. Stopping on the loss, as here and in fit(), guards calibration more "
                 "than accuracy."))

notes_panel.show("app_pages/regularization.py", lam=strength, seed=seed, n=n_train,
                 epochs=epochs, patience=patience, eseed=e_seed)
