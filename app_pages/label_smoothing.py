"""Label smoothing: smoothed targets, their loss, the optimal logits, and a trained comparison.
The parts live in ui/label_smoothing_views.py."""
import streamlit as st

from ui import i18n, links, notes_panel
from ui import label_smoothing_views as views
from ui.i18n import _

st.title(_("Label smoothing"))
st.caption(_("Soften the one-hot target so the network stops pushing the true logit to "
             "infinity ({note}). Every formula below is checked against torch, numerically.",
             note=i18n.note_name("001")))

num_classes, epsilon, formulas_ok = views.smoothing()
tab_targets, tab_optimum = links.tabs([_("Targets & loss"), _("Optimal logits")],
                                      ["targets", "optimum"], key="tab")
if tab_targets.open:      # only the open tab computes (the optimum takes seconds at large N)
    with tab_targets:
        views.targets_tab(num_classes, epsilon, formulas_ok)
if tab_optimum.open:
    with tab_optimum:
        views.optimum_tab(num_classes, epsilon, formulas_ok)

training = views.training_settings(epsilon, formulas_ok)
views.trained_comparison(epsilon, formulas_ok, training)

notes_panel.show("app_pages/label_smoothing.py", n=num_classes, eps=epsilon, **training)
