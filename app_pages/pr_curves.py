"""PR curves: threshold -> confusion matrix, P/R/F1, PR and ROC curves, five APs, averages.
The parts are ``ui/pr_views.py``'s."""
import streamlit as st

from ui import i18n, notes_panel
from ui import pr_views as views
from ui.i18n import _

st.title(_("Precision–recall curves"))
st.caption(_("Move the threshold and watch TP/FP/FN/TN, precision, recall and F1 change; see "
             "why VOC, COCO and scikit-learn report different APs for the same scores "
             "({note}).", note=i18n.note_name("001")))

source, problems, settings = views.scores()
if not problems:
    st.stop()
problem = views.pick_class(problems)
threshold = views.threshold_view(problem)
ties = views.average_precision(problem)
if len(problems) > 1:
    views.every_class(problems, threshold, ties)

notes_panel.show("app_pages/pr_curves.py", src=source, **settings)
