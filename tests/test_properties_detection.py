"""Property tests of explorer.detection: IoU family against the seed's formulas, NMS and
Soft-NMS against their defining rules, mAP against pycocotools; any input gives that, or an
InputError (see tests/property_helpers.py); never NaN, never another exception."""
import math

import numpy as np
from hypothesis import given, strategies as st

from explorer import detection as d
from explorer.budget import MAX_BOXES
from tests.property_helpers import (ANY_FLOAT, REFUSED, SEED, arrays, examples, finite,
                                    outcome)
from tests.test_detection import pycocotools_stats

LIMIT = d.COORDINATE_LIMIT


def whole(value, low, high=math.inf) -> bool:
    return (not isinstance(value, bool) and float(value) == float(value)
            and float(value).is_integer() and low <= value <= high)


def python_iou(a, b) -> float:
    """The seed's IoU in plain Python floats."""
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@st.composite
def one_box(draw, side=st.floats(1, 1e6)):
    """A box (often valid, sides ≥ 1) or anything: NaN, inf, > 1e9, flat, another shape."""
    kind = draw(st.integers(0, 3))
    if kind <= 1:
        x, y = draw(st.floats(-1e6, 1e6)), draw(st.floats(-1e6, 1e6))
        return np.array([x, y, x + draw(side), y + draw(side)])
    if kind == 2:
        return np.array(draw(st.lists(st.one_of(ANY_FLOAT, st.floats(-2e9, 2e9)), min_size=4,
                                      max_size=4)))
    return draw(arrays(dims=(0, 3), max_side=5))


def valid_pair_box(box) -> bool:
    box = box.reshape(-1) if box.shape == (1, 4) else box
    return (box.shape == (4,) and finite(box) and np.abs(box).max() <= LIMIT
            and box[2] - box[0] >= d.MIN_PAIR_SIDE and box[3] - box[1] >= d.MIN_PAIR_SIDE)


@examples(150)
@given(one_box(), one_box())
def test_box_pair_follows_the_seed_formulas_or_is_refused(a, b):
    p = outcome(d.box_pair, a, b)
    assert (p == REFUSED) == (not (valid_pair_box(a) and valid_pair_box(b)))
    if p == REFUSED:
        return
    a, b = a.tolist(), b.tolist()
    iou = python_iou(a, b)
    cw, ch = max(a[2], b[2]) - min(a[0], b[0]), max(a[3], b[3]) - min(a[1], b[1])
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - p.intersection
    rho2 = ((a[0] + a[2] - b[0] - b[2]) ** 2 + (a[1] + a[3] - b[1] - b[3]) ** 2) / 4
    v = 4 / math.pi ** 2 * (math.atan((b[2] - b[0]) / (b[3] - b[1]))
                            - math.atan((a[2] - a[0]) / (a[3] - a[1]))) ** 2
    diou = iou - rho2 / (cw ** 2 + ch ** 2)
    ciou = diou - (v / (1 - iou + v) if v > 0 else 0.0) * v
    assert finite(p.intersection, p.union, p.enclosing, p.v, p.alpha, p.iou, p.giou, p.diou,
                  p.ciou, list(p.losses.values()))
    assert abs(p.iou - iou) < 1e-12 and abs(p.union - union) <= 1e-12 * union
    assert abs(p.giou - (iou - (cw * ch - union) / (cw * ch))) < 1e-9
    assert abs(p.diou - diou) < 1e-7 and abs(p.ciou - ciou) < 1e-6   # torchvision: +1e-7
    assert -1 <= p.giou <= p.iou + 1e-12 and p.iou <= 1 and p.ciou <= p.diou + 1e-12
    for name, value in (("GIoU loss", p.giou), ("DIoU loss", p.diou), ("CIoU loss", p.ciou)):
        assert abs(p.losses[name] - (1 - value)) < 1e-6


@st.composite
def scene(draw, min_boxes: int = 0, max_boxes: int = 7):
    """(boxes [N, 4], scores [N]): small overlapping integer boxes with hostile scores, or
    anything."""
    n = draw(st.integers(min_boxes, max_boxes))
    if draw(st.integers(0, 4)) == 0:
        return draw(arrays(dims=(0, 3))), draw(arrays(dims=(0, 2)))
    xy = np.array(draw(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), min_size=n,
                                max_size=n)), dtype=float).reshape(n, 2)
    wh = np.array(draw(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), min_size=n,
                                max_size=n)), dtype=float).reshape(n, 2)
    score = st.one_of(st.floats(0, 1), st.floats(0, 1), ANY_FLOAT)
    return np.c_[xy, xy + wh], np.array(draw(st.lists(score, min_size=n, max_size=n)), float)


def valid_boxes(boxes) -> bool:
    return (boxes.ndim == 2 and boxes.shape[1] == 4 and finite(boxes)
            and np.abs(boxes).max(initial=0) <= LIMIT
            and bool(np.all((boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1]))))


@examples(120)
@given(scene(), st.one_of(st.floats(0, 1), ANY_FLOAT))
def test_nms_keeps_no_overlap_above_the_threshold_and_explains_every_drop(data, threshold):
    boxes, scores = data
    kept = outcome(d.nms, boxes, scores, threshold)
    valid = (valid_boxes(boxes) and scores.shape == (len(boxes),) and finite(scores)
             and 0 <= threshold <= 1)
    assert (isinstance(kept, str)) == (not valid)
    if not valid:
        return
    kept = kept.tolist()
    assert len(set(kept)) == len(kept) and np.all(np.diff(scores[kept]) <= 0)
    for i, k in enumerate(kept):
        assert all(python_iou(boxes[k], boxes[j]) <= threshold + 1e-12 for j in kept[:i])
    for j in set(range(len(boxes))) - set(kept):     # each dropped box: a better kept one
        assert any(python_iou(boxes[k], boxes[j]) > threshold - 1e-12 and scores[k] >= scores[j]
                   for k in kept)
    after = outcome(d.nms_scores, boxes, scores, threshold)
    assert after[kept].tolist() == scores[kept].tolist()
    assert np.all(np.delete(after, kept) == 0)


@examples(120)
@given(scene(), st.sampled_from(d.SOFT_NMS_METHODS + ("cubic",)),
       st.one_of(st.floats(0, 1), ANY_FLOAT), st.one_of(st.floats(0.01, 3), ANY_FLOAT),
       st.one_of(st.floats(0, 0.5), ANY_FLOAT))
def test_soft_nms_only_lowers_scores_and_drops_below_the_threshold(data, method, nt, sigma,
                                                                   threshold):
    boxes, scores = data
    result = outcome(d.soft_nms, boxes, scores, method, nt, sigma, threshold)
    valid = (valid_boxes(boxes) and scores.shape == (len(boxes),) and finite(scores)
             and np.all(scores >= 0) and method in d.SOFT_NMS_METHODS
             and 0 <= nt <= 1 and 0 < sigma < math.inf and 0 <= threshold < math.inf)
    assert (result == REFUSED) == (not valid)
    if not valid:
        return
    order, after = result.order.tolist(), result.scores.numpy()
    assert len(set(order)) == len(order) and finite(after)
    assert np.all((after >= 0) & (after <= scores))
    assert all(after[k] >= threshold for k in order)
    assert all(after[j] < threshold for j in set(range(len(boxes))) - set(order))
    if order:
        assert scores[order[0]] == scores.max()
    kept = result.kept_scores()
    assert kept[order].tolist() == after[order].tolist() and np.all(np.delete(kept, order) == 0)


@st.composite
def detections(draw):
    """(gt, det) Boxes on 1-3 images with small integer boxes; det scores distinct or tied."""
    def boxes(n, images, score):
        xy = draw(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=n,
                           max_size=n))
        wh = draw(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 12)), min_size=n,
                           max_size=n))
        xyxy = np.array([[x, y, x + w, y + h] for (x, y), (w, h) in zip(xy, wh)],
                        dtype=float).reshape(n, 4)
        return d.Boxes(np.array(draw(st.lists(st.sampled_from(images), min_size=n, max_size=n)),
                                dtype=np.int64),
                       np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)),
                                dtype=np.int64), xyxy,
                       np.array(draw(st.lists(score, min_size=n, max_size=n)), dtype=float))
    gt = boxes(draw(st.integers(1, 6)), [0, 1, 2], st.just(1.0))
    det = boxes(draw(st.integers(1, 10)), sorted(set(gt.image.tolist())),
                st.one_of(st.floats(0, 1), st.sampled_from([0.25, 0.5])))
    return gt, det


@examples(40)
@given(detections())
def test_coco_map_equals_pycocotools(data):
    gt, det = data
    ours = outcome(d.coco_map, gt, det)
    stats = pycocotools_stats(gt, det)
    assert abs(ours.map - stats[0]) < 1e-12
    assert abs(ours.ap50 - stats[1]) < 1e-12 and abs(ours.ap75 - stats[2]) < 1e-12


@examples(100)
@given(st.integers(0, 4), st.data())
def test_boxes_are_valid_when_built_and_map_is_finite_or_refused(n, data):
    def column(elements):
        return data.draw(st.one_of(st.lists(elements, min_size=n, max_size=n).map(
            lambda values: np.array(values, dtype=float)), arrays(dims=(0, 2))))
    image, label = column(st.integers(0, 3).map(float)), column(st.integers(0, 2).map(float))
    score = column(st.one_of(st.floats(0, 1), ANY_FLOAT))
    xyxy = data.draw(scene(n, n))[0]
    gt = outcome(d.Boxes, image, label, xyxy, score)
    valid = (valid_boxes(xyxy) and all(a.shape == (len(xyxy),) for a in (image, label, score))
             and finite(image, label, score) and np.all(label >= 0)
             and np.all(image == np.round(image)) and np.all(label == np.round(label))
             and np.abs(np.r_[image, label]).max(initial=0) <= 2**53)
    assert (gt == REFUSED) == (not valid)
    if not valid:
        return
    result = outcome(d.coco_map, gt, gt)
    if len(xyxy) == 0:
        assert result == REFUSED                     # no ground truth: nothing to find
    else:
        assert result.map == 1.0                     # the ground truth finds itself


@examples(60)
@given(st.one_of(st.integers(-1, 8), st.sampled_from([np.nan, 10**5])),
       st.one_of(st.integers(-1, 6), st.sampled_from([2.5, 10**5])),
       st.one_of(st.floats(0, 0.5), ANY_FLOAT), SEED)
def test_clustered_scene_is_valid_or_refused(n_objects, per_object, noise, seed):
    result = outcome(d.clustered_scene, n_objects, per_object, noise, seed=seed)
    valid = (whole(n_objects, 1) and whole(per_object, 1)
             and n_objects * per_object <= MAX_BOXES and 0 <= noise <= 1
             and whole(seed, 0, 2**32 - 1))
    assert (result == REFUSED) == (not valid)
    if valid:
        gt, det = result                             # Boxes: validated when built
        assert len(gt.image) == n_objects and len(det.image) == n_objects * per_object
        assert finite(det.score) and np.all((det.score >= 0) & (det.score <= 1))


@examples(60)
@given(st.one_of(st.integers(-1, 5), st.sampled_from([np.nan, 10**9, 3000])),
       st.integers(-1, 4), st.one_of(st.floats(0, 6), ANY_FLOAT), st.one_of(st.floats(0, 1), ANY_FLOAT),
       st.one_of(st.floats(0, 4), ANY_FLOAT), SEED)
def test_synthetic_detections_are_valid_or_refused(n_images, n_classes, objects, miss, fp,
                                                   seed):
    result = outcome(d.synthetic_detections, n_images, n_classes, objects, 0.1, miss, fp,
                     seed=seed)
    valid = (whole(n_images, 1, MAX_BOXES) and whole(n_classes, 1) and 0 <= objects <= MAX_BOXES
             and 0 <= fp <= MAX_BOXES and 0 <= miss <= 1 and whole(seed, 0, 2**32 - 1))
    if not valid:
        assert result == REFUSED
    elif result == REFUSED:                          # the boxes drawn are too many
        assert result.code == "budget"
    else:
        gt, det = result
        assert len(gt.image) >= n_images and set(gt.label.tolist()) <= set(range(n_classes))
        if len(det.image):
            assert outcome(d.coco_map, gt, det).map <= 1
