"""Home's parts: one card per page, and the table of optional data and weights. Torch-free."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.offline import all_status
from ui import i18n
from ui.catalogue import GROUPS, pages_in
from ui.get_data import item_label
from ui.i18n import _


def cards() -> None:
    """Every page but Home as a card (link and what it teaches), three per row, by group."""
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


def missing_files(entries: tuple[str, ...]) -> str:
    """``Availability.missing`` ("file (why)", or a bare file) as one cell: files that are
    simply absent by name (the column says they are missing), the others with why, in the
    reader's language."""
    shown = []
    for entry in entries:
        file, _sep, why = entry.partition(" (")     # the file names hold no " ("
        why = why.removesuffix(")")
        shown.append(file if why in ("", "missing") else f"{file} ({i18n.message(why)})")
    return i18n.join(shown) or "—"


def offline_table() -> pd.DataFrame:
    """The bundled digits and each optional data set or weight file: whether it is here, its
    folder, and the files still to place; items named as the Get data section names them."""
    yes, no = _("yes"), _("no")
    item, available, folder, missing = _("item"), _("available"), _("folder"), _("missing files")
    rows = [{item: _("digits (scikit-learn)"), available: yes, folder: _("bundled"),
             missing: "—"}]
    rows += [{item: item_label(s.name), available: yes if s.available else no,
              folder: str(s.where), missing: missing_files(s.missing)} for s in all_status()]
    return pd.DataFrame(rows).set_index(item)
