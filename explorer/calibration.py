"""Calibration of a classifier: reliability bins, ECE, temperature scaling (Guo et al. 2017).

A classifier is calibrated when, among the examples it predicts with confidence c
(the top softmax probability), a fraction c is right. Split [0, 1] into M equal bins
B_m = ((m-1)/M, m/M] (the first one closed at 0, as sklearn's ``calibration_curve``):

    acc(B_m) = mean of 1[argmax = y] over B_m,     conf(B_m) = mean confidence over B_m
    ECE = sum_m |B_m| / n * |acc(B_m) - conf(B_m)|

Temperature scaling divides every logit by one T > 0 fitted on the validation split to
minimise the NLL; the argmax, hence the accuracy, does not change. With beta = 1/T the NLL

    NLL(beta) = mean_n [ logsumexp(beta z_n) - beta z_{n,y_n} ]

is convex, its slope mean_n [ E_{softmax(beta z_n)}[z_n] - z_{n,y_n} ] increases with beta,
so the best T is the root of that slope (or a bound of the searched range, said so).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from scipy.optimize import brentq

from explorer.budget import MAX_CLASSES, check_elements
from explorer.errors import InputError, check_array, check_int, check_number
from explorer.losses import MAX_ABS_LOGIT

DEFAULT_BINS = 15
TEMPERATURE_RANGE = (0.01, 100.0)   # T searched and accepted; beyond it softmax is ~one-hot/uniform


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


# Why a fitted T is not a real optimum, as templates (a page translates them: ui.i18n.message).
T_AT_LOWER = ("the validation NLL keeps falling as T shrinks (the logits rank every example "
              "right): T stops at the lower bound {bound:g}")
T_AT_UPPER = ("the validation NLL keeps falling as T grows (the logits point the wrong way): T "
              "stops at the upper bound {bound:g}")
T_FLAT = ("the validation NLL does not depend on T (every logit of an example is equal): T = 1 "
          "is kept")


@dataclass(frozen=True)
class TemperatureFit:
    temperature: float
    at_bound: str | None    # None, "lower" / "upper" (the NLL still falls beyond that end of
                            # TEMPERATURE_RANGE) or "flat" (the NLL does not depend on T)

    @property
    def note(self) -> str | None:
        """What a page should say when T is not a real optimum; None when it is."""
        low, high = TEMPERATURE_RANGE
        return {None: None,
                "lower": T_AT_LOWER.format(bound=low),
                "upper": T_AT_UPPER.format(bound=high),
                "flat": T_FLAT}[self.at_bound]


# a refusal of diverged logits (its Chinese: ui/strings/messages.py)
HUGE_LOGITS = ("logits reach {biggest:.3g}, beyond ±{limit:g} (did the training diverge?); retrain "
               "with a smaller learning rate")


def _check_logits(logits, labels) -> tuple[torch.Tensor, torch.Tensor]:
    """logits float[n, K] (K ≥ 2, |z| ≤ MAX_ABS_LOGIT), labels int[n] in 0..K-1 ->
    (float64 logits, int64 labels); InputError naming what is wrong otherwise."""
    try:
        z = check_array("logits", logits.detach().cpu().double().numpy()
                        if torch.is_tensor(logits) else logits, ndim=2)
    except InputError as err:
        if err.code != "not_finite":
            raise
        raise InputError("not_finite", "the logits contain NaN or ±inf (did the training "
                         "diverge?); retrain with a smaller learning rate", name="logits") from None
    y = check_array("labels", labels.detach().cpu().numpy() if torch.is_tensor(labels)
                    else labels, ndim=1, shape=(z.shape[0],))
    check_int("number of classes", z.shape[1], 2, MAX_CLASSES)
    if np.abs(z).max() > MAX_ABS_LOGIT:
        raise InputError("out_of_range", HUGE_LOGITS.format(biggest=np.abs(z).max(),
                                                            limit=MAX_ABS_LOGIT),
                         name="logits", value=float(np.abs(z).max()),
                         low=-MAX_ABS_LOGIT, high=MAX_ABS_LOGIT)
    wrong = ~np.isin(y, np.arange(z.shape[1]))
    if wrong.any():
        raise InputError("out_of_range", f"labels must be class indices 0..{z.shape[1] - 1}, "
                         f"got {y[wrong][0]}", name="labels", value=y[wrong][0].item(), low=0,
                         high=z.shape[1] - 1)
    return torch.as_tensor(z, dtype=torch.float64), torch.as_tensor(y.astype(np.int64))


def reliability_bins(confidence: np.ndarray, correct: np.ndarray,
                     n_bins: int = DEFAULT_BINS) -> ReliabilityBins:
    """confidence float[n] in [0, 1], correct bool[n] -> per-bin counts, accuracy, confidence
    (NaN marks an empty bin: nothing to draw there)."""
    n_bins = check_elements("bins", check_int("n_bins", n_bins, 1))
    confidence = check_array("confidence", confidence, ndim=1).astype(float)
    correct = check_array("correct", correct, ndim=1, shape=confidence.shape)
    if confidence.min() < 0 or confidence.max() > 1:
        bad = confidence[(confidence < 0) | (confidence > 1)][0]
        raise InputError("out_of_range", f"confidence must lie in [0, 1], got {bad:g}",
                         name="confidence", value=float(bad), low=0, high=1)
    if not np.isin(correct, (0, 1)).all():
        raise InputError("choice", "correct must hold only 0/1 or False/True", name="correct",
                         value=correct[~np.isin(correct, (0, 1))][0].item(), options=(0, 1))
    correct = correct.astype(float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_of = np.searchsorted(edges[1:-1], confidence)  # right-closed bins, like sklearn
    counts = np.bincount(bin_of, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.bincount(bin_of, weights=correct, minlength=n_bins) / counts
        mean_conf = np.bincount(bin_of, weights=confidence, minlength=n_bins) / counts
    return ReliabilityBins(edges, counts, accuracy, mean_conf)


def summarise(logits: torch.Tensor, labels: torch.Tensor, temperature: float = 1.0,
              n_bins: int = DEFAULT_BINS) -> CalibrationSummary:
    """logits float[n, K], labels int64[n] -> accuracy, NLL, ECE of softmax(logits / T),
    T in TEMPERATURE_RANGE."""
    logits, labels = _check_logits(logits, labels)
    temperature = check_number("temperature", temperature, *TEMPERATURE_RANGE)
    scaled = logits / temperature
    probabilities = scaled.softmax(dim=1)
    confidence, predicted = probabilities.max(dim=1)
    correct = (predicted == labels).numpy()
    bins = reliability_bins(confidence.numpy(), correct, n_bins)
    return CalibrationSummary(
        temperature=float(temperature), accuracy=float(correct.mean()),
        nll=float(F.cross_entropy(scaled, labels)), ece=bins.ece,
        mean_confidence=float(confidence.mean()), bins=bins)


def fit_temperature(logits, labels) -> TemperatureFit:
    """T in TEMPERATURE_RANGE minimising NLL(softmax(logits / T), labels): the root of the
    NLL's slope in beta = 1/T (scipy's brentq); when the slope keeps one sign over the whole
    range, T is the bound it points to and ``at_bound`` says which."""
    logits, labels = _check_logits(logits, labels)
    true_logit = logits.gather(1, labels[:, None])[:, 0]                    # [n]

    def slope(beta: float) -> float:
        expected = ((beta * logits).softmax(dim=1) * logits).sum(dim=1)  # E_p[z], [n]
        return float((expected - true_logit).mean())

    low, high = 1 / TEMPERATURE_RANGE[1], 1 / TEMPERATURE_RANGE[0]         # beta range
    at_low, at_high = slope(low), slope(high)
    if at_low >= 0 and at_high <= 0:
        return TemperatureFit(1.0, "flat")
    if at_low >= 0:
        return TemperatureFit(TEMPERATURE_RANGE[1], "upper")
    if at_high <= 0:
        return TemperatureFit(TEMPERATURE_RANGE[0], "lower")
    return TemperatureFit(1 / brentq(slope, low, high, xtol=1e-15, rtol=1e-13), None)
