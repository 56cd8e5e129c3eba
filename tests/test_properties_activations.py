"""Property tests of explorer.activations: for any input, values and derivatives equal to
torch.nn.functional's (derivatives by autograd of those reference calls), softmax equal to
torch.softmax, or an InputError; never NaN, never another exception."""
import math

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, strategies as st
from scipy.stats import gmean

from explorer import activations as act
from tests.property_helpers import ANY_FLOAT, REFUSED, SEED, arrays, examples, finite, \
    mostly_valid, outcome

VALID_NAMES = st.sampled_from(list(act.ACTIVATIONS))
BAD_NAMES = st.sampled_from(["relu", "Leaky Relu", "", "Softmax", None])
NAMES = VALID_NAMES | BAD_NAMES
KEYS = st.sampled_from(["slope", "alpha", "beta", "negative_slope", "Alpha", "lambda"])
PARAM_VALUES = st.one_of(ANY_FLOAT, st.floats(-0.5, 12))
VALID_PARAMS = st.dictionaries(st.sampled_from(list(act.PARAM_RANGES)), st.floats(0.01, 1),
                               max_size=1)
HOSTILE_PARAMS = st.dictionaries(KEYS, PARAM_VALUES, min_size=1, max_size=2)

REFERENCE = {   # name -> f(x, params) written with torch.nn.functional, not act.ACTIVATIONS
    "Sigmoid": lambda x, p: torch.sigmoid(x),
    "Tanh": lambda x, p: torch.tanh(x),
    "ReLU": lambda x, p: F.relu(x),
    "Leaky ReLU": lambda x, p: F.leaky_relu(x, negative_slope=p["slope"]),
    "PReLU": lambda x, p: F.prelu(x, torch.full((1,), p["slope"], dtype=x.dtype)),
    "ELU": lambda x, p: F.elu(x, alpha=p["alpha"]),
    "SELU": lambda x, p: F.selu(x),
    "GELU": lambda x, p: F.gelu(x),
    "Swish / SiLU": lambda x, p: F.silu(p["beta"] * x) / p["beta"],
    "Softplus": lambda x, p: F.softplus(x, beta=p["beta"]),
    "Mish": lambda x, p: F.mish(x),
    "Hardswish": lambda x, p: F.hardswish(x),
}


def _valid_params(name, params):
    """The activation's parameters after ``params``, or None where evaluate must refuse."""
    chosen = dict(act.ACTIVATIONS[name].params)
    for key, value in params.items():
        if key not in chosen or not math.isfinite(value):
            return None
        low, high = act.PARAM_RANGES[key]
        if not low <= value <= high:
            return None
        chosen[key] = value
    return chosen


def _whole(n):
    return isinstance(n, int) or (isinstance(n, float) and n.is_integer())


def _valid_inputs(x):
    return (x.ndim == 1 and x.size > 0 and np.isfinite(x).all()
            and np.abs(x).max() <= act.MAX_ABS_INPUT)


@examples(100)
@given(mostly_valid(
    dict(name=VALID_NAMES, x=arrays(st.floats(-1e6, 1e6), dims=(1, 1), max_side=8),
         params=VALID_PARAMS),
    dict(name=BAD_NAMES, x=arrays(dims=(0, 2), max_side=8) | arrays(st.floats(-2e6, 2e6)),
         params=HOSTILE_PARAMS)))
def test_evaluate_is_torch_functional_and_its_autograd_or_refused(args):
    name, x, params = args.values()
    result = outcome(act.evaluate, name, x, params)
    chosen = _valid_params(name, params) if name in tuple(act.ACTIVATIONS) else None
    if chosen is None or not _valid_inputs(x):
        assert result == REFUSED
        return
    y, dy = result
    assert y.shape == dy.shape == x.shape and finite(y, dy)
    xt = torch.tensor(x, requires_grad=True)
    ref = REFERENCE[name](xt, chosen)
    (ref_dy,) = torch.autograd.grad(ref.sum(), xt)
    np.testing.assert_allclose(y, ref.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(dy, ref_dy.numpy(), rtol=1e-7, atol=1e-9)


@examples(60)
@given(st.lists(NAMES, max_size=4), st.dictionaries(KEYS, PARAM_VALUES, max_size=4))
def test_relevant_params_keep_what_the_chosen_take_or_refuse_unknown_names(names, params):
    result = outcome(act.relevant_params, names, params)
    if any(n not in tuple(act.ACTIVATIONS) for n in names) or set(params) - set(act.PARAM_RANGES):
        assert result == REFUSED
        return
    taken = {k for n in names for k in act.ACTIVATIONS[n].params}
    assert result == tuple(sorted((k, v) for k, v in params.items() if k in taken))


@examples(60)
@given(ANY_FLOAT, ANY_FLOAT, st.one_of(st.integers(-5, 3000), st.just(10 ** 9), ANY_FLOAT))
def test_grid_is_linspace_or_refused(lo, hi, n):
    result = outcome(act.grid, lo, hi, n)
    valid = (math.isfinite(lo) and math.isfinite(hi) and max(abs(lo), abs(hi)) <= 1e6
             and lo < hi and _whole(n) and 2 <= n <= 64_000_000)
    if not valid:
        assert result == REFUSED
        return
    np.testing.assert_array_equal(result, np.linspace(lo, hi, int(n)))
    assert result[0] == lo and result[-1] == hi and np.all(np.diff(result) >= 0)


@examples(60)
@given(arrays(st.floats(-10, 10), max_side=30), st.data(), st.floats(0, 1) | ANY_FLOAT)
def test_saturation_intervals_are_the_runs_below_the_threshold(x, data, threshold):
    x = np.sort(x)
    dy = np.asarray(data.draw(st.lists(st.floats(-1, 1), min_size=len(x), max_size=len(x))))
    result = outcome(act.saturation_intervals, x, dy, threshold)
    if x.size == 0 or not (math.isfinite(threshold) and threshold > 0):
        assert result == REFUSED
        return
    runs, start = [], None   # the maximal runs written as a plain loop
    for i, low in enumerate(np.abs(dy) < threshold):
        if low and start is None:
            start = i
        if not low and start is not None:
            runs.append((float(x[start]), float(x[i - 1])))
            start = None
    if start is not None:
        runs.append((float(x[start]), float(x[-1])))
    assert result == runs


@examples(60)
@given(mostly_valid(
    dict(name=VALID_NAMES, mu=st.floats(-20, 20), sigma=st.floats(1e-3, 20),
         n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1)),
    dict(name=BAD_NAMES, mu=ANY_FLOAT, sigma=ANY_FLOAT, n=st.integers(-2, 0), seed=SEED)))
def test_distribution_stats_are_the_moments_of_the_outputs(args):
    name, mu, sigma, n, seed = args.values()
    result = outcome(act.distribution_stats, name, mu, sigma, n, seed)
    valid = (name in tuple(act.ACTIVATIONS) and math.isfinite(mu) and abs(mu) <= act.MAX_ABS_MEAN
             and math.isfinite(sigma) and 0 < sigma <= act.MAX_STD and n >= 1
             and isinstance(seed, int) and 0 <= seed < 2**32)
    if not valid:
        assert result == REFUSED
        return
    z = np.random.default_rng(seed).normal(mu, sigma, n)
    y, dy = act.evaluate(name, z)
    assert finite(result.outputs, result.mean, result.var, result.mean_abs_grad)
    np.testing.assert_array_equal(result.outputs, y)
    assert math.isclose(result.mean, y.mean(), rel_tol=1e-12, abs_tol=1e-300)
    assert math.isclose(result.var, y.var(), rel_tol=1e-12, abs_tol=1e-300)
    assert 0 <= result.zero_fraction <= 1 and 0 <= result.saturated_fraction <= 1
    threshold = act.zero_below(name)
    assert result.zero_fraction == (0 if threshold is None else np.mean(z < threshold))
    assert result.zero_fraction <= np.mean((y == 0) & (dy == 0))   # underflow adds zeros


@examples(60)
@given(mostly_valid(
    dict(name=VALID_NAMES, depth=st.integers(1, act.MAX_DEPTH), mu=st.floats(-3, 3),
         sigma=st.floats(0.01, 3), n=st.integers(1, 20),
         params=st.dictionaries(st.sampled_from(["slope", "alpha", "beta"]), st.floats(0.01, 1),
                                max_size=1)),
    dict(name=BAD_NAMES, depth=st.sampled_from([-1, 0, act.MAX_DEPTH + 1]), mu=ANY_FLOAT,
         sigma=ANY_FLOAT)))
def test_gradient_through_depth_is_the_geometric_mean_of_path_products(args):
    name, depth, mu, sigma, n, params = args.values()
    result = outcome(act.gradient_through_depth, name, depth, mu, sigma, n, 0, params)
    valid = (name in tuple(act.ACTIVATIONS) and 1 <= depth <= act.MAX_DEPTH and math.isfinite(mu)
             and abs(mu) <= act.MAX_ABS_MEAN and math.isfinite(sigma)
             and 0 < sigma <= act.MAX_STD and set(params) <= set(act.ACTIVATIONS[name].params))
    if not valid:
        assert result == REFUSED
        return
    assert result.typical.shape == result.dead.shape == (depth,)
    assert finite(result.dead) and ((0 <= result.dead) & (result.dead <= 1)).all()
    z = np.random.default_rng(0).normal(mu, sigma, n * depth)
    _, dy = act.evaluate(name, z, params)
    threshold = act.zero_below(name, params)
    hit = (np.zeros(z.shape, bool) if threshold is None else z < threshold).reshape(depth, n)
    paths = np.abs(dy).reshape(depth, n)
    for layer in {0, depth // 2, depth - 1}:
        dead = hit[:layer + 1].any(axis=0)             # one flag per path
        assert result.dead[layer] == dead.mean()
        if dead.all():
            assert np.isnan(result.typical[layer])
            continue
        product = np.prod(paths[:layer + 1, ~dead], axis=0)    # the paths still alive
        if 1e-300 < product.min() and product.max() < 1e300:
            assert math.isclose(result.typical[layer], gmean(product), rel_tol=1e-9)


@examples(50)
@given(st.one_of(st.integers(-3, 400), ANY_FLOAT))
def test_sigmoid_bound_is_a_quarter_power_or_refused(depth):
    result = outcome(act.sigmoid_gradient_bound, depth)
    if not (_whole(depth) and 1 <= depth <= act.MAX_DEPTH):
        assert result == REFUSED
        return
    np.testing.assert_allclose(result, [0.25 ** k for k in range(1, int(depth) + 1)],
                               rtol=1e-12)


TEMPERATURE = st.one_of(st.floats(0.05, 10), ANY_FLOAT)


@examples(100)
@given(arrays(dims=(0, 2), max_side=6) | arrays(st.floats(-1e3, 1e3), max_side=6), TEMPERATURE)
def test_stable_softmax_is_torch_softmax_and_the_naive_one_agrees_when_it_can(z, temperature):
    stable = outcome(act.softmax_stable, z, temperature)
    naive = outcome(act.softmax_naive, z, temperature)
    valid = (z.ndim == 1 and z.size > 0 and np.isfinite(z).all()
             and math.isfinite(temperature) and temperature > 0)
    if not valid:
        assert stable == naive == REFUSED
        return
    assert finite(stable) and (stable >= 0).all() and math.isclose(stable.sum(), 1, rel_tol=1e-12)
    assert stable[np.argmax(z)] == stable.max()
    with np.errstate(over="ignore"):
        scaled = z / temperature
    if np.isfinite(scaled).all():
        expected = torch.softmax(torch.tensor(scaled), dim=0).numpy()
        np.testing.assert_allclose(stable, expected, rtol=1e-9, atol=1e-300)
        if np.abs(scaled).max() < 700:      # no overflow, no underflow to 0/0
            np.testing.assert_allclose(naive, stable, rtol=1e-9, atol=1e-300)
    assert naive.shape == stable.shape


@examples(60)
@given(st.lists(st.one_of(ANY_FLOAT, st.integers(-10, 10), st.sampled_from(
    ["1.5", "-2", "one", "", None, "nan", "1e400"])), max_size=5))
def test_parse_logits_accepts_finite_numbers_only(values):
    result = outcome(act.parse_logits, values)
    try:
        expected = [float(v) for v in values]
    except (TypeError, ValueError):
        assert result == REFUSED
        return
    if not expected or not all(math.isfinite(v) for v in expected):
        assert result == REFUSED
        return
    np.testing.assert_array_equal(result, expected)


@examples(60)
@given(arrays(st.floats(0, 1) | ANY_FLOAT, dims=(1, 2)), arrays(st.floats(0, 1), dims=(1, 2)))
def test_max_abs_difference_is_none_only_for_non_finite_inputs(a, b):
    result = outcome(act.max_abs_difference, a, b)
    if a.shape != b.shape or a.size == 0:
        assert result == REFUSED
    elif not (np.isfinite(a).all() and np.isfinite(b).all()):
        assert result is None
    else:
        with np.errstate(over="ignore"):
            assert result == np.abs(a - b).max()
