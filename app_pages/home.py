"""Home: one card per page, and what is available offline. Must not import torch."""
import streamlit as st

from ui.get_data import get_data_section
from ui.home_views import cards, offline_table
from ui.i18n import _

st.title(_("Deep-learning explorer"))
st.markdown(_(
    "See how deep learning works and tune it live. Every number on these pages is computed "
    "by the tested `explorer` package; every chart reacts to its controls. The default data "
    "is scikit-learn's bundled **digits** (1,797 8×8 images), so everything runs offline."))
cards()

st.subheader(_("Offline data and weights"))
st.caption(_("Nothing is downloaded unless you ask (Get data, below). Optional datasets and "
             "pretrained weights are used when their files are on disk; otherwise pages fall "
             "back to the bundled data."))
st.table(offline_table())
get_data_section()
