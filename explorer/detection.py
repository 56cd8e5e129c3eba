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

from explorer.metrics import sampled_ap

COCO_IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)   # .50:.05:.95, as pycocotools
SOFT_NMS_METHODS = ("hard", "linear", "gaussian")


def as_boxes(boxes) -> torch.Tensor:
    """Any [N, 4] (or one [4]) array of xyxy boxes -> float64 Tensor[N, 4]; ValueError if any
    box has x2 <= x1 or y2 <= y1."""
    boxes = torch.as_tensor(np.asarray(boxes, dtype=np.float64)).reshape(-1, 4)
    flat = (boxes[:, 2] <= boxes[:, 0]) | (boxes[:, 3] <= boxes[:, 1])
    if flat.any():
        raise ValueError(f"box {boxes[flat][0].tolist()} has no area: need x2 > x1 and y2 > y1")
    return boxes


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
    """Ingredients of the seed's formulas (numbers to show) and torchvision's values."""
    a, b = as_boxes(box_a), as_boxes(box_b)                                   # [1, 4] each
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
    """torchvision.ops.nms -> kept indices int64[K], by decreasing score."""
    return ops.nms(as_boxes(boxes), torch.as_tensor(scores, dtype=torch.float64), iou_threshold)


def nms_scores(boxes, scores, iou_threshold: float) -> np.ndarray:
    """Scores after torchvision's NMS: unchanged where kept, 0 where suppressed -> float[N]."""
    after = np.zeros(len(scores))
    kept = nms(boxes, scores, iou_threshold).numpy()
    after[kept] = np.asarray(scores)[kept]
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

    A box whose score falls below ``score_threshold`` is dropped. boxes [N, 4], scores [N].
    """
    if method not in SOFT_NMS_METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {SOFT_NMS_METHODS}")
    if method == "gaussian" and sigma <= 0:
        raise ValueError(f"sigma={sigma} must be > 0 for the Gaussian penalty")
    boxes = as_boxes(boxes)
    scores = torch.as_tensor(scores, dtype=torch.float64).clone()           # [N]
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
    """A set of boxes over several images: image int[N], label int[N], xyxy float[N, 4],
    score float[N] (1 for ground truth)."""
    image: np.ndarray
    label: np.ndarray
    xyxy: np.ndarray
    score: np.ndarray

    def where(self, keep) -> Boxes:
        return Boxes(self.image[keep], self.label[keep], self.xyxy[keep], self.score[keep])

    @staticmethod
    def concat(*parts: Boxes) -> Boxes:
        return Boxes(*(np.concatenate([getattr(part, name) for part in parts])
                       for name in ("image", "label", "xyxy", "score")))

    def rescored(self, scores: np.ndarray) -> Boxes:
        """The same boxes with new scores; boxes scored 0 (suppressed) are dropped."""
        keep = np.asarray(scores) > 0
        return Boxes(self.image[keep], self.label[keep], self.xyxy[keep],
                     np.asarray(scores)[keep])


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
    rng = np.random.default_rng(seed)
    gt = _random_boxes(rng, n_objects, size)
    owner = np.repeat(np.arange(n_objects), per_object)
    det = _jitter(rng, gt[owner], noise)
    quality = ops.box_iou(as_boxes(det), as_boxes(gt)).numpy()[np.arange(len(det)), owner]
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
    rng = np.random.default_rng(seed)
    counts = rng.poisson(objects, n_images).clip(min=1)
    gt = Boxes(np.repeat(np.arange(n_images), counts),
               rng.integers(0, n_classes, counts.sum()),
               _random_boxes(rng, counts.sum(), size), np.ones(counts.sum()))
    found = gt.where(rng.random(len(gt.image)) >= miss_rate)
    det_xyxy = _jitter(rng, found.xyxy, noise)
    iou = ops.box_iou(as_boxes(det_xyxy), as_boxes(found.xyxy)).diagonal().numpy()
    n_fp = rng.poisson(false_positives, n_images)
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
    n_gt: int

    def curve(self, t: int = 0):
        """Recall and precision after each detection at IoU threshold index t -> ([D], [D])."""
        tp = np.cumsum(self.is_tp[t])
        return tp / self.n_gt, tp / np.arange(1, len(tp) + 1)


def match_class(gt: Boxes, det: Boxes, label: int, thresholds=COCO_IOU_THRESHOLDS,
                max_dets: int = 100) -> Matches:
    """Match one class's detections image by image (top ``max_dets`` per image), then pool."""
    gt, det = gt.where(gt.label == label), det.where(det.label == label)
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
    if matches.score.size == 0:
        return 0.0
    return sampled_ap(*matches.curve(t), points)


@dataclass(frozen=True)
class CocoResult:
    per_class: pd.DataFrame   # rows: classes with ground truth; columns AP@.50 … AP@.95
    map: float                # mean over classes and thresholds (COCO "AP")
    ap50: float
    ap75: float


def coco_map(gt: Boxes, det: Boxes, class_names: list[str] | None = None,
             thresholds=COCO_IOU_THRESHOLDS, max_dets: int = 100) -> CocoResult:
    """mAP@[.5:.95] the COCO way: for each class with ground truth and each IoU threshold,
    101-point AP; classes without ground truth are skipped (pycocotools' −1)."""
    labels = np.unique(gt.label)
    names = class_names or [str(k) for k in range(int(labels.max()) + 1)]
    table = pd.DataFrame(
        [[class_ap(match_class(gt, det, k, thresholds, max_dets), t)
          for t in range(len(thresholds))] for k in labels],
        index=[names[k] for k in labels], columns=[f"AP@{t:.2f}" for t in thresholds])
    by_threshold = table.mean()                       # mean over classes, per threshold
    return CocoResult(table, float(by_threshold.mean()), float(by_threshold.iloc[0]),
                      float(by_threshold.get("AP@0.75", float("nan"))))
