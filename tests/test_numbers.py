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


def test_latex_writes_powers_of_ten():
    from ui.numbers import latex
    assert latex(1.2e7) == r"1.2 \times 10^{7}" and latex(-3.5e-9) == r"-3.5 \times 10^{-9}"
    assert latex(-2.0) == "-2" and latex(0.123456) == "0.1235"
