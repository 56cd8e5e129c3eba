"""Predict page under AppTest: default test-set sample, temperature and top-k, the bad-image
corpus through the real file uploader (AppTest's FileUploader.set_value), run checkpoints.

The default digits model is trained once per test session into a temporary runs folder (the
same one tests/test_predict.py uses), never into ./runs.
"""
from pathlib import Path

import pytest
import torch
from PIL import Image

from explorer import predict
from explorer.images import MAX_BYTES, load_image, preprocess
from tests.app.apptest import open_page
from tests.data.make_bad_images import hostile_names, largest_allowed, oversized_bytes
from tests.test_images import ACCEPTED, REFUSED
from ui.text import md

CORPUS = Path(__file__).parents[1] / "data" / "bad_images"


@pytest.fixture
def runs_dir(tmp_path_factory, monkeypatch):
    runs = tmp_path_factory.getbasetemp() / "predict-runs"
    monkeypatch.setenv("EXPLORER_RUNS", str(runs))
    return runs


@pytest.fixture
def at(runs_dir):
    return open_page("predict").run()


def _expected_logits(index=0):
    """The default model on test-set image ``index``, computed outside the page."""
    classifier = predict.default_digits()
    pixels, label = predict.test_set_images()[index]
    x = preprocess(Image.fromarray(pixels).convert("RGB"), classifier.spec).tensor
    return predict.logits(classifier, x)[0], label


def _select(at, label, value):
    next(w for w in at.selectbox if w.label == label).set_value(value)
    return at.run()


def test_default_shows_the_digits_model_prediction_and_cams(at):
    assert not at.exception and not at.error
    z, label = _expected_logits(0)
    top1 = int(z.argmax())
    metric = at.metric[0]
    assert metric.label == "Top-1" and metric.value == str(top1)
    assert f"{torch.softmax(z, -1).max().item():.1%} confidence" in metric.delta
    assert any(f"True class of this test-set image: **{label}**" in c.value for c in at.caption)
    assert "lenet on digits, test accuracy" in at.caption[1].value
    captions = [c for image in at.get("image") for c in image.captions]
    assert "original (8×8)" in captions and "model input 8×8" in captions
    assert f"Grad-CAM for class {top1}" in captions
    assert f"Grad-CAM++ for class {top1}" in captions
    assert not at.warning                     # default layer: the last conv after its ReLU


def test_a_zero_cam_on_the_pre_activation_layer_is_explained(at):
    from explorer.cam import cam_layers, class_activation_map
    classifier = predict.default_digits()
    layer = cam_layers(classifier.model)[-2]                    # the last conv, before its ReLU
    pixels, _ = predict.test_set_images()[0]
    x = preprocess(Image.fromarray(pixels).convert("RGB"), classifier.spec).tensor
    top1 = int(predict.logits(classifier, x)[0].argmax())
    heat = class_activation_map(classifier.model, x, top1, "Grad-CAM", layer)
    at = _select(at, "CAM layer", layer)
    assert not at.exception
    assert layer == "features.0.3"
    warned = any("Grad-CAM is zero everywhere on conv2 (Conv2d 6→16, 5×5)" in w.value
                 for w in at.warning)
    assert warned == (not heat.any())


def test_temperature_and_top_k_change_the_shown_probabilities(at):
    next(s for s in at.slider if s.label == "Softmax temperature T").set_value(3.0)
    next(n for n in at.number_input if n.label == "top-k").set_value(3)
    at.run()
    assert not at.exception
    z, _ = _expected_logits(0)
    sharp = torch.softmax(z / 3.0, -1)
    assert f"{sharp.max().item():.1%} confidence" in at.metric[0].delta
    assert at.metric[0].value == str(int(z.argmax()))         # T never moves the arg-max
    bars = at.get("plotly_chart")[1].proto.spec
    assert '"T = 3"' in bars and '"T = 1"' in bars             # the T = 1 outline appears
    assert r"T = 3" in at.latex[0].value


def test_bad_image_corpus_through_the_uploader_each_gets_its_message(at):
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    files = [(p.name, p.read_bytes(), "application/octet-stream")
             for p in sorted(CORPUS.iterdir())]
    files.append(("huge.png", oversized_bytes(MAX_BYTES + 1), "image/png"))
    next(u for u in at.file_uploader if u.label.startswith("Images")).set_value(files)
    at.run()
    assert not at.exception
    (error,) = [e.value for e in at.error]     # one list under the table; markdown, escaped
    lines = error.split("\n")[2:]
    assert lines[0] == "- " + md(table_message(at, "archive_renamed.png"), 1000)
    for name, words in REFUSED.items():
        assert any(md(name) in line and md(words) in line for line in lines), (name, error)
    assert any(md("huge.png") in line and "MB limit" in line for line in lines)
    assert len(lines) == len(REFUSED) + 1      # + huge.png; the inspected animated.gif is fine
    assert error.startswith(f"{len(lines)} of {len(files)} files could not be read")
    table = at.dataframe[0].value
    assert len(table) == len(files)
    assert at.dataframe[0].proto.column_order == ["file", "thumbnail", "top-1", "confidence",
                                                  "runner-up"]   # the message: in the list
    predicted = table[table["top-1"] != "—"]
    assert set(predicted["file"]) == set(ACCEPTED)
    assert predicted["confidence"].between(0.1, 1.0).all()
    assert at.get("download_button")[0].proto.label == "Download CSV"
    # the page keeps working: pick an accepted file to inspect
    _select(at, "Image to inspect", [name for name, _, _ in files].index("cmyk.jpg"))
    assert not at.exception and at.metric[0].label == "Top-1"
    assert any("CMYK converted" in c.value for c in at.caption)


def table_message(at, name):
    """The batch table's message for file ``name`` (the table keeps it for the CSV)."""
    table = at.dataframe[0].value
    return table.loc[table["file"] == name, "message"].item()


def test_adding_a_file_to_the_batch_decodes_that_file_only(at, monkeypatch):
    decoded = []

    def counting(data, name="image"):
        decoded.append(name)
        return load_image(data, name)
    monkeypatch.setattr(predict, "load_image", counting)      # what the page's calls use
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    uploader = next(u for u in at.file_uploader if u.label.startswith("Images"))
    import io

    import numpy as np
    files = []                     # noise no other test uploads (the caches are per process)
    for i in range(3):
        buffer = io.BytesIO()
        Image.fromarray(np.random.default_rng(100 + i).integers(0, 256, (32, 32, 3), np.uint8)
                        ).save(buffer, "PNG")
        files.append((f"noise_{i}.png", buffer.getvalue(), "image/png"))
    uploader.set_value(files[:2])
    at.run()
    assert sorted(decoded) == ["noise_0.png", "noise_0.png", "noise_1.png"]  # + 0 inspected
    decoded.clear()
    next(u for u in at.file_uploader if u.label.startswith("Images")).set_value(files)
    at.run()
    assert not at.exception and decoded == ["noise_2.png"]
    assert len(at.dataframe[0].value) == 3


def test_hostile_names_and_the_largest_image_through_the_uploader(at):
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    files = [(name, data, "image/png") for name, data in hostile_names().items()]
    files.append(("big.png", largest_allowed(), "image/png"))       # 6320×6320, just under
    next(u for u in at.file_uploader if u.label.startswith("Images")).set_value(files)
    at.run()
    assert not at.exception
    refused = [name for name in hostile_names() if name.endswith(" bad.png")]
    (error,) = [e.value for e in at.error]
    lines = error.split("\n")[2:]
    assert len(lines) == len(refused)
    for name, line in zip(refused, lines):
        assert line.startswith("- " + md(name) + r"\:")             # shown literally...
        assert "](http" not in line and "[x]" not in line           # ...not as a link/image
    table = at.dataframe[0].value
    assert list(table["file"]) == [name for name, _, _ in files]    # names kept as they are
    assert (table.set_index("file").loc[refused, "top-1"] == "—").all()
    assert (table["top-1"] != "—").sum() == 3
    # the largest image is inspected from its display copies, decoded reduced
    at = _select(at, "Image to inspect", len(files) - 1)
    assert not at.exception and at.metric[0].label == "Top-1"
    captions = [c for image in at.get("image") for c in image.captions]
    assert "original (6320×6320)" in captions
    assert any(md("decoded reduced from 6320×6320 to 903×903") in c.value for c in at.caption)
    # the markdown-named image is the current one, offered again with its name literal
    at = next(r for r in at.radio if r.label == "Image source").set_value(
        "current").run()
    assert not at.exception and at.metric[0].label == "Top-1"
    chosen = next(c.value for c in at.caption if c.value.endswith("chosen earlier."))
    assert chosen.startswith(md(files[0][0])) and "](http" not in chosen


def test_runs_checkpoints_are_offered_and_a_broken_one_is_explained(at, runs_dir):
    from explorer import runs, train
    config = train.TrainConfig(epochs=1, model="mlp", seed=1)
    good = train.start_run(config).run_dir.name
    broken = runs_dir / "zz-broken"                                  # damaged: not offered
    broken.mkdir()
    runs.write_json(broken / runs.CONFIG, runs.get_run(good).config)
    (broken / runs.CHECKPOINT).write_bytes(b"not a checkpoint")
    nan = runs_dir / "zz-nan"                     # looks fine until its tensors are read
    runs.write_json(nan / runs.CONFIG, runs.get_run(good).config)
    runs.save_checkpoint(nan, {k: v.fill_(float("nan")) for k, v in
                               runs.load_model(good)[0].state_dict().items()})
    at.run()
    options = next(w for w in at.selectbox if w.label == "Model").options    # shown labels
    assert any(good in o for o in options) and not any("zz-broken" in o for o in options)
    plain = [c.value.replace("\\", "").replace("\u2060", "") for c in at.caption]  # no escapes
    assert any("zz-broken (damaged: checkpoint.pt: cut short" in c for c in plain)  # a word
    assert not any(predict.DEFAULT_RUN in o for o in options[1:])  # only as the default
    at = _select(at, "Model", "zz-nan")                             # options are model refs
    assert "NaN or inf values" in at.error[0].value
    assert any("lenet on digits" in c.value for c in at.caption)   # fell back to the default
    at = _select(at, "Model", good)
    assert not at.exception and any(f"run {good}: mlp on digits" in c.value for c in at.caption)
    assert "no convolution layer" in at.info[0].value               # an MLP has no CAM
    assert at.session_state[predict.CURRENT_MODEL_KEY] == good      # shared with other pages


def test_photo_on_the_digits_model_is_flagged_and_imagenet_demo_is_labelled(
        at, monkeypatch, tmp_path):
    at = next(r for r in at.radio if r.label == "Image source").set_value("photo").run()
    assert "does not look like what the model was trained on" in at.warning[0].value
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))            # an empty torch cache
    at = _select(at, "Model", "mobilenet_v3_small")
    assert not at.exception and not at.info
    assert "RANDOM weights (demo" in at.warning[0].value
    categories = predict.imagenet("mobilenet_v3_small").classes
    assert len(categories) == 1000 and at.metric[0].value in categories
    captions = [c for image in at.get("image") for c in image.captions]
    assert "model input 224×224" in captions


def _import(at, architecture, data, name="weights.pt"):
    """Fill the import form and submit it (form values are sent with the submit, one run)."""
    next(w for w in at.selectbox if w.label == "Architecture").set_value(architecture)
    next(u for u in at.file_uploader if u.label == "Weights file").set_value(
        (name, data, "application/octet-stream"))
    next(b for b in at.button if b.label == "Import").click()
    return at.run()


def test_imported_weights_become_the_chosen_model_and_bad_files_are_explained(at):
    import io

    from explorer import runs
    from explorer.models import build_model
    torch.manual_seed(0)
    buffer = io.BytesIO()
    torch.save(build_model("mlp", (1, 8, 8), 10).state_dict(), buffer)
    before = {r.id for r in runs.list_runs()}
    next(b for b in at.button if b.label == "Import").click()          # no file chosen yet
    at.run()
    assert "Choose a weights file first." in at.warning[0].value
    at = _import(at, "mlp", buffer.getvalue())
    assert not at.exception and not at.error
    (new,) = {r.id for r in runs.list_runs()} - before
    assert runs.get_run(new).summary["status"] == "imported"
    assert f"Imported as run {new}" in at.success[0].value
    assert any(f"run {new}: mlp on digits" in c.value for c in at.caption)   # now chosen
    assert at.session_state[predict.CURRENT_MODEL_KEY] == new

    at = _import(at, "lenet", buffer.getvalue())                       # wrong architecture
    assert not at.exception
    assert at.error[0].value.startswith(md("weights.pt") + " was not imported: ")
    assert "does not fit the model" in at.error[0].value
    assert {r.id for r in runs.list_runs()} - before == {new}


def test_any_image_unlike_the_training_data_gets_a_caveat(at):
    import io

    from sklearn.datasets import load_sample_images
    assert not any("does not look like" in w.value for w in at.warning)   # a test-set digit
    buffer = io.BytesIO()
    Image.fromarray(load_sample_images().images[1]).save(buffer, "PNG")    # flower, uploaded
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    next(u for u in at.file_uploader if u.label.startswith("Images")).set_value(
        ("my photo.png", buffer.getvalue(), "image/png"))
    at.run()
    assert not at.exception and at.metric[0].label == "Top-1"
    caveat = next(w.value for w in at.warning if "does not look like" in w.value)
    assert "it is in colour (colourfulness 8" in caveat and "resnet18" in caveat


def test_cam_has_a_colour_bar_and_score_cam_on_many_channels_waits_to_be_asked(
        at, monkeypatch, tmp_path):
    import json
    bar = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
               if "CAM value" in c.proto.spec)
    assert bar["data"][0]["colorscale"][0][1].lower() in ("#440154", "rgb(68,1,84)")  # viridis
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))            # random weights: no download
    at = _select(at, "Model", "resnet18")
    at = _select(at, "Compare Grad-CAM with", "Score-CAM")
    assert not at.exception
    toggle = next(t for t in at.toggle if t.label.startswith("Compute Score-CAM"))
    assert toggle.label == "Compute Score-CAM: 512 forward passes" and not toggle.value
    assert any("Score-CAM needs 512 forward passes" in i.value for i in at.info)
    captions = [c for image in at.get("image") for c in image.captions]
    assert not any(c.startswith("Score-CAM") for c in captions)
    at = _select(at, "CAM layer", "conv1")                          # 64 channels: runs by itself
    assert not at.exception
    captions = [c for image in at.get("image") for c in image.captions]
    assert any(c.startswith("Score-CAM for class") for c in captions)


def test_a_link_opens_the_same_view_and_bad_values_fall_back_with_a_notice(runs_dir):
    at = open_page("predict")
    link = {"t": "3", "k": "3", "img": "photo", "photo": "flower.png", "cam": "Layer-CAM",
            "model": "a-deleted-run", "layer": "nowhere"}
    for key, value in link.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert next(s for s in at.slider if s.label == "Softmax temperature T").value == 3.0
    assert next(n for n in at.number_input if n.label == "top-k").value == 3
    assert next(r for r in at.radio if r.label == "Image source").value == "photo"
    assert next(r for r in at.radio if r.label == "scikit-learn sample photo").value == \
        "flower.png"
    assert next(s for s in at.selectbox if s.label == "Compare Grad-CAM with").value == \
        "Layer-CAM"
    assert len(at.metric[0].delta) and "T = 3" in at.latex[0].value
    # an unknown run and layer: the defaults, each with a notice naming the bad value
    assert next(s for s in at.selectbox if s.label == "Model").value == predict.DEFAULT_REF
    assert next(s for s in at.selectbox if s.label == "CAM layer").value == "features.0.4"
    toasts = [t.value for t in at.toast]
    assert any("model=a-deleted-run ignored" in t for t in toasts), toasts
    assert any("layer=nowhere ignored" in t for t in toasts), toasts
    assert at.session_state[predict.CURRENT_MODEL_KEY] == predict.DEFAULT_REF


def test_the_page_speaks_chinese(runs_dir):
    at = open_page("predict")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "预测"
    assert [s.label for s in at.selectbox][:1] == ["模型"]
    assert at.metric[0].label == "Top-1" and "置信度" in at.metric[0].delta
    assert any(h.value == "3. 它看向了哪里" for h in at.subheader)
