"""Template-plane projection (Müller et al. 2019) and cluster spread, against numpy."""
import numpy as np
import pytest
import torch

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
