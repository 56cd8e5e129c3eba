"""A finished run on its test split: confusion matrix and the images it got wrong."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import confusion_matrix

from explorer.metrics import checkpoint_scores


@dataclass(frozen=True)
class Mistake:
    pixels: np.ndarray   # uint8 [H, W] or [H, W, 3], enlarged for display
    truth: str
    predicted: str
    confidence: float    # softmax probability of the predicted class


@dataclass(frozen=True)
class TestReport:
    classes: list[str]
    confusion: np.ndarray  # int [K, K], rows = truth, columns = prediction (sklearn's layout)
    accuracy: float
    mistakes: list[Mistake]  # most confident mistakes first


def display_pixels(images: np.ndarray, size: int = 84) -> np.ndarray:
    """[N, C, H, W] floats in [0, 1] -> uint8 [N, H', W'] (C = 1) or [N, H', W', 3], enlarged
    by an integer factor with nearest-neighbour so 8x8 digits stay crisp."""
    factor = max(1, size // images.shape[-1])
    pixels = (np.clip(images, 0, 1) * 255).round().astype(np.uint8)
    pixels = pixels.repeat(factor, axis=2).repeat(factor, axis=3).transpose(0, 2, 3, 1)
    return pixels[..., 0] if pixels.shape[-1] == 1 else pixels


def test_report(run_id: str, max_mistakes: int = 24) -> TestReport:
    """Evaluate run ``run_id``'s checkpoint on its test split (images datasets show mistakes)."""
    from explorer.data import denormalize, load_dataset
    from explorer.runs import get_run

    labels, probabilities, classes = checkpoint_scores(run_id)
    predicted = probabilities.argmax(1)
    counts = confusion_matrix(labels, predicted, labels=np.arange(len(classes)))
    wrong = np.flatnonzero(predicted != labels)
    wrong = wrong[np.argsort(-probabilities[wrong, predicted[wrong]])][:max_mistakes]
    mistakes = []
    config = get_run(run_id).config
    splits = load_dataset(config["dataset"], seed=config.get("seed", 0))
    if splits.is_image and len(wrong):
        pixels = display_pixels(denormalize(splits.x_test[wrong], splits).numpy())
        mistakes = [Mistake(p, classes[labels[i]], classes[predicted[i]],
                            float(probabilities[i, predicted[i]])) for p, i in zip(pixels, wrong)]
    return TestReport(classes, counts, float((predicted == labels).mean()), mistakes)
