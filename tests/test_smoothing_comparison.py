"""Template-plane projection (Müller et al. 2019) and cluster spread, against numpy."""
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from explorer import calibration
from explorer import smoothing_comparison as sc


def _pairwise(points):
    return np.linalg.norm(points[:, None] - points[None], axis=2)


def test_projection_equals_least_squares_projection_onto_the_plane():
    generator = torch.Generator().manual_seed(0)
    templates = torch.randn(3, 16, generator=generator, dtype=torch.float64)
    features = torch.randn(40, 16, generator=generator, dtype=torch.float64)
    coords = sc.project_on_templates(features, templates)
    # independent: orthogonal projection with numpy's least squares, distances compared
    a, spans = templates[0].numpy(), (templates[1:] - templates[0]).numpy().T  # [D, 2]
    solution = np.linalg.lstsq(spans, (features.numpy() - a).T, rcond=None)[0]  # [2, n]
    projected = (spans @ solution).T  # [n, D], in the plane, relative to a
    assert _pairwise(coords) == pytest.approx(_pairwise(projected), abs=1e-10)
    assert np.linalg.norm(coords, axis=1) == pytest.approx(np.linalg.norm(projected, axis=1))


def test_templates_keep_their_triangle():
    templates = torch.tensor([[1.0, 0, 0, 2], [0, 3, 0, 2], [0, 0, 1, 5]])
    coords = sc.project_on_templates(templates, templates)
    assert _pairwise(coords) == pytest.approx(_pairwise(templates.numpy()), abs=1e-6)
    assert coords[0] == pytest.approx([0.0, 0.0])


def test_collinear_templates_and_wrong_count_are_refused():
    line = torch.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    with pytest.raises(ValueError, match="collinear"):
        sc.template_plane(line)
    with pytest.raises(ValueError, match="exactly 3"):
        sc.template_plane(torch.zeros(2, 4))


def test_cluster_spread_closed_form_and_scale_invariance():
    ring = np.array([[1.0, 0], [-1, 0], [0, 1], [0, -1]])
    coords = np.concatenate([ring, ring + [5.0, 0]])
    labels = np.repeat([0, 1], 4)
    assert sc.cluster_spread(coords, labels) == pytest.approx(1 / 5)
    assert sc.cluster_spread(coords * 7, labels) == pytest.approx(1 / 5)
    with pytest.raises(ValueError, match="two classes"):
        sc.cluster_spread(ring, np.zeros(4, int))


class _Linear2Layer(torch.nn.Module):
    """The shape every registered model has: penultimate(x) and a final Linear ``head``."""

    def __init__(self):
        super().__init__()
        self.body, self.head = torch.nn.Linear(4, 6), torch.nn.Linear(6, 3)

    def penultimate(self, x):
        return torch.relu(self.body(x))

    def forward(self, x):
        return self.head(self.penultimate(x))


def _fake_result(stopped_reason=None):
    torch.manual_seed(0)
    x, y = torch.randn(300, 4), torch.randint(0, 3, (300,))
    splits = SimpleNamespace(x_train=x[:200], y_train=y[:200], x_val=x[200:250],
                             y_val=y[200:250], x_test=x[250:], y_test=y[250:],
                             classes=["a", "b", "c"])
    return SimpleNamespace(model=_Linear2Layer(), splits=splits, stopped_reason=stopped_reason)


def test_evaluate_reports_test_calibration_and_the_projection():
    result = _fake_result()
    report = sc.evaluate(result, epsilon=0.1, classes=(0, 1, 2))
    with torch.no_grad():
        logits = result.model(result.splits.x_test)
    expected_accuracy = (logits.argmax(1) == result.splits.y_test).float().mean().item()
    assert report.before.accuracy == pytest.approx(expected_accuracy)
    assert report.after.accuracy == report.before.accuracy  # T never changes the argmax
    assert report.after.temperature == pytest.approx(
        calibration.fit_temperature(result.model(result.splits.x_val).detach(),
                                    result.splits.y_val))
    assert report.coords.shape == (200, 2)
    assert np.array_equal(report.coord_labels, result.splits.y_train.numpy())


def test_evaluate_refuses_a_diverged_training_and_bad_classes():
    with pytest.raises(ValueError, match="diverged"):
        sc.evaluate(_fake_result("diverged: loss diverged at step 3"), 0.1)
    with pytest.raises(ValueError, match="3 different classes"):
        sc.evaluate(_fake_result(), 0.1, classes=(0, 0, 1))
