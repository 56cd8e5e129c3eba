"""Home: one card per page, and what is available offline. Must not import torch."""
import pandas as pd
import streamlit as st

from explorer.offline import all_status
from ui.catalogue import GROUPS, pages_in
from ui.get_data import get_data_section
from ui.i18n import _

st.title(_("Deep-learning explorer"))
st.markdown(_(
    "See how deep learning works and tune it live. Every number on these pages is computed "
    "by the tested `explorer` package; every chart reacts to its controls. The default data "
    "is scikit-learn's bundled **digits** (1,797 8×8 images), so everything runs offline."))

for group in GROUPS:
    entries = [p for p in pages_in(group) if p.path != "app_pages/home.py"]
    if not entries:
        continue
    st.subheader(_(group))
    columns = st.columns(3)
    for i, page in enumerate(entries):   # titles and sentences are ui/catalogue.py's literals
        with columns[i % 3].container(border=True):
            st.page_link(page.path, label=_(page.title), icon=page.icon)
            st.caption(_(page.teaches))

st.subheader(_("Offline data and weights"))
st.caption(_("Nothing is downloaded unless you ask (Get data, below). Optional datasets and "
             "pretrained weights are used when their files are on disk; otherwise pages fall "
             "back to the bundled data."))
yes, no = _("yes"), _("no")
item, available, folder, missing = _("item"), _("available"), _("folder"), _("missing files")
rows = [{item: s.name, available: yes if s.available else no, folder: str(s.where),
         missing: ", ".join(s.missing) or "—"} for s in all_status()]
bundled = {item: _("digits (scikit-learn)"), available: yes, folder: _("bundled"),
           missing: "—"}
st.table(pd.DataFrame([bundled] + rows).set_index(item))
get_data_section()
