"""explorer.detection: seed formulas vs torchvision, Soft-NMS vs Bodla et al. 2017, mAP vs
pycocotools."""
import contextlib
import io
import math

import numpy as np
import pytest
import torch
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
from torchvision import ops

from explorer import detection as d
from explorer.errors import InputError


def random_pairs(seed, n=50):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 50, (n, 2, 2))
    wh = rng.uniform(1, 40, (n, 2, 2))
    return [(np.r_[xy[i, 0], xy[i, 0] + wh[i, 0]], np.r_[xy[i, 1], xy[i, 1] + wh[i, 1]])
            for i in range(n)]


@pytest.mark.parametrize("a,b", random_pairs(0))
def test_seed_formulas_equal_torchvision(a, b):
    p = d.box_pair(a, b)
    iou = p.intersection / p.union
    assert p.iou == pytest.approx(iou)
    assert p.giou == pytest.approx(iou - (p.enclosing - p.union) / p.enclosing)
    assert p.diou == pytest.approx(iou - p.centre_distance2 / p.diagonal2, rel=1e-6)
    assert p.ciou == pytest.approx(iou - p.centre_distance2 / p.diagonal2 - p.alpha * p.v,
                                   rel=1e-6, abs=1e-9)
    assert p.losses["GIoU loss"] == pytest.approx(1 - p.giou)
    assert p.losses["CIoU loss"] == pytest.approx(1 - p.ciou, rel=1e-6)


def test_hand_worked_box_pair():
    # A = 10x10 at the origin, B = A shifted by (5, 0) and 10 wide, 20 tall.
    p = d.box_pair([0, 0, 10, 10], [5, 0, 15, 20])
    assert (p.intersection, p.union, p.enclosing) == (50, 250, 300)
    assert p.iou == pytest.approx(0.2)
    assert p.giou == pytest.approx(0.2 - 50 / 300)
    assert p.centre_distance2 == pytest.approx(5 ** 2 + 5 ** 2)
    assert p.diagonal2 == pytest.approx(15 ** 2 + 20 ** 2)
    assert p.v == pytest.approx(4 / math.pi ** 2 * (math.atan(0.5) - math.atan(1)) ** 2)


def test_disjoint_boxes_still_tell_distance():
    near, far = d.box_pair([0, 0, 1, 1], [2, 0, 3, 1]), d.box_pair([0, 0, 1, 1], [9, 0, 10, 1])
    assert near.iou == far.iou == 0
    assert far.giou < near.giou < 0 and far.diou < near.diou < 0


def test_flat_box_is_rejected():
    with pytest.raises(ValueError, match="no area"):
        d.box_pair([0, 0, 0, 5], [0, 0, 1, 1])


# ----------------------------------------------------------------------- Soft-NMS
A, B, C = [0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30]   # iou(A,B) = 90/110, C apart


def test_soft_nms_hand_worked_linear_and_gaussian():
    iou_ab = 90 / 110
    linear = d.soft_nms([A, B, C], [0.9, 0.8, 0.7], "linear", iou_threshold=0.3)
    assert linear.order.tolist() == [0, 2, 1]
    assert linear.scores.tolist() == pytest.approx([0.9, 0.8 * (1 - iou_ab), 0.7])
    gaussian = d.soft_nms([A, B, C], [0.9, 0.8, 0.7], "gaussian", sigma=0.5)
    assert gaussian.scores[1].item() == pytest.approx(0.8 * math.exp(-iou_ab ** 2 / 0.5))
    hard = d.soft_nms([A, B, C], [0.9, 0.8, 0.7], "hard", iou_threshold=0.5)
    assert hard.order.tolist() == [0, 2]


def paper_soft_nms(boxes, scores, method, nt, sigma, thresh):
    """Algorithm 1 of Bodla et al. 2017 with plain Python lists and its own IoU."""
    def iou(a, b):
        w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        inter = w * h
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
    B, S, D = list(range(len(boxes))), list(scores), []
    while B:
        m = max(B, key=lambda i: S[i])
        D.append(m)
        B.remove(m)
        for i in B:
            o = iou(boxes[m], boxes[i])
            if method == "linear":
                S[i] *= (1 - o) if o >= nt else 1
            else:
                S[i] *= math.exp(-o * o / sigma)
        B = [i for i in B if S[i] >= thresh]
    return D, S


@pytest.mark.parametrize("method", ["linear", "gaussian"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_soft_nms_equals_the_papers_algorithm(method, seed):
    gt, det = d.clustered_scene(n_objects=5, per_object=6, seed=seed)
    ours = d.soft_nms(det.xyxy, det.score, method, iou_threshold=0.3, sigma=0.5,
                      score_threshold=0.05)
    order, scores = paper_soft_nms(det.xyxy.tolist(), det.score.tolist(), method, 0.3, 0.5, 0.05)
    assert ours.order.tolist() == order
    np.testing.assert_allclose(ours.scores.numpy(), scores, rtol=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_hard_rule_keeps_torchvisions_boxes_off_the_boundary(seed):
    _, det = d.clustered_scene(n_objects=8, per_object=6, seed=seed)
    iou = ops.box_iou(torch.tensor(det.xyxy), torch.tensor(det.xyxy))
    assert not (iou == 0.5).any()          # no pair sits exactly on N_t: the rules agree
    ours = d.soft_nms(det.xyxy, det.score, "hard", iou_threshold=0.5, score_threshold=1e-12)
    assert ours.order.tolist() == d.nms(det.xyxy, det.score, 0.5).tolist()
    assert ours.order.tolist() == ops.nms(torch.tensor(det.xyxy), torch.tensor(det.score),
                                          0.5).tolist()


@pytest.mark.parametrize("method", ["hard", "linear"])
def test_soft_nms_suppresses_at_iou_equal_to_nt_where_torchvision_keeps(method):
    """IoU(A, D) = 100 / 200 = 0.5 exactly: the paper's ≥ N_t penalises D, torchvision's
    > N_t keeps it."""
    boxes, scores = [A, [0, 0, 10, 20]], [0.9, 0.8]
    assert ops.box_iou(torch.tensor([A], dtype=torch.float64),
                       torch.tensor([boxes[1]], dtype=torch.float64)).item() == 0.5
    ours = d.soft_nms(boxes, scores, method, iou_threshold=0.5, score_threshold=0.01)
    assert ours.scores[1].item() == pytest.approx(0.8 * (0.0 if method == "hard" else 0.5))
    assert d.nms(boxes, scores, 0.5).tolist() == [0, 1]
    assert ours.order.tolist() == ([0] if method == "hard" else [0, 1])
    above = d.soft_nms(boxes, scores, method, iou_threshold=0.5 + 1e-9)   # just above: no-op
    assert above.scores.tolist() == scores


def test_soft_nms_rejects_bad_settings():
    with pytest.raises(ValueError, match="unknown method"):
        d.soft_nms([A], [0.5], "cubic")
    with pytest.raises(ValueError, match="sigma"):
        d.soft_nms([A], [0.5], "gaussian", sigma=0)


# ----------------------------------------------------------------------- mAP vs pycocotools
def pycocotools_stats(gt: d.Boxes, det: d.Boxes):
    def xywh(b):
        return [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])]
    images = sorted(set(gt.image.tolist()) | set(det.image.tolist()))
    dataset = {
        "images": [{"id": int(i) + 1} for i in images],
        "categories": [{"id": int(k) + 1} for k in np.unique(np.r_[gt.label, det.label])],
        "annotations": [{"id": n + 1, "image_id": int(i) + 1, "category_id": int(k) + 1,
                         "bbox": xywh(b), "area": float((b[2] - b[0]) * (b[3] - b[1])),
                         "iscrowd": 0} for n, (i, k, b) in
                        enumerate(zip(gt.image, gt.label, gt.xyxy))]}
    results = [{"image_id": int(i) + 1, "category_id": int(k) + 1, "bbox": xywh(b),
                "score": float(s)} for i, k, b, s in zip(det.image, det.label, det.xyxy, det.score)]
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = dataset
        coco.createIndex()
        evaluator = COCOeval(coco, coco.loadRes(results), "bbox")
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    return evaluator.stats


@pytest.mark.parametrize("seed,noise,miss,fp", [(0, 0.1, 0.1, 2.0), (1, 0.2, 0.3, 5.0),
                                                (2, 0.05, 0.0, 0.5), (3, 0.15, 0.2, 3.0)])
def test_coco_map_equals_pycocotools(seed, noise, miss, fp):
    gt, det = d.synthetic_detections(n_images=15, n_classes=3, noise=noise, miss_rate=miss,
                                     false_positives=fp, seed=seed)
    ours = d.coco_map(gt, det)
    stats = pycocotools_stats(gt, det)
    assert ours.map == pytest.approx(stats[0], abs=1e-9)
    assert ours.ap50 == pytest.approx(stats[1], abs=1e-9)
    assert ours.ap75 == pytest.approx(stats[2], abs=1e-9)
    assert 0 < ours.map < ours.ap50 <= 1


def test_perfect_detections_score_one():
    gt, _ = d.synthetic_detections(n_images=5, seed=4)
    perfect = d.Boxes(gt.image, gt.label, gt.xyxy, np.linspace(1, 0.5, len(gt.image)))
    assert d.coco_map(gt, perfect).map == pytest.approx(1.0)


def test_max_dets_keeps_only_the_top_detections_per_image():
    gt = d.Boxes(np.array([0]), np.array([0]), np.array([[0.0, 0, 10, 10]]), np.ones(1))
    det = d.Boxes(np.zeros(2, int), np.zeros(2, int), np.array([[50.0, 50, 60, 60],
                                                                [0, 0, 10, 10]]),
                  np.array([0.9, 0.1]))
    assert d.coco_map(gt, det).ap50 == pytest.approx(0.5)          # FP first, then TP
    assert d.coco_map(gt, det, max_dets=1).ap50 == 0.0             # the TP is cut off


def test_scores_after_suppression_zero_the_dropped_boxes():
    scores = np.array([0.9, 0.8, 0.7])
    assert d.nms_scores([A, B, C], scores, 0.5).tolist() == [0.9, 0.0, 0.7]
    soft = d.soft_nms([A, B, C], scores, "linear", iou_threshold=0.3, score_threshold=0.2)
    assert soft.kept_scores().tolist() == [0.9, 0.0, 0.7]      # 0.8·2/11 < 0.2 is dropped
    det = d.Boxes(np.zeros(3, int), np.zeros(3, int), np.array([A, B, C], float), scores)
    assert det.rescored(soft.kept_scores()).score.tolist() == [0.9, 0.7]


def test_box_pair_reports_the_drawn_boxes():
    p = d.box_pair([0, 0, 10, 10], [5, 0, 15, 20])
    assert p.intersection_box == (5, 0, 10, 10) and p.enclosing_box == (0, 0, 15, 20)
    assert d.box_pair([0, 0, 1, 1], [5, 5, 6, 6]).intersection_box is None


# ----------------------------------------------------------------------- refusals (InputError)
@pytest.mark.parametrize("box, code", [
    ([0, 0, np.nan, 5], "not_finite"), ([0, 0, np.inf, 5], "not_finite"),
    ([0, 0, 1, 1, 2], "shape"), ([[0, 0, 5, 5], [0, 0, 6, 6]], "shape"), ([], "shape"),
    ([0, 0, 2e9, 5], "out_of_range"),                 # beyond COORDINATE_LIMIT
    ([0, 0, 0.5, 5], "out_of_range"),                 # a side under one pixel
    ([0, 0, 5, 0], "degenerate"),
])
def test_box_pair_refuses_what_is_not_one_box(box, code):
    with pytest.raises(InputError) as err:
        d.box_pair(box, [0, 0, 5, 5])
    assert err.value.code == code and err.value.params["name"] == "box_a"


def test_as_boxes_refuses_a_flat_list_and_an_area_below_float_precision():
    with pytest.raises(InputError, match=r"\[N, 4\]"):
        d.as_boxes(np.zeros(8))                       # was silently read as two boxes
    with pytest.raises(InputError) as err:
        d.as_boxes([0, 0, 1e-200, 1e-200])            # area 1e-400 = 0: IoU would be 0/0
    assert err.value.code == "degenerate"
    assert d.as_boxes(np.zeros((0, 4))).shape == (0, 4)   # no boxes is a valid set


def test_boxes_refuse_a_nan_score_and_map_needs_ground_truth():
    one = np.array([[0.0, 0, 10, 10]])
    with pytest.raises(InputError) as err:
        d.Boxes(np.zeros(1, int), np.zeros(1, int), one, np.array([np.nan]))   # was mAP 1.0
    assert err.value.code == "not_finite" and err.value.params["name"] == "score"
    gt = d.Boxes(np.zeros(1, int), np.zeros(1, int), one, np.ones(1))
    with pytest.raises(InputError) as err:
        d.coco_map(gt.where(np.zeros(1, bool)), gt)   # was numpy's zero-size error
    assert err.value.code == "empty"
    with pytest.raises(InputError) as err:
        d.Boxes(np.zeros(1), np.array([0.5]), one, np.ones(1))
    assert err.value.code == "not_integer"


def test_map_names_classes_without_a_list_as_long_as_the_largest_label():
    big = d.Boxes(np.zeros(1, int), np.array([10**9]), np.array([[0.0, 0, 10, 10]]), np.ones(1))
    assert d.coco_map(big, big).per_class.index.tolist() == ["1000000000"]   # no 1e9 names
    with pytest.raises(InputError) as err:
        d.coco_map(big, big, class_names=["cat"])
    assert err.value.code == "out_of_range"


def test_thresholds_without_075_leave_ap75_unset():
    gt, det = d.synthetic_detections(n_images=3, seed=1)
    result = d.coco_map(gt, det, thresholds=[0.5])
    assert result.ap75 is None and result.ap50 == result.map


def test_soft_nms_refuses_a_nan_or_negative_score():
    with pytest.raises(InputError) as err:
        d.soft_nms([A, B], [0.9, np.nan])             # was silently dropped
    assert err.value.code == "not_finite"
    with pytest.raises(InputError) as err:
        d.soft_nms([A, B], [0.9, -0.5])
    assert err.value.code == "out_of_range"


def test_paired_iou_is_the_diagonal_of_box_iou():
    _, det = d.clustered_scene(n_objects=4, per_object=3, seed=2)
    other = det.xyxy[::-1].copy()
    np.testing.assert_allclose(d.paired_iou(det.xyxy, other),
                               ops.box_iou(torch.tensor(det.xyxy), torch.tensor(other))
                               .diagonal().numpy(), rtol=1e-12)


def test_scenes_beyond_the_box_budget_are_refused_before_allocating():
    with pytest.raises(InputError) as err:
        d.clustered_scene(n_objects=100_000, per_object=1)   # was a 160 GB IoU matrix
    assert err.value.code == "budget"


def test_each_nms_panel_is_square_on_its_own_axes():
    """The second panel's y was scaled to the first panel's x (scaleanchor "x"), so at 1920 px
    the two scenes had different sizes."""
    from explorer.figures.detection import nms_scenes
    boxes = np.array([[10.0, 10, 50, 50], [20, 20, 60, 60]])
    fig = nms_scenes(boxes[:1], boxes, {"NMS": np.array([0.9, 0.0]),
                                        "Soft-NMS": np.array([0.9, 0.3])})
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis2.scaleanchor == "x2"
