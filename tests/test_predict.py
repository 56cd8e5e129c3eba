"""explorer.predict: temperature softmax, top-k, ImageNet loading, batch predictions."""
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from explorer import predict
from explorer.errors import InputError
from explorer.images import DISPLAY_SIDE, ImageError, InputSpec
from explorer.predict import Classifier, as_pixels, batch_table, softmax_t, table_csv, top_k
from tests.test_images import ACCEPTED, REFUSED

CORPUS = Path(__file__).parent / "data" / "bad_images"


def _tiny_classifier():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(),
                          nn.Linear(4 * 8 * 8, 10)).eval()
    spec = InputSpec(1, 8, (0.3,), (0.4,), digit_like=True)
    return Classifier(model, [str(i) for i in range(10)], spec, "tiny", trained=False)


def test_softmax_t_matches_the_closed_form_and_its_limits():
    z = torch.tensor([2.0, 1.0, -1.0])
    for t in (0.5, 1.0, 3.0):
        expected = np.exp(z.numpy() / t) / np.exp(z.numpy() / t).sum()
        np.testing.assert_allclose(softmax_t(z, t).numpy(), expected, rtol=1e-6)
    assert softmax_t(z, 0.01)[0] == pytest.approx(1.0)               # T -> 0: one-hot
    np.testing.assert_allclose(softmax_t(z, 1e4).numpy(), 1 / 3, atol=1e-3)  # T -> ∞: uniform
    assert softmax_t(torch.tensor([1000.0, 0.0]), 1.0)[0] == 1.0      # no overflow
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(InputError) as err:
            softmax_t(z, bad)
        assert err.value.params["name"] == "temperature"


def test_top_k_is_sorted_and_agrees_with_argsort():
    probs = softmax_t(torch.randn(10, generator=torch.Generator().manual_seed(3)), 1.0)
    best = top_k(probs, list("abcdefghij"), 3)
    order = np.argsort(-probs.numpy())[:3]
    assert [c for c, _ in best] == [list("abcdefghij")[i] for i in order]
    assert [p for _, p in best] == pytest.approx(probs.numpy()[order].tolist())
    assert len(top_k(probs, list("abcdefghij"), 50)) == 10
    with pytest.raises(InputError, match="k=0 is outside"):
        top_k(probs, list("abcdefghij"), 0)


def test_imagenet_without_cached_weights_is_a_labelled_random_demo(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    clf = predict.imagenet("mobilenet_v3_small")
    assert not clf.trained and "RANDOM weights" in clf.title and str(tmp_path) in clf.title
    assert len(clf.classes) == 1000 and clf.classes[0] == "tench"
    assert (clf.spec.size, clf.spec.resize, clf.spec.channels) == (224, 256, 3)


def test_imagenet_loads_the_weight_file_from_the_torch_cache(tmp_path, monkeypatch):
    import torchvision
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    torch.manual_seed(7)
    reference = torchvision.models.mobilenet_v3_small().eval()
    folder = tmp_path / "hub" / "checkpoints"
    folder.mkdir(parents=True)
    torch.save(reference.state_dict(), folder / "mobilenet_v3_small-047dcff4.pth")
    clf = predict.imagenet("mobilenet_v3_small")
    assert clf.trained and "ImageNet weights" in clf.title
    x = torch.randn(1, 3, 64, 64)
    torch.testing.assert_close(predict.logits(clf, x), reference(x).detach())


def test_unknown_imagenet_name_raises():
    with pytest.raises(ValueError, match="unknown ImageNet model 'vit'"):
        predict.imagenet("vit")


def test_batch_keeps_going_past_bad_files_and_the_table_and_csv_say_why():
    clf = _tiny_classifier()
    files = [(p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir())]
    results = [predict.predict_file(clf, name, data) for name, data in files]
    assert [r.name for r in results] == [name for name, _ in files]
    refused = {r.name for r in results if r.error}
    assert refused == set(REFUSED)
    for r in results:
        if r.error is None:
            assert r.logits.shape == (10,)
            assert r.thumbnail.startswith("data:image/png;base64,")
    table = batch_table(results, clf.classes, temperature=2.0)
    assert len(table) == len(files) and table["top-1"].notna().sum() == len(ACCEPTED)
    csv = pd.read_csv(io.BytesIO(table_csv(table)))
    assert list(csv.columns) == ["file", "top-1", "confidence", "runner-up", "message"]
    row = csv.set_index("file").loc["zero_bytes.png"]
    assert "empty (0 bytes)" in row["message"] and pd.isna(row["top-1"])


def test_batch_prediction_equals_the_model_on_the_preprocessed_tensor():
    from explorer.images import load_image, preprocess
    clf = _tiny_classifier()
    data = (CORPUS / "greyscale.bmp").read_bytes()
    result = predict.predict_file(clf, "a.bmp", data)
    x = preprocess(load_image(data).rgb, clf.spec).tensor
    with torch.no_grad():
        z = clf.model(x)[0]
    torch.testing.assert_close(result.logits, z)
    probs = torch.softmax(z / 0.5, -1)
    row = batch_table([result], clf.classes, temperature=0.5).iloc[0]
    assert row["top-1"] == clf.classes[int(probs.argmax())]
    assert row["confidence"] == pytest.approx(float(probs.max()))
    assert row["runner-up"] == clf.classes[int(probs.argsort()[-2])]


def test_analyse_keeps_only_small_values_and_matches_the_model():
    from explorer.images import load_image, preprocess
    from tests.data.make_bad_images import largest_allowed
    clf = _tiny_classifier()
    data = largest_allowed()                                     # 39.9 MP RGBA PNG
    analysis = predict.analyse(clf, data, "big.png")
    assert all(max(image.size) <= DISPLAY_SIDE for _, image in analysis.steps)
    assert analysis.steps[0][0] == "original (6320×6320)"
    assert analysis.tensor.shape == (1, 1, 8, 8) and analysis.model_view.shape == (8, 8, 3)
    x = preprocess(load_image(data).rgb, clf.spec).tensor
    with torch.no_grad():
        torch.testing.assert_close(analysis.logits, clf.model(x)[0])
    import pickle
    assert len(pickle.dumps(analysis)) < 1_000_000               # what a page cache holds
    with pytest.raises(ImageError) as err:
        predict.analyse(clf, (CORPUS / "aspect_8x50000.png").read_bytes(), "wide.png")
    assert err.value.code == "budget" and "6,250:1" in str(err.value)


def test_as_pixels_maps_unit_range_to_bytes():
    x = torch.tensor([0.0, 0.5, 1.0, 1.2]).view(1, 1, 2, 2)
    np.testing.assert_array_equal(as_pixels(x), [[[0, 128], [255, 255]]])
    assert as_pixels(torch.zeros(2, 3, 4, 5)).shape == (2, 4, 5, 3)


def test_test_set_images_are_the_digits_test_split_undone():
    from explorer.data import load_dataset
    from sklearn.datasets import load_digits
    samples = predict.test_set_images("digits", seed=0)
    splits = load_dataset("digits", seed=0)
    assert len(samples) == len(splits.y_test)
    pixels, label = samples[0]
    assert pixels.shape == (8, 8) and label == splits.classes[int(splits.y_test[0])]
    from sklearn.model_selection import train_test_split
    digits = load_digits()                                       # pixels 0..16
    test = train_test_split(digits.images, digits.target, test_size=0.1, stratify=digits.target,
                            random_state=0)[1]                   # data.py's stratified split
    np.testing.assert_allclose(pixels, test[0] / 16 * 255, atol=0.51)


def test_input_spec_from_splits():
    from explorer.data import load_dataset
    spec = predict.input_spec(load_dataset("digits"))
    assert (spec.channels, spec.size, spec.digit_like) == (1, 8, True)
    with pytest.raises(ValueError, match="moons is a 2-D point dataset"):
        predict.input_spec(load_dataset("moons"))


@pytest.fixture(scope="session")
def default_runs(tmp_path_factory):
    """One runs folder per test session, where the default digits model is trained once
    (the AppTest module uses the same folder, so it loads instead of training again)."""
    return tmp_path_factory.getbasetemp() / "predict-runs"


def test_default_digits_model_is_trained_once_then_loaded(default_runs, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(default_runs))
    threads = torch.get_num_threads()
    first = predict.default_digits()
    assert torch.get_num_threads() == threads                  # one thread only while training
    stamp = (default_runs / predict.DEFAULT_RUN / "checkpoint.pt").stat().st_mtime_ns
    again = predict.default_digits()
    assert (default_runs / predict.DEFAULT_RUN / "checkpoint.pt").stat().st_mtime_ns == stamp
    for p, q in zip(first.model.parameters(), again.model.parameters()):
        torch.testing.assert_close(p, q)
    assert first.classes == [str(i) for i in range(10)] and first.spec.size == 8
    # it really learned: most test digits, through the page's own preprocessing, are right
    samples = predict.test_set_images("digits", 0)[:60]
    from explorer.images import preprocess
    from PIL import Image
    right = sum(int(top_k(softmax_t(predict.logits(first, preprocess(
        Image.fromarray(p).convert("RGB"), first.spec).tensor)[0], 1), first.classes, 1)[0][0]
        == label) for p, label in samples)
    assert right >= 50
    assert "test accuracy" in first.title and "lenet on digits" in first.title


def test_model_refs_load_the_default_a_run_or_explain_a_missing_one(default_runs, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(default_runs))
    clf = predict.classifier_from(predict.DEFAULT_REF)
    assert clf.title.startswith(f"run {predict.DEFAULT_RUN}: lenet on digits")
    assert predict.model_stamp(predict.DEFAULT_REF) == 0
    checkpoint = default_runs / predict.DEFAULT_RUN / "checkpoint.pt"
    stamp = predict.model_stamp(predict.DEFAULT_RUN)           # a run id: the checkpoint mtime
    assert stamp == checkpoint.stat().st_mtime_ns
    os.utime(checkpoint, ns=(stamp + 10**9, stamp + 10**9))    # rewritten -> a new stamp
    assert predict.model_stamp(predict.DEFAULT_RUN) == stamp + 10**9
    run = predict.classifier_from(predict.DEFAULT_RUN)
    for p, q in zip(run.model.parameters(), clf.model.parameters()):
        torch.testing.assert_close(p, q)
    with pytest.raises(ValueError, match="no run 'nope'"):
        predict.classifier_from("nope")
    assert predict.model_stamp("nope") == -1


def test_figures_show_the_tensor_and_the_top_k_in_order():
    from explorer.figures import predict as figs
    x = np.random.default_rng(0).normal(size=(3, 4, 5))
    fig = figs.input_tensor(x)
    assert len(fig.data) == 3
    for c, trace in enumerate(fig.data):
        np.testing.assert_array_equal(trace.z, x[c])
        assert trace.zmin == -np.abs(x).max() and trace.zmax == np.abs(x).max()
    bars = figs.top_k_bars(["cat", "dog"], [0.7, 0.2], [0.9, 0.05], 2.0)
    reference, shown = bars.data
    assert list(shown.y) == ["dog", "cat"] and list(shown.x) == [0.2, 0.7]  # best on top
    assert list(reference.x) == [0.05, 0.9] and shown.name == "T = 2"
    assert len(figs.top_k_bars(["a"], [1.0], None, 1.0).data) == 1
    assert shown.text == ("20.0%", "70.0%")      # every bar says its number, short ones outside
    assert shown.textposition == ("outside", "inside") and shown.cliponaxis is False


def test_probabilities_are_never_rounded_to_impossible_or_certain():
    from explorer.figures.predict import probability_text
    z = torch.tensor([12.0, 0.0, -3.0, -30.0])
    p = torch.softmax(z, -1).tolist()            # 0.99999..., 6e-6, 3e-7, 1e-18
    assert [probability_text(q) for q in p] == [">99.9%", "<0.1%", "<0.1%", "<0.1%"]
    assert [probability_text(q) for q in (0.0, 1.0, 0.0005, 0.9994, 0.5)] == [
        "0.0%", "100.0%", "0.1%", "99.9%", "50.0%"]


def test_figure_texts_are_catalogue_literals():
    from explorer.figures import predict as figs
    grey = figs.input_tensor(np.zeros((1, 2, 2)))
    colour = figs.input_tensor(np.zeros((3, 2, 2)))
    assert [a.text for a in grey.layout.annotations] == ["channel grey"]
    assert [a.text for a in colour.layout.annotations] == ["channel R", "channel G", "channel B"]
    assert grey.layout.xaxis.ticks == "" and grey.layout.yaxis.ticks == ""   # no stray stubs
    bar = figs.cam_colour_bar("0：未用到", "1：用得最多")
    assert list(bar.layout.xaxis.ticktext) == ["0：未用到", "0.5", "1：用得最多"]
