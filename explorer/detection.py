"""Detection of seed 001: IoU / GIoU / DIoU / CIoU, NMS, Soft-NMS and COCO-style mAP.

Boxes are ``(x1, y1, x2, y2)`` with ``0 <= x1 < x2`` and ``0 <= y1 < y2``, like torchvision.
IoU family, their losses and NMS come from ``torchvision.ops``; Soft-NMS (Bodla et al., 2017,
"Soft-NMS — Improving Object Detection With One Line of Code", Algorithm 1) and the COCO
matching/accumulation (the rules of pycocotools' ``COCOeval``) are written here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from torchvision import ops

from explorer.budget import MAX_BOXES, check_elements
from explorer.errors import (InputError, check_array, check_choice, check_int, check_number,
                             check_seed)
from explorer.metrics import sampled_ap

COCO_IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)   # .50:.05:.95, as pycocotools
SOFT_NMS_METHODS = ("hard", "linear", "gaussian")
# |coordinate| in pixels: far beyond any image, and areas (≤ 4e18) stay exact enough for IoU
COORDINATE_LIMIT = 1e9
# box_pair: sides in pixels (torchvision's ε = 1e-7 in DIoU/CIoU/loss denominators stays < 1e-7)
MIN_PAIR_SIDE = 1.0


def check_xyxy(boxes, name: str = "boxes") -> np.ndarray:
    """[N, 4] (or one [4]) xyxy boxes -> float64 array[N, 4] (N may be 0); InputError for
    NaN/inf, another shape, |coordinate| > COORDINATE_LIMIT or a box without area."""
    array = check_array(name, boxes, min_size=0).astype(np.float64)
    if array.shape == (4,):
        array = array[None]
    if array.ndim != 2 or array.shape[1] != 4:
        raise InputError("shape", f"{name} must be [N, 4] boxes (x1, y1, x2, y2) or one box "
                         f"[4], got shape {array.shape}", name=name, expected="[N, 4]",
                         got=array.shape)
    if array.size and np.abs(array).max() > COORDINATE_LIMIT:
        raise InputError("out_of_range", f"{name} has a coordinate beyond ±{COORDINATE_LIMIT:g} "
                         "pixels", name=name, value=float(np.abs(array).max()),
                         low=-COORDINATE_LIMIT, high=COORDINATE_LIMIT)
    width, height = array[:, 2] - array[:, 0], array[:, 3] - array[:, 1]
    flat = ~((width > 0) & (height > 0) & (width * height > 0))   # area 1e-400 is 0 too
    if flat.any():
        raise InputError("degenerate", f"box {array[flat][0].tolist()} of {name} has no area: "
                         "need x2 > x1 and y2 > y1", name=name)
    return array


def as_boxes(boxes, name: str = "boxes") -> torch.Tensor:
    """``check_xyxy`` as a float64 Tensor[N, 4], what torchvision.ops takes."""
    return torch.as_tensor(check_xyxy(boxes, name))


# a refusal of a box the page's settings reach (its Chinese: ui/strings/messages.py)
THIN_BOX = ("{name} {box} has a side under {side:g} pixel: torchvision's DIoU, CIoU and losses "
            "add 1e-7 to their denominators, which would show")


def _one_box(box, name: str) -> torch.Tensor:
    """One box [1, 4] with sides of at least MIN_PAIR_SIDE."""
    box = as_boxes(box, name)
    if len(box) != 1:
        raise InputError("shape", f"{name} must be one box (x1, y1, x2, y2), got {len(box)}",
                         name=name, expected=(4,), got=tuple(box.shape))
    if (box[0, 2:] - box[0, :2]).min() < MIN_PAIR_SIDE:
        raise InputError("out_of_range", THIN_BOX.format(name=name, box=box[0].tolist(),
                                                         side=MIN_PAIR_SIDE), name=name,
                         value=float((box[0, 2:] - box[0, :2]).min()), low=MIN_PAIR_SIDE,
                         high=2 * COORDINATE_LIMIT)
    return box


def _scores(scores, n: int, name: str = "scores") -> torch.Tensor:
    """Finite float64 Tensor[n], one score per box."""
    return torch.as_tensor(check_array(name, scores, ndim=1, min_size=0, shape=(n,))
                           .astype(np.float64))


# --------------------------------------------------------------------------- IoU family
@dataclass(frozen=True)
class BoxPair:
    """Every number of the seed's IoU formulas for boxes A and B (areas in pixels²).

    IoU  = |A∩B| / |A∪B|                     GIoU = IoU − |C − A∪B| / |C|
    DIoU = IoU − ρ²/c²                       CIoU = IoU − ρ²/c² − αv
    v = 4/π² (arctan(w_B/h_B) − arctan(w_A/h_A))²,   α = v / ((1 − IoU) + v)
    C: smallest box enclosing both; ρ: distance between centres; c: diagonal of C.
    """
    intersection: float
    union: float
    enclosing: float
    intersection_box: tuple | None   # xyxy of A∩B, None when they do not overlap
    enclosing_box: tuple             # xyxy of C
    centre_distance2: float
    diagonal2: float
    v: float
    alpha: float
    iou: float      # torchvision.ops.box_iou
    giou: float     # torchvision.ops.generalized_box_iou
    diou: float     # torchvision.ops.distance_box_iou
    ciou: float     # torchvision.ops.complete_box_iou
    losses: dict    # 1 − IoU and torchvision's *_box_iou_loss


def box_pair(box_a, box_b) -> BoxPair:
    """Ingredients of the seed's formulas (numbers to show) and torchvision's values for two
    boxes [4] with sides ≥ MIN_PAIR_SIDE."""
    a, b = _one_box(box_a, "box_a"), _one_box(box_b, "box_b")                 # [1, 4] each
    lo, hi = torch.maximum(a[:, :2], b[:, :2]), torch.minimum(a[:, 2:], b[:, 2:])
    intersection = (hi - lo).clamp(min=0).prod().item()
    union = (ops.box_area(a) + ops.box_area(b)).item() - intersection
    c_lo, c_hi = torch.minimum(a[:, :2], b[:, :2]), torch.maximum(a[:, 2:], b[:, 2:])
    centre_a, centre_b = (a[:, :2] + a[:, 2:]) / 2, (b[:, :2] + b[:, 2:]) / 2
    wh_a, wh_b = a[:, 2:] - a[:, :2], b[:, 2:] - b[:, :2]
    v = 4 / math.pi ** 2 * (math.atan(wh_b[0, 0] / wh_b[0, 1]) -
                            math.atan(wh_a[0, 0] / wh_a[0, 1])) ** 2
    iou = ops.box_iou(a, b).item()
    return BoxPair(
        intersection=intersection, union=union,
        enclosing=(c_hi - c_lo).prod().item(),
        intersection_box=tuple(torch.cat([lo, hi], 1)[0].tolist()) if intersection else None,
        enclosing_box=tuple(torch.cat([c_lo, c_hi], 1)[0].tolist()),
        centre_distance2=((centre_a - centre_b) ** 2).sum().item(),
        diagonal2=((c_hi - c_lo) ** 2).sum().item(),
        v=v, alpha=v / ((1 - iou) + v) if v > 0 else 0.0,
        iou=iou, giou=ops.generalized_box_iou(a, b).item(),
        diou=ops.distance_box_iou(a, b).item(), ciou=ops.complete_box_iou(a, b).item(),
        losses={"IoU loss (1 − IoU)": 1 - iou,
                "GIoU loss": ops.generalized_box_iou_loss(a, b).item(),
                "DIoU loss": ops.distance_box_iou_loss(a, b).item(),
                "CIoU loss": ops.complete_box_iou_loss(a, b).item()})


# --------------------------------------------------------------------------- NMS
def nms(boxes, scores, iou_threshold: float) -> torch.Tensor:
    """torchvision.ops.nms -> kept indices int64[K], by decreasing score; boxes [N, 4],
    scores [N], iou_threshold in [0, 1]."""
    boxes = as_boxes(boxes)
    scores = _scores(scores, len(boxes))
    return ops.nms(boxes, scores, check_number("iou_threshold", iou_threshold, 0, 1))


def nms_scores(boxes, scores, iou_threshold: float) -> np.ndarray:
    """Scores after torchvision's NMS: unchanged where kept, 0 where suppressed -> float[N]."""
    kept = nms(boxes, scores, iou_threshold).numpy()
    after = np.zeros(len(scores))
    after[kept] = np.asarray(scores, dtype=np.float64)[kept]
    return after


@dataclass(frozen=True)
class SoftNMSResult:
    order: torch.Tensor    # int64[K]: indices kept, in the order they were picked as M
    scores: torch.Tensor   # float64[N]: every box's score after re-scoring

    def kept_scores(self) -> np.ndarray:
        """Re-scored values of the kept boxes, 0 for dropped ones -> float[N]."""
        after = np.zeros(len(self.scores))
        after[self.order.numpy()] = self.scores[self.order].numpy()
        return after


def soft_nms(boxes, scores, method: str = "gaussian", iou_threshold: float = 0.3,
             sigma: float = 0.5, score_threshold: float = 0.001) -> SoftNMSResult:
    """Bodla et al. 2017, Algorithm 1: repeatedly pick the highest score M, then re-score
    every remaining box b_i by s_i ← s_i · f(iou(M, b_i)):

        hard (plain NMS)  f = 0 if iou ≥ N_t else 1
        linear            f = 1 − iou if iou ≥ N_t else 1
        gaussian          f = exp(−iou² / σ)

    A box whose score falls below ``score_threshold`` is dropped. boxes [N, 4], scores [N]
    ≥ 0, iou_threshold in [0, 1], sigma > 0, score_threshold ≥ 0.

    Convention: the paper's ≥ N_t, so "hard" suppresses a box at IoU = N_t exactly, where
    ``torchvision.ops.nms`` (and ``nms`` here) suppresses only IoU > N_t and keeps it; off
    that boundary the two keep the same boxes.
    """
    check_choice("method", method, SOFT_NMS_METHODS)
    iou_threshold = check_number("iou_threshold", iou_threshold, 0, 1)
    sigma = check_number("sigma", sigma, 0, low_open=True)
    score_threshold = check_number("score_threshold", score_threshold, 0)
    boxes = as_boxes(boxes)
    scores = _scores(scores, len(boxes)).clone()                             # [N]
    if (scores < 0).any():
        raise InputError("out_of_range", "Soft-NMS scores must be ≥ 0 (it multiplies them by "
                         "penalties ≤ 1)", name="scores", value=float(scores.min()), low=0,
                         high=math.inf)
    check_elements("IoU matrix", len(boxes) ** 2, advice="give fewer boxes")
    iou = ops.box_iou(boxes, boxes)                                          # [N, N]
    remaining = scores >= score_threshold                                    # [N] bool
    order = []
    while remaining.any():
        m = int(torch.where(remaining, scores, -math.inf).argmax())
        order.append(m)
        remaining[m] = False
        overlap = iou[m]
        if method == "gaussian":
            decay = torch.exp(-overlap ** 2 / sigma)
        else:
            penalty = torch.zeros_like(overlap) if method == "hard" else 1 - overlap
            decay = torch.where(overlap >= iou_threshold, penalty, torch.ones_like(overlap))
        scores = torch.where(remaining, scores * decay, scores)
        remaining &= scores >= score_threshold
    return SoftNMSResult(torch.tensor(order, dtype=torch.int64), scores)


# --------------------------------------------------------------------------- synthetic data
@dataclass(frozen=True)
class Boxes:
    """A set of boxes over several images: image int[N], label int[N] ≥ 0, xyxy float[N, 4],
    score float[N] (1 for ground truth). Checked when built (``check_xyxy``, finite scores,
    whole-number image and label ids), so every Boxes is a valid one."""
    image: np.ndarray
    label: np.ndarray
    xyxy: np.ndarray
    score: np.ndarray

    def __post_init__(self):
        xyxy = check_xyxy(self.xyxy, "xyxy")
        n = len(xyxy)
        image, label = (_whole_numbers(name, getattr(self, name), n) for name in ("image",
                                                                                   "label"))
        if (label < 0).any():
            raise InputError("out_of_range", "class labels must be ≥ 0", name="label",
                             value=int(label.min()), low=0, high=math.inf)
        score = check_array("score", self.score, ndim=1, min_size=0, shape=(n,))
        for name, value in zip(("image", "label", "xyxy", "score"),
                               (image, label, xyxy, score.astype(np.float64))):
            object.__setattr__(self, name, value)

    def where(self, keep) -> Boxes:
        return Boxes(self.image[keep], self.label[keep], self.xyxy[keep], self.score[keep])

    @staticmethod
    def concat(*parts: Boxes) -> Boxes:
        return Boxes(*(np.concatenate([getattr(part, name) for part in parts])
                       for name in ("image", "label", "xyxy", "score")))

    def rescored(self, scores) -> Boxes:
        """The same boxes with new scores float[N]; boxes scored ≤ 0 (suppressed) are dropped."""
        scores = check_array("scores", scores, ndim=1, min_size=0, shape=(len(self.image),))
        keep = scores > 0
        return Boxes(self.image[keep], self.label[keep], self.xyxy[keep], scores[keep])


def _whole_numbers(name: str, values, n: int) -> np.ndarray:
    """int64[n] from whole numbers (3.0 is 3; 3.5, NaN and text are refused)."""
    array = check_array(name, values, ndim=1, min_size=0, shape=(n,)).astype(np.float64)
    bad = (array != np.round(array)) | (np.abs(array) > 2 ** 53)
    if bad.any():
        raise InputError("not_integer", f"{name} must hold whole numbers (ids), got "
                         f"{array[bad][0]:g}", name=name, value=float(array[bad][0]))
    return array.astype(np.int64)


def paired_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of a[i] with b[i]: xyxy float[N, 4] twice -> float[N] (the diagonal of
    ``ops.box_iou(a, b)`` without its [N, N] matrix)."""
    lo, hi = np.maximum(a[:, :2], b[:, :2]), np.minimum(a[:, 2:], b[:, 2:])      # [N, 2]
    inter = np.prod(np.clip(hi - lo, 0, None), axis=1)                           # [N]
    area_a, area_b = (np.prod(x[:, 2:] - x[:, :2], axis=1) for x in (a, b))
    return inter / (area_a + area_b - inter)


BOXES_OF = "the boxes of {what}"   # a budget refusal's what-name (a template the UI translates)


def _check_box_count(what: str, n: int) -> None:
    check_elements(BOXES_OF.format(what=what), n, MAX_BOXES, advice="use fewer images or boxes")


def _random_boxes(rng, n: int, size: float, lo: float = 12, hi: float = 40) -> np.ndarray:
    wh = rng.uniform(lo, hi, (n, 2))
    xy = rng.uniform(0, 1, (n, 2)) * (size - wh)
    return np.c_[xy, xy + wh]


def _jitter(rng, gt: np.ndarray, noise: float) -> np.ndarray:
    """Shift each side by N(0, (noise · side length)²); keeps a positive width and height."""
    wh = np.tile(gt[:, 2:] - gt[:, :2], 2)
    out = gt + rng.normal(0, noise, gt.shape) * wh
    out[:, 2:] = np.maximum(out[:, 2:], out[:, :2] + 1)
    return out


def clustered_scene(n_objects: int = 6, per_object: int = 5, noise: float = 0.08,
                    size: float = 100.0, seed: int = 0) -> tuple[Boxes, Boxes]:
    """One image, objects (some overlapping) each with a cluster of ``per_object`` noisy
    detections scored IoU-with-its-object × U(0.7, 1) -> (ground truth, detections)."""
    n_objects, per_object = check_int("n_objects", n_objects, 1), check_int("per_object",
                                                                             per_object, 1)
    _check_box_count("the scene", n_objects * per_object)
    noise = check_number("noise", noise, 0, 1)
    size = check_number("size", size, 1, COORDINATE_LIMIT / 2)
    rng = np.random.default_rng(check_seed(seed))
    gt = _random_boxes(rng, n_objects, size)
    owner = np.repeat(np.arange(n_objects), per_object)
    det = _jitter(rng, gt[owner], noise)
    quality = paired_iou(det, gt[owner])
    score = quality * rng.uniform(0.7, 1.0, len(det))
    zeros = np.zeros(n_objects, np.int64)
    return (Boxes(zeros, zeros, gt, np.ones(n_objects)),
            Boxes(np.zeros(len(det), np.int64), np.zeros(len(det), np.int64), det, score))


def synthetic_detections(n_images: int = 20, n_classes: int = 3, objects: int = 4,
                         noise: float = 0.1, miss_rate: float = 0.1,
                         false_positives: float = 2.0, size: float = 100.0,
                         seed: int = 0) -> tuple[Boxes, Boxes]:
    """A toy detector's output on ``n_images`` images -> (ground truth, detections).

    Each object (random box and class) is found with probability 1 − miss_rate, as a box
    jittered by ``noise`` scored by its IoU × U(0.5, 1); each image adds Poisson
    (``false_positives``) random boxes of random class scored U(0, 0.6).
    """
    n_images, n_classes = check_int("n_images", n_images, 1), check_int("n_classes", n_classes, 1)
    objects = check_number("objects", objects, 0, MAX_BOXES)
    false_positives = check_number("false_positives", false_positives, 0, MAX_BOXES)
    _check_box_count("the images", n_images)
    noise, miss_rate = check_number("noise", noise, 0, 1), check_number("miss_rate", miss_rate,
                                                                        0, 1)
    size = check_number("size", size, 1, COORDINATE_LIMIT / 2)
    rng = np.random.default_rng(check_seed(seed))
    counts = rng.poisson(objects, n_images).clip(min=1)
    _check_box_count("the ground truth", int(counts.sum()))
    gt = Boxes(np.repeat(np.arange(n_images), counts),
               rng.integers(0, n_classes, counts.sum()),
               _random_boxes(rng, counts.sum(), size), np.ones(counts.sum()))
    found = gt.where(rng.random(len(gt.image)) >= miss_rate)
    det_xyxy = _jitter(rng, found.xyxy, noise)
    iou = paired_iou(det_xyxy, found.xyxy)
    n_fp = rng.poisson(false_positives, n_images)
    _check_box_count("the evaluation", len(gt.image) + len(iou) + int(n_fp.sum()))
    fp = Boxes(np.repeat(np.arange(n_images), n_fp), rng.integers(0, n_classes, n_fp.sum()),
               _random_boxes(rng, n_fp.sum(), size), rng.uniform(0, 0.6, n_fp.sum()))
    hits = Boxes(found.image, found.label, det_xyxy, iou * rng.uniform(0.5, 1, len(iou)))
    return gt, Boxes.concat(hits, fp)


# --------------------------------------------------------------------------- COCO evaluation
def _match_image(det_xyxy, gt_xyxy, thresholds) -> np.ndarray:
    """pycocotools' greedy rule for one image and class; dets already by decreasing score.
    Each det takes the still-free gt with the highest IoU ≥ t -> is_tp bool[T, D]."""
    iou = ops.box_iou(as_boxes(det_xyxy), as_boxes(gt_xyxy)).numpy()      # [D, G]
    is_tp = np.zeros((len(thresholds), len(det_xyxy)), bool)
    for t, threshold in enumerate(thresholds):
        taken = np.zeros(iou.shape[1], bool)
        for d in range(len(det_xyxy)):
            candidates = np.where(taken, -1.0, iou[d])
            g = len(candidates) - 1 - int(np.argmax(candidates[::-1]))   # last best, as COCO
            if candidates[g] >= min(threshold, 1 - 1e-10):
                taken[g] = is_tp[t, d] = True
    return is_tp


@dataclass(frozen=True)
class Matches:
    """All detections of one class over every image, by decreasing score."""
    score: np.ndarray    # float[D]
    is_tp: np.ndarray    # bool[T, D]
    n_gt: int            # ≥ 1: recall is a fraction of it

    def __post_init__(self):
        check_int("n_gt", self.n_gt, 1)

    def curve(self, t: int = 0):
        """Recall and precision after each detection at IoU threshold index t -> ([D], [D])."""
        tp = np.cumsum(self.is_tp[check_int("t", t, 0, len(self.is_tp) - 1)])
        return tp / self.n_gt, tp / np.arange(1, len(tp) + 1)


def match_class(gt: Boxes, det: Boxes, label: int, thresholds=COCO_IOU_THRESHOLDS,
                max_dets: int = 100) -> Matches:
    """Match one class's detections image by image (top ``max_dets`` per image), then pool.
    The class needs a ground-truth box (recall is a fraction of them)."""
    label, max_dets = check_int("label", label, 0), check_int("max_dets", max_dets, 1)
    thresholds = _check_thresholds(thresholds)
    gt, det = gt.where(gt.label == label), det.where(det.label == label)
    if len(gt.image) == 0:
        raise InputError("empty", f"class {label} has no ground-truth box: its recall and AP "
                         "are undefined", name="gt")
    scores, flags = [], []
    for image in np.unique(det.image):
        mine = det.where(det.image == image)
        top = np.argsort(-mine.score, kind="mergesort")[:max_dets]
        truth = gt.xyxy[gt.image == image]
        flags.append(_match_image(mine.xyxy[top], truth, thresholds) if len(truth)
                     else np.zeros((len(thresholds), len(top)), bool))
        scores.append(mine.score[top])
    if not scores:
        return Matches(np.zeros(0), np.zeros((len(thresholds), 0), bool), len(gt.image))
    score, is_tp = np.concatenate(scores), np.concatenate(flags, axis=1)
    order = np.argsort(-score, kind="mergesort")
    return Matches(score[order], is_tp[:, order], len(gt.image))


def class_ap(matches: Matches, t: int, points: int = 101) -> float:
    """COCO's 101-point interpolated AP of one class at threshold index t (0 if no dets)."""
    recall, precision = matches.curve(t)
    return sampled_ap(recall, precision, points) if recall.size else 0.0


@dataclass(frozen=True)
class CocoResult:
    per_class: pd.DataFrame   # rows: classes with ground truth; columns AP@.50 … AP@.95
    map: float                # mean over classes and thresholds (COCO "AP")
    ap50: float | None        # AP at IoU 0.5 / 0.75, None when that threshold is not evaluated
    ap75: float | None


def _check_thresholds(thresholds) -> np.ndarray:
    thresholds = check_array("thresholds", thresholds, ndim=1).astype(np.float64)
    if thresholds.min() < 0 or thresholds.max() > 1:
        raise InputError("out_of_range", "IoU thresholds must lie in [0, 1]", name="thresholds",
                         value=float(thresholds[(thresholds < 0) | (thresholds > 1)][0]),
                         low=0, high=1)
    return thresholds


def coco_map(gt: Boxes, det: Boxes, class_names: list[str] | None = None,
             thresholds=COCO_IOU_THRESHOLDS, max_dets: int = 100) -> CocoResult:
    """mAP@[.5:.95] the COCO way: for each class with ground truth and each IoU threshold,
    101-point AP; classes without ground truth are skipped (pycocotools' −1). Needs at least
    one ground-truth box; ``class_names[k]`` names label k."""
    if len(gt.image) == 0:
        raise InputError("empty", "no ground-truth box: mAP needs at least one object to find",
                         name="gt")
    _check_box_count("the evaluation", len(gt.image) + len(det.image))
    thresholds = _check_thresholds(thresholds)
    labels = np.unique(gt.label)
    if class_names is not None and labels.max() >= len(class_names):
        raise InputError("out_of_range", f"label {labels.max()} has no name: class_names "
                         f"holds {len(class_names)}", name="class_names",
                         value=int(labels.max()), low=0, high=len(class_names) - 1)
    table = pd.DataFrame(
        [[class_ap(match_class(gt, det, k, thresholds, max_dets), t)
          for t in range(len(thresholds))] for k in labels],
        index=[str(class_names[k]) if class_names is not None else str(k) for k in labels],
        columns=[f"AP@{t:.2f}" for t in thresholds])
    by_threshold = table.mean().to_numpy()            # mean over classes, per threshold

    def at(iou: float) -> float | None:
        hit = np.flatnonzero(np.isclose(thresholds, iou))
        return float(by_threshold[hit[0]]) if hit.size else None

    return CocoResult(table, float(by_threshold.mean()), at(0.5), at(0.75))
