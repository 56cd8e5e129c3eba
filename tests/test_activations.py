"""explorer.activations against closed forms (seed 001) computed independently with numpy."""
import math

import numpy as np
import pytest
import torch
from scipy.special import erf
from scipy.stats import norm

from explorer import activations as act
from explorer.errors import InputError

X = np.linspace(-6, 6, 241) + 1e-3  # avoid the kinks at exactly 0, -3, 3


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


SELU_L, SELU_A = 1.0507009873554805, 1.6732632423543772
SP = np.log1p(np.exp(X))  # softplus(x)

# name -> (params, f(x), f'(x)) written from the formulas, not from torch
CLOSED_FORMS = {
    "Sigmoid": ({}, sigmoid(X), sigmoid(X) * (1 - sigmoid(X))),
    "Tanh": ({}, np.tanh(X), 1 - np.tanh(X) ** 2),
    "ReLU": ({}, np.maximum(0, X), (X > 0).astype(float)),
    "Leaky ReLU": ({"slope": 0.1}, np.where(X > 0, X, 0.1 * X), np.where(X > 0, 1, 0.1)),
    "PReLU": ({"slope": 0.25}, np.where(X > 0, X, 0.25 * X), np.where(X > 0, 1, 0.25)),
    "ELU": ({"alpha": 1.5}, np.where(X > 0, X, 1.5 * (np.exp(X) - 1)),
            np.where(X > 0, 1, 1.5 * np.exp(X))),
    "SELU": ({}, SELU_L * np.where(X > 0, X, SELU_A * (np.exp(X) - 1)),
             SELU_L * np.where(X > 0, 1, SELU_A * np.exp(X))),
    "GELU": ({}, X * 0.5 * (1 + erf(X / math.sqrt(2))), norm.cdf(X) + X * norm.pdf(X)),
    "Swish / SiLU": ({"beta": 2.0}, X * sigmoid(2 * X),
                     sigmoid(2 * X) + 2 * X * sigmoid(2 * X) * (1 - sigmoid(2 * X))),
    "Softplus": ({"beta": 2.0}, np.log1p(np.exp(2 * X)) / 2, sigmoid(2 * X)),
    "Mish": ({}, X * np.tanh(SP), np.tanh(SP) + X * sigmoid(X) * (1 - np.tanh(SP) ** 2)),
    "Hardswish": ({}, X * np.clip(X + 3, 0, 6) / 6,
                  np.where(X < -3, 0, np.where(X > 3, 1, (2 * X + 3) / 6))),
}


def test_every_activation_has_a_closed_form_check():
    assert set(CLOSED_FORMS) == set(act.ACTIVATIONS)


@pytest.mark.parametrize("name", list(CLOSED_FORMS))
def test_values_and_autograd_derivatives_match_closed_forms(name):
    params, f, df = CLOSED_FORMS[name]
    y, dy = act.evaluate(name, X, params)
    np.testing.assert_allclose(y, f, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dy, df, rtol=1e-6, atol=1e-9)


def test_swish_with_beta_one_is_torch_silu():
    y, _ = act.evaluate("Swish / SiLU", X, {"beta": 1.0})
    np.testing.assert_allclose(y, torch.nn.functional.silu(torch.tensor(X)).numpy())


def test_sigmoid_derivative_is_at_most_a_quarter():
    _, dy = act.evaluate("Sigmoid", np.linspace(-20, 20, 4001))
    assert dy.max() == pytest.approx(0.25)
    assert np.all(dy <= 0.25)


def test_unknown_activation_and_bad_parameter_are_rejected():
    with pytest.raises(InputError, match="unknown activation 'Relu6'"):
        act.evaluate("Relu6", X)
    with pytest.raises(InputError, match="slope must be a finite number"):
        act.evaluate("Leaky ReLU", X, {"slope": float("nan")})
    with pytest.raises(InputError, match=r"Leaky ReLU slope=2 is outside \[0, 1\]"):
        act.evaluate("Leaky ReLU", X, {"slope": 2.0})


@pytest.mark.parametrize("name, params, takes", [
    ("Leaky ReLU", {"alpha": 0.2}, "slope"),            # Keras' name for the slope
    ("Leaky ReLU", {"negative_slope": 0.2}, "slope"),   # torch's name for it
    ("ReLU", {"slope": 0.1}, "none"),
    ("ELU", {"Alpha": 1.0}, "alpha"),
])
def test_a_misspelt_parameter_is_refused_not_ignored(name, params, takes):
    with pytest.raises(InputError, match=f"its parameters: {takes}") as err:
        act.evaluate(name, X, params)
    assert err.value.code == "unknown_key"
    assert err.value.params["name"] == next(iter(params))
    with pytest.raises(InputError) as err:
        act.relevant_params([name], {"negative_slope": 0.2})
    assert err.value.code == "unknown_key"


@pytest.mark.parametrize("x, code", [
    ([], "empty"), (np.zeros((2, 2)), "shape"), ([0.0, np.nan], "not_finite"),
    ([0.0, np.inf], "not_finite"), ([2e6], "out_of_range"), (["a", "b"], "other"),
    (np.array([1j]), "other"),
])
def test_evaluate_refuses_bad_inputs(x, code):
    with pytest.raises(InputError) as err:
        act.evaluate("Tanh", x)
    assert err.value.code == code and err.value.params["name"] == "x"


def test_swish_at_the_largest_inputs_and_beta_stays_finite():
    # beta·x = 1e7 and x·sigmoid'(beta·x)·beta = inf·0 before the input bound
    x = np.array([-1e6, -1.0, 0.0, 1.0, 1e6])
    for name in act.ACTIVATIONS:
        params = {k: act.PARAM_RANGES[k][1] for k in act.get(name).params}
        y, dy = act.evaluate(name, x, params)
        assert np.isfinite(y).all() and np.isfinite(dy).all(), name


def test_grid_rejects_empty_range():
    with pytest.raises(InputError, match=r"min \(2.0\) must be smaller than max \(1.0\)"):
        act.grid(2.0, 1.0)
    with pytest.raises(InputError, match="finite"):
        act.grid(float("-inf"), 1.0)
    with pytest.raises(InputError, match="budget|would need"):
        act.grid(0.0, 1.0, 10 ** 9)
    with pytest.raises(InputError, match="n must be a whole number"):
        act.grid(0.0, 1.0, 2.5)
    np.testing.assert_array_equal(act.grid(0.0, 1.0, 3.0), [0.0, 0.5, 1.0])   # was a TypeError


def test_saturation_intervals_refuse_a_grid_out_of_order_or_mismatched():
    with pytest.raises(InputError, match="increasing order") as err:
        act.saturation_intervals(np.array([0.0, 2.0, 1.0]), np.zeros(3))
    assert err.value.code == "not_sorted"
    with pytest.raises(InputError, match=r"dy must have shape \(3,\)"):
        act.saturation_intervals(np.arange(3.0), np.zeros(4))
    with pytest.raises(InputError, match="threshold"):
        act.saturation_intervals(np.arange(3.0), np.zeros(3), threshold=float("nan"))


def test_saturation_intervals_of_sigmoid_are_symmetric_tails():
    x = np.linspace(-10, 10, 2001)
    _, dy = act.evaluate("Sigmoid", x)
    zones = act.saturation_intervals(x, dy, 0.05)
    # sigma'(x) = 0.05 where sigma = (1 +- sqrt(0.8)) / 2, i.e. |x| = ln((1+r)/(1-r)), r=sqrt(.8)
    r = math.sqrt(0.8)
    edge = math.log((1 + r) / (1 - r))
    assert len(zones) == 2
    assert zones[0][0] == -10 and zones[0][1] == pytest.approx(-edge, abs=0.011)
    assert zones[1][0] == pytest.approx(edge, abs=0.011) and zones[1][1] == 10


def test_saturation_intervals_interior_run_and_none():
    x = np.arange(6.0)
    assert act.saturation_intervals(x, np.array([1, 0, 0, 1, 0, 1.0])) == [(1, 2), (4, 4)]
    assert act.saturation_intervals(x, np.ones(6)) == []


def test_relu_zeroes_half_of_a_centred_gaussian():
    s = act.distribution_stats("ReLU", 0.0, 1.0, n=200_000, seed=1)
    assert s.zero_fraction == pytest.approx(0.5, abs=0.005)
    # E[max(0, z)] = sigma / sqrt(2 pi); Var = sigma^2 (1/2 - 1/(2 pi))
    assert s.mean == pytest.approx(1 / math.sqrt(2 * math.pi), abs=0.005)
    assert s.var == pytest.approx(0.5 - 1 / (2 * math.pi), abs=0.005)
    assert s.mean_abs_grad == pytest.approx(0.5, abs=0.005)


def test_leaky_relu_has_no_zero_outputs_and_tanh_saturates_for_wide_inputs():
    assert act.distribution_stats("Leaky ReLU", -2.0, 1.0, seed=0).zero_fraction == 0
    narrow = act.distribution_stats("Tanh", 0.0, 0.5, seed=0).saturated_fraction
    wide = act.distribution_stats("Tanh", 0.0, 5.0, seed=0).saturated_fraction
    assert narrow == 0 and wide > 0.6


def test_a_float_underflow_is_not_counted_as_a_zero_output():
    # GELU(z) = z·Φ(z) underflows to 0 (and f' too) below z ≈ -38: the formula is never 0 there
    z = act.sample_preactivations(-5.0, 10.0, 20_000, 0)
    y, dy = act.evaluate("GELU", z)
    assert np.mean((y == 0) & (dy == 0)) > 0          # what the page counted before
    assert act.distribution_stats("GELU", -5.0, 10.0, seed=0).zero_fraction == 0


@pytest.mark.parametrize("name, params, threshold", [
    ("ReLU", {}, 0.0), ("Hardswish", {}, -3.0), ("Leaky ReLU", {"slope": 0.0}, 0.0),
    ("PReLU", {"slope": 0.0}, 0.0), ("Leaky ReLU", {"slope": 0.01}, None), ("GELU", {}, None),
    ("ELU", {"alpha": 0.01}, None)])
def test_zero_outputs_are_the_formula_zero_region(name, params, threshold):
    assert act.zero_below(name, params) == threshold
    s = act.distribution_stats(name, -1.0, 2.0, n=200_000, seed=3, params=params)
    expected = 0 if threshold is None else norm.cdf((threshold + 1.0) / 2.0)   # P(z < t)
    assert s.zero_fraction == pytest.approx(expected, abs=0.004)
    if threshold is not None:   # the region is exactly where f and f' are 0
        z = np.array([threshold - 1.0, threshold - 1e-3])
        np.testing.assert_array_equal(act.evaluate(name, z, params)[0], 0)
        np.testing.assert_array_equal(act.evaluate(name, z, params)[1], 0)


@pytest.mark.parametrize("kwargs, code, name", [
    (dict(sigma=0.0), "out_of_range", "sigma"),
    (dict(sigma=float("nan")), "not_finite", "sigma"),
    (dict(mu=1e5), "out_of_range", "mu"),
    (dict(n=0), "out_of_range", "n"),
    (dict(n=10 ** 9), "budget", None),
    (dict(seed=2 ** 32), "out_of_range", "seed"),
    (dict(seed=-1), "out_of_range", "seed"),
])
def test_distribution_rejects_bad_arguments(kwargs, code, name):
    args = dict(mu=0.0, sigma=1.0, n=100, seed=0) | kwargs
    with pytest.raises(InputError) as err:
        act.distribution_stats("ReLU", **args)
    assert err.value.code == code and err.value.params.get("name") == name


def test_gradient_through_depth_sigmoid_is_below_quarter_power_bound():
    r = act.gradient_through_depth("Sigmoid", 20, 0.0, 1.0, seed=0)
    assert r.typical.shape == r.dead.shape == (20,)
    assert np.all(r.typical <= 0.25 ** np.arange(1, 21) + 1e-15)
    assert np.all(np.diff(r.typical) < 0) and not r.dead.any()   # vanishing, not dying


def test_gradient_through_depth_closed_form_for_leaky_relu():
    # log|f'| is 0 or log(slope) with prob 1/2 each: geometric mean after L layers is slope^(L/2)
    r = act.gradient_through_depth("Leaky ReLU", 10, 0.0, 1.0, n=100_000, seed=0,
                                   params={"slope": 0.1})
    np.testing.assert_allclose(r.typical, 0.1 ** (np.arange(1, 11) / 2), rtol=0.02)
    assert not r.dead.any()


def test_relu_paths_that_survive_keep_the_gradient_and_the_dead_share_is_binomial():
    # The audit's case: 100 layers at mean 3 printed 0.000e+0 although only Φ(-3) = 0.13 % of
    # the inputs are negative. Surviving paths multiply 1s; a path dies with 1 − (1 − Φ(−3))^L.
    r = act.gradient_through_depth("ReLU", 100, 3.0, 1.0, n=20_000, seed=0)
    np.testing.assert_array_equal(r.typical, 1.0)
    expected = 1 - (1 - norm.cdf(-3.0)) ** np.arange(1, 101)
    np.testing.assert_allclose(r.dead, expected, atol=0.01)
    assert r.dead[-1] == pytest.approx(0.126, abs=0.01)


def test_relu_all_paths_dead_gives_no_typical_factor_and_depth_is_checked():
    r = act.gradient_through_depth("ReLU", 5, -3.0, 0.1)
    assert np.isnan(r.typical).all() and (r.dead == 1).all()
    half = act.gradient_through_depth("ReLU", 5, 0.0, 1.0, n=100_000)
    np.testing.assert_allclose(half.dead, 1 - 0.5 ** np.arange(1, 6), atol=0.005)
    with pytest.raises(InputError, match=r"depth=0 is outside \[1, 300\]"):
        act.gradient_through_depth("ReLU", 0, 0.0, 1.0)
    with pytest.raises(InputError, match="samples would need"):
        act.gradient_through_depth("ReLU", 300, 0.0, 1.0, n=10 ** 6)


def test_depth_figure_draws_relu_and_the_dead_share_and_colours_never_repeat():
    from explorer.figures import activations as figs
    names = list(act.ACTIVATIONS)
    results = {n: act.gradient_through_depth(n, 100, 3.0, 1.0, n=200) for n in names}
    figure = figs.gradient_depth(results, act.sigmoid_gradient_bound(100))
    relu = [t for t in figure.data if t.name == "ReLU"]
    assert np.isfinite(relu[0].y).sum() == 100                      # drawn at every depth
    assert relu[1].y[-1] == pytest.approx(100 * results["ReLU"].dead[-1])
    colours = {t.name: t.line.color for t in figure.data if t.name in names}
    assert len(set(colours.values())) == len(names) == 12           # Sigmoid and Mish differ


def test_gradient_through_depth_stays_finite_at_the_largest_derivative():
    # ELU's f'(z) = alpha·e^z ~ 10 just below 0: 10^300 after the deepest stack, still finite
    r = act.gradient_through_depth("ELU", act.MAX_DEPTH, -1e-9, 1e-12, n=10,
                                   params={"alpha": 10.0})
    assert np.isfinite(r.typical).all()
    np.testing.assert_allclose(np.log10(r.typical), np.arange(1, act.MAX_DEPTH + 1), rtol=1e-6)


def test_stable_softmax_equals_torch_and_naive_overflows():
    z = np.array([1000.0, 999.0, 990.0, 10.0])
    expected = torch.softmax(torch.tensor(z), dim=0).numpy()
    np.testing.assert_allclose(act.softmax_stable(z), expected, rtol=1e-12)
    assert np.isnan(act.softmax_naive(z)).any()


def test_softmax_temperature_matches_torch_and_both_agree_on_small_logits():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    for t in (0.1, 1.0, 5.0):
        expected = torch.softmax(torch.tensor(z) / t, dim=0).numpy()
        np.testing.assert_allclose(act.softmax_stable(z, t), expected, rtol=1e-12)
        np.testing.assert_allclose(act.softmax_naive(z, t), expected, rtol=1e-12)
    with pytest.raises(InputError, match=r"temperature=0 is outside \(0, inf\]"):
        act.softmax_stable(z, 0)
    with pytest.raises(InputError, match="logits is empty"):
        act.softmax_stable([])
    with pytest.raises(InputError, match="logits holds NaN"):
        act.softmax_naive([1.0, np.nan])


def test_stable_softmax_at_the_float_limits():
    big = np.finfo(np.float64).max
    np.testing.assert_array_equal(act.softmax_stable([big, -big]), [1.0, 0.0])
    np.testing.assert_allclose(act.softmax_stable([1.0, 2.0], 1e-300), [0.0, 1.0])
    np.testing.assert_allclose(act.softmax_stable([1.0, 2.0], 1e300), [0.5, 0.5])


@pytest.mark.parametrize("values, message", [
    (["1", "two"], "every logit must be a number"),
    ([1.0, None], "every logit must be a number"),
    ([], "at least one logit"),
    ([1.0, float("nan")], "finite"),
])
def test_parse_logits_rejects_bad_input(values, message):
    with pytest.raises(InputError, match=message):
        act.parse_logits(values)


def test_parse_logits_accepts_numeric_strings():
    np.testing.assert_array_equal(act.parse_logits(["1.5", 2]), [1.5, 2.0])


def test_sigmoid_bound_and_difference_helpers():
    np.testing.assert_allclose(act.sigmoid_gradient_bound(3), [0.25, 0.0625, 0.015625])
    assert act.max_abs_difference(np.array([0.5, 0.5]), np.array([0.5, 0.25])) == 0.25
    assert act.max_abs_difference(np.array([np.nan, 1.0]), np.array([0.5, 0.5])) is None
    with pytest.raises(InputError, match="one shape"):
        act.max_abs_difference(np.zeros(2), np.zeros(3))
    with pytest.raises(InputError, match=r"depth=0 is outside"):
        act.sigmoid_gradient_bound(0)


def test_relevant_params_keeps_only_what_the_chosen_functions_take():
    params = (("slope", 0.1), ("alpha", 2.0), ("beta", 3.0))
    assert act.relevant_params(["Sigmoid", "ReLU"], params) == ()
    assert act.relevant_params(["ELU", "PReLU"], params) == (("alpha", 2.0), ("slope", 0.1))
