"""torchvision models on the pages under AppTest: Predict with random weights by link, the
weights import form with a fine-tuned 5-class resnet18 and its classes.json, and a wrong file
refused there. Inputs are the pages' own samples; nothing is downloaded."""
import json

import pytest
import torch
import torchvision

from explorer import refs, tv_models
from tests.app.apptest import open_page
from tests.data.make_bad_weights import saved

PETS = ["cat", "dog", "rabbit", "hamster", "parrot"]


@pytest.fixture
def runs_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    return tmp_path / "runs"


def _plain(text: str) -> str:
    return text.replace("\\", "").replace("\u2060", "")


def _import(at, data, name="pets.pt", classes=None, arch="resnet18"):
    next(w for w in at.selectbox if w.label == "torchvision architecture").set_value(arch)
    uploaders = {u.label: u for u in at.file_uploader}
    uploaders["State dict (.pt, .pth, up to 150 MB)"].set_value(
        (name, data, "application/octet-stream"))
    if classes is not None:
        uploaders["Class names (classes.json, optional)"].set_value(
            ("classes.json", json.dumps(classes).encode(), "application/json"))
    next(b for b in at.button if b.label == "Import these weights").click()
    return at.run()


def test_predict_opens_a_torchvision_model_with_random_weights_by_link(runs_dir):
    at = open_page("predict")
    at.query_params["model"] = "tv:mobilenet_v3_small:random"
    at = at.run()
    assert not at.exception and not at.error
    warnings = [_plain(w.value) for w in at.warning]
    assert any("mobilenet_v3_small: RANDOM weights (untrained" in w for w in warnings), warnings
    menu = next(w for w in at.selectbox if w.label == "Model")
    assert menu.value == "tv:mobilenet_v3_small:random"
    assert "tv:resnet18:random" in menu.options or any(
        "resnet18 (torchvision, random weights)" in o for o in menu.options)
    categories = torchvision.models.MobileNet_V3_Small_Weights.DEFAULT.meta["categories"]
    assert at.metric[0].value in categories


def test_a_fine_tuned_resnet18_imported_on_predict_predicts_its_own_classes(runs_dir):
    torch.manual_seed(3)
    model = torchvision.models.resnet18(num_classes=5).eval()
    at = open_page("predict").run()
    at = _import(at, saved(model.state_dict()), classes=PETS)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    (imported,) = tv_models.imports()
    assert imported.classes == PETS and imported.arch == "resnet18"
    assert any("Imported: resnet18 (your weights" in _plain(s.value) for s in at.success)
    assert next(w for w in at.selectbox if w.label == "Model").value == imported.ref
    assert any("resnet18: your weights pets.pt (5 classes: cat, dog, rabbit, hamster, parrot)"
               in _plain(c.value) for c in at.caption)
    assert at.metric[0].value in PETS


def test_weights_of_another_architecture_are_refused_on_predict(runs_dir):
    at = open_page("predict").run()
    other = torchvision.models.mobilenet_v3_small(num_classes=5).state_dict()
    at = _import(at, saved(other), name="other.pt", classes=PETS)
    assert not at.exception
    shown = [_plain(e.value) for e in at.error]
    assert any("other.pt was not imported" in e and "It fits mobilenet_v3_small" in e
               for e in shown), shown
    assert tv_models.imports() == []


def test_feature_maps_shows_every_layer_of_an_imported_model_and_its_head_by_class(runs_dir):
    from tests.app.apptest import plotly_traces
    torch.manual_seed(3)
    model = torchvision.models.resnet18(num_classes=5).eval()
    ref = tv_models.import_weights("resnet18", saved(model.state_dict()), "pets.pt",
                                   json.dumps(PETS).encode())
    at = open_page("feature_maps")
    at.query_params.update({"model": ref, "layer": "fc"})
    at = at.run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert any("Model: resnet18: your weights pets.pt (5 classes" in _plain(c.value)
               for c in at.caption)
    layers = next(w for w in at.selectbox if w.label == "Layer to show")
    assert layers.value == "fc"
    shown = " | ".join(layers.options)    # readable titles with their shapes
    for title in ("conv1 (Conv2d 3→64, 7×7, stride 2)  —  64×112×112",
                  "conv20 (Conv2d 512→512, 3×3)  —  512×7×7", "fc1 (Linear 512→5)  —  5"):
        assert title in shown, shown[:500]
    traces = [t for i in range(len(at.get("plotly_chart"))) for t in plotly_traces(at, i)]
    assert any(t.get("type") == "bar" and t.get("x") == PETS for t in traces)   # the logits


def test_feature_maps_takes_random_torchvision_weights_by_link(runs_dir):
    at = open_page("feature_maps")
    at.query_params["model"] = "tv:mobilenet_v3_small:random"
    at = at.run()
    assert not at.exception and not at.error
    assert any("mobilenet_v3_small: RANDOM weights" in _plain(w.value) for w in at.warning)


def test_tsne_maps_a_torchvision_models_penultimate_features(runs_dir, monkeypatch):
    monkeypatch.setattr(tv_models, "TSNE_POINTS", 120)
    link = {"points": "network", "model": "tv:mobilenet_v3_small:random"}
    at = open_page("tsne")
    at.query_params.update(link)
    at = at.run(timeout=600)
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert next(w for w in at.selectbox if w.label == "Images to run it over").value == "digits"
    charts = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "mobilenet_v3_small penultimate layer" in charts and "digits pixels" in charts
    at = open_page("tsne")
    at.query_params.update(link | {"tab": "place"})
    at = at.run(timeout=600)
    assert not at.exception
    assert any("Placing a new image is for the Training lab" in i.value for i in at.info)
