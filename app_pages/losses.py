"""Focal loss and balanced cross-entropy: curves, the torchvision check, an imbalanced toy."""
import numpy as np
import pandas as pd
import streamlit as st

from explorer import imbalance, losses
from explorer.errors import SEED_MAX
from explorer.figures import losses as figs

st.title("Focal loss & balanced cross-entropy")
st.caption("Two answers to class imbalance (seed 001): weight the rare class up (α), or "
           "weight the easy examples down (γ). Lin et al. 2017, \"Focal loss for dense "
           "object detection\".")

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
def toy_view(ratio, gamma, alpha, seed):
    data = imbalance.toy_data(ratio=ratio, seed=seed)
    fits = imbalance.compare_losses(data, gamma=gamma, alpha=alpha)
    return figs.toy_boundaries(data.x, data.y, fits), fits


c = st.columns([2, 1, 1])
gammas = c[0].multiselect("focusing γ (one curve each; γ = 0 is CE)", [0.0, 0.5, 1.0, 2.0, 5.0],
                          default=[0.0, 1.0, 2.0, 5.0])
alpha = c[1].number_input("α (weight of positives)", -1.0, 2.0, value=0.25, step=0.05,
                          format="%.2f",
                          help="In [0, 1]; a negative α switches the weighting off.")
focal_gamma = c[2].number_input("γ for the check and the toy", -1.0, 10.0, value=2.0, step=0.5)

try:
    ours, reference = losses.focal_against_torchvision(alpha, focal_gamma)
except ValueError as err:
    st.error(f"{err}. Change it above.")
    st.stop()

if not gammas:
    st.warning("Pick at least one γ to draw its curves.")
else:
    st.plotly_chart(curves_figure(tuple(gammas), alpha))
    st.markdown("Large γ flattens the loss **and its gradient** for well-classified "
                "examples ($p_t \\to 1$): the many easy negatives of a detector stop "
                "drowning out the few hard examples. The factor $(1-p_t)^\\gamma$ is 0.01 "
                "at $p_t = 0.9$ with γ = 2.")
st.dataframe(pd.DataFrame([
    {"mean loss on a random batch of 256": "explorer.losses.focal_loss (formula above)",
     "value": ours},
    {"mean loss on a random batch of 256": "torchvision.ops.sigmoid_focal_loss",
     "value": reference}]), hide_index=True,
    column_config={"value": st.column_config.NumberColumn(format="%.12f")})

st.subheader("An imbalanced toy")
st.markdown("Common negatives around (0, 0), rare positives around (2, 2). A logistic "
            "regression is fitted to each loss. Balanced CE uses the seed's "
            "$\\frac{\\alpha}{1-\\alpha} = \\frac{n_-}{n_+}$; focal uses γ and α from above.")
c = st.columns(3)
ratio = c[0].slider("negatives per positive", 1, 200, 50)
seed = c[1].number_input("seed", value=0, min_value=0, max_value=SEED_MAX, step=1)
try:
    figure, fits = toy_view(ratio, focal_gamma, alpha, int(seed))
except ValueError as err:
    st.error(f"{err}.")
else:
    st.plotly_chart(figure)
    st.dataframe(pd.DataFrame([{"loss": f.name, "recall of positives": f.recall,
                                "precision": f.precision,
                                "average precision": f.average_precision} for f in fits]),
                 hide_index=True, column_config={
                     k: st.column_config.NumberColumn(format="%.3f")
                     for k in ("recall of positives", "precision", "average precision")})
    st.caption("At threshold 0.5, CE sacrifices the rare class (low recall); balanced CE "
               "moves the boundary towards the negatives (high recall, low precision). "
               "Average precision, which ignores the threshold, moves much less.")
