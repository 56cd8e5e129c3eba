"""Focal & balanced CE page under AppTest: default run, a change, and bad input."""
import pytest

from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("losses").run()


def _table(at, column):
    """The shown table that has ``column``, indexed by its first column."""
    table = next(d.value for d in at.dataframe if column in d.value.columns)
    return table.set_index(table.columns[0])


def test_default_shows_curves_torchvision_check_and_toy(at):
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 2
    check = _table(at, "value")["value"]
    assert check.iloc[0] == pytest.approx(check.iloc[1], rel=1e-12)
    toy = _table(at, "recall of positives")
    assert toy.iloc[1]["recall of positives"] > toy.iloc[0]["recall of positives"]


def test_a_mild_imbalance_changes_the_toy_table(at):
    before = _table(at, "recall of positives").iloc[0]["recall of positives"]
    next(s for s in at.slider if s.label == "negatives per positive").set_value(2).run()
    assert not at.exception
    assert _table(at, "recall of positives").iloc[0]["recall of positives"] > before


@pytest.mark.parametrize("label, value, message", [
    ("α (weight of positives)", 1.5, "α = 1.5 must be in [0, 1]"),
    ("γ for the check and the toy", -1.0, "γ = -1 must be ≥ 0")])
def test_bad_alpha_or_gamma_gives_a_clear_error(at, label, value, message):
    next(n for n in at.number_input if n.label == label).set_value(value).run()
    assert not at.exception
    assert message in at.error[0].value


def test_no_gamma_selected_warns_and_the_toy_still_shows(at):
    at.multiselect[0].set_value([]).run()
    assert "Pick at least one γ" in at.warning[0].value
    assert _table(at, "recall of positives") is not None


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice():
    at = open_page("losses")
    at.query_params.update({"g": ["0.5", "2.0"], "alpha": "0.5",
                            "ratio": "10", "seed": "3"})
    at.query_params["gamma"] = "lots"
    at.run()
    assert not at.exception and not at.error
    assert at.multiselect[0].value == [0.5, 2.0]
    assert next(n for n in at.number_input if n.label.startswith("α")).value == 0.5
    assert next(n for n in at.number_input if n.label.startswith("γ")).value == 2.0   # default
    assert next(s for s in at.slider if s.label == "negatives per positive").value == 10
    assert next(n for n in at.number_input if n.label == "random seed").value == 3
    assert any("gamma=lots" in t.value for t in at.toast)
    assert "focal (γ = 2, α = 0.5)" in _table(at, "recall of positives").index


def test_chinese_names_the_fits_and_the_note():
    at = open_page("losses")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "笔记1" in at.caption[0].value
    fits = _table(at, "正样本查全率").index
    assert fits[0] == "交叉熵" and fits[1].startswith("平衡交叉熵（α = 0.98")
