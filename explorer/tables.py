"""CSV files the app offers for download, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula: a file name ``=cmd|' /C calc'!A0`` in a downloaded table
would start a program. OWASP's "CSV Injection" advice: prefix such *text* cells with a single
quote ``'``, which the spreadsheet shows as text. Numbers are left alone, so a negative value in
a numeric column stays a number (``-0.5``, not ``'-0.5``).

    csv_bytes(frame)   # DataFrame -> UTF-8 CSV bytes, no index, text cells neutralised
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text starting like a formula; else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame) -> bytes:
    """pandas DataFrame -> CSV bytes (UTF-8, header row, no index, RFC 4180 CRLF line ends so
    that a CR inside a cell is quoted) whose text cells and column names cannot run as
    formulas; numeric, boolean and date columns are unchanged."""
    import pandas as pd
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in range(out.shape[1]):
        values = out.iloc[:, column]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                or pd.api.types.is_datetime64_any_dtype(values)):
            out.isetitem(column, values.astype(object).map(neutralise))
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8")
