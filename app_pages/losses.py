"""Focal loss and balanced cross-entropy: curves, the torchvision check, an imbalanced toy."""
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from explorer import imbalance, losses
from explorer.errors import SEED_MAX
from explorer.figures import losses as figs
from ui import i18n, links, notes_panel
from ui.i18n import _, note_name

st.title(_("Focal loss & balanced cross-entropy"))
st.caption(_("Two answers to class imbalance ({note}): weight the rare class up (α), or weight "
             "the easy examples down (γ). Lin et al. 2017, \"Focal loss for dense object "
             "detection\".", note=note_name("001")))

st.latex(r"p = \sigma(z), \quad p_t = \begin{cases} p & y = 1 \\ 1 - p & y = 0 \end{cases}"
         r"\quad \alpha_t = \begin{cases} \alpha & y = 1 \\ 1 - \alpha & y = 0 \end{cases}")
st.latex(r"\mathrm{CE}_\alpha(p_t) = -\alpha_t \log p_t \qquad "
         r"\mathrm{FL}(p_t) = -\alpha_t (1 - p_t)^{\gamma} \log p_t")


@st.cache_resource(max_entries=32, show_spinner=False)
def curves_figure(gammas, alpha):
    p_t = np.linspace(0.005, 0.995, 199)
    return figs.focal_curves(p_t, {f"γ = {g:g}": losses.focal_curves(p_t, g, alpha)
                                   for g in gammas})


@st.cache_resource(max_entries=32, show_spinner=False)
def toy_view(ratio, gamma, alpha, seed, names):
    """``names``: the three fits' labels in the reader's language, as templates."""
    data = imbalance.toy_data(ratio=ratio, seed=seed)
    fits = imbalance.compare_losses(data, gamma=gamma, alpha=alpha)
    labels = (names[0], names[1].format(alpha=f"{imbalance.balanced_alpha(data.y):.3f}"),
              names[2].format(gamma=f"{gamma:g}", alpha=f"{alpha:g}"))
    fits = [replace(fit, name=label) for fit, label in zip(fits, labels)]
    return figs.toy_boundaries(data.x, data.y, fits), fits


c = st.columns([2, 1, 1])
with c[0]:
    gammas = links.choices(st.multiselect, _("focusing γ (one curve each; γ = 0 is CE)"),
                           [0.0, 0.5, 1.0, 2.0, 5.0], key="g", default=[0.0, 1.0, 2.0, 5.0])
with c[1]:
    alpha = links.number_input(_("α (weight of positives)"), -1.0, 2.0, 0.25, 0.05,
                               key="alpha", format="%.2f",
                               help=_("In [0, 1]; a negative α switches the weighting off."))
with c[2]:
    focal_gamma = links.number_input(_("γ for the check and the toy"), -1.0, 10.0, 2.0, 0.5,
                                     key="gamma")

try:
    ours, reference = losses.focal_against_torchvision(alpha, focal_gamma)
except ValueError as err:
    st.error(_("{error}. Change it above.", error=i18n.error_text(err)))
    st.stop()

if not gammas:
    st.warning(_("Pick at least one γ to draw its curves."))
else:
    st.plotly_chart(i18n.figure(curves_figure(tuple(gammas), alpha)))
    st.markdown(_("Large γ flattens the loss **and its gradient** for well-classified examples "
                  "($p_t \\to 1$): the many easy negatives of a detector stop drowning out the "
                  "few hard examples. The factor $(1-p_t)^\\gamma$ is 0.01 at $p_t = 0.9$ "
                  "with γ = 2."))
batch, value = _("mean loss on a random batch of 256"), _("value")
st.dataframe(pd.DataFrame([
    {batch: _("explorer.losses.focal_loss (formula above)"), value: ours},
    {batch: "torchvision.ops.sigmoid_focal_loss", value: reference}]), hide_index=True,
    column_config={value: st.column_config.NumberColumn(format="%.12f")})

st.subheader(_("An imbalanced toy"))
st.markdown(_("Common negatives around (0, 0), rare positives around (2, 2). A logistic "
              "regression is fitted to each loss. Balanced CE uses the notes' "
              "$\\frac{\\alpha}{1-\\alpha} = \\frac{n_-}{n_+}$; focal uses γ and α from above."))
c = st.columns(3)
with c[0]:
    ratio = links.slider(_("negatives per positive"), 1, 200, 50, key="ratio")
with c[1]:
    seed = links.number_input(_("random seed"), 0, SEED_MAX, 0, 1, key="seed")
names = (_("cross-entropy"), _("balanced CE (α = {alpha})"), _("focal (γ = {gamma}, α = {alpha})"))
try:
    figure, fits = toy_view(ratio, focal_gamma, alpha, int(seed), names)
except ValueError as err:
    st.error(i18n.error_sentence(err))
else:
    st.plotly_chart(i18n.figure(figure))
    recall, precision, ap = _("recall of positives"), _("precision"), _("average precision")
    st.dataframe(pd.DataFrame([{_("loss"): f.name, recall: f.recall, precision: f.precision,
                                ap: f.average_precision} for f in fits]),
                 hide_index=True, column_config={
                     k: st.column_config.NumberColumn(format="%.3f")
                     for k in (recall, precision, ap)})
    st.caption(_("At threshold 0.5, CE sacrifices the rare class (low recall); balanced CE "
                 "moves the boundary towards the negatives (high recall, low precision). "
                 "Average precision, which ignores the threshold, moves much less."))

notes_panel.show("app_pages/losses.py", gamma=focal_gamma, alpha=alpha, ratio=ratio, seed=seed)
