"""Property tests of explorer.weight_init: for any input, variances equal to what
torch.nn.init draws, mean-field curves equal to their closed forms (never NaN), a simulation
equal to the product of its weight matrices, or an InputError; never another exception."""
import math

import numpy as np
import torch
from hypothesis import given, strategies as st

from explorer import weight_init as wi
from tests.property_helpers import ANY_FLOAT, REFUSED, SEED, examples, finite, mostly_valid, \
    outcome

SCHEMES = st.sampled_from(wi.INITS)
BAD_NAMES = st.sampled_from(["Xavier", "kaiming normal", "", None, "orthogonal "])
HOSTILE_WHOLE = st.sampled_from([0, -1, 2.5, np.nan, np.inf, "8", True])
HOSTILE_GAIN = st.one_of(ANY_FLOAT, st.sampled_from([0.0, -1.0, 100.5]))
ZERO_MEAN = ("zeros", "N(0, 0.01)", "Xavier uniform", "Xavier normal", "Kaiming normal",
             "Kaiming uniform", "orthogonal", "LeCun normal")


def _draws(scheme, fan_in, fan_out, gain, mode, samples=20_000):
    """torch.nn.init's values for [fan_out, fan_in] weights, drawn until ``samples``."""
    g = torch.Generator().manual_seed(0)
    draws = []
    for _ in range(math.ceil(samples / (fan_in * fan_out))):
        w = torch.empty(fan_out, fan_in, dtype=torch.float64)
        draws.append(wi.init_weight(w, scheme, gain, mode, g).flatten())
    return torch.cat(draws).numpy()


@examples(60)
@given(mostly_valid(dict(scheme=SCHEMES, fan_in=st.integers(8, 48), fan_out=st.integers(8, 48),
                         gain=st.floats(0.1, 5), mode=st.sampled_from(wi.MODES)),
                    dict(scheme=BAD_NAMES, fan_in=HOSTILE_WHOLE, fan_out=HOSTILE_WHOLE,
                         gain=HOSTILE_GAIN, mode=st.sampled_from(["fan_avg", None]))))
def test_weight_variance_is_what_torch_init_draws(args):
    variance = outcome(wi.weight_variance, **args)
    scheme, fan_in, fan_out, gain, mode = args.values()
    valid = (scheme in wi.INITS and all(isinstance(f, int) and not isinstance(f, bool)
                                        and f >= 1 for f in (fan_in, fan_out))
             and isinstance(gain, float) and 0 < gain <= wi.MAX_GAIN and mode in wi.MODES)
    if not valid:
        assert variance == REFUSED
        return
    if scheme not in ZERO_MEAN:
        assert variance is None
        return
    values = _draws(scheme, fan_in, fan_out, gain, mode)
    if scheme in ("zeros", "orthogonal"):       # exact: orthonormal rows or columns
        assert math.isclose(np.mean(values ** 2), variance, rel_tol=1e-9, abs_tol=0)
    else:                                        # 20,000 draws: the sample variance is ±1 %
        assert math.isclose(values.var(), variance, rel_tol=0.06)


@examples(40)
@given(st.one_of(st.tuples(st.integers(1, 6), st.integers(1, 6)),
                 st.sampled_from([(0, 3), (3,), (2, 2, 2), ()])), SCHEMES | BAD_NAMES,
       st.floats(0.1, 5) | HOSTILE_GAIN)
def test_init_weight_fills_finite_values_or_refuses(shape, scheme, gain):
    weight = torch.empty(shape, dtype=torch.float64)
    result = outcome(wi.init_weight, weight, scheme, gain)
    valid = (len(shape) == 2 and min(shape) >= 1 and scheme in wi.INITS
             and math.isfinite(gain) and 0 < gain <= wi.MAX_GAIN)
    if not valid:
        assert result == REFUSED
        return
    assert result is weight and finite(result)
    if scheme == "zeros":
        assert not result.any()
    if scheme == "constant 0.1":
        assert (result == 0.1).all()
    if scheme == "uniform U(0, 1)":
        assert ((0 <= result) & (result <= 1)).all()


@examples(40)
@given(SCHEMES | BAD_NAMES, st.sampled_from(list(wi.ACTIVATIONS)) | BAD_NAMES)
def test_gains_are_calculate_gain_or_the_paper_s(scheme, activation):
    gain = outcome(wi.recommended_gain, activation)
    paper = outcome(wi.paper_gain, scheme, activation)
    if activation not in tuple(wi.ACTIVATIONS):
        assert gain == paper == REFUSED
        return
    # calculate_gain has no smooth ReLUs (ReLU's √2 stands in) and takes PReLU's starting
    # slope 0.25 as a leaky ReLU's
    stand_in = dict.fromkeys(("gelu", "elu", "silu", "softplus", "mish", "hardswish"), "relu")
    expected = (torch.nn.init.calculate_gain("leaky_relu", 0.25) if activation == "prelu"
                else torch.nn.init.calculate_gain(stand_in.get(activation, activation)))
    assert gain == expected
    if scheme not in wi.INITS:
        assert paper == REFUSED
    else:
        assert paper == {"Xavier uniform": 1.0, "Xavier normal": 1.0, "LeCun normal": 1.0,
                         "Kaiming normal": math.sqrt(2),
                         "Kaiming uniform": math.sqrt(2)}.get(scheme, expected)


SETUP = dict(depth=st.integers(1, 6), width=st.integers(1, 16),
             activation=st.sampled_from(list(wi.ACTIVATIONS)), init=SCHEMES,
             gain=st.none() | st.floats(0.01, 10) | st.just(wi.MAX_GAIN),
             mode=st.sampled_from(wi.MODES), batchnorm=st.booleans(), residual=st.booleans(),
             batch=st.integers(2, 8), input=st.sampled_from(wi.INPUTS),
             seed=st.integers(0, 2**32 - 1))
HOSTILE_SETUP = dict(depth=HOSTILE_WHOLE | st.just(1001), width=HOSTILE_WHOLE | st.just(10**5),
                     activation=BAD_NAMES, init=BAD_NAMES, gain=HOSTILE_GAIN,
                     mode=st.just("fan_avg"), batchnorm=st.just(np.nan), residual=st.just("no"),
                     batch=st.sampled_from([1, 0, 2.5, 10**9]), input=st.just("cauchy"),
                     seed=SEED)


def _valid_setup(s):
    whole = (lambda v, low: isinstance(v, int) and not isinstance(v, bool) and v >= low)
    return (whole(s.depth, 1) and s.depth <= wi.MAX_DEPTH and whole(s.width, 1)
            and s.width <= 8000 and whole(s.batch, 2) and s.batch * s.width <= 64_000_000
            and s.activation in tuple(wi.ACTIVATIONS) and s.init in wi.INITS
            and (s.gain is None or (isinstance(s.gain, float) and 0 < s.gain <= wi.MAX_GAIN))
            and s.mode in wi.MODES and s.input in wi.INPUTS and s.batchnorm in (True, False)
            and s.residual in (True, False) and whole(s.seed, 0) and s.seed < 2**32)


@examples(60)
@given(mostly_valid(SETUP, HOSTILE_SETUP))
def test_propagation_is_finite_or_flagged_and_theory_is_its_closed_form(fields):
    setup = wi.Setup(**fields)
    result = outcome(wi.propagate, setup, (1, setup.depth) if _valid_setup(setup) else ())
    if not _valid_setup(setup):
        assert result == REFUSED
        return
    for std, ok in ((result.forward_std, result.forward_finite),
                    (result.backward_std, result.backward_finite)):
        assert std.shape == (setup.depth,) and finite(std[ok]) and np.isnan(std[~ok]).all()
        assert (std[ok] >= 0).all()
    var_w = wi.weight_variance(setup.init, setup.width, setup.width, setup.effective_gain,
                               setup.mode)
    if var_w is None or setup.batchnorm or setup.residual:
        assert result.theory_forward is None and result.theory_backward is None
        return
    for theory in (result.theory_forward, result.theory_backward):
        assert theory.shape == (setup.depth,) and not np.isnan(theory).any()
        assert (theory >= 0).all()
    factor = {"linear": 1.0, "relu": 0.5}.get(setup.activation)
    if factor is not None:     # q_l = (n·Var(w)·factor)^(l-1)·n·Var(w): φ(z)² averages to it
        n_var = setup.width * var_w
        layers = np.arange(setup.depth)
        q = n_var * (n_var * factor) ** layers
        r = (n_var * factor) ** (setup.depth - 1 - layers) * (factor if q[-1] > 0 else 0.0) \
            if setup.activation == "relu" else n_var ** (setup.depth - 1 - layers)
        np.testing.assert_allclose(result.theory_forward, np.sqrt(q), rtol=1e-6)
        np.testing.assert_allclose(result.theory_backward, np.sqrt(r), rtol=1e-6)
    if setup.activation == "linear" and setup.input == "normal" and result.forward_finite.all():
        # a linear net: z_L = x · (W_L ··· W_1)ᵀ, the matrix product taken first, in float64
        g = torch.Generator().manual_seed(setup.seed)
        x = torch.randn(setup.batch, setup.width, generator=g).double()
        product = torch.eye(setup.width, dtype=torch.float64)
        for w in wi.draw_weights(setup):
            product = w.double() @ product
        expected = float((x @ product.T).std())
        if 1e-30 < expected < 1e30:
            assert math.isclose(result.forward_std[-1], expected, rel_tol=1e-3)


@examples(30)
@given(st.lists(SCHEMES | BAD_NAMES, max_size=4))
def test_training_variants_add_zeros_and_a_zero_output_layer(schemes):
    variants = outcome(wi.training_variants, schemes)
    if any(s not in wi.INITS for s in schemes):
        assert variants == REFUSED
        return
    labels = [label for label, _, _ in variants]
    assert labels[:len(schemes)] == schemes and "zeros" in labels
    scaled = [s for s in schemes if s in wi.SCALED_INITS] or ["Xavier normal"]
    assert variants[-1] == (f"{scaled[0]}, output layer 0", scaled[0], True)
    assert outcome(wi.initializer, variants[-1][1], "tanh", True) != REFUSED


@examples(10)
@given(SCHEMES | BAD_NAMES, st.integers(1, 8) | HOSTILE_WHOLE, SEED)
def test_first_layer_gradient_is_finite_and_symmetric_for_constant_inits(scheme, hidden, seed):
    result = outcome(wi.first_layer_gradient, scheme, hidden, seed)
    valid = (scheme in wi.INITS and isinstance(hidden, int) and not isinstance(hidden, bool)
             and hidden >= 1 and isinstance(seed, int) and 0 <= seed < 2**32)
    if not valid:
        assert result == REFUSED
        return
    assert result.gradient.shape == (hidden, 64) and finite(result.gradient)
    assert result.rank <= min(hidden, 64) and 1 <= result.distinct_rows <= hidden
    if scheme in ("zeros", "constant 0.1"):
        assert result.rank <= 1 and result.distinct_rows == 1
