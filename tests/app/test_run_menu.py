"""ui.run_menu: each page's model menu offers only the runs that work there (a 2-D moons MLP
nowhere, an MLP of digits not on Feature maps) and names the rest with why; a checkpoint that
is cut short, garbage or of another architecture gives a message on Feature maps, never a
trace. Runs are written directly (config, checkpoint of a freshly built model, summary)."""
import pytest
import torch

from explorer import runs
from explorer.models import build_model
from explorer.train import TrainConfig
from tests.app.apptest import open_page
from ui.run_menu import CONV, IMAGES, unfit

SHAPES = {"digits": ([1, 8, 8], [str(d) for d in range(10)]), "moons": ([2], ["0", "1"])}


def fake_run(root, name, dataset, model, weights_of=None):
    """A finished run folder ``root/name``; its checkpoint holds a fresh ``weights_of`` model
    (default: ``model`` itself, so it loads)."""
    shape, classes = SHAPES[dataset]
    path = root / name
    runs.write_json(path / runs.CONFIG, {**TrainConfig(dataset=dataset, model=model).to_dict(),
                                         "input_shape": shape, "classes": classes})
    torch.manual_seed(0)
    runs.save_checkpoint(path, build_model(weights_of or model, tuple(shape),
                                           len(classes)).state_dict())
    runs.write_json(path / runs.SUMMARY, {"status": "finished", "test_accuracy": 0.5})
    return runs.read_run(path)


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    for name, dataset, model in [("r-lenet", "digits", "lenet"), ("r-mlp", "digits", "mlp"),
                                 ("r-moons", "moons", "mlp")]:
        fake_run(tmp_path, name, dataset, model)
    return tmp_path


def _plain(elements):
    return [e.value.replace("\\", "").replace("\u2060", "") for e in elements]


def _offered(at, label):
    return [o for o in next(w for w in at.selectbox if w.label == label).options
            if "r-" in o]


def test_unfit_says_why_a_model_cannot_serve_a_page(tmp_path):
    lenet = fake_run(tmp_path, "a", "digits", "lenet")
    mlp = fake_run(tmp_path, "b", "digits", "mlp")
    moons = fake_run(tmp_path, "c", "moons", "mlp")
    assert [unfit(r, None) for r in (lenet, mlp, moons)] == [None, None, None]
    assert unfit(lenet, IMAGES) is unfit(lenet, CONV) is unfit(mlp, IMAGES) is None
    assert unfit(moons, IMAGES) == "trained on moons, 2-D points, not images"
    assert unfit(moons, CONV) == unfit(moons, IMAGES)
    assert unfit(mlp, CONV) == "mlp has no convolution layers, so no feature maps"


@pytest.mark.parametrize("page, label, offered, missing", [
    ("predict", "Model", ["r-lenet", "r-mlp"], {"r-moons": "2-D points, not images"}),
    ("feature_maps", "Model", ["r-lenet"], {"r-mlp": "mlp has no convolution layers",
                                            "r-moons": "2-D points, not images"}),
])
def test_menus_offer_only_what_works_and_name_the_rest(root, page, label, offered, missing):
    at = open_page(page).run()
    assert not at.exception
    assert sorted(o.split()[1] for o in _offered(at, label)) == offered
    caption = next(c for c in _plain(at.caption) if c.startswith("Not offered here"))
    for run_id, why in missing.items():
        assert f"{run_id} (" in caption and why in caption


def test_tsne_offers_image_runs_only(root):
    at = open_page("tsne").run()
    next(r for r in at.radio if r.label == "Points").set_value(
        "network").run()
    assert not at.exception
    options = " ".join(next(w for w in at.selectbox if w.label.startswith("Checkpoint")).options)
    assert "r-lenet" in options and "r-mlp" in options and "r-moons" not in options
    assert any("r-moons (trained on moons, 2-D points" in c for c in _plain(at.caption))


def test_feature_maps_explain_bad_checkpoints(root):
    (root / "r-cut").mkdir()
    fake_run(root, "r-cut", "digits", "lenet")
    data = (root / "r-cut" / runs.CHECKPOINT).read_bytes()
    (root / "r-cut" / runs.CHECKPOINT).write_bytes(data[:len(data) // 2])
    fake_run(root, "r-garbage", "digits", "lenet")
    (root / "r-garbage" / runs.CHECKPOINT).write_bytes(b"\x00garbage" * 100)
    fake_run(root, "r-other", "digits", "lenet", weights_of="vgg_small")
    at = open_page("feature_maps").run()
    assert not at.exception
    caption = next(c for c in _plain(at.caption) if c.startswith("Not offered here"))
    assert "r-cut (damaged: checkpoint.pt: cut short" in caption
    assert "r-garbage (damaged: checkpoint.pt" in caption
    assert any("r-other" in o for o in _offered(at, "Model"))      # offered: it looks fine
    at = next(w for w in at.selectbox if w.label == "Model").set_value("r-other").run()  # an id
    assert not at.exception
    assert "cannot be used here" in at.error[0].value


def test_the_model_and_image_chosen_on_predict_start_the_other_pages(root):
    """One model and one image across pages: Predict's choice is where Feature maps, PR curves
    and t-SNE start, and the sidebar names both."""
    from explorer.refs import CURRENT_MODEL_KEY
    at = open_page("predict").run()
    next(w for w in at.selectbox if w.label == "Model").set_value("r-lenet").run()
    next(r for r in at.radio if r.label == "Image source").set_value("photo").run()
    assert not at.exception and at.session_state[CURRENT_MODEL_KEY] == "r-lenet"
    assert any("Model: run r-lenet" in c for c in _plain(at.sidebar.caption))

    at.query_params.clear()          # as the sidebar navigation does in a browser
    at.switch_page("app_pages/feature_maps.py").run()
    assert not at.exception
    assert next(w for w in at.selectbox if w.label == "Model").value == "r-lenet"
    assert next(r for r in at.radio if r.label == "Image source").value == "current"
    assert any(c.startswith("china.png (sample photo), chosen earlier") for c in _plain(at.caption))

    at.query_params.clear()
    at.switch_page("app_pages/pr_curves.py").run()
    assert not at.exception
    assert next(r for r in at.radio if r.label == "Scores from").value == "run"
    assert next(w for w in at.selectbox if w.label == "Run (Training lab)").value == "r-lenet"

    at.query_params.clear()
    at.switch_page("app_pages/tsne.py").run()
    assert not at.exception
    assert next(r for r in at.radio if r.label == "Points").value == "network"
    assert next(w for w in at.selectbox if w.label.startswith("Checkpoint")).value == "r-lenet"


def test_a_link_to_a_model_opens_it_and_a_deleted_run_falls_back_with_a_notice(root):
    at = open_page("pr_curves")
    at.query_params["model"] = "r-lenet"
    at.run()
    assert not at.exception
    assert next(w for w in at.selectbox if w.label == "Run (Training lab)").value == "r-lenet"
    at = open_page("feature_maps")
    at.query_params["model"] = "r-deleted"
    at.run()
    assert not at.exception
    assert next(w for w in at.selectbox if w.label == "Model").value == "handmade"
    assert any("model=r-deleted ignored" in t.value for t in at.toast)
