"""explorer.losses against torch's label_smoothing, torchvision's focal loss and closed forms."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torchvision.ops import sigmoid_focal_loss

from explorer import losses
from explorer.errors import InputError


def test_smoothed_targets_follow_the_seed_formula():
    q = losses.smoothed_targets(torch.tensor([2, 0]), 4, 0.2)
    expected_true, expected_other = 1 - 0.2 + 0.2 / 4, 0.2 / 4
    assert q[0].tolist() == pytest.approx([expected_other] * 2 + [expected_true, expected_other])
    assert q[1, 0].item() == pytest.approx(expected_true)
    assert q.sum(dim=1).tolist() == pytest.approx([1.0, 1.0])


@pytest.mark.parametrize("epsilon", [0.0, 0.1, 0.37, 0.99])
def test_smoothed_cross_entropy_equals_torch(epsilon):
    generator = torch.Generator().manual_seed(1)
    logits = torch.randn(64, 7, generator=generator) * 3
    labels = torch.randint(0, 7, (64,), generator=generator)
    ours = losses.smoothed_cross_entropy(logits, labels, epsilon)
    reference = torch.nn.CrossEntropyLoss(label_smoothing=epsilon)(logits, labels)
    assert ours.item() == pytest.approx(reference.item(), rel=1e-6)


@pytest.mark.parametrize("epsilon, classes", [(-0.1, 10), (1.0, 10), (1.5, 3), (0.1, 1)])
def test_bad_epsilon_or_class_count_is_refused(epsilon, classes):
    with pytest.raises(ValueError, match="ε|N ="):
        losses.smoothed_targets(torch.tensor([0]), classes, epsilon)


def test_loss_vs_true_logit_matches_the_closed_form():
    z, n, eps = np.linspace(-4, 10, 29), 5, 0.2
    ce, smooth = losses.loss_vs_true_logit(z, n, eps)
    log_partition = np.log(np.exp(z) + n - 1)
    assert ce == pytest.approx(log_partition - z)
    # q_y (-log p_y) + (N-1) q_i (-log p_i), with log p_i = -log_partition for the zeros
    assert smooth == pytest.approx((1 - eps + eps / n) * (log_partition - z)
                                   + (n - 1) * eps / n * log_partition)
    # CE keeps falling as z grows; smoothed CE turns back up past the optimal gap
    assert np.all(np.diff(ce) < 0)
    assert z[np.argmin(smooth)] == pytest.approx(losses.optimal_gap(eps, n), abs=0.5)


@pytest.mark.parametrize("epsilon, classes", [(0.05, 10), (0.1, 10), (0.3, 3), (0.8, 2)])
def test_numeric_optimum_has_equal_wrong_logits_and_the_closed_form_gap(epsilon, classes):
    found = losses.numeric_optimum(epsilon, classes, seed=3)
    assert found.spread < 1e-4
    assert found.gap == pytest.approx(float(losses.optimal_gap(epsilon, classes)), abs=1e-4)
    # at p = q the loss equals the entropy of q, its lower bound
    assert found.loss == pytest.approx(found.entropy_floor, abs=1e-7)


def test_seed_gap_is_the_optimum_of_the_other_convention():
    # eps' spread over the N-1 wrong classes equals torch's eps with eps' = eps (N-1)/N
    eps, n = np.array([0.05, 0.2, 0.6]), 10
    assert losses.seed_optimal_gap(eps * (n - 1) / n, n) == pytest.approx(
        losses.optimal_gap(eps, n))
    assert np.all(losses.seed_optimal_gap(eps, n) < losses.optimal_gap(eps, n))


def test_gap_is_infinite_without_smoothing_and_zero_when_targets_are_uniform():
    assert losses.optimal_gap(0.0, 10) == np.inf
    assert losses.optimal_gap(1.0, 10) == 0.0
    with pytest.raises(ValueError, match="no minimum"):
        losses.numeric_optimum(0.0, 10)


@pytest.mark.parametrize("alpha, gamma", [(0.25, 2.0), (0.5, 0.0), (-1, 1.5), (0.9, 5.0)])
def test_focal_loss_equals_torchvision(alpha, gamma):
    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(200, generator=generator) * 4
    targets = (torch.rand(200, generator=generator) > 0.7).float()
    ours = losses.focal_loss(logits, targets, alpha=alpha, gamma=gamma)
    reference = sigmoid_focal_loss(logits, targets, alpha=alpha, gamma=gamma, reduction="none")
    torch.testing.assert_close(ours, reference)


def test_focal_with_gamma_zero_and_no_alpha_is_binary_cross_entropy():
    logits, targets = torch.tensor([-3.0, 0.5, 8.0]), torch.tensor([1.0, 0.0, 1.0])
    torch.testing.assert_close(losses.focal_loss(logits, targets, alpha=-1, gamma=0),
                               F.binary_cross_entropy_with_logits(logits, targets,
                                                                  reduction="none"))


def test_focal_curves_match_closed_form_loss_and_gradient():
    p, gamma, alpha = np.array([0.05, 0.3, 0.5, 0.9, 0.99]), 2.0, 0.25
    loss, gradient = losses.focal_curves(p, gamma, alpha)
    assert loss == pytest.approx(-alpha * (1 - p) ** gamma * np.log(p))
    # d/dz with dp/dz = p(1-p): alpha (1-p)^g [g p log p - (1 - p)]
    assert gradient == pytest.approx(alpha * (1 - p) ** gamma * (gamma * p * np.log(p) - (1 - p)))
    easy_down_weighting = loss / losses.focal_curves(p, 0.0, alpha)[0]
    assert easy_down_weighting == pytest.approx((1 - p) ** 2)


def test_bad_focal_parameters_are_refused():
    with pytest.raises(ValueError, match="γ"):
        losses.focal_loss(torch.zeros(2), torch.ones(2), gamma=-1)
    with pytest.raises(ValueError, match="α"):
        losses.focal_loss(torch.zeros(2), torch.ones(2), alpha=1.5)


# ----------------------------------------------------------------------- dtype and refusals
def test_focal_loss_in_float64_equals_torchvision_to_the_last_bits():
    # alpha_t was built in float32: 2.6e-8 relative error at alpha = 0.9
    generator = torch.Generator().manual_seed(3)
    logits = torch.randn(500, generator=generator, dtype=torch.float64) * 4
    targets = (torch.rand(500, generator=generator, dtype=torch.float64) > 0.7).double()
    ours = losses.focal_loss(logits, targets, alpha=0.9, gamma=2.0)
    reference = sigmoid_focal_loss(logits, targets, alpha=0.9, gamma=2.0, reduction="none")
    assert ours.dtype == torch.float64
    torch.testing.assert_close(ours, reference, rtol=1e-12, atol=0)


@pytest.mark.parametrize("kwargs, code", [
    ({"alpha": float("nan")}, "not_finite"), ({"gamma": float("nan")}, "not_finite"),
    ({"gamma": 1e308}, "out_of_range"),
    ({"targets": torch.tensor([0.5, 1.0])}, "choice"),     # was a negative loss at t = 2
    ({"targets": torch.tensor([2.0, 1.0])}, "choice"),
    ({"targets": torch.ones(3)}, "shape"),
    ({"logits": torch.tensor([float("nan"), 0.0])}, "not_finite"),
    ({"logits": torch.tensor([])}, "empty"),
])
def test_focal_loss_refuses_bad_inputs(kwargs, code):
    arguments = {"logits": torch.zeros(2), "targets": torch.ones(2), **kwargs}
    with pytest.raises(InputError) as err:
        losses.focal_loss(**arguments)
    assert err.value.code == code


def test_focal_loss_unchecked_lets_nan_through_for_the_training_loop():
    loss = losses.focal_loss(torch.tensor([float("nan")]), torch.ones(1), validate=False)
    assert torch.isnan(loss).all()        # fit() reads it as a divergence


@pytest.mark.parametrize("epsilon, code", [(1.5, "out_of_range"), (-0.1, "out_of_range"),
                                           (float("nan"), "not_finite"), ([], "empty")])
def test_optimal_gap_refuses_epsilon_outside_the_unit_interval(epsilon, code):
    for gap in (losses.optimal_gap, losses.seed_optimal_gap):
        with pytest.raises(InputError) as err:
            gap(epsilon, 10)
        assert err.value.code == code


def test_optimal_gap_of_the_smallest_epsilon_is_finite():
    # log(1 + N (1 - eps) / eps) overflowed to inf at eps = 5e-324
    assert losses.optimal_gap(5e-324, 2) == pytest.approx(np.log(2) - np.log(5e-324))
    assert losses.seed_optimal_gap(5e-324, 2) == pytest.approx(-np.log(5e-324))


@pytest.mark.parametrize("epsilon, classes, seed, code", [
    (1e-4, 10, 0, "out_of_range"),         # too flat to find: was gap 27 for 691 at 1e-300
    (0.1, 1001, 0, "out_of_range"), (0.1, 2.5, 0, "not_integer"),
    (0.1, 10, 2**32, "out_of_range")])
def test_numeric_optimum_refuses_what_it_cannot_find(epsilon, classes, seed, code):
    with pytest.raises(InputError) as err:
        losses.numeric_optimum(epsilon, classes, seed)
    assert err.value.code == code


def test_labels_outside_the_classes_are_refused():
    with pytest.raises(InputError) as err:
        losses.smoothed_cross_entropy(torch.zeros(2, 3), torch.tensor([0, 3]), 0.1)
    assert err.value.code == "out_of_range" and err.value.params["name"] == "labels"
