"""ui/tsne_views.py on its own: point-set names in both languages, the settings row read from a
link (a bad value falls back with a notice), a checkpoint that cannot give features, and the
checks before a t-SNE."""
import pytest
from streamlit.testing.v1 import AppTest

from ui.text import md


@pytest.fixture(autouse=True)
def runs_here(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))


def _names_script():
    import streamlit as st

    from ui import tsne_views as tv
    st.session_state["lang"] = st.query_params.get("lang", "en")
    st.write(" | ".join(tv.view_name(n) for n in (
        "digits pixels", "mnist pixels", "lenet penultimate layer", "uploaded features",
        "anything else")))


@pytest.mark.parametrize("lang, expected", [
    ("en", "digits pixels | mnist pixels | lenet penultimate layer | uploaded features | "
           "anything else"),
    ("zh", "手写数字像素 | mnist 像素 | lenet 倒数第二层 | 上传的特征 | anything else"),
])
def test_point_set_names_in_both_languages(lang, expected):
    at = AppTest.from_function(_names_script)
    at.query_params["lang"] = lang
    at.run()
    assert at.markdown[0].value == expected


def _settings_script():
    import streamlit as st

    from ui import tsne_views as tv
    st.write(repr(tv.settings()))


def test_settings_come_from_a_link_and_a_bad_value_falls_back():
    from explorer.embedding import TSNEParams
    at = AppTest.from_function(_settings_script)
    at.query_params.update({"perp": "12", "alpha": "4", "iter": "750", "init": "random",
                            "metric": "cosine", "seed": "-3"})
    at.run()
    assert not at.exception
    assert at.markdown[0].value == repr(TSNEParams(perplexity=12, early_exaggeration=4.0,
                                                   n_iter=750, initialization="random",
                                                   metric="cosine", seed=0))
    assert any("seed=-3" in t.value for t in at.toast)
    assert at.select_slider(key="iter").value == 750


def _points_script():
    import streamlit as st

    from ui import tsne_views as tv
    views, run_id = tv.choose_points()
    st.write(f"{[v.name for v in views]} {run_id} {len(views[0].x)}")


def test_digits_by_default_and_a_link_to_a_run_of_2d_points_falls_back_to_the_default():
    at = AppTest.from_function(_points_script, default_timeout=120).run()
    assert not at.exception
    assert at.markdown[0].value == "['digits pixels'] None 1797"

    from explorer.train import TrainConfig, start_run
    run = start_run(TrainConfig(dataset="moons", model="mlp", epochs=1, seed=0))
    at = AppTest.from_function(_points_script, default_timeout=120)
    at.query_params.update({"points": "network", "model": run.run_dir.name})
    at.run()
    assert not at.exception
    # the menu offers no 2-D run: the link's model falls back to the default, with a notice
    assert at.selectbox(key="model").value == "default"
    assert at.markdown[0].value == ("['digits pixels', 'lenet penultimate layer'] "
                                    "default-digits-lenet 1797")
    assert any(f"model={run.run_dir.name}" in t.value for t in at.toast)


def _check_script():
    import numpy as np
    import streamlit as st

    from explorer.embedding import FeatureSet
    from ui import tsne_views as tv
    x = np.vstack([np.arange(200.0).reshape(100, 2), np.zeros((5, 2))])
    tv.check([FeatureSet("uploaded features", x, None, [])], float(st.query_params.get("p", 30)))
    st.write("checked")


def test_check_names_repeated_points_and_stops_on_a_too_high_perplexity():
    at = AppTest.from_function(_check_script).run()
    assert [c.value for c in at.caption] == [
        "4 of 105 points of uploaded features repeat an earlier point: they land on the same "
        "spot of the map."]
    assert at.markdown[0].value == "checked"
    at = AppTest.from_function(_check_script)
    at.query_params["p"] = "40"
    at.run()
    assert not at.exception and not at.markdown
    assert at.error[0].value.startswith(md("uploaded features: perplexity 40 needs more than"))


def _summary_script():
    import numpy as np
    import streamlit as st

    from explorer.embedding import FeatureSet
    from ui import tsne_views as tv
    st.session_state["lang"] = st.query_params.get("lang", "en")
    x = np.zeros((6, 2))
    labelled = FeatureSet("uploaded features", x, np.array([0, 1, 1, 2, 1, 0]), ["a", "b", "c"])
    st.write(tv.summary(labelled, [0, 1, 2, 4, 5]))
    st.write(tv.summary(FeatureSet("uploaded features", x, None, []), [0, 1, 2]))


@pytest.mark.parametrize("lang, unlabelled", [("en", "3 points (no labels)"),
                                               ("zh", "3 个点（无标签）")])
def test_summary_counts_classes_and_says_when_there_are_no_labels(lang, unlabelled):
    at = AppTest.from_function(_summary_script)
    at.query_params["lang"] = lang
    at.run()
    assert [m.value for m in at.markdown] == ["b ×3, a ×2", unlabelled]


def _hover_script():
    import numpy as np
    import streamlit as st

    from ui import tsne_views as tv
    st.session_state["lang"] = st.query_params.get("lang", "en")
    fig = tv.figure("embedding_map", np.zeros((3, 2)), np.array([0, 1, 1]), ["a", "b"], "t")
    st.write(" | ".join(trace.hovertemplate for trace in fig.data))


@pytest.mark.parametrize("lang, hover", [
    ("en", "class %{fullData.name}<br>point %{customdata}<extra></extra>"),
    ("zh", "类别 %{fullData.name}<br>第 %{customdata} 个点<extra></extra>")])
def test_map_hover_in_the_readers_language(lang, hover):
    at = AppTest.from_function(_hover_script)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert at.markdown[0].value.split(" | ") == [hover, hover]       # one trace per class


def _big_map_script():
    import numpy as np
    import streamlit as st

    from ui import tsne_views as tv
    fig = tv.figure("embedding_map", np.zeros((3, 2)), np.array([0, 1, 1]), ["a", "b"], "t",
                    [0], big=True)
    st.write(" | ".join(f"{t.type} {t.hoverinfo} {t.hovertemplate} {[int(i) for i in t.customdata]}"
                        for t in fig.data))


def test_a_big_map_is_webgl_without_hover_labels_but_selectable():
    """The 70,000-point map: WebGL traces, no hover label per point, and each point still
    carries its row (box and lasso select name the rows)."""
    at = AppTest.from_function(_big_map_script)
    at.run(timeout=60)
    assert not at.exception
    assert at.markdown[0].value.split(" | ") == [
        "scattergl none None [0]", "scattergl none None [1, 2]", "scattergl skip None [0]"]
