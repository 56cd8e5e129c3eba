"""explorer.calibration against sklearn's calibration_curve, a loop ECE and scipy."""
import numpy as np
import pytest
import torch
from scipy.optimize import minimize_scalar
from sklearn.calibration import calibration_curve
from sklearn.metrics import log_loss

from explorer import calibration
from explorer.errors import InputError


def _problem(n=3000, classes=5, true_temperature=2.0, seed=0):
    """Logits whose labels are drawn from softmax(logits / T): the right temperature is T."""
    generator = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, classes, generator=generator, dtype=torch.float64) * 4
    labels = torch.multinomial((logits / true_temperature).softmax(1), 1,
                               generator=generator)[:, 0]
    return logits, labels


def test_bins_equal_sklearn_calibration_curve():
    rng = np.random.default_rng(0)
    confidence = rng.uniform(0, 1, 500)
    confidence[:5] = [0.0, 0.1, 0.5, 0.9, 1.0]  # exact edges land where sklearn puts them
    correct = rng.uniform(0, 1, 500) < confidence
    bins = calibration.reliability_bins(confidence, correct, n_bins=10)
    accuracy, mean_confidence = calibration_curve(correct, confidence, n_bins=10)
    filled = bins.counts > 0
    assert bins.accuracy[filled] == pytest.approx(accuracy)
    assert bins.confidence[filled] == pytest.approx(mean_confidence)
    assert bins.counts.sum() == 500


def test_ece_equals_a_loop_over_guo_bins():
    rng = np.random.default_rng(1)
    confidence = rng.uniform(0.2, 1, 400)
    correct = rng.uniform(0, 1, 400) < confidence ** 2  # over-confident
    expected = 0.0
    for lo, hi in zip(np.linspace(0, 1, 16)[:-1], np.linspace(0, 1, 16)[1:]):
        inside = (confidence > lo) & (confidence <= hi)
        if inside.any():
            expected += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    assert calibration.reliability_bins(confidence, correct, 15).ece == pytest.approx(expected)
    assert expected > 0.1


def test_perfect_calibration_has_zero_ece():
    confidence = np.repeat([0.25, 0.75], 4)
    correct = np.array([1, 0, 0, 0, 1, 1, 1, 0], bool)
    assert calibration.reliability_bins(confidence, correct, 4).ece == 0.0


def test_summary_matches_sklearn_accuracy_and_log_loss():
    logits, labels = _problem()
    summary = calibration.summarise(logits, labels, temperature=1.5)
    probabilities = (logits / 1.5).softmax(1).numpy()
    assert summary.nll == pytest.approx(log_loss(labels.numpy(), probabilities))
    assert summary.accuracy == pytest.approx((probabilities.argmax(1) == labels.numpy()).mean())
    assert summary.mean_confidence == pytest.approx(probabilities.max(1).mean())


def test_fitted_temperature_recovers_the_generating_one_and_equals_scipy():
    logits, labels = _problem(n=20000, true_temperature=2.0)
    fit = calibration.fit_temperature(logits, labels)
    fitted = fit.temperature
    assert fit.at_bound is None and fit.note is None
    nll = lambda t: calibration.summarise(logits, labels, temperature=t).nll  # noqa: E731
    reference = minimize_scalar(nll, bounds=(0.05, 20), method="bounded",
                                options={"xatol": 1e-8}).x
    assert fitted == pytest.approx(reference, rel=1e-4)
    assert fitted == pytest.approx(2.0, rel=0.05)
    before = calibration.summarise(logits, labels)
    after = calibration.summarise(logits, labels, temperature=fitted)
    assert after.ece < before.ece and after.accuracy == before.accuracy


def test_diverged_logits_and_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="diverge"):
        calibration.summarise(torch.tensor([[float("nan"), 0.0]]), torch.tensor([0]))
    with pytest.raises(ValueError, match="must have shape"):
        calibration.fit_temperature(torch.zeros(3, 2), torch.zeros(4, dtype=torch.long))


def test_reliability_figure_draws_the_bins_it_is_given():
    from explorer.figures.calibration import reliability
    logits, labels = _problem(n=500)
    before, after = (calibration.summarise(logits, labels, t, n_bins=10) for t in (1.0, 2.0))
    figure = reliability({"model": (before, after)})
    accuracy_bars, *count_bars = [t for t in figure.data if t.type == "bar"]
    np.testing.assert_allclose(accuracy_bars.y, before.bins.accuracy)  # NaN where empty
    assert [list(b.y) for b in count_bars] == [list(before.bins.counts), list(after.bins.counts)]
    markers = next(t for t in figure.data if t.type == "scatter" and t.mode == "markers")
    assert np.argmax(markers.marker.size) == np.argmax(after.bins.counts)
    assert f"ECE {before.ece:.3f} → {after.ece:.3f}" in figure.layout.annotations[0].text


# ----------------------------------------------------------------------- refusals and bounds
@pytest.mark.parametrize("temperature, code", [(0, "out_of_range"),   # was NaN
                                               (-1, "out_of_range"),  # was accepted, flipped
                                               (np.nan, "not_finite"), (1e-300, "out_of_range")])
def test_summary_refuses_a_temperature_outside_its_range(temperature, code):
    logits, labels = _problem(n=20)
    with pytest.raises(InputError) as err:
        calibration.summarise(logits, labels, temperature)
    assert err.value.code == code and err.value.params["name"] == "temperature"


@pytest.mark.parametrize("confidence, code", [([0.5, 1.5], "out_of_range"),
                                              ([0.5, np.nan], "not_finite"), ([], "empty")])
def test_reliability_bins_refuse_confidences_outside_the_unit_interval(confidence, code):
    with pytest.raises(InputError) as err:
        calibration.reliability_bins(confidence, [True] * len(confidence))
    assert err.value.code == code


def test_labels_outside_the_classes_and_diverged_logits_are_refused():
    with pytest.raises(InputError) as err:
        calibration.summarise(torch.zeros(2, 3), torch.tensor([0, 3]))
    assert err.value.code == "out_of_range" and err.value.params["name"] == "labels"
    with pytest.raises(InputError, match="diverge"):
        calibration.fit_temperature(torch.full((2, 3), 1e7), torch.tensor([0, 1]))


def test_fit_temperature_says_when_the_nll_has_no_optimum_inside_the_range():
    labels = torch.arange(6) % 3
    right = 5.0 * torch.nn.functional.one_hot(labels, 3).double()
    separable = calibration.fit_temperature(right, labels)     # was T = 1.5e7, silently
    assert (separable.temperature, separable.at_bound) == (calibration.TEMPERATURE_RANGE[0],
                                                          "lower")
    assert "lower bound" in separable.note
    wrong = calibration.fit_temperature(right, (labels + 1) % 3)
    assert (wrong.temperature, wrong.at_bound) == (calibration.TEMPERATURE_RANGE[1], "upper")
    flat = calibration.fit_temperature(torch.zeros(6, 3), labels)
    assert (flat.temperature, flat.at_bound) == (1.0, "flat")
