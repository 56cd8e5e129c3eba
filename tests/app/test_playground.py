"""Playground page under AppTest: the default view, Play / Step / Reset, a setting that
restarts, two configurations side by side, a bad link value, Chinese."""
import pytest

from explorer import playground as pg
from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("playground").run()


def metric(at, label, index=0):
    return [m for m in at.metric if m.label == label][index].value


def pictures(at) -> list[str]:
    """The captions of every picture shown (an image list is one element of several)."""
    return [i.caption for e in at.get("image") for i in e.proto.imgs]


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_default_view_shows_the_untrained_network(at):
    assert not at.exception and not at.error
    assert metric(at, "Steps") == "0"
    assert len(pictures(at)) == 1               # boundary and network diagram, one picture
    assert pictures(at)[0].startswith("Output P(blue) over the plane")
    assert len(at.get("plotly_chart")) == 4     # click map, curves, gradient norms, weights
    assert [s.value for s in at.slider if s.label == "Hidden layers"] == [2]


def test_step_play_and_reset(at):
    button(at, "Step").click().run()
    assert metric(at, "Steps") == "10"
    button(at, "Play").click().run()            # one frame of training in this run
    assert not at.exception
    assert int(metric(at, "Steps").replace(",", "")) > 10
    assert any(b.label == "Pause" for b in at.button)
    assert pg.SLOTS.busy() >= 1
    # while playing, the curves are pictures in the frame and plotly draws only the click map
    assert len(pictures(at)) == 2 and len(at.get("plotly_chart")) == 1
    assert "Gradient norm per layer" in pictures(at)[1]
    button(at, "Pause").click().run()
    button(at, "Reset").click().run()
    assert metric(at, "Steps") == "0" and button(at, "Play")


def test_a_changed_setting_restarts_from_the_same_seed(at):
    button(at, "Step").click().run()
    first = metric(at, "Test loss")
    next(s for s in at.selectbox if s.label == "Activation").set_value("relu").run()
    assert metric(at, "Steps") == "0"
    next(s for s in at.selectbox if s.label == "Activation").set_value("tanh").run()
    button(at, "Step").click().run()
    assert metric(at, "Test loss") == first


def test_two_configurations_side_by_side(at):
    next(t for t in at.toggle if t.label == "Compare two configurations side by side"
         ).set_value(True).run()
    assert not at.exception
    assert len(pictures(at)) == 4               # per configuration: boundary above diagram
    assert [s.value for s in at.selectbox if s.label == "Activation"] == ["tanh", "relu"]
    button(at, "Step").click().run()
    assert metric(at, "Steps", 0) == metric(at, "Steps", 1) == "10"
    assert len(at.get("plotly_chart")) == 6     # click map, curves, 2 x (gradients, weights)
    button(at, "Play").click().run()
    assert not at.exception                     # per configuration its gradients and weights,
    assert len(pictures(at)) == 7               # and below both, the losses and accuracies
    assert pictures(at)[2].startswith("A: Gradient") and pictures(at)[5].startswith("B: Grad")
    button(at, "Pause").click().run()


def test_a_bad_link_value_falls_back_with_a_notice():
    at = open_page("playground")
    at.query_params["depth"] = "99"
    at.query_params["act"] = "nope"
    at.run()
    assert not at.exception
    assert [s.value for s in at.selectbox if s.label == "Activation"] == ["tanh"]


def test_a_diverging_setting_says_so(at):
    next(s for s in at.selectbox if s.label == "Activation").set_value("linear")
    next(s for s in at.selectbox if s.label == "Initialisation").set_value("uniform U(0, 1)")
    next(s for s in at.selectbox if s.label == "Optimizer").set_value("sgd")
    next(s for s in at.select_slider if s.label == "Learning rate").set_value(10.0).run()
    next(s for s in at.segmented_control if s.label == "Steps per Step").set_value(100).run()
    button(at, "Step").click().run()
    assert not at.exception
    assert any("lower the learning rate" in e.value for e in at.error)


def test_the_page_in_chinese():
    at = open_page("playground")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "游乐场"
    assert any(b.label == "播放" for b in at.button)


def test_a_deep_network_keeps_the_boundary_at_its_size():
    at = open_page("playground")
    at.query_params["depth"] = "8"
    at.query_params["width"] = "16"
    at.run()
    assert not at.exception
    # the boundary on its own (at its size), the wide diagram below it, not one shrunk picture
    boundary, diagram = pictures(at)
    assert boundary.startswith("Output P(blue)") and diagram.startswith("Inputs →")
