"""Feature maps page under AppTest: hand-made kernels on a sample photo, pre/post ReLU,
ordering by mean, a random-init CNN, and bad input."""
import base64
import json

import numpy as np
import pandas as pd
import pytest

from tests.app.apptest import open_page


@pytest.fixture
def at(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    return open_page("feature_maps").run()


def _stats(at):
    return next(d.value for d in at.dataframe if "share ≤ 0" in d.value.columns)


def test_default_run_shows_every_kernel_and_its_statistics(at):
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 4       # shape strip, channel grid, one channel, kernels
    stats = _stats(at).set_index("channel")
    assert list(stats.index) == ["Sobel x", "Sobel y", "Laplacian", "Blur (box)", "Sharpen",
                                 "my kernel"]
    # a blur of a photo (pixels in [0, 1]) is never negative; an edge detector is half the time
    assert stats.loc["Blur (box)", "share ≤ 0"] == 0 and stats.loc["Blur (box)", "min"] >= 0
    assert 0.2 < stats.loc["Sobel x", "share ≤ 0"] < 0.8
    assert abs(stats.loc["Sobel x", "mean"]) < 0.05 < stats.loc["Blur (box)", "mean"]


def test_after_the_activation_relu_zeroes_exactly_the_nonpositive_share(at):
    before = _stats(at).set_index("channel")
    next(r for r in at.radio if r.label == "Show the maps").set_value("after").run()
    assert not at.exception
    after = _stats(at).set_index("channel")
    assert (after["min"] >= 0).all()
    np.testing.assert_allclose(after["share ≤ 0"], before["share ≤ 0"])
    np.testing.assert_allclose(after["max"], before["max"].clip(lower=0))


def test_order_by_mean_sorts_the_table(at):
    next(r for r in at.radio if r.label == "Order channels by").set_value("mean").run()
    means = _stats(at)["mean"].to_numpy()
    assert list(means) == sorted(means, reverse=True)
    assert _stats(at)["channel"].iloc[0] in ("Blur (box)", "Sharpen", "my kernel")


def test_random_cnn_is_labelled_and_its_layers_listed(at):
    at.selectbox(key="model").set_value("random:resnet_small").run()
    assert not at.exception
    assert any("RANDOM weights" in w.value for w in at.warning)
    layer = next(s for s in at.selectbox if s.label == "Layer to show")
    assert "relu3 (function)  —  16×64×64" in layer.options
    assert layer.options[-1] == "head (Linear 64→10)  —  10"     # our models: flat layers too
    layer.set_value("features.3.relu").run()
    assert len(_stats(at)) == 16                    # resnet_small's first stage: 16 channels
    before = _stats(at)["mean"].to_numpy()
    at.number_input(key="seed").set_value(1).run()      # another random seed, other maps
    assert any("seed 1" in w.value for w in at.warning)
    assert not np.allclose(_stats(at)["mean"].to_numpy(), before)


def test_a_64_channel_table_shows_16_rows_a_page_and_every_channel_once(at):
    """No row hides below the table's scroll: 64 channels come 16 rows at a time."""
    at.selectbox(key="model").set_value("random:resnet_small").run()
    layer = next(s for s in at.selectbox if s.label == "Layer to show")
    layer.select_index(layer.options.index("relu7 (function)  —  64×16×16")).run()
    next(r for r in at.radio if r.label == "Order channels by").set_value("mean").run()
    rows = next(s for s in at.selectbox if s.label == "Rows")
    assert rows.options == ["1–16 of 64", "17–32 of 64", "33–48 of 64", "49–64 of 64"]
    pages = []
    for i in range(4):
        next(s for s in at.selectbox if s.label == "Rows").select_index(i).run()
        assert not at.exception
        pages.append(_stats(at))
        assert len(pages[-1]) == 16
    whole = pd.concat(pages)
    assert sorted(whole["channel"].astype(int)) == list(range(64))
    assert list(whole["mean"]) == sorted(whole["mean"], reverse=True)   # the order goes on


def test_my_kernel_is_exactly_the_grid_shown(at):
    for r, c in np.ndindex(3, 3):
        at.number_input(key=f"k{r}{c}").set_value(1.0 if (r, c) == (1, 1) else 0.0)
    at.run()                                            # the identity kernel: the input itself
    stats = _stats(at).set_index("channel")
    assert stats.loc["my kernel", "min"] >= 0 and stats.loc["my kernel", "share ≤ 0"] < 0.5
    np.testing.assert_allclose(stats.loc["my kernel", "mean"], stats.loc["Blur (box)", "mean"],
                               rtol=0.05)               # a blur keeps the mean; so does identity


def test_no_kernel_at_all_warns(at):
    at.multiselect[0].set_value([])
    next(c for c in at.checkbox if c.label == "Add my own kernel").uncheck().run()
    assert not at.exception
    assert "Pick at least one preset kernel" in at.warning[0].value


def test_a_training_lab_checkpoint_shows_its_conv_layers(at):
    from explorer.train import TrainConfig, start_run
    run = start_run(TrainConfig(dataset="digits", model="lenet", epochs=1, seed=0))
    at.run()                                            # the menu now lists the run
    assert any(o.startswith(f"Run {run.run_dir.name}") for o in at.selectbox(key="model").options)
    at.selectbox(key="model").set_value(run.run_dir.name).run()
    assert not at.exception and not at.error
    assert any(f"run {run.run_dir.name}: lenet on digits" in c.value for c in at.caption)
    layer = next(s for s in at.selectbox if s.label == "Layer to show")
    assert layer.value == "features.0.0"
    assert len(_stats(at)) == 6                         # LeNet's first conv: 6 channels
    assert _title(at, -1).startswith("Kernels of conv1 (Conv2d 1→6, 5×5): 6×1×5×5")


def _title(at, index):
    return json.loads(at.get("plotly_chart")[index].proto.spec)["layout"]["title"]["text"]


def _figure(at, index):
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _array(value):
    """A plotly figure's array: a list, or a typed array {"dtype", "bdata"(, "shape")}."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), value["dtype"])
        shape = value.get("shape")
        return flat.reshape([int(n) for n in shape.split(",")] if shape else -1)
    return np.asarray(value, dtype=float)


@pytest.fixture
def lenet(at):
    at.selectbox(key="model").set_value("default").run()
    assert not at.exception
    return at


def test_readable_layer_names_and_labelled_tiles(lenet):
    layer = next(s for s in lenet.selectbox if s.label == "Layer to show")
    assert layer.options[3] == "conv2 (Conv2d 6→16, 5×5)  —  16×4×4"
    layer.set_value("features.0.3").run()
    grid = _figure(lenet, 1)
    assert grid["layout"]["title"]["text"].startswith("conv2 (Conv2d 6→16, 5×5): 16 channels")
    labels = sorted(int(a["text"]) for a in grid["layout"]["annotations"])
    assert labels == list(range(16))                    # every tile names its channel


def test_the_head_shows_the_logits_as_bars(lenet):
    from explorer.images import preprocess
    from explorer.predict import default_digits, logits
    from ui.image_source import SHARED_KEY
    next(s for s in lenet.selectbox if s.label == "Layer to show").set_value("head").run()
    assert not lenet.exception
    bars = _figure(lenet, 1)["data"][0]
    assert bars["x"] == [str(d) for d in range(10)]
    item = lenet.session_state[SHARED_KEY]
    from explorer.images import load_image
    classifier = default_digits()
    expected = logits(classifier, preprocess(load_image(item.data, item.name).rgb,
                                             classifier.spec).tensor)[0]
    np.testing.assert_allclose(_array(bars["y"]), expected.numpy(), rtol=1e-5, atol=1e-5)


def test_kernels_of_a_deeper_conv_per_input_channel(lenet):
    from explorer.predict import default_digits
    next(s for s in lenet.selectbox if s.label == "Kernels of").set_value("features.0.3").run()
    next(s for s in lenet.selectbox if s.label == "Input channel").set_value(4).run()
    assert not lenet.exception
    assert _title(lenet, -1).startswith("Kernels of conv2 (Conv2d 6→16, 5×5): 16×6×5×5")
    z = _array(_figure(lenet, -1)["data"][0]["z"])       # 16 tiles of 5×5, 1-pixel gaps
    weight = default_digits().model.features[0][3].weight.detach()
    from explorer.featuremaps import grid_columns
    r, c = divmod(4, grid_columns(16, aspect=4))        # output channel 4's tile
    np.testing.assert_allclose(z[6 * r:6 * r + 5, 6 * c:6 * c + 5], weight[4, 4].numpy(),
                               rtol=1e-5)


def test_enlarge_channel_names_a_channel_and_its_mean_follows_the_image(at):
    box = next(s for s in at.selectbox if s.label == "Enlarge channel")
    assert box.options[0] == "channel Sobel x" and "mean" not in box.options[0]
    before = _title(at, 2)
    next(r for r in at.radio if r.label == "Image source").set_value("sample").run()
    assert not at.exception
    after = _title(at, 2)
    assert before != after and after.startswith("conv1 (Conv2d 1→6, 3×3)<br>channel Sobel x: "
                                                "raw values, mean ")


def test_a_link_opens_the_same_view_and_a_bad_value_falls_back_with_a_notice(tmp_path,
                                                                             monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at = open_page("feature_maps")
    at.query_params.update({"model": "random:resnet_small", "seed": "3", "order": "mean",
                            "layer": "features.3.relu", "kconv": "no-such-conv"})
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="model").value == "random:resnet_small"
    assert at.number_input(key="seed").value == 3
    assert any("random seed 3" in w.value for w in at.warning)
    assert at.selectbox(key="layer").value == "features.3.relu"
    assert at.radio(key="order").value == "mean"
    means = _stats(at)["mean"].to_numpy()
    assert len(means) == 16 and list(means) == sorted(means, reverse=True)
    assert at.selectbox(key="kconv").index == 0                       # the default conv
    assert any("kconv=no-such-conv" in t.value for t in at.toast)


def test_hand_made_kernels_travel_in_a_link(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at = open_page("feature_maps")
    at.query_params.update({"kernels": ["Sobel y", "Sharpen"], "k11": "9", "k00": "1e400",
                            "channel": "2"})
    at.run()
    assert not at.exception and not at.error
    assert at.multiselect(key="kernels").value == ["Sobel y", "Sharpen"]
    assert at.number_input(key="k11").value == 9
    assert at.number_input(key="k00").value == -2                      # the emboss default
    assert any("k00=1e400" in t.value for t in at.toast)
    assert list(_stats(at)["channel"]) == ["Sobel y", "Sharpen", "my kernel"]
    assert at.selectbox(key="channel").value == 2
    assert at.get("plotly_chart")[2].proto.spec.count("channel my kernel") == 1


def test_an_uploaded_image_says_a_link_cannot_carry_it(at):
    import io

    from PIL import Image

    from ui.links import IMAGE_NOT_IN_LINK
    assert not any(c.value == IMAGE_NOT_IN_LINK for c in at.caption)   # a sample photo travels
    buffer = io.BytesIO()
    Image.fromarray(np.full((40, 40, 3), 200, np.uint8)).save(buffer, "PNG")
    at.radio(key="img").set_value("upload").run()
    at.file_uploader[0].set_value(("grey.png", buffer.getvalue(), "image/png")).run()
    assert not at.exception and not at.error
    assert any(c.value == IMAGE_NOT_IN_LINK for c in at.caption)
    # a box blur of a constant image c with zero padding: mean c·(3n − 2)² / (3n)² at n = 160
    blur = _stats(at).set_index("channel").loc["Blur (box)", "mean"]
    assert blur == pytest.approx(200 / 255 * (478 / 480) ** 2, rel=1e-5)
