"""Detection page under AppTest: shown IoU values equal torchvision, mAP equals the module."""
import json

import pytest
import torch
from torchvision import ops

from explorer import detection as d
from tests.app.apptest import open_page


@pytest.fixture
def at():
    return open_page("detection", timeout=120).run()


def slider(at, label):
    return next(s for s in at.slider if s.label == label)


def iou_table(at):
    return next(t.value for t in at.dataframe if "loss = 1 − value" in t.value.columns)


def shown(at, label):
    return next(x.value for x in at.metric if x.label == label)


def test_default_run_shows_torchvision_values_and_the_map(at):
    assert not at.exception and not at.error
    a, b = torch.tensor([[20.0, 20, 60, 60]]), torch.tensor([[40.0, 35, 85, 90]])
    table = iou_table(at)
    assert table.loc["IoU", "value"] == pytest.approx(ops.box_iou(a, b).item(), rel=1e-5)
    assert table.loc["CIoU", "loss = 1 − value"] == pytest.approx(
        ops.complete_box_iou_loss(a, b).item(), rel=1e-5)
    gt, det = d.synthetic_detections(30, 3, 4, 0.1, 0.1, 2.0, seed=0)
    assert shown(at, "COCO mAP@[.5:.95]") == f"{d.coco_map(gt, det).map:.3f}"
    assert float(shown(at, "NMS (torchvision): AP@0.5 on this scene")) < float(
        shown(at, "Soft-NMS (gaussian): AP@0.5 on this scene"))   # the default scene's point


def test_moving_box_b_away_keeps_iou_zero_but_lowers_giou(at):
    slider(at, "B: x1 … x2").set_value((70, 95)).run()
    slider(at, "B: y1 … y2").set_value((70, 95)).run()
    near = iou_table(at)
    slider(at, "B: x1 … x2").set_value((80, 100)).run()
    slider(at, "B: y1 … y2").set_value((80, 100)).run()
    far = iou_table(at)
    assert not at.exception
    assert near.loc["IoU", "value"] == far.loc["IoU", "value"] == 0
    assert far.loc["GIoU", "value"] < near.loc["GIoU", "value"] < 0


def test_flat_box_shows_an_error_and_the_other_tabs_still_work(at):
    slider(at, "A: x1 … x2").set_value((30, 30)).run()
    assert not at.exception
    assert "no area" in at.error[0].value
    assert shown(at, "mAP@0.5 (AP50)")               # the mAP tab still rendered


def test_lower_nms_threshold_keeps_fewer_boxes(at):
    before = int(shown(at, "NMS (torchvision): boxes kept").split("/")[0])
    slider(at, "IoU threshold Nₜ").set_value(0.1).run()
    after = int(shown(at, "NMS (torchvision): boxes kept").split("/")[0])
    assert not at.exception and after < before


def test_each_formula_gives_its_value_on_a_line_of_its_own(at):
    """Half-width columns: the symbols on one line, this pair's numbers on the next (on one
    line, GIoU's and CIoU's values were cut off at 1400 px)."""
    p = d.box_pair((20, 20, 60, 60), (40, 35, 85, 90))
    bodies = [x.value.strip("$\n") for x in at.latex]     # Streamlit wraps them in $$ … $$
    formulas = {b.split("&")[0].split("{")[-1].strip("}"): b for b in bodies
                if b.startswith(r"\begin{aligned}")}
    for name, value in (("IoU", p.iou), ("GIoU", p.giou), ("DIoU", p.diou), ("CIoU", p.ciou)):
        symbols, numbers = formulas[name].removesuffix(r"\end{aligned}").split(r"\\")
        assert numbers.endswith(f"={value:.4f}") and f"{value:.4f}" not in symbols
        assert len(numbers) < 60   # the longest line: about 30 rendered characters


def test_page_states_the_nms_boundary_convention(at):
    text = " ".join(m.value for m in at.markdown)
    assert "penalises IoU ≥ Nₜ" in text and "drops only IoU > Nₜ" in text


def test_link_opens_the_same_view_and_a_bad_value_falls_back():
    at = open_page("detection", timeout=120)
    at.query_params.update({"tab": "nms", "bx": ["70", "95"], "nt": "0.3",
                            "penalty": "linear", "classes": "5", "objects": "99",
                            "map_seed": "x"})
    at.run()
    assert not at.exception
    assert at.slider(key="bx").value == (70, 95)
    assert at.slider(key="nt").value == pytest.approx(0.3)
    assert at.radio(key="penalty").value == "linear"
    assert at.slider(key="classes").value == 5
    assert shown(at, "Soft-NMS (linear): boxes kept")
    assert at.slider(key="objects").value == 6                # 99 is out of range: default
    assert at.number_input(key="map_seed").value == 0          # garbage: default
    toasts = " ".join(t.value for t in at.toast)
    assert "objects=99" in toasts and "map_seed=x" in toasts


def test_chinese_uses_the_notes_terms():
    at = open_page("detection", timeout=120)
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "目标检测指标"
    assert any("非极大值抑制" in m.value for m in at.markdown)
    assert any("交并比" in m.value for m in at.markdown)
    assert [s.label for s in at.slider][4] == "目标数"
    # the Soft-NMS rule's names follow the language too (they sat in English in the formula)
    rule = next(x.value for x in at.latex if "leftarrow" in x.value)
    assert "高斯" in rule and "线性" in rule and "Gaussian" not in rule


def test_map_figures_keep_labels_and_legend_off_the_data(at):
    """The heatmap's ten thresholds read 0.50 … 0.95 (no slanted "AP@" labels running into each
    other); the precision–recall legend sits below the axes, not over precision 1."""
    heatmap, curves = (json.loads(at.get("plotly_chart")[i].proto.spec) for i in (-2, -1))
    assert heatmap["data"][0]["x"] == [f"{t:.2f}" for t in d.COCO_IOU_THRESHOLDS]
    assert heatmap["layout"]["xaxis"]["type"] == "category"
    assert curves["layout"]["legend"]["y"] < 0 and curves["layout"]["legend"]["yanchor"] == "top"
