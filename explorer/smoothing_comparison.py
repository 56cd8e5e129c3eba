"""What label smoothing does to a trained network: eps = 0 vs eps > 0, side by side.

Both models come from ``explorer.train.fit`` with the same data, seed and schedule; only
``label_smoothing`` differs (and optionally ``label_noise``, the same for both). Each is
then measured on the test split: accuracy, NLL, ECE before and after temperature scaling
(T fitted on the validation split, ``explorer.calibration``), and the picture of
Müller, Kornblith & Hinton 2019, "When does label smoothing help?", section 2: take three
classes, the rows w_a, w_b, w_c of the last layer ("templates"), an orthonormal basis of the
plane through them, and project the penultimate activations of those classes onto it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Callable

import numpy as np
import torch

from explorer import calibration
from explorer.data import load_dataset
from explorer.train import FitResult, TrainConfig, fit, single_cpu_thread

# The default comparison: small enough to train both models in seconds on a CPU.
DEFAULT_EPSILON = 0.1
DEFAULT_CLASSES = (0, 1, 2)
DEFAULT_CONFIG = TrainConfig(dataset="digits", model="lenet", epochs=10)
RELIABILITY_BINS = 10  # the digits test split has 180 examples: 18 per bin on average


def template_plane(templates: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """templates float[3, D] -> (origin float[D], orthonormal basis float[D, 2]) of the plane
    through the three points (QR of [w_b - w_a, w_c - w_a])."""
    if templates.shape[0] != 3:
        raise ValueError(f"need exactly 3 templates, got {templates.shape[0]}")
    origin = templates[0]
    basis, r = torch.linalg.qr((templates[1:] - origin).T)  # [D, 2], [2, 2]
    if r.diagonal().abs().min() < 1e-12 * r.abs().max():
        raise ValueError("the three templates are collinear: they do not span a plane")
    return origin, basis


def project_on_templates(features: torch.Tensor, templates: torch.Tensor) -> np.ndarray:
    """features float[n, D], templates float[3, D] -> coordinates float[n, 2] in their plane."""
    origin, basis = template_plane(templates.double())
    return ((features.double() - origin) @ basis).numpy()


def cluster_spread(coords: np.ndarray, labels: np.ndarray) -> float:
    """Mean distance to the own class mean / mean distance between class means.

    Scale-free, so a network that merely shrinks its activations does not look tighter.
    Lower = tighter, better separated clusters. coords float[n, 2], labels int[n].
    """
    classes = np.unique(labels)
    if len(classes) < 2:
        raise ValueError("need at least two classes to compare their clusters")
    means = np.stack([coords[labels == k].mean(axis=0) for k in classes])  # [K, 2]
    within = np.mean([np.linalg.norm(coords[labels == k] - means[i], axis=1).mean()
                      for i, k in enumerate(classes)])
    between = np.linalg.norm(means[:, None] - means[None], axis=2)[np.triu_indices(len(classes), 1)]
    return float(within / between.mean())


@dataclass(frozen=True)
class ModelReport:
    epsilon: float
    stopped_reason: str | None
    before: calibration.CalibrationSummary   # test split, T = 1
    after: calibration.CalibrationSummary    # test split, T fitted on val
    coords: np.ndarray                       # float[n, 2], train examples of the 3 classes
    coord_labels: np.ndarray                 # int[n] in 0..2 (index into the chosen classes)
    spread: float                            # cluster_spread(coords, coord_labels)


def configs(base, epsilon: float):
    """(baseline, smoothed) TrainConfigs: ``base`` with label_smoothing 0 and eps."""
    if not 0.0 < epsilon < 1.0:
        raise ValueError(f"ε = {epsilon:g} must lie in (0, 1) to compare with the ε = 0 model")
    return replace(base, label_smoothing=0.0), replace(base, label_smoothing=epsilon)


def train_pair(base: TrainConfig, epsilon: float,
               callback: Callable[[int, dict], None] | None = None) -> list[FitResult]:
    """Fit the ε = 0 model and the ε model of ``configs(base, epsilon)`` on the same splits.

    ``callback(i, event)`` relays ``fit``'s events, i = 0 for the baseline, 1 for the other.
    """
    pair = configs(base, epsilon)
    splits = load_dataset(base.dataset, seed=base.seed)
    # LeNet steps on 64 8x8 digits gain nothing from threads: bench_label_smoothing.py
    # measured the pair at 2.2 s on 1 thread, 37 s on torch's default 2 on the loaded box
    with single_cpu_thread():
        return [fit(config, splits=splits,
                    callback=None if callback is None else partial(callback, i))
                for i, config in enumerate(pair)]


@torch.no_grad()
def evaluate(result, epsilon: float, classes: tuple[int, int, int] = DEFAULT_CLASSES,
             n_bins: int = RELIABILITY_BINS) -> ModelReport:
    """A ``FitResult`` -> calibration on test (T from val) and the template-plane picture."""
    if result.stopped_reason and result.stopped_reason.startswith("diverged"):
        raise ValueError(f"the ε = {epsilon:g} model {result.stopped_reason}")
    model, splits = result.model.cpu().eval(), result.splits
    if len(set(classes)) != 3 or not all(0 <= k < len(splits.classes) for k in classes):
        raise ValueError(f"pick 3 different classes among 0..{len(splits.classes) - 1}, "
                         f"got {classes}")
    temperature = calibration.fit_temperature(model(splits.x_val), splits.y_val)
    test_logits = model(splits.x_test)
    chosen = torch.tensor(classes)
    keep = torch.isin(splits.y_train, chosen)
    coords = project_on_templates(model.penultimate(splits.x_train[keep]),
                                  model.head.weight[chosen])
    coord_labels = (splits.y_train[keep, None] == chosen).int().argmax(dim=1).numpy()
    return ModelReport(
        epsilon=epsilon, stopped_reason=result.stopped_reason,
        before=calibration.summarise(test_logits, splits.y_test, 1.0, n_bins),
        after=calibration.summarise(test_logits, splits.y_test, temperature, n_bins),
        coords=coords, coord_labels=coord_labels, spread=cluster_spread(coords, coord_labels))
