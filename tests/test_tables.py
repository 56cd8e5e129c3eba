"""explorer.tables.csv_bytes: formula-like text cells get a leading quote (OWASP), numbers stay
numbers, and pandas reads back exactly what was written."""
import io

import numpy as np
import pandas as pd
import pytest

from explorer.tables import FORMULA_STARTS, csv_bytes, is_cut, neutralise, read_csv

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
           "=HYPERLINK(\"http://evil.example\",\"x\")"]


def _read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_a_leading_quote(text):
    assert neutralise(text) == "'" + text
    frame = pd.DataFrame({"file": [text], "confidence": [0.5]})
    back = _read(csv_bytes(frame))
    assert back["file"].tolist() == ["'" + text]


@pytest.mark.parametrize("value", ["cat", "", "a=b", "1-2", " =x", "'=quoted", 3, -1.5, None])
def test_other_cells_are_unchanged(value):
    assert neutralise(value) == value or (value is None and neutralise(value) is None)


def test_numeric_columns_stay_numbers_and_round_trip():
    frame = pd.DataFrame({
        "file": ["=evil.png", "-rf.png", "ok.png"],
        "confidence": [-0.25, 0.5, 1.0],          # negative numbers are not formulas
        "count": np.array([-3, 0, 7], dtype=np.int64),
        "kept": [True, False, True],
        "top-1": ["@cat", None, "dog"],
    })
    back = _read(csv_bytes(frame))
    assert list(back.columns) == ["file", "confidence", "count", "kept", "top-1"]
    assert back["file"].tolist() == ["'=evil.png", "'-rf.png", "ok.png"]
    np.testing.assert_array_equal(back["confidence"], frame["confidence"])
    np.testing.assert_array_equal(back["count"], frame["count"])
    assert back["confidence"].dtype == np.float64 and back["count"].dtype == np.int64
    assert back["kept"].dtype == bool
    assert back["top-1"].iloc[0] == "'@cat" and pd.isna(back["top-1"].iloc[1])
    assert b"-0.25" in csv_bytes(frame) and b"'-0.25" not in csv_bytes(frame)
    assert frame["file"].iloc[0] == "=evil.png"              # the caller's frame is untouched


def test_column_names_are_neutralised_too():
    frame = pd.DataFrame({"=1+1": [1], "-x": ["a"]})
    assert list(_read(csv_bytes(frame)).columns) == ["'=1+1", "'-x"]


def test_no_text_cell_of_the_written_file_starts_a_formula():
    rng = np.random.default_rng(0)
    cells = ["".join(rng.choice(list("=+-@\t\rab,\"'"), 5)) for _ in range(200)]
    frame = pd.DataFrame({"text": cells, "x": rng.normal(size=200)})
    back = _read(csv_bytes(frame))
    assert not back["text"].str.startswith(FORMULA_STARTS).any()
    assert back["text"].tolist() == ["'" + c if c.startswith(FORMULA_STARTS) else c
                                     for c in cells]
    np.testing.assert_allclose(back["x"], frame["x"])


def test_predict_batch_csv_is_neutralised():
    """Predict's "Download CSV": a formula file name and class come back quoted, the
    confidence stays a float."""
    import torch

    from explorer.predict import Prediction, batch_table, table_csv
    predictions = [Prediction("=cmd|' /C calc'!A0.png", torch.tensor([0.0, 3.0])),
                   Prediction("-bad.png", None, "-bad.png: the file is empty")]
    table = batch_table(predictions, ["@cat", "+dog"])
    back = _read(table_csv(table))
    assert back["file"].tolist() == ["'=cmd|' /C calc'!A0.png", "'-bad.png"]
    assert back["top-1"].iloc[0] == "'+dog" and back["runner-up"].iloc[0] == "'@cat"
    assert back["confidence"].dtype == np.float64
    assert back["confidence"].iloc[0] == pytest.approx(torch.softmax(torch.tensor([0.0, 3.0]),
                                                                     0)[1].item())
    assert back["message"].iloc[1] == "'-bad.png: the file is empty"


def test_only_the_rows_left_out_note_is_a_cut():
    data = ("a,b\n" + "".join(f"{i},{i}\n" for i in range(12))).encode()
    _, cut_notes = read_csv(data, max_rows=10)
    _, whole_notes = read_csv(data.replace(b",", b";"), max_rows=100)
    assert [is_cut(n) for n in cut_notes] == [True]
    assert whole_notes and not any(is_cut(n) for n in whole_notes)   # the separator note
