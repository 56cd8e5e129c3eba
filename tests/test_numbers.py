"""ui.numbers.cell: table numbers as text (Streamlit prints floats beyond 2⁵³ unformatted)."""
import math

from ui.numbers import LARGE, cell


def test_fixed_point_below_the_limit_scientific_from_it_on():
    assert cell(15498.5) == "15498.5000"
    assert cell(-0.00004) == "-0.0000"
    assert cell(LARGE) == "1.000e+06" and cell(-5769531952475097000.0) == "-5.770e+18"
    assert cell(152600.5, ".3e") == "1.526e+05"


def test_inf_and_nan_stay_readable():
    assert cell(math.inf) == "inf" and cell(-math.inf, ".3e") == "-inf"
    assert cell(math.nan) == "nan"


def test_fixed_never_prints_a_negative_zero():
    """The audit: BatchNorm's train() output mean, −1e-9, read "-0.000" ("always 0")."""
    from ui.numbers import fixed
    assert fixed(-1e-9, sign=True) == "+0.000" and fixed(-1e-9) == "0.000"
    assert fixed(-0.7519) == "-0.752" and fixed(0.75, 1, sign=True) == "+0.8"
