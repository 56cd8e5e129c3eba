"""Numbers in tables sent as text, for columns that can hold huge values.

Streamlit's dataframe shows a float beyond 2⁵³ (≈ 9.0e15) as raw digits with an error mark
whatever the column's format: a diverged optimizer's f = 5.77e18 read 5769531952475097000
(checked in Chromium with NumberColumn formats "%.3e" and "scientific"). Such a column is
formatted here and shown as text (``RIGHT``: aligned like numbers).
"""
from __future__ import annotations

import math

import streamlit as st

LARGE = 1e6   # from here on a fixed-point cell turns scientific
RIGHT = st.column_config.TextColumn(alignment="right")


def cell(value: float, fmt: str = ".4f") -> str:
    """``value`` formatted with ``fmt``, in scientific notation (3 decimals) from ±LARGE on;
    inf and nan as they are."""
    value = float(value)
    if math.isfinite(value) and abs(value) >= LARGE:
        fmt = ".3e"
    return format(value, fmt)


def fixed(value: float, decimals: int = 3, sign: bool = False) -> str:
    """``value`` with ``decimals`` decimals (a sign always when ``sign``), never "-0.000": a
    mean that is 0 up to rounding (−1e-9) reads 0.000."""
    rounded = round(float(value), decimals) + 0.0   # + 0.0 turns −0.0 into 0.0
    return format(rounded, f"{'+' if sign else ''}.{decimals}f")


def latex(value: float, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits for st.latex: 1.2e+07 becomes
    1.2 \\times 10^{7} (LaTeX set "1.2e+07" as the product 1.2·e plus 07)."""
    text = f"{float(value):.{digits}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"
