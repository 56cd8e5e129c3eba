"""Activation functions page under AppTest: default run, a change, and bad input."""
import pytest

from tests.app.apptest import open_page, plotly_array, plotly_traces


@pytest.fixture
def at():
    return open_page("activations").run()


def _table(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_default_run_shows_curves_stats_and_formulas(at):
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 4  # curves, histogram, depth, softmax
    assert any(r"\sigma'(x)" in l.value for l in at.latex)
    stats = _table(at, "zero outputs (sparsity)").set_index("function")
    assert stats.loc["ReLU", "zero outputs (sparsity)"] == pytest.approx(0.5, abs=0.01)
    assert stats.loc["Sigmoid", "zero outputs (sparsity)"] == 0
    assert at.success[0].value.startswith("Both agree")


def test_changing_sigma_changes_the_shown_statistics(at):
    before = _table(at, "zero outputs (sparsity)").set_index("function").loc["Tanh", "saturated (|f′|<0.05)"]
    sigma = next(s for s in at.slider if s.label == "std σ")
    sigma.set_value(5.0).run()
    assert not at.exception
    after = _table(at, "zero outputs (sparsity)").set_index("function").loc["Tanh", "saturated (|f′|<0.05)"]
    assert before < 0.05 and after > 0.5


def test_depth_slider_changes_the_gradient_table(at):
    next(s for s in at.slider if s.label == "layers").set_value(10).run()
    table = _table(at, "typical factor after 10 layers (paths alive)").set_index("function")
    assert float(table.loc["Sigmoid"].iloc[0]) <= 0.25 ** 10


def test_relu_at_mean_3_through_100_layers_shows_survivors_and_deaths_apart(at):
    """The audit: ReLU printed 0.000e+0 and was never drawn, though Φ(−3) = 0.13 % of inputs
    are negative: 12.6 % of paths die in 100 layers, the others keep factor 1."""
    next(s for s in at.slider if s.label == "layers").set_value(100)
    next(s for s in at.slider if s.label == "pre-activation mean").set_value(3.0).run()
    assert not at.exception
    table = _table(at, "paths dead").set_index("function")
    assert table.loc["ReLU", "typical factor after 100 layers (paths alive)"] == "1.000e+00"
    assert table.loc["ReLU", "paths dead"] == pytest.approx(0.126, abs=0.03)
    assert table.loc["Sigmoid", "paths dead"] == 0
    assert not any("zero derivative" in c.value for c in at.caption)


def test_a_product_that_underflows_is_named_not_drawn_as_a_plunge(at):
    """The audit, μ = 3, σ = 5, 100 layers: a few z > 19 make tanh′ exactly 0 in float64, so
    Tanh's typical factor was 0 from layer 1: the table printed 0.000e+0 beside 0 % dead paths,
    the log chart drew a vertical line to its bottom, and ReLU's all-dead row read 'None'."""
    next(s for s in at.slider if s.label == "layers").set_value(100)
    next(s for s in at.slider if s.label == "pre-activation mean").set_value(3.0)
    next(s for s in at.slider if s.label == "pre-activation std").set_value(5.0).run()
    assert not at.exception
    table = _table(at, "paths dead").set_index("function")
    typical = table["typical factor after 100 layers (paths alive)"]
    assert typical["Tanh"] == "0 (underflow)" and table.loc["Tanh", "paths dead"] == 0
    assert typical["ReLU"] == "— (all dead)"
    assert float(typical["Sigmoid"]) < 0.25 ** 100
    assert any(c.value.startswith("Tanh: a sampled derivative rounded to exactly 0")
               for c in at.caption)
    tanh = next(t for t in plotly_traces(at, 2) if t["name"] == "Tanh" and "yaxis" not in t)
    assert not (plotly_array(tanh["y"]) == 0).any()


def test_dead_units_of_a_trained_network_are_counted(at):
    next(b for b in at.button if b.label == "Train and count dead units").click().run(timeout=120)
    assert not at.exception
    table = _table(at, "hidden layer")
    high = table[table["learning rate"] == 1.0]
    dead = high["dead units"].str.split(" of ").str[0].astype(int)
    assert dead.sum() > 20 and (high["dead units"].str.endswith("of 64")).all()


def test_empty_range_gives_a_clear_error_and_the_rest_still_works(at):
    at.number_input[0].set_value(7.0).run()  # x min above x max (6)
    assert not at.exception
    assert "min (7.0) must be smaller than max (6.0)" in at.error[0].value
    assert _table(at, "zero outputs (sparsity)") is not None  # other tabs still computed


def test_no_function_selected_warns(at):
    at.multiselect[0].set_value([]).run()
    assert not at.exception
    assert "Pick at least one function" in at.warning[0].value


def test_large_logits_preset_shows_the_overflow(at):
    at.radio[0].set_value("large").run()
    assert not at.exception
    assert any("overflowed" in e.value for e in at.error)


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice():
    at = open_page("activations")
    at.query_params.update({"fn": ["ReLU", "Tanh"], "tab": "depth", "depth": "12",
                            "mu": "1.5", "logits": "large", "t": "0.5", "shade": "Tanh",
                            "sigma": "garbage"})
    at.run()
    assert not at.exception
    assert at.multiselect[0].value == ["ReLU", "Tanh"]
    assert next(s for s in at.slider if s.label == "layers").value == 12
    assert next(s for s in at.slider if s.label == "mean μ").value == 1.5
    assert next(s for s in at.slider if s.label == "temperature T").value == 0.5
    assert next(s for s in at.slider if s.label == "std σ").value == 1.0   # the default
    assert at.radio[0].value == "large"
    assert at.selectbox[0].value == "Tanh"
    assert any("sigma=garbage" in t.value for t in at.toast)
    assert any("overflowed" in e.value for e in at.error)


def test_the_page_in_chinese_cites_the_note_by_name():
    at = open_page("activations")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert "笔记1" in at.caption[0].value and "seed" not in at.caption[0].value
    assert at.tabs[0].label == "曲线与导数"
