"""ui/feature_maps_menu.py on its own: the model menu's ids, loading each kind with its
fallback, the layer menu's before/after switch, and the channel grid's title."""
import pytest
from streamlit.testing.v1 import AppTest

from explorer.figures import featuremaps as figs


def _menu_script():
    import streamlit as st

    from ui import feature_maps_menu as menu
    st.session_state["lang"] = st.query_params.get("lang", "en")
    models = menu.model_menu()
    st.write(" | ".join(f"{k}={v}" for k, v in models.items()))
    loaded = menu.load(st.query_params.get("ref", menu.HANDMADE))
    st.write(f"title={loaded.title}; random={loaded.random}; key={loaded.key.split('|')[0]}")


@pytest.fixture(autouse=True)
def runs_here(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))


def _run(**query) -> AppTest:
    at = AppTest.from_function(_menu_script, default_timeout=120)
    at.query_params.update(query)
    return at.run()


def test_menu_ids_are_model_references_and_labels_follow_the_language():
    from explorer import refs
    from explorer.train import TrainConfig, start_run
    run = start_run(TrainConfig(dataset="digits", model="lenet", epochs=1, seed=0))
    at = _run()
    assert not at.exception
    ids = [item.split("=", 1)[0] for item in at.markdown[0].value.split(" | ")]
    assert ids[:2] == ["handmade", refs.DEFAULT_REF] and run.run_dir.name in ids
    assert set(refs.IMAGENET_MODELS) <= set(ids) and "random:resnet_small" in ids
    assert all(refs.kind(i) != refs.IMAGENET or i in refs.IMAGENET_MODELS for i in ids)
    zh = _run(lang="zh")
    assert "handmade=手工 3×3 卷积（可编辑卷积核）" in zh.markdown[0].value
    assert "random:resnet_small=resnet_small（随机初始化）" in zh.markdown[0].value


@pytest.mark.parametrize("ref, title, random", [
    ("handmade", "one 3×3 conv, then ReLU", False),
    ("random:lenet", "lenet: RANDOM weights (untrained, random seed 0)", True),
])
def test_each_kind_loads_with_its_title(ref, title, random):
    at = _run(ref=ref)
    assert not at.exception and not at.error
    assert at.markdown[1].value == f"title={title}; random={random}; key={ref}"


def test_a_run_that_cannot_load_stops_with_its_name_and_reason():
    at = _run(ref="deleted-run")
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("deleted\\-run cannot be used here: ")
    assert len(at.markdown) == 1                    # the page stopped before any title


def test_a_damaged_checkpoint_is_named_not_raised():
    from explorer import runs
    from explorer.train import TrainConfig, start_run
    run = start_run(TrainConfig(dataset="digits", model="lenet", epochs=1, seed=0))
    (run.run_dir / runs.CHECKPOINT).write_bytes(b"not a checkpoint")
    at = _run(ref=run.run_dir.name)
    assert not at.exception
    assert any("cannot be used here" in e.value for e in at.error)


def _layer_script():
    import streamlit as st

    from explorer import featuremaps as fm
    from ui import feature_maps_menu as menu
    model = fm.handmade([fm.KERNEL_PRESETS["Sobel x"]])
    nodes = fm.map_nodes(model, (1, 8, 8))
    titles = fm.layer_titles(model, [n.name for n in nodes])
    st.write(f"shown={menu.choose_layer(st.columns(2), model, nodes, titles)}")


def test_the_before_after_switch_moves_the_layer_menu():
    at = AppTest.from_function(_layer_script, default_timeout=60).run()
    assert at.markdown[0].value == "shown=conv"
    assert at.radio[0].value == "before"
    at.radio[0].set_value("after").run()
    assert at.markdown[0].value == "shown=relu"
    assert at.selectbox(key="layer").value == "relu" and at.query_params["layer"] == "relu"
    assert at.radio[0].value == "after"


def test_grid_title_names_the_layer_shape_and_order():
    assert figs.grid_title("conv1", (6, 160, 160), False) == \
        "conv1: 6 channels of 160×160, channel order"
    assert figs.grid_title("conv1", (65, 4, 4), True) == \
        "conv1: 65 channels of 4×4, highest mean first (hover a tile for its channel)"
    assert figs.grid_title("c", (2, 3, 4), True, "{layer}|{channels}|{height}|{width}|{order}",
                           ("a", "b"), "!") == "c|2|3|4|b"


def test_imagenet_without_its_weight_file_says_random_and_where_the_file_goes(monkeypatch,
                                                                               tmp_path):
    from explorer import offline
    monkeypatch.setattr(offline, "weights_dir", lambda: tmp_path / "hub")   # nothing cached
    at = _run(ref="resnet18")
    assert not at.exception and not at.error
    assert at.markdown[1].value.startswith(
        f"title=resnet18: RANDOM weights (demo: the maps mean nothing). Put "
        f"{offline.WEIGHT_FILES['resnet18']} in {tmp_path / 'hub'} for the trained model; "
        "random=True; key=resnet18")
