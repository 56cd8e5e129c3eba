"""Weight-init page under AppTest: default view, a change, symmetry, training, bad input."""
import math
import re

import numpy as np
import pytest

from explorer import weight_init as wi
from tests.app.apptest import open_page, plotly_array, plotly_traces


@pytest.fixture
def at():
    return open_page("weight_init").run()


def _metric(at, start):
    return next(m for m in at.metric if m.label.startswith(start))


def test_default_view_shows_three_inits_and_their_depth_profiles(at):
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) >= 3  # depth profile, violins, gradient matrices
    vanished = float(_metric(at, "N(0, 0.01)").value)
    xavier = float(_metric(at, "Xavier normal").value)
    he = float(_metric(at, "Kaiming normal").value)
    # tanh: N(0, 0.01) vanishes exponentially, Xavier (gain 1) fades slowly, He's √2 keeps ~1
    assert vanished < 1e-10 and 0.03 < xavier < 0.5 and 0.5 < he < 2
    assert "Xavier normal 1, Kaiming normal 1.414." in at.caption[1].value
    assert "Fixed scale, no gain: N(0, 0.01)." in at.caption[1].value   # it ignores a gain


def test_relu_with_he_is_flat_and_ok(at):
    next(s for s in at.selectbox if s.label == "Activation").set_value("relu").run()
    assert not at.exception
    he = _metric(at, "Kaiming normal")
    assert 0.7 < float(he.value) < 2.8  # std √2 ± finite-width noise, layer 50
    xavier = float(_metric(at, "Xavier normal").value)
    assert xavier < 1e-3  # the seeds: Xavier does not suit ReLU, its signal halves a layer


def test_exploding_init_is_marked_with_a_warning(at):
    at.multiselect[0].set_value(["constant 0.1"])
    next(s for s in at.selectbox if s.label == "Activation").set_value("linear")
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    assert not at.exception
    assert "overflowed to inf/nan" in at.warning[0].value


def test_empty_choice_and_impossible_size_get_messages(at):
    at.multiselect[0].set_value([]).run()
    assert "Pick at least one initialisation" in at.warning[0].value
    at.multiselect[0].set_value(list(wi.INITS))
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100)
    next(s for s in at.select_slider if s.label == "Width (units)").set_value(512).run()
    assert not at.exception  # 10 x 100 x (512² weights + 3 x 256 x 512 activations) floats
    assert ("over the limit of 270,000,000: compare fewer initialisations or lower the width, "
            "depth or batch") in at.error[0].value
    assert "1024" not in [str(o) for o in next(s for s in at.select_slider
                                               if s.label == "Width (units)").options]


def test_small_init_underflow_and_zero_weights_are_named_with_a_remedy_that_works(at):
    at.multiselect[0].set_value(["N(0, 0.01)", "zeros", "Kaiming normal"])
    next(s for s in at.selectbox if s.label == "Activation").set_value("relu")
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    assert not at.exception
    small = next(w.value for w in at.warning if w.value.startswith("N(0, 0.01)"))
    layer = int(re.search(r"exactly 0 from layer (\d+)", small).group(1))
    assert 40 < layer < 55 and "underflowed" in small and "ignores the gain" in small
    assert any(w.value.startswith("zeros: every z is exactly 0 from layer 1") for w in at.warning)
    assert not any(w.value.startswith("Kaiming") for w in at.warning)
    # the zeros curve is drawn (as a ▽ line at the bottom), not only a legend entry
    traces = plotly_traces(at)
    assert any(t["name"] == "zeros: exactly 0" and "markers" in t["mode"] for t in traces)


def _zero_rows(at) -> dict[str, list]:
    """{legend name: [its ▽ traces]} of the depth chart."""
    rows = {}
    for trace in plotly_traces(at):
        if trace.get("marker", {}).get("symbol") == "triangle-down":
            rows.setdefault(trace["name"], []).append(trace)
    return rows


def test_ten_inits_at_depth_100_get_separate_labelled_zero_rows(at):
    """Four inits have layers of exact zeros (tanh, depth 100): each gets its own ▽ row (they
    were one band of 100 overlapping triangles per init, on the same level), every one has a
    legend entry (the gradient-only ones had none), and a run of zeros has one ▽ at its start."""
    at.multiselect[0].set_value(list(wi.INITS))
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    assert not at.exception
    rows = _zero_rows(at)
    assert set(rows) == {f"{s}: exactly 0" for s in
                         ("zeros", "constant 0.1", "N(0, 0.01)", "uniform U(0, 1)")}
    levels = [{y for t in traces for y in plotly_array(t["y"]).tolist() if not math.isnan(y)}
              for traces in rows.values()]
    assert all(len(level) == 1 for level in levels) and len(set.union(*levels)) == len(rows)
    assert all(sum(t.get("showlegend", True) for t in traces) == 1 for traces in rows.values())
    for traces in rows.values():
        for trace in traces:
            flags = ~np.isnan(plotly_array(trace["y"]))
            starts = int(flags[0]) + int((flags[1:] & ~flags[:-1]).sum())
            assert (plotly_array(trace["marker"]["size"]) > 0).sum() == starts


def test_a_gradient_zeroed_by_saturation_is_not_called_an_underflow(at):
    """Constant 0.1 weights under tanh: z grows to std 25 and tanh' rounds to 0 at every
    layer; the old message said the signal shrank below 1.4e-45. Sigmoid under Xavier keeps z
    but its gradient does shrink layer by layer and underflow: that one stays an underflow."""
    at.multiselect[0].set_value(["constant 0.1", "Xavier normal"])
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    warning = next(w.value for w in at.warning if w.value.startswith("constant 0.1"))
    assert "tanh saturated" in warning and "shrank" not in warning
    assert "exactly 0 at 100 layer(s)" in warning
    next(s for s in at.selectbox if s.label == "Activation").set_value("sigmoid").run()
    warning = next(w.value for w in at.warning if w.value.startswith("Xavier normal"))
    assert "the gradient is exactly 0 at" in warning and "underflowed" in warning
    assert "saturated" not in warning


def test_many_inits_get_whole_metric_labels(at):
    at.multiselect[0].set_value(list(wi.INITS)).run()
    assert not at.exception
    assert [m.label for m in at.metric] == list(wi.INITS)


def test_overflow_of_a_fixed_scale_init_does_not_suggest_the_gain(at):
    at.multiselect[0].set_value(["uniform U(0, 1)", "Xavier normal"])
    next(s for s in at.selectbox if s.label == "Activation").set_value("linear")
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    warning = next(w.value for w in at.warning if "overflowed" in w.value)
    assert warning.startswith("uniform U(0, 1)") and "Lower the gain" not in warning


def test_training_comparison_shows_zero_init_stuck_at_chance(at, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at.multiselect[0].set_value(["Xavier normal"]).run()
    next(b for b in at.button if b.label == "Train the comparison").click().run(timeout=300)
    assert not at.exception
    table = at.dataframe[0].value.set_index("initialisation")
    accuracy = table["final validation accuracy"].str.rstrip("%").astype(float)
    assert accuracy["zeros"] < 20 and accuracy["Xavier normal, output layer 0"] > 85
    assert math.isclose(len(table), 3)


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice():
    at = open_page("weight_init")
    at.query_params.update({"depth": "20", "width": "64", "act": "relu",
                            "init": ["zeros", "Kaiming normal"], "tab": "sym",
                            "fan": "fan_out", "bn": "true", "batch": "huge"})
    at.run()
    assert not at.exception and not at.error
    assert next(s for s in at.slider if s.label == "Depth (layers)").value == 20
    assert next(s for s in at.select_slider if s.label == "Width (units)").value == 64
    assert next(s for s in at.select_slider if s.label == "Batch size").value == 256
    assert next(s for s in at.selectbox if s.label == "Activation").value == "relu"
    assert at.multiselect[0].value == ["zeros", "Kaiming normal"]
    assert next(r for r in at.radio if r.label == "Kaiming fan").value == "fan_out"
    assert next(t for t in at.toggle if t.label.startswith("BatchNorm")).value is True
    assert any("batch=huge" in t.value for t in at.toast)
    assert [m.label for m in at.metric] == ["zeros", "Kaiming normal"]


def test_chinese_names_the_schemes_and_the_notes():
    at = open_page("weight_init")
    at.query_params.update({"lang": "zh", "init": ["zeros", "Xavier normal"]})
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "笔记1" in at.caption[0].value and "笔记3" in at.caption[0].value
    assert [m.label for m in at.metric] == ["全零", "Xavier normal"]
