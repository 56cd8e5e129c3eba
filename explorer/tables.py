"""CSV files the app offers for download, safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula: a file name ``=cmd|' /C calc'!A0`` in a downloaded table
would start a program. OWASP's "CSV Injection" advice: prefix such *text* cells with a single
quote ``'``, which the spreadsheet shows as text. Numbers are left alone, so a negative value in
a numeric column stays a number (``-0.5``, not ``'-0.5``).

    csv_bytes(frame)   # DataFrame -> UTF-8 CSV bytes, no index, text cells neutralised

And the other way, uploaded CSVs read within the budget (t-SNE's features, PR curves' scores):

    table, notes = read_csv(data, "point")   # InputError naming the problem; notes: caveats
"""
from __future__ import annotations

import io
import warnings

from explorer.budget import MAX_CSV_CELLS, MAX_CSV_COLUMNS, MAX_CSV_ROWS
from explorer.errors import InputError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t")   # the header line's most frequent one is the separator


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


CUT = "The file has more than"   # how a note saying rows were left out begins
# The notes and refusals, as templates (a page translates them: ui.i18n.message).
SEPARATED_BY = "Columns separated by {separator}."
TABS = "tabs"
LATIN_1 = "Not UTF-8: read as Latin-1 text."
UTF_16 = "Read as UTF-16 text."
ROWS_CUT = ("The file has more than {rows:,} rows: the first {rows:,} are used ({limit}). To "
            "use other rows, upload a random sample of at most {rows:,}.")
ROWS_CUT_WHY = ("The file has more than {rows:,} rows: the first {rows:,} are used ({limit}; "
                "{why}). To use other rows, upload a random sample of at most {rows:,}.")
ROW_LIMIT = "the limit of {max_rows:,} rows"
CELL_LIMIT = "{columns:,} columns × {rows:,} rows is the limit of {max_cells:,} cells"
TOO_MANY_COLUMNS = ("the header has {columns:,} columns, over the limit of {limit:,}; keep fewer "
                    "columns (e.g. reduce them with PCA first)")
NO_ROWS = "the CSV has a header but no rows; upload one row per {row}"
RAGGED = ("some rows have more cells than the header row; give every column a name in the "
          "header (or remove the extra cells)")
UNREADABLE = ("could not read the file as CSV ({reason}); upload a comma-separated table with a "
              "header row and the same number of cells on every line")
EMPTY = "the file is empty (0 bytes); upload a CSV with a header row and one row per {row}"
BINARY = "this is not a text file (it holds NUL bytes); upload a CSV saved as text (UTF-8)"


def is_cut(note: str) -> bool:
    """True for read_csv's note that rows were left out (a page shows it as a warning)."""
    return note.startswith(CUT)


def read_csv(data: bytes, row: str = "row", why: str = "", max_rows: int = MAX_CSV_ROWS,
             max_cells: int = MAX_CSV_CELLS) -> tuple[object, list[str]]:
    """CSV bytes -> (pandas DataFrame, notes for the user); InputError naming the problem.
    ``row``: what one row is, for the messages ("point"); ``why``: why rows are limited.

    Bounded before parsing: at most ``MAX_CSV_COLUMNS`` columns in the header line, whose count
    sets how many rows fit ``max_cells``; pandas reads at most that many (and at most
    ``max_rows``), so a 200,000-row file costs what 10,000 rows cost, and the notes say
    that rows were left out. Text: UTF-16 by its BOM, UTF-8 (BOM or not), else Latin-1;
    separator: comma, semicolon or tab, whichever the header line holds most of."""
    encoding, notes = _encoding(data, row)
    source = (io.StringIO(data.decode("utf-16")) if encoding == "utf-16" else io.BytesIO(data))
    first = data.find(b"\n")
    header = (source.getvalue().split("\n", 1)[0] if encoding == "utf-16" else
              data[:first if first >= 0 else len(data)].decode(encoding, errors="replace"))
    sep = max(SEPARATORS, key=header.count)
    if sep != ",":
        notes.append(SEPARATED_BY.format(separator=TABS if sep == "\t" else repr(sep)))
    n_columns = header.count(sep) + 1
    if n_columns > MAX_CSV_COLUMNS:
        raise InputError("budget", TOO_MANY_COLUMNS.format(columns=n_columns,
                                                           limit=MAX_CSV_COLUMNS),
                         what="CSV columns", needed=n_columns, limit=MAX_CSV_COLUMNS)
    rows = min(max_rows, max_cells // n_columns)
    try:
        table = _parse(source, sep, rows + 1, encoding)
    except UnicodeDecodeError:                     # not UTF-8 after all
        notes.append(LATIN_1)
        table = _parse(io.BytesIO(data), sep, rows + 1, "latin-1")
    if table.empty:
        raise InputError("file", NO_ROWS.format(row=row),
                         name="CSV", reason="no rows")
    if len(table) > rows:
        table = table.iloc[:rows]
        limit = (ROW_LIMIT.format(max_rows=max_rows) if rows == max_rows else
                 CELL_LIMIT.format(columns=n_columns, rows=rows, max_cells=max_cells))
        notes.append((ROWS_CUT_WHY if why else ROWS_CUT).format(rows=rows, limit=limit, why=why))
    return table, notes


def _parse(source, sep: str, nrows: int, encoding: str):
    """pandas.read_csv of at most ``nrows`` rows; InputError for what pandas cannot read,
    including rows longer than the header (pandas would drop their extra cells)."""
    import pandas as pd
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(source, sep=sep, nrows=nrows, index_col=False,
                               encoding=None if isinstance(source, io.StringIO) else encoding)
    except pd.errors.ParserWarning:
        raise InputError("file", RAGGED, name="CSV", reason="ragged") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        reason = str(err).strip().splitlines()[0]
        raise InputError("file", UNREADABLE.format(reason=reason), name="CSV",
                         reason=reason) from None


def _encoding(data: bytes, row: str = "row") -> tuple[str, list[str]]:
    """(encoding, notes) of CSV bytes: UTF-16 by its BOM, else UTF-8 (pandas falls back to
    Latin-1 in read_csv); empty and binary files (NUL bytes) are refused."""
    if not data:
        raise InputError("file", EMPTY.format(row=row), name="CSV", reason="empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", [UTF_16]
    if b"\0" in data:
        raise InputError("file", BINARY, name="CSV", reason="binary")
    return "utf-8-sig", []
