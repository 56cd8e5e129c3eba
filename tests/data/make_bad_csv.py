"""The hostile-CSV corpus for the t-SNE upload, made at test time (nothing stored: the largest
is 10 MB). ``bad_csv_files()`` -> {file name: bytes}; deterministic.

Good tables are two well separated blobs of 50 points in 4 columns (enough for the page's
default perplexity 30; a t-SNE of 100 points takes well under a second on one thread), so the
files that should work show a real map.
"""
from __future__ import annotations

import numpy as np

N = 100   # points in a good table
HOSTILE_NAMES = ["[click](http://evil.example/x)", "![](http://evil.example/p.png)",
                 "=cmd|' /C calc'!A0", "<img src=http://evil.example/q.png>", ":red[**big**]"]


def _blobs(n: int = N, columns: int = 4, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    half = n // 2
    return np.vstack([rng.normal(0, 1, (half, columns)), rng.normal(8, 1, (n - half, columns))])


def _csv(header: list[str], rows, sep: str = ",") -> str:
    lines = [sep.join(header)] + [sep.join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _numbers(x: np.ndarray) -> list[list[str]]:
    return [[f"{v:.4f}" for v in row] for row in x]


def bad_csv_files() -> dict[str, bytes]:
    x = _blobs()
    header = ["f1", "f2", "f3", "f4"]
    good = _numbers(x)
    labels = ["ab"[i >= N // 2] for i in range(N)]
    hostile_labels = [HOSTILE_NAMES[i % len(HOSTILE_NAMES)] if i < N // 2 else "b"
                      for i in range(N)]
    rng = np.random.default_rng(1)
    big = rng.normal(size=(200_000, 3)).round(3)
    files = {
        "empty.csv": b"",
        "header_only.csv": b"f1,f2,f3\n",
        "one_column.csv": _csv(["f1"], [[r[0]] for r in good]).encode(),
        "text_cells.csv": _csv(header, good[:5] + [["1", "two", "3", "4"]] + good[6:]).encode(),
        "nan_cells.csv": _csv(header, good[:7] + [["1", "", "3", "nan"]] + good[8:]).encode(),
        "inf_cells.csv": _csv(header, good[:9] + [["1", "inf", "3", "-inf"]] + good[10:]).encode(),
        "ragged_long.csv": _csv(header, good[:3] + [good[3] + ["9"]] + good[4:]).encode(),
        "ragged_short.csv": _csv(header, good[:3] + [good[3][:2]] + good[4:]).encode(),
        "unterminated_quote.csv": ("f1,f2\n1,2\n\"3,4\n" + "5,6\n" * 10).encode(),
        "too_few_points.csv": _csv(header, good[:20]).encode(),
        "all_identical.csv": _csv(header, [["1.5"] * 4] * N).encode(),
        "some_duplicates.csv": _csv(header, good[:90] + good[:10]).encode(),
        "huge_values.csv": _csv(header, [[f"{float(v) * 1e300:.4e}" for v in r]
                                         for r in good]).encode(),
        "binary.csv": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)),
        "latin1.csv": _csv(header + ["étiquette"], [r + [lab] for r, lab in
                                                   zip(good, labels)]).encode("latin-1"),
        "utf16_bom.csv": _csv(header + ["label"], [r + [lab] for r, lab in
                                                  zip(good, labels)]).encode("utf-16"),
        "utf8_bom.csv": ("\ufeff" + _csv(header + ["label"], [r + [lab] for r, lab in
                                                              zip(good, labels)])).encode(),
        "semicolon.csv": _csv(header + ["label"], [r + [lab] for r, lab in zip(good, labels)],
                              ";").encode(),
        "decimal_comma.csv": _csv(header, [[v.replace(".", ",") for v in r] for r in good],
                                  ";").encode(),
        "formula_cells.csv": _csv(header, good[:4] + [["=1+1", "2", "3", "4"]]
                                  + good[5:]).encode(),
        "formula_labels.csv": _csv(header + ["label"], [
            r + ["=cmd|' /C calc'!A0" if i < N // 2 else "+1"] for i, r in enumerate(good)]
        ).encode(),
        "markdown_headers.csv": _csv(HOSTILE_NAMES[:4], [r + [lab] for r, lab in
                                                         zip([g[:3] for g in good],
                                                             labels)]).encode(),
        "markdown_labels.csv": _csv(header + ["label"], [
            r + [lab.replace(",", ";")] for r, lab in zip(good, hostile_labels)]).encode(),
        "many_labels.csv": _csv(header + ["label"], [r + [f"id{i}"] for i, r in
                                                     enumerate(good + good)]).encode(),
        "wide_5000_columns.csv": _csv([f"c{i}" for i in range(5000)],
                                      [["0"] * 5000] * 10).encode(),
        "line_10mb.csv": b"9" * 10_000_000,
        "cell_10mb.csv": b"f1,f2\n1," + b"9" * 10_000_000 + b"\n",
        "rows_200000.csv": _csv(["f1", "f2", "f3"], big.tolist()).encode(),
    }
    return files
