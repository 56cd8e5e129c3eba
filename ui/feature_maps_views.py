"""The Feature maps page's views: the per-channel statistics table, a page of rows at a time
so that no channel hides below a scroll (a layer can have 512 channels)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import links
from ui.i18n import _

PAGE_ROWS = 16                 # about the height of the enlarged channel beside the table
ROW_PX, FRAME_PX = 35, 38      # a dataframe row; the header row and the frame


def stats_table(table: pd.DataFrame, column_config: dict) -> None:
    """``table`` whole when it has up to ``PAGE_ROWS`` rows; otherwise a menu (``?rows=``, the
    first row's index) picks which ``PAGE_ROWS`` rows. The table is as tall as its rows."""
    starts = list(range(0, len(table), PAGE_ROWS))
    start = 0
    if len(starts) > 1:
        start = links.choice(
            st.selectbox, _("Rows"), starts, key="rows",
            format_func=lambda s: _("{first}–{last} of {n}", first=s + 1,
                                    last=min(s + PAGE_ROWS, len(table)), n=len(table)))
    shown = table.iloc[start:start + PAGE_ROWS]
    st.dataframe(shown, hide_index=True, height=FRAME_PX + ROW_PX * len(shown),
                 column_config=column_config)
