"""AppTest: LR schedules page."""
import json
import math

import numpy as np
import pytest

from explorer import schedules as sch
from tests.app.apptest import open_page, plotly_array


def _table(at):
    return at.dataframe[0].value.set_index("schedule")


def _set(at, label, value):
    next(w for w in at.number_input if w.label.startswith(label)).set_value(value)


def test_default_shows_the_torch_curves_and_a_change_updates_them():
    at = open_page("schedules").run()
    assert not at.exception and not at.error
    table = _table(at)
    assert {"step decay", "cosine annealing", "cosine with restarts", "OneCycle"} <= set(table.index)
    # warmup of 30 steps: every schedule but OneCycle is at η₀ = 0.1 at step 30
    assert math.isclose(table.loc["cosine annealing", "η at step 30"], 0.1)
    next(w for w in at.number_input if w.label.startswith("warmup")).set_value(0).run()
    assert not at.exception
    table = _table(at)
    assert math.isclose(table.loc["cosine annealing", "η at step 0"], 0.1)
    # cosine at T/2 is η₀/2
    assert math.isclose(table.loc["cosine annealing", "η at step 150"], 0.05, rel_tol=1e-9)


def test_warmup_longer_than_training_is_explained():
    at = open_page("schedules").run()
    next(w for w in at.number_input if w.label.startswith("warmup")).set_value(400).run()
    assert not at.exception
    assert "shorter than training" in at.error[0].value


def test_no_schedule_gives_a_warning():
    at = open_page("schedules").run()
    at.multiselect[0].set_value([]).run()
    assert not at.exception and "at least one schedule" in at.warning[0].value


@pytest.mark.parametrize("steps, warmup", [(305, 30), (7, 2), (2, 0), (307, 30)])
def test_training_lab_overlay_lies_on_the_cosine_for_any_step_count(steps, warmup):
    """305 steps was an IndexError, then a curve ending 5 steps early; under 10 steps the
    overlay drew nothing at all."""
    at = open_page("schedules").run()
    _set(at, "training steps", steps)
    _set(at, "warmup", warmup)
    next(t for t in at.toggle if t.label.startswith("overlay")).set_value(True).run()
    assert not at.exception and not at.error
    table = _table(at)
    lab, cosine = table.loc["Training lab cosine (make_schedule)"], table.loc["cosine annealing"]
    assert not lab.isna().any() and np.allclose(lab, cosine, rtol=1e-12)
    assert f"η at step {steps - 1}" in table.columns
    traces = {t["name"]: t for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]}
    drawn, reference = (plotly_array(traces[n]["y"]) for n in (
        "Training lab cosine (make_schedule)", "cosine annealing"))
    assert traces["Training lab cosine (make_schedule)"]["line"]["dash"] == "dot"
    assert len(drawn) == steps and np.allclose(drawn, reference, rtol=1e-12)


def test_caption_cites_the_notes_that_teach_warmup_by_name():
    at = open_page("schedules").run()
    caption = at.caption[0].value
    assert "Note 0 · Deep-learning overview" in caption and "Note 1 · " in caption
    assert "seed" not in caption


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice():
    at = open_page("schedules")
    at.query_params.update({"s": ["cosine", "polynomial"], "steps": "500", "warmup": "0",
                            "power": "3.5", "log": "true", "lr": "-4"})
    at.run()
    assert not at.exception and not at.error
    assert at.multiselect[0].value == ["cosine", "polynomial"]
    assert next(w for w in at.number_input if w.label == "training steps").value == 500
    assert next(w for w in at.number_input if w.label == "warmup steps").value == 0
    assert next(w for w in at.number_input if w.label.startswith("base")).value == 0.1
    assert next(s for s in at.slider if s.label.startswith("power")).value == 3.5
    assert next(t for t in at.toggle if t.label.startswith("log")).value is True
    assert any("lr=-4" in t.value for t in at.toast)
    assert list(_table(at).index) == ["cosine annealing", "polynomial decay"]
    assert "η at step 499" in _table(at).columns


def test_chinese_names_the_schedules_and_the_notes():
    at = open_page("schedules")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "笔记0" in at.caption[0].value
    assert "余弦退火（cosine）" in set(at.dataframe[0].value["调度"])


def test_all_eight_chosen_schedules_stay_readable_in_chinese():
    """The chips wrap onto more rows (at 1280 px the Chinese chips read '阶梯衰减（step）
    余弦退火（cosine） 带重…', the rest scrolled out of sight), and OneCycle's formula is maths
    only: its English explanation ran past the column's edge inside the LaTeX; it is a
    translated caption now."""
    at = open_page("schedules")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.query_params["s"] = list(sch.SCHEDULES)
    at.run()
    assert not at.exception
    assert at.multiselect[0].proto.wrap and at.multiselect[0].value == list(sch.SCHEDULES)
    assert "text" not in at.latex[-1].value and "cosine" not in at.latex[-1].value
    assert any(c.value.startswith("两段余弦") for c in at.caption)


def test_the_table_lists_its_steps_in_order_and_a_log_axis_has_no_si_prefixes():
    """The audit, 5000 steps with 4999 of warmup: the columns read step 0, 4999, 2500, and
    the log axis labelled learning rates 100μ, 10μ, 1μ."""
    at = open_page("schedules")
    at.query_params.update(steps="5000", warmup="4999", log="true")
    at.run()
    assert not at.exception
    assert list(_table(at).columns) == [f"η at step {t}" for t in (0, 2500, 4999)]
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["yaxis"]["type"] == "log" and layout["yaxis"]["exponentformat"] == "power"
    assert layout["yaxis"]["title"]["text"] == "learning rate η<sub>t</sub>"


def test_onecycle_is_dashed_where_it_lies_on_the_cosine():
    """Default view: after the warmup OneCycle lies on cosine annealing (within 1 % of the
    plot's height), so OneCycle, drawn later, is dashed and the cosine shows between its
    dashes (it had been hidden); curves that only share the warmup stay solid. The legend
    draws the same dash."""
    at = open_page("schedules").run()
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    dashes = {t["name"]: t["line"]["dash"] for t in traces}
    assert dashes == {"step decay": "solid", "cosine annealing": "solid",
                      "cosine with restarts": "solid", "OneCycle": "dash"}
    assert all(t.get("showlegend", True) for t in traces)
    curves = {t["name"]: plotly_array(t["y"]) for t in traces}
    gap = np.abs(curves["OneCycle"] - curves["cosine annealing"])
    assert gap[30:].max() < 0.01 * 0.1 < gap[:30].max()   # the same after the warmup only
    at.toggle(key="log").set_value(True).run()             # log axis: within 1 % of each value
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert {t["name"]: t["line"]["dash"] for t in traces}["OneCycle"] == "dash"


def test_with_all_eight_only_curves_on_top_of_another_are_dashed():
    """Step and multi-step decay start on the constant line, OneCycle ends on the cosine:
    those are dashed; exponential and polynomial decay only meet the others near zero (the
    bottom 5 % of the plot, where every decayed schedule ends) and stay solid."""
    at = open_page("schedules")
    at.query_params["s"] = list(sch.SCHEDULES)
    at.run()
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    dashed = {t["name"] for t in traces if t["line"]["dash"] == "dash"}
    assert dashed == {"step decay", "multi-step decay", "OneCycle"}
