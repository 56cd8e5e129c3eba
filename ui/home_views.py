"""Home's parts: one card per page, and the table of optional data and weights. Torch-free."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer import offline
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


def cached_weights(cached: tuple[str, ...], total: int, shown: int = 4) -> tuple[str, str]:
    """The torchvision weights row's two cells: how many of ``total`` architectures have their
    ImageNet weights cached (the first ``shown`` named), and how to get the others."""
    names = i18n.join(cached[:shown] + (("…",) if len(cached) > shown else ()))
    here = (_("{n} of {total} ({names})", n=len(cached), total=total, names=names) if cached
            else _("{n} of {total}", n=0, total=total))
    left = total - len(cached)
    return here, (_("the other {n}: download one on Predict, or run python -m explorer.data get "
                    "tv:<architecture>", n=left) if left else "—")


def offline_table() -> pd.DataFrame:
    """The bundled digits, each optional data set, and one row for torchvision's ImageNet
    weights (how many of the classifiers Predict, Feature maps and t-SNE offer are cached):
    whether it is here, its folder, and what is still to place; items named as the Get data
    section names them."""
    yes, no = _("yes"), _("no")
    item, available, folder, missing = _("item"), _("available"), _("folder"), _("missing files")
    rows = [{item: _("digits (scikit-learn)"), available: yes, folder: _("bundled"),
             missing: "—"}]
    rows += [{item: item_label(s.name), available: yes if s.available else no,
              folder: str(s.where), missing: missing_files(s.missing)}
             for s in map(offline.dataset_status, offline.DATASET_FILES)]
    here, left = cached_weights(offline.tv_weights_cached(), len(offline.TV_WEIGHT_FILES))
    rows.append({item: _("torchvision ImageNet weights"), available: here,
                 folder: str(offline.weights_dir()), missing: left})
    return pd.DataFrame(rows).set_index(item)
