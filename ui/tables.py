"""Tables shown a page of rows at a time, so that no row hides below a table's own scroll (a
layer can have 512 channels, a network 150 layers)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import links
from ui.i18n import _

ROW_PX, FRAME_PX = 35, 38      # a dataframe row; the header row and the frame


def paged(table: pd.DataFrame, column_config: dict | None = None, *, key: str = "rows",
          page_rows: int = 16) -> None:
    """``table`` whole when it has up to ``page_rows`` rows; otherwise a menu (kept in the
    link under ``key``: the first row's index) picks which ``page_rows`` rows. The table is
    as tall as the rows it shows."""
    starts = list(range(0, len(table), page_rows))
    start = 0
    if len(starts) > 1:
        start = links.choice(
            st.selectbox, _("Rows"), starts, key=key,
            format_func=lambda s: _("{first}–{last} of {n}", first=s + 1,
                                    last=min(s + page_rows, len(table)), n=len(table)))
    shown = table.iloc[start:start + page_rows]
    st.dataframe(shown, hide_index=True, height=FRAME_PX + ROW_PX * len(shown),
                 column_config=column_config)
