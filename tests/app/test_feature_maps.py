"""Feature maps page under AppTest: hand-made kernels on a sample photo, pre/post ReLU,
ordering by mean, a random-init CNN, and bad input."""
import json

import numpy as np
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
    next(r for r in at.radio if r.label == "Show the maps").set_value(
        "after the activation").run()
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
    at.selectbox[0].set_value("resnet_small (random init)").run()
    assert not at.exception
    assert any("RANDOM weights" in w.value for w in at.warning)
    layer = next(s for s in at.selectbox if s.label == "Layer (graph node)")
    assert any(o.startswith("features.3.relu  —  16×64×64") for o in layer.options)
    layer.set_value("features.3.relu").run()
    assert len(_stats(at)) == 16                    # resnet_small's first stage: 16 channels
    before = _stats(at)["mean"].to_numpy()
    at.number_input[0].set_value(1).run()            # another weight seed, other maps
    assert any("seed 1" in w.value for w in at.warning)
    assert not np.allclose(_stats(at)["mean"].to_numpy(), before)


def test_no_kernel_at_all_warns(at):
    at.multiselect[0].set_value([])
    next(c for c in at.checkbox if c.label == "Add my own kernel").uncheck().run()
    assert not at.exception
    assert "Pick at least one preset kernel" in at.warning[0].value


def test_a_training_lab_checkpoint_shows_its_conv_layers(at):
    from explorer.train import TrainConfig, start_run
    run = start_run(TrainConfig(dataset="digits", model="lenet", epochs=1, seed=0))
    at.run()                                            # the menu now lists the run
    label = next(o for o in at.selectbox[0].options if o.startswith(f"Run {run.run_dir.name}"))
    at.selectbox[0].set_value(label).run()
    assert not at.exception and not at.error
    assert any(f"run {run.run_dir.name}: lenet on digits" in c.value for c in at.caption)
    layer = next(s for s in at.selectbox if s.label == "Layer (graph node)")
    assert layer.value == "features.0.0"
    assert len(_stats(at)) == 6                         # LeNet's first conv: 6 channels
    title = json.loads(at.get("plotly_chart")[-1].proto.spec)["layout"]["title"]["text"]
    assert title.startswith("First-layer kernels (features.0.0: 6×1×5×5")
