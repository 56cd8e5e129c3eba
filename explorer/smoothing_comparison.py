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

from explorer import calibration, disk_cache
from explorer.data import Splits, load_dataset
from explorer.errors import InputError, check_array, check_number
from explorer.models import build_model
from explorer.train import FitResult, TrainConfig, fit, single_cpu_thread

# The default comparison: small enough to train both models in seconds on a CPU.
DEFAULT_EPSILON = 0.1
DEFAULT_CLASSES = (0, 1, 2)
DEFAULT_CONFIG = TrainConfig(dataset="digits", model="lenet", epochs=10)
RELIABILITY_BINS = 10  # the digits test split has 180 examples: 18 per bin on average
MAX_ABS_VALUE = 1e150  # activations, weights, coordinates: their squares stay finite


def template_plane(templates: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """templates float[3, D] (D ≥ 2) -> (origin float[D], orthonormal basis float[D, 2]) of
    the plane through the three points (QR of [w_b - w_a, w_c - w_a])."""
    templates = torch.as_tensor(_finite("templates", templates, 2))
    if templates.shape[0] != 3 or templates.shape[1] < 2:
        raise InputError("shape", f"need exactly 3 templates of at least 2 values, got shape "
                         f"{tuple(templates.shape)}", name="templates", expected="[3, D ≥ 2]",
                         got=tuple(templates.shape))
    origin = templates[0]
    basis, r = torch.linalg.qr((templates[1:] - origin).T)  # [D, 2], [2, 2]
    if r.diagonal().abs().min() <= 1e-12 * r.abs().max():   # also all equal (r = 0)
        raise InputError("degenerate", "the three templates are collinear: they do not span "
                         "a plane", name="templates")
    return origin, basis


def _finite(name: str, values, ndim: int) -> np.ndarray:
    """A float64 array of ``ndim`` dimensions, from a tensor or an array, within
    ±MAX_ABS_VALUE."""
    if torch.is_tensor(values):
        values = values.detach().cpu().double().numpy()
    array = check_array(name, values, ndim=ndim).astype(np.float64)
    if np.abs(array).max() > MAX_ABS_VALUE:
        raise InputError("out_of_range", f"{name} reach {np.abs(array).max():.3g}, beyond "
                         f"±{MAX_ABS_VALUE:g}", name=name, value=float(np.abs(array).max()),
                         low=-MAX_ABS_VALUE, high=MAX_ABS_VALUE)
    return array


def project_on_templates(features: torch.Tensor, templates: torch.Tensor) -> np.ndarray:
    """features float[n, D], templates float[3, D] -> coordinates float[n, 2] in their plane."""
    origin, basis = template_plane(templates)
    features = torch.as_tensor(_finite("features", features, 2))
    if features.shape[1] != basis.shape[0]:
        raise InputError("shape", f"features have {features.shape[1]} values each, the "
                         f"templates {basis.shape[0]}", name="features",
                         expected=basis.shape[0], got=features.shape[1])
    return ((features - origin) @ basis).numpy()


def cluster_spread(coords: np.ndarray, labels: np.ndarray) -> float:
    """Mean distance to the own class mean / mean distance between class means.

    Scale-free, so a network that merely shrinks its activations does not look tighter.
    Lower = tighter, better separated clusters. coords float[n, 2], labels int[n].
    """
    coords = _finite("coords", coords, 2)
    labels = check_array("labels", labels, ndim=1, shape=(len(coords),))
    if coords.shape[1] != 2:
        raise InputError("shape", f"coords must be [n, 2], got {coords.shape}", name="coords",
                         expected="[n, 2]", got=coords.shape)
    classes = np.unique(labels)
    if len(classes) < 2:
        raise InputError("single_class", "need at least two classes to compare their clusters",
                         name="labels", value=classes.tolist())
    means = np.stack([coords[labels == k].mean(axis=0) for k in classes])  # [K, 2]
    within = np.mean([np.hypot(*(coords[labels == k] - means[i]).T).mean()   # hypot: no
                      for i, k in enumerate(classes)])                       # underflow
    between = np.hypot(*(means[:, None] - means[None]).transpose(2, 0, 1))[
        np.triu_indices(len(classes), 1)]
    if not between.mean() > 0:
        raise InputError("degenerate", "the class means coincide: the spread is undefined",
                         name="coords")
    return float(within / between.mean())


DIVERGED = "the ε = {epsilon:g} model diverged: {reason}"   # reason: explorer.divergence's


@dataclass(frozen=True)
class ModelReport:
    epsilon: float
    stopped_reason: str | None
    before: calibration.CalibrationSummary   # test split, T = 1
    after: calibration.CalibrationSummary    # test split, T fitted on val
    coords: np.ndarray                       # float[n, 2], train examples of the 3 classes
    coord_labels: np.ndarray                 # int[n] in 0..2 (index into the chosen classes)
    spread: float                            # cluster_spread(coords, coord_labels)
    temperature_note: str | None             # why T is not a real optimum (None when it is)


# a refusal the page's settings reach (its Chinese: ui/strings/messages.py)
NOTHING_TO_COMPARE = "ε = {epsilon:g} must lie in (0, 1) to compare with the ε = 0 model"


def configs(base, epsilon: float):
    """(baseline, smoothed) TrainConfigs: ``base`` with label_smoothing 0 and eps."""
    epsilon = check_number("epsilon", epsilon)
    if not 0.0 < epsilon < 1.0:
        raise InputError("out_of_range", NOTHING_TO_COMPARE.format(epsilon=epsilon),
                         name="epsilon", value=epsilon, low=0, high=1)
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


@dataclass(frozen=True)
class TrainedModel:
    """What ``evaluate`` needs of a training (a ``FitResult`` has it too)."""
    model: torch.nn.Module           # eval mode, on the CPU
    splits: Splits
    stopped_reason: str | None


def default_pair(callback: Callable[[int, dict], None] | None = None) -> list[TrainedModel]:
    """``train_pair(DEFAULT_CONFIG, DEFAULT_EPSILON)`` once per installation: both models'
    weights are kept in the disk cache (``explorer.disk_cache``, keyed by the code's version),
    so later calls, in any process, read them back instead of training, and a caller arriving
    while another trains waits for that training. ``callback`` hears only a training that
    happens."""
    def train() -> dict[str, np.ndarray]:
        results = train_pair(DEFAULT_CONFIG, DEFAULT_EPSILON, callback)
        weights = {f"{i}.{name}": value.detach().cpu().numpy()
                   for i, result in enumerate(results)
                   for name, value in result.model.state_dict().items()}
        return weights | {"stopped_reason": np.array([r.stopped_reason or "" for r in results])}

    stored = disk_cache.cached("label_smoothing_pair", {"config": DEFAULT_CONFIG.to_dict(),
                                                        "epsilon": DEFAULT_EPSILON},
                               train, arrays=True)
    splits = load_dataset(DEFAULT_CONFIG.dataset, seed=DEFAULT_CONFIG.seed)
    pair = []
    for i, reason in enumerate(stored["stopped_reason"]):
        model = build_model(DEFAULT_CONFIG.model, splits.input_shape, splits.num_classes,
                            **DEFAULT_CONFIG.model_options)
        model.load_state_dict({name.split(".", 1)[1]: torch.from_numpy(value)
                               for name, value in stored.items()
                               if name.startswith(f"{i}.")})
        pair.append(TrainedModel(model.eval(), splits, str(reason) or None))
    return pair


def trained_pair(base: TrainConfig, epsilon: float,
                 callback: Callable[[int, dict], None] | None = None):
    """The page's pair: the default one from the disk cache (``default_pair``), any other
    setting trained (``train_pair``)."""
    if base == DEFAULT_CONFIG and epsilon == DEFAULT_EPSILON:
        return default_pair(callback)
    return train_pair(base, epsilon, callback)


@torch.no_grad()
def evaluate(result, epsilon: float, classes: tuple[int, int, int] = DEFAULT_CLASSES,
             n_bins: int = RELIABILITY_BINS) -> ModelReport:
    """A ``FitResult`` -> calibration on test (T from val) and the template-plane picture."""
    if result.stopped_reason and result.stopped_reason.startswith("diverged"):
        raise InputError("other", DIVERGED.format(
            epsilon=epsilon, reason=result.stopped_reason.removeprefix("diverged: ")),
                         name="result", reason=result.stopped_reason)
    model, splits = result.model.cpu().eval(), result.splits
    if len(set(classes)) != 3 or not all(isinstance(k, (int, np.integer)) and
                                         0 <= k < len(splits.classes) for k in classes):
        raise InputError("choice", f"pick 3 different classes among "
                         f"0..{len(splits.classes) - 1}, got {classes}", name="classes",
                         value=classes, options=tuple(range(len(splits.classes))))
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
        after=calibration.summarise(test_logits, splits.y_test, temperature.temperature,
                                    n_bins),
        coords=coords, coord_labels=coord_labels, spread=cluster_spread(coords, coord_labels),
        temperature_note=temperature.note)
