"""Calibration of a classifier: reliability bins, ECE, temperature scaling (Guo et al. 2017).

A classifier is calibrated when, among the examples it predicts with confidence c
(the top softmax probability), a fraction c is right. Split [0, 1] into M equal bins
B_m = ((m-1)/M, m/M] (the first one closed at 0, as sklearn's ``calibration_curve``):

    acc(B_m) = mean of 1[argmax = y] over B_m,     conf(B_m) = mean confidence over B_m
    ECE = sum_m |B_m| / n * |acc(B_m) - conf(B_m)|

Temperature scaling divides every logit by one T > 0 fitted on the validation split to
minimise the NLL; the argmax, hence the accuracy, does not change.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

DEFAULT_BINS = 15


@dataclass(frozen=True)
class ReliabilityBins:
    edges: np.ndarray       # float[M + 1], 0 .. 1
    counts: np.ndarray      # int[M], examples per bin (the confidence histogram)
    accuracy: np.ndarray    # float[M], NaN where a bin is empty
    confidence: np.ndarray  # float[M], mean confidence, NaN where empty

    @property
    def ece(self) -> float:
        filled = self.counts > 0
        gaps = np.abs(self.accuracy[filled] - self.confidence[filled])
        return float((self.counts[filled] * gaps).sum() / self.counts.sum())


@dataclass(frozen=True)
class CalibrationSummary:
    temperature: float
    accuracy: float
    nll: float              # mean -log p_y
    ece: float
    mean_confidence: float
    bins: ReliabilityBins


def _check_logits(logits: torch.Tensor, labels: torch.Tensor) -> None:
    if logits.ndim != 2 or labels.shape != (logits.shape[0],) or len(labels) == 0:
        raise ValueError(f"logits {tuple(logits.shape)} and labels {tuple(labels.shape)} "
                         "must be [n, K] and [n] with n > 0")
    if not torch.isfinite(logits).all():
        raise ValueError("the logits contain NaN or ±inf (did the training diverge?); "
                         "retrain with a smaller learning rate")


def reliability_bins(confidence: np.ndarray, correct: np.ndarray,
                     n_bins: int = DEFAULT_BINS) -> ReliabilityBins:
    """confidence float[n] in [0, 1], correct bool[n] -> per-bin counts, accuracy, confidence."""
    if n_bins < 1:
        raise ValueError(f"number of bins {n_bins} must be ≥ 1")
    confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_of = np.searchsorted(edges[1:-1], confidence)  # right-closed bins, like sklearn
    counts = np.bincount(bin_of, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.bincount(bin_of, weights=correct, minlength=n_bins) / counts
        mean_conf = np.bincount(bin_of, weights=confidence, minlength=n_bins) / counts
    return ReliabilityBins(edges, counts, accuracy, mean_conf)


def summarise(logits: torch.Tensor, labels: torch.Tensor, temperature: float = 1.0,
              n_bins: int = DEFAULT_BINS) -> CalibrationSummary:
    """logits float[n, K], labels int64[n] -> accuracy, NLL, ECE of softmax(logits / T)."""
    _check_logits(logits, labels)
    scaled = logits.double() / temperature
    probabilities = scaled.softmax(dim=1)
    confidence, predicted = probabilities.max(dim=1)
    correct = (predicted == labels).numpy()
    bins = reliability_bins(confidence.numpy(), correct, n_bins)
    return CalibrationSummary(
        temperature=float(temperature), accuracy=float(correct.mean()),
        nll=float(F.cross_entropy(scaled, labels)), ece=bins.ece,
        mean_confidence=float(confidence.mean()), bins=bins)


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """T > 0 minimising NLL(softmax(logits / T), labels); L-BFGS on log T (keeps T > 0)."""
    _check_logits(logits, labels)
    logits = logits.detach().double()
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.5, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.detach().exp())
