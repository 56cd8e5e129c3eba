"""A finished run on its test split: confusion matrix and the images it got wrong."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import confusion_matrix

from explorer.metrics import scores_on_test


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


def evaluate_run(run_id: str, max_mistakes: int = 24, size: int = 84) -> TestReport:
    """Evaluate run ``run_id``'s checkpoint on its test split; image datasets also get their
    most confident mistakes, enlarged by an integer factor (nearest neighbour, so 8x8 digits
    stay crisp) to about ``size`` pixels."""
    from explorer.data import denormalize
    from explorer.predict import as_pixels
    from explorer.runs import load_trained

    model, _, splits = load_trained(run_id)
    labels, probabilities, classes = scores_on_test(model, splits)
    predicted = probabilities.argmax(1)
    counts = confusion_matrix(labels, predicted, labels=np.arange(len(classes)))
    wrong = np.flatnonzero(predicted != labels)
    wrong = wrong[np.argsort(-probabilities[wrong, predicted[wrong]])][:max_mistakes]
    mistakes = []
    if splits.is_image and len(wrong):
        factor = max(1, size // splits.input_shape[-1])
        pixels = as_pixels(denormalize(splits.x_test[wrong], splits))
        pixels = pixels.repeat(factor, axis=1).repeat(factor, axis=2)
        mistakes = [Mistake(p, classes[labels[i]], classes[predicted[i]],
                            float(probabilities[i, predicted[i]])) for p, i in zip(pixels, wrong)]
    return TestReport(classes, counts, float((predicted == labels).mean()), mistakes)
