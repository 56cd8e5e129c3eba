"""Home: one card per page, and what is available offline. Must not import torch."""
import pandas as pd
import streamlit as st

from explorer.offline import all_status
from ui.catalogue import GROUPS, pages_in

st.title("Deep-learning explorer")
st.markdown(
    "See how deep learning works and tune it live. Every number on these pages is computed "
    "by the tested `explorer` package; every chart reacts to its controls. The default data "
    "is scikit-learn's bundled **digits** (1,797 8×8 images), so everything runs offline."
)

for group in GROUPS[1:]:
    entries = pages_in(group)
    if not entries:
        continue
    st.subheader(group)
    columns = st.columns(3)
    for i, page in enumerate(entries):
        with columns[i % 3].container(border=True):
            st.page_link(page.path, label=page.title, icon=page.icon)
            st.caption(page.teaches)

st.subheader("Offline data and weights")
st.caption("Nothing is downloaded. Optional datasets and pretrained weights are used when "
           "their files are already on disk; otherwise pages fall back to the bundled data.")
rows = [{"item": s.name, "available": "yes" if s.available else "no",
         "folder": str(s.where), "missing files": ", ".join(s.missing) or "—"}
        for s in all_status()]
bundled = {"item": "digits (scikit-learn)", "available": "yes", "folder": "bundled",
           "missing files": "—"}
st.table(pd.DataFrame([bundled] + rows).set_index("item"))
