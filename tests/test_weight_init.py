"""explorer.weight_init against torch.nn.init, closed forms, and the seeds' claims."""
import math
import re

import numpy as np
import pytest
import torch

from explorer.budget import MAX_SIMULATION_ELEMENTS
from explorer import weight_init as wi
from explorer.errors import InputError


def test_he_relu_keeps_activation_std_within_a_factor_two_over_50_layers():
    p = wi.propagate(wi.Setup(depth=50, width=256, activation="relu", init="Kaiming normal"))
    ratio = p.forward_std / p.forward_std[0]
    assert ratio.max() < 2 and ratio.min() > 0.5


def test_small_normal_with_tanh_vanishes():
    p = wi.propagate(wi.Setup(depth=20, width=256, activation="tanh", init="N(0, 0.01)"))
    assert p.forward_std[0] == pytest.approx(0.16, rel=0.05)  # √(256·1e-4)·1
    assert p.forward_std[-1] < 1e-12 and p.forward_finite.all()


def test_sigmoid_xavier_gradient_shrinks_toward_the_input():
    p = wi.propagate(wi.Setup(depth=20, width=256, activation="sigmoid", init="Xavier normal"))
    g = p.backward_std
    assert np.all(np.diff(g) > 0)  # smaller at every step back toward layer 1
    # each step multiplies the gradient variance by n·Var(w)·E[σ'(z)²] ≤ 0.25² (seed 001)
    assert (g[:-1] / g[1:]).max() <= 0.25


def test_linear_net_follows_the_closed_form():
    # Var_L = (n·Var(w))^L·Var_0 with a deliberately off scale: gain 1.1 -> ×1.21 a layer
    setup = wi.Setup(depth=12, width=512, activation="linear", init="Xavier normal", gain=1.1)
    theory_f, theory_b = wi.mean_field(setup)
    layers = np.arange(1, 13)
    np.testing.assert_allclose(theory_f, 1.1 ** layers, rtol=1e-9)
    np.testing.assert_allclose(theory_b, 1.1 ** (12 - layers), rtol=1e-9)
    p = wi.propagate(setup)
    np.testing.assert_allclose(p.forward_std, theory_f, rtol=0.1)
    np.testing.assert_allclose(p.backward_std, theory_b, rtol=0.1)


@pytest.mark.parametrize("activation, init", [("tanh", "Xavier normal"), ("relu", "Kaiming normal"),
                                              ("sigmoid", "Xavier uniform"), ("gelu", "orthogonal"),
                                              ("selu", "LeCun normal")])
def test_mean_field_theory_matches_simulation(activation, init):
    setup = wi.Setup(depth=10, width=1024, activation=activation, init=init, batch=512)
    p = wi.propagate(setup)
    np.testing.assert_allclose(p.forward_std, p.theory_forward, rtol=0.1)
    np.testing.assert_allclose(p.backward_std, p.theory_backward, rtol=0.15)


def test_relu_he_theory_is_exactly_flat():
    f, b = wi.mean_field(wi.Setup(depth=30, width=100, activation="relu", init="Kaiming normal"))
    np.testing.assert_allclose(f, math.sqrt(2), rtol=1e-6)
    np.testing.assert_allclose(b, math.sqrt(0.5), rtol=1e-6)


@pytest.mark.parametrize("activation, name", [("linear", "linear"), ("tanh", "tanh"),
                                              ("sigmoid", "sigmoid"), ("relu", "relu"),
                                              ("leaky_relu", "leaky_relu"), ("selu", "selu")])
def test_gains_are_torchs(activation, name):
    assert wi.recommended_gain(activation) == torch.nn.init.calculate_gain(name)
    assert wi.paper_gain("orthogonal", activation) == torch.nn.init.calculate_gain(name)
    assert wi.paper_gain("Kaiming uniform", activation) == torch.nn.init.calculate_gain("relu")


@pytest.mark.parametrize("scheme", ["N(0, 0.01)", "Xavier uniform", "Xavier normal",
                                    "Kaiming normal", "Kaiming uniform", "orthogonal",
                                    "LeCun normal"])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_weight_variance_closed_forms_match_torch_init(scheme, mode):
    fan_out, fan_in = 300, 500
    w = wi.init_weight(torch.empty(fan_out, fan_in), scheme, gain=1.3, mode=mode,
                       generator=torch.Generator().manual_seed(0))
    expected = wi.weight_variance(scheme, fan_in, fan_out, gain=1.3, mode=mode)
    if scheme == "LeCun normal":
        expected = 1 / fan_in
    assert float(w.var()) == pytest.approx(expected, rel=0.02)
    assert abs(float(w.mean())) < 0.01 * math.sqrt(expected) * 10


def test_uniform_init_has_no_theory_and_zero_init_gives_zero_signal():
    assert wi.weight_variance("uniform U(0, 1)", 10, 10) is None
    assert wi.mean_field(wi.Setup(depth=3, init="uniform U(0, 1)")) is None
    p = wi.propagate(wi.Setup(depth=3, width=8, activation="tanh", init="zeros"))
    assert np.all(p.forward_std == 0)


def test_zero_and_constant_init_give_every_unit_the_same_gradient():
    zeros, constant = wi.first_layer_gradient("zeros"), wi.first_layer_gradient("constant 0.1")
    random = wi.first_layer_gradient("Xavier normal")
    assert zeros.rank == 0 and not zeros.gradient.any()
    assert constant.rank == 1 and constant.distinct_rows == 1
    assert random.rank == 16 and random.distinct_rows == 16


@pytest.mark.parametrize("values, finite", [
    ([1.0, 2.0, 4.0], True),
    ([1e20, -1e20, 3e20], True),          # finite, but float32 squares overflow to inf
    ([1.0, float("inf"), 2.0], False),
    ([1.0, float("nan"), 2.0], False),
])
def test_std_and_finiteness_match_numpy(values, finite):
    std, ok, zero = wi._std(torch.tensor(values, dtype=torch.float32))
    assert ok == finite and not zero
    if finite:
        assert std == pytest.approx(np.std(np.array(values, dtype=np.float64), ddof=1),
                                    rel=1e-6)
    else:
        assert math.isnan(std)


def test_exploding_variance_is_marked_not_raised():
    p = wi.propagate(wi.Setup(depth=100, width=64, activation="linear", init="constant 0.1",
                              batch=8))
    assert not p.forward_finite.all() and p.forward_finite[0]
    assert np.isnan(p.forward_std[~p.forward_finite]).all()
    assert p.backward_finite[-1] and not p.backward_finite[0]  # ×6.4 a layer back to the input


def test_residual_and_batchnorm_run_and_batchnorm_normalises():
    p = wi.propagate(wi.Setup(depth=30, width=128, activation="relu", init="N(0, 0.01)",
                              batchnorm=True, residual=True, batch=64), sample_layers=(1, 30))
    assert p.theory_forward is None and p.forward_finite.all() and p.backward_finite.all()
    assert set(p.samples) == {1, 30} and len(p.samples[30]) == 4000


@pytest.mark.parametrize("fan_in, fan_out", [(400, 600), (600, 400), (500, 500)])
def test_orthogonal_variance_is_gain_squared_over_the_larger_fan_as_torch_draws_it(fan_in,
                                                                                   fan_out):
    w = torch.nn.init.orthogonal_(torch.empty(fan_out, fan_in), gain=1.5,
                                  generator=torch.Generator().manual_seed(0))
    # the rows or columns are exactly orthonormal, so the mean square is exact, not sampled
    assert float((w.double() ** 2).mean()) == pytest.approx(
        wi.weight_variance("orthogonal", fan_in, fan_out, gain=1.5), rel=1e-5)
    assert wi.weight_variance("orthogonal", fan_in, fan_out, 1.5) == 2.25 / max(fan_in, fan_out)


@pytest.mark.parametrize("bad, code, message", [
    (dict(depth=0), "out_of_range", "depth=0 is outside [1, 1000]"),
    (dict(depth=2.5), "not_integer", "depth must be a whole number"),
    (dict(width=100_000), "budget", "one weight matrix would need 10,000,000,000 values"),
    (dict(depth=1000, width=1024), "budget", "1000 layers of width 1024 with batch 256"),
    (dict(batch=10 ** 6, width=512), "budget", "one layer's activations"),
    (dict(init="magic"), "choice", "unknown init 'magic'"),
    (dict(activation="Tanh"), "choice", "unknown activation 'Tanh'"),
    (dict(gain=float("nan")), "not_finite", "gain must be a finite number"),
    (dict(gain=0.0), "out_of_range", "gain=0 is outside (0, 100]"),
    (dict(mode="fan_avg"), "choice", "unknown mode"),
    (dict(input="cauchy"), "choice", "unknown input"),
    (dict(seed=2 ** 32), "out_of_range", "seed=4294967296"),
    (dict(batch=1), "out_of_range", "batch=1 is outside [2, inf]"),
])
def test_bad_setups_are_explained(bad, code, message):
    with pytest.raises(InputError, match=re.escape(message)) as err:
        wi.propagate(wi.Setup(**bad))
    assert err.value.code == code


def test_bad_arguments_of_the_helpers_are_explained():
    with pytest.raises(InputError, match="unknown init 'Xavier'"):
        wi.weight_variance("Xavier", 10, 10)          # was None: "no theory", silently
    with pytest.raises(InputError, match="fan_in=0"):
        wi.weight_variance("Kaiming normal", 0, 10)
    with pytest.raises(InputError, match="non-empty 2-D tensor"):
        wi.init_weight(torch.empty(3), "orthogonal")
    with pytest.raises(InputError, match="sample layer=4 is outside"):
        wi.propagate(wi.Setup(depth=3, width=8), sample_layers=(4,))
    with pytest.raises(InputError, match=r"weights must be 3 tensors \[8, 8\]"):
        wi.propagate(wi.Setup(depth=3, width=8), weights=[torch.zeros(8, 8)] * 2)
    with pytest.raises(InputError, match="unknown activation 'swish'"):
        wi.initializer("orthogonal", "swish")
    with pytest.raises(InputError, match="unknown activation 'swish'"):
        wi.train_with_inits(["orthogonal"], "swish")      # the registry's id is 'silu'
    with pytest.raises(InputError, match="epochs=0"):
        wi.train_with_inits(["orthogonal"], "tanh", epochs=0)
    with pytest.raises(InputError, match="unknown init"):
        wi.training_variants(["zero"])
    with pytest.raises(InputError, match="seed"):
        wi.first_layer_gradient("zeros", seed=-1)


def test_mean_field_overflow_is_inf_never_nan():
    # 120 layers at gain 100 (×~1e4 a layer): the variance passes 1e308 before the end
    for activation in ("linear", "gelu", "relu", "selu", "leaky_relu"):
        f, b = wi.mean_field(wi.Setup(depth=120, width=16, activation=activation,
                                      init="Kaiming normal", gain=100.0))
        assert not np.isnan(f).any() and not np.isnan(b).any(), activation
        assert np.isinf(f[-1]) and np.isinf(b[0]), activation
    f, b = wi.mean_field(wi.Setup(depth=120, width=16, activation="tanh",
                                  init="Kaiming normal", gain=100.0))
    assert np.isfinite(f).all() and not np.isnan(b).any()


def test_zero_output_layer_still_trains_but_all_zero_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    curves = wi.train_with_inits(["Xavier normal"], "tanh", epochs=4)
    assert set(curves) == {"Xavier normal", "zeros", "Xavier normal, output layer 0"}
    assert curves["zeros"][-1]["val_loss"] == pytest.approx(math.log(10), abs=0.05)
    assert curves["Xavier normal, output layer 0"][-1]["val_acc"] > 0.85
    assert curves["Xavier normal"][-1]["val_acc"] > 0.85


def test_zero_output_demo_starts_from_a_scaled_init():
    assert wi.training_variants(["N(0, 0.01)", "Kaiming normal"])[-1] == (
        "Kaiming normal, output layer 0", "Kaiming normal", True)
    assert wi.training_variants(["N(0, 0.01)"])[-1][1] == "Xavier normal"


def test_all_zero_values_are_told_from_a_constant_nonzero_tensor():
    assert wi._std(torch.zeros(4, 3)) == (0.0, True, True)
    assert wi._std(torch.full((4, 3), 1e-45)) == (0.0, True, False)   # std 0, values not 0


def test_small_normal_init_with_relu_underflows_to_exactly_zero_and_says_where():
    # 0.01·√256/√2 = 0.08 per layer: float32's 1.4e-45 is passed near layer 48
    p = wi.propagate(wi.Setup(depth=100, width=256, activation="relu", init="N(0, 0.01)"))
    first = int(np.argmax(p.forward_zero))
    assert 40 < first + 1 < 55 and p.forward_zero[first:].all() and not p.forward_zero[:first].any()
    assert (p.forward_std[first:] == 0).all() and (p.forward_std[:first] > 0).all()
    assert p.forward_finite.all() and p.backward_zero[0]
    zeros = wi.propagate(wi.Setup(depth=5, width=16, init="zeros", batch=8))
    assert zeros.forward_zero.all()


@pytest.mark.parametrize("scheme", wi.INITS)
def test_uses_gain_says_whether_the_gain_changes_the_weights(scheme):
    draw = [wi.init_weight(torch.empty(32, 32), scheme, gain,
                           generator=torch.Generator().manual_seed(0)) for gain in (1.0, 2.0)]
    assert wi.uses_gain(scheme) == (not torch.equal(*draw))


def test_a_comparison_is_bounded_as_a_whole():
    largest = wi.Setup(depth=100, width=512, batch=256)
    assert largest.elements == 100 * (512 ** 2 + 3 * 256 * 512) <= MAX_SIMULATION_ELEMENTS
    wi.check_comparison([wi.Setup(depth=100, init=s) for s in wi.INITS])   # all ten, 100 deep
    with pytest.raises(InputError, match="compare fewer initialisations") as err:
        wi.check_comparison([largest] * 5)
    assert err.value.code == "budget"
