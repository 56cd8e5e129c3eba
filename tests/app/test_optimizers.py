"""AppTest: Optimizers & saddle points page."""
import numpy as np

from explorer import optim_paths as op
from tests.app.apptest import open_page, plotly_array, plotly_traces


def test_default_paths_change_of_surface_and_hessian():
    at = open_page("optimizers").run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == ["SGD", "Momentum", "RMSprop", "Adam"]
    expected = op.run("ill-conditioned quadratic", "Adam", (-4.0, 1.5), 0.3, 150)
    adam = table.set_index("optimizer").loc["Adam"]
    assert np.isclose(float(adam["final x"]), expected.points[-1, 0], atol=5e-5)   # 4 decimals
    # Hessian tab default: the saddle at the origin
    assert at.success[0].value == "Classification: **saddle point**"
    assert at.metric[2].value == "-2, 2"
    at.selectbox[0].set_value("Himmelblau").run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("optimizer")
    shown = table.loc["Adam", ["final x", "final y"]].astype(float)
    np.testing.assert_allclose(shown, op.run("Himmelblau", "Adam", (0.0, -0.5), 0.1,
                                             150).points[-1], atol=5e-5)
    assert np.allclose(shown, (3.0, 2.0), atol=5e-3)   # the minimum it reached


def test_hessian_point_change_and_too_large_learning_rate():
    at = open_page("optimizers").run()
    at.number_input[4].set_value(3.0)
    at.number_input[5].set_value(2.0)
    at.selectbox[1].set_value("Himmelblau").run()
    assert at.success[0].value == "Classification: **local minimum**"
    at.number_input[2].set_value(0.5).run()          # SGD-family lr on the quadratic
    assert not at.exception
    assert "Diverged" in at.warning[0].value


def test_a_diverged_run_shows_its_huge_values_formatted():
    """The audit, Rosenbrock at lr 100: f reached 5.77e18, which Streamlit's dataframe prints
    as 5769531952475097000 whatever the column's format (any float beyond 2⁵³): the columns
    that can hold such values are sent as formatted text."""
    at = open_page("optimizers")
    at.query_params.update(surface="Rosenbrock", lr_sgd_rosen="100")
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.set_index("optimizer")
    sgd = op.run("Rosenbrock", "SGD", op.SURFACES["Rosenbrock"].start, 100.0,
                 op.SURFACES["Rosenbrock"].steps)
    assert sgd.diverged and sgd.losses[-1] > 2 ** 53
    assert table.loc["SGD", "final f"] == f"{sgd.losses[-1]:.3e}"
    assert table.loc["SGD", "final x"] == f"{sgd.points[-1, 0]:.4f}"   # below 10⁶: fixed
    assert all(isinstance(v, str) for v in table["final f"])


def test_batch_size_tab_shows_one_row_per_size():
    at = open_page("optimizers").run()
    rows = at.dataframe[1].value
    assert list(rows["run"]) == ["full batch (200)", "batch 20", "batch 1"]
    assert list(rows["updates"]) == [5, 50, 1000]


def test_paths_show_progress_per_optimizer(monkeypatch):
    """Seven optimizers × 2,000 steps took 25 s behind nothing: a bar names each optimizer
    as it runs, then goes."""
    import streamlit
    shown = []
    real = streamlit.progress

    class Spy:
        def __init__(self, element):
            self.element = element

        def progress(self, value, text=None):
            shown.append((value, text))
            return self.element.progress(value, text)

        def empty(self):
            shown.append("cleared")
            return self.element.empty()

    monkeypatch.setattr(streamlit, "progress", lambda *args, **kwargs: Spy(real(*args,
                                                                             **kwargs)))
    at = open_page("optimizers").run()
    assert not at.exception
    names = ["SGD", "Momentum", "RMSprop", "Adam"]
    assert shown == [(i / 4, f"{o}: 150 steps (optimizer {i + 1} of 4)")
                     for i, o in enumerate(names)] + ["cleared"]


def test_hessian_tab_draws_the_point_with_its_eigenvectors_and_takes_clicks():
    import json
    at = open_page("optimizers").run()
    hessian = next(c for c in at.get("plotly_chart") if "click to analyse" in c.proto.spec)
    spec = json.loads(hessian.proto.spec)
    names = [t.get("name") for t in spec["data"]]
    assert "v₁: λ₁ = -2" in names and "v₂: λ₂ = 2" in names and "(0, 0)" in names
    from streamlit.proto.PlotlyChart_pb2 import PlotlyChart
    assert list(hessian.proto.selection_mode) == [PlotlyChart.SelectionMode.POINTS]  # clicks


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice():
    at = open_page("optimizers")
    at.query_params.update({"tab": "batch", "surface": "Rosenbrock", "opt": ["Adam", "SGD"],
                            "steps_rosen": "200", "hs": "Himmelblau", "hx": "3", "hy": "2",
                            "b": ["5", "50"], "epochs": "3", "lr": "0.9"})
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox[0].value == "Rosenbrock" and at.selectbox[1].value == "Himmelblau"
    assert at.multiselect[0].value == ["Adam", "SGD"]
    assert next(s for s in at.slider if s.label == "steps").value == 200
    assert at.success[0].value == "Classification: **local minimum**"
    assert at.multiselect[1].value == [5, 50]
    assert next(s for s in at.slider if s.label == "learning rate").value == 0.05   # default
    assert any("lr=0.9" in t.value for t in at.toast)
    assert list(at.dataframe[1].value["run"]) == ["batch 50", "batch 5"]
    assert list(at.dataframe[1].value["updates"]) == [12, 120]


def test_chinese_classifies_and_names_the_runs():
    at = open_page("optimizers")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.success[0].value == "判定：**鞍点**"
    assert list(at.dataframe[1].value["运行"]) == ["全批量（200）", "批大小 20", "批大小 1"]


def test_a_far_hessian_point_gets_linear_contours_and_readable_powers():
    """The audit, Himmelblau at (1000, −1000): log₁₀ contours bunched in one corner of the
    view (none visible), and H's entries read 1.2e+07 set as LaTeX (1.2·e + 07)."""
    at = open_page("optimizers")
    at.query_params.update(tab="hessian", hs="Himmelblau", hx="1000", hy="-1000")
    at.run()
    assert not at.exception
    hessian = next(traces for traces in (plotly_traces(at, i) for i in range(4))
                   if any(t.get("name") == "click to analyse" for t in traces))
    contour = next(t for t in hessian if t["type"] == "contour")
    analysis = op.analyse("Himmelblau", (1000.0, -1000.0))
    assert plotly_array(contour["z"]).max() > analysis.value / 2   # f itself, not log₁₀ f
    matrix = next(l.value for l in at.latex if "H = " in l.value)
    assert r"\times 10^{7}" in matrix and "e+" not in matrix
