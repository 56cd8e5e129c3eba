"""Weight-init page under AppTest: default view, a change, symmetry, training, bad input."""
import math

import pytest

from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("weight_init").run()


def _metric(at, start):
    return next(m for m in at.metric if m.label.startswith(start))


def test_default_view_shows_three_inits_and_their_depth_profiles(at):
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) >= 3  # depth profile, violins, gradient matrices
    vanished = float(_metric(at, "N(0, 0.01)").value)
    xavier = float(_metric(at, "Xavier normal").value)
    he = float(_metric(at, "Kaiming normal").value)
    # tanh: N(0, 0.01) vanishes exponentially, Xavier (gain 1) fades slowly, He's √2 keeps ~1
    assert vanished < 1e-10 and 0.03 < xavier < 0.5 and 0.5 < he < 2
    assert "Xavier normal 1, Kaiming normal 1.414" in at.caption[1].value


def test_relu_with_he_is_flat_and_ok(at):
    next(s for s in at.selectbox if s.label == "Activation").set_value("relu").run()
    assert not at.exception
    he = _metric(at, "Kaiming normal")
    assert 0.7 < float(he.value) < 2.8  # std √2 ± finite-width noise, layer 50
    xavier = float(_metric(at, "Xavier normal").value)
    assert xavier < 1e-3  # the seeds: Xavier does not suit ReLU, its signal halves a layer


def test_exploding_init_is_marked_with_a_warning(at):
    at.multiselect[0].set_value(["constant 0.1"])
    next(s for s in at.selectbox if s.label == "Activation").set_value("linear")
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100).run()
    assert not at.exception
    assert "overflowed to inf/nan" in at.warning[0].value


def test_empty_choice_and_impossible_size_get_messages(at):
    at.multiselect[0].set_value([]).run()
    assert "Pick at least one initialisation" in at.warning[0].value
    at.multiselect[0].set_value(["Xavier normal"])
    next(s for s in at.slider if s.label == "Depth (layers)").set_value(100)
    next(s for s in at.select_slider if s.label == "Width (units)").set_value(1024)
    next(s for s in at.select_slider if s.label == "Batch size").set_value(1024).run()
    assert not at.exception  # 100 x (1024² weights + 3 x 1024 x 1024 activations) floats
    assert "over the limit of 400,000,000: lower the width, depth or batch" in at.error[0].value


def test_training_comparison_shows_zero_init_stuck_at_chance(at, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    at.multiselect[0].set_value(["Xavier normal"]).run()
    next(b for b in at.button if b.label == "Train the comparison").click().run(timeout=300)
    assert not at.exception
    table = at.dataframe[0].value.set_index("initialisation")
    accuracy = table["final validation accuracy"].str.rstrip("%").astype(float)
    assert accuracy["zeros"] < 20 and accuracy["Xavier normal, output layer 0"] > 85
    assert math.isclose(len(table), 3)
