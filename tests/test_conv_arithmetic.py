"""Conv arithmetic against real torch layers: sizes, receptive fields, costs, walkthrough."""
import itertools
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
import torchvision

from explorer import conv_cost, conv_walkthrough
from explorer.conv_arithmetic import Layer, centre_field, empirical_receptive_field, \
    layers_from_rows, output_size, torch_output_size, trace
from explorer.errors import InputError
from explorer.models import MODEL_NAMES, build_model


def _torch_size(layer, size):
    """torch's own functional ops (not our torch_layer) on a real CPU tensor."""
    x, k = torch.zeros(1, 1, size, size), layer.kernel
    if layer.kind == "conv":
        out = F.conv2d(x, torch.zeros(1, 1, k, k), None, layer.stride, layer.padding,
                       layer.dilation)
    elif layer.kind == "maxpool":
        out = F.max_pool2d(x, k, layer.stride, layer.padding, layer.dilation, layer.ceil_mode)
    else:
        out = F.avg_pool2d(x, k, layer.stride, layer.padding, layer.ceil_mode)
    return out.shape[-1]


@pytest.mark.parametrize("kind", ["conv", "maxpool", "avgpool"])
def test_output_size_equals_torch_over_a_grid(kind):
    checked = 0
    for size, k, s, p, d, ceil in itertools.product(
            (5, 7, 8, 13), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2), (False, True)):
        layer = Layer(kind, k, s, p, d if kind != "avgpool" else 1, ceil and kind != "conv")
        try:
            ours = output_size(layer, size)
        except ValueError:
            with pytest.raises(RuntimeError):   # torch refuses the same settings
                _torch_size(layer, size)
            continue
        assert ours == _torch_size(layer, size), (layer, size)
        checked += 1
    assert checked > 100


def test_ceil_mode_drops_a_window_starting_in_the_padding():
    # floor((5 + 2 − 2)/2) + 1 = 3; ceil gives 4, but window 4 would start at 6 ≥ 5 + 1
    layer = Layer("maxpool", 2, 2, 1, ceil_mode=True)
    assert output_size(layer, 5) == _torch_size(layer, 5) == 3
    assert output_size(Layer("maxpool", 3, 2, 0, ceil_mode=True), 6) == 3  # ceil(3/2)+1
    assert output_size(Layer("maxpool", 3, 2, 0), 6) == 2


@pytest.mark.parametrize("layer, size, code, message", [
    (Layer("conv", 7), 5, "out_of_range",
     "output size would be -1: kernel 7 is larger than the padded input 5 + 2·0 = 5"),
    (Layer("conv", 3, dilation=3), 6, "out_of_range", "dilated span 7"),
    (Layer("conv", 3, stride=0), 8, "out_of_range", "stride=0 is outside [1, 1000000]"),
    (Layer("conv", 3, padding=-1), 8, "out_of_range", "padding=-1 is outside [0, 1000000]"),
    (Layer("maxpool", 2, 2, padding=2), 8, "out_of_range", "padding 2 is more than half"),
    (Layer("conv", 3.5), 8, "not_integer", "kernel must be a whole number, got 3.5"),
    (Layer("conv", 3), 8.5, "not_integer", "input size must be a whole number"),
    (Layer("conv", 3), 0, "out_of_range", "input size=0 is outside [1, 1000000]"),
    (Layer("conv", 3, ceil_mode=True), 8, "other", "ceil mode applies to pooling only"),
    (Layer("conv", 3, ceil_mode=float("nan")), 8, "other", "ceil_mode must be True or False"),
    (Layer("avgpool", 3, dilation=2), 8, "out_of_range", "average pooling has no dilation"),
    (Layer("pool", 3), 8, "choice", "unknown layer kind 'pool'"),
    (Layer("conv", 10 ** 7), 8, "out_of_range", "kernel=10000000 is outside"),
])
def test_impossible_settings_name_the_bad_value(layer, size, code, message):
    with pytest.raises(InputError, match=re.escape(message)) as err:
        output_size(layer, size)
    assert err.value.code == code


def test_trace_names_the_layer_that_fails():
    with pytest.raises(ValueError, match="layer 3 .*input 1"):
        trace(8, [Layer("conv", 3, 2), Layer("maxpool", 2, 2), Layer("conv", 3)])


def test_receptive_field_of_vgg_style_stacks():
    # two 3×3 convs see 5×5, three see 7×7 (Simonyan & Zisserman's argument)
    assert trace(32, [Layer("conv", 3, padding=1)] * 2)[-1].receptive == 5
    assert trace(32, [Layer("conv", 3, padding=1)] * 3)[-1].receptive == 7
    steps = trace(224, [Layer("conv", 7, 2, 3), Layer("maxpool", 3, 2, 1)])  # resnet stem
    assert [(s.size_out, s.jump, s.receptive) for s in steps] == [(112, 2, 7), (56, 4, 11)]


def test_receptive_field_matches_the_seed_top_down_formula():
    layers = [Layer("conv", 3), Layer("maxpool", 2, 2), Layer("conv", 5, 2), Layer("conv", 3)]
    rf = 1
    for layer in reversed(layers):          # RF_{N−1} = (RF_N − 1)·s + k
        rf = (rf - 1) * layer.stride + layer.kernel
    assert trace(64, layers)[-1].receptive == rf


@pytest.mark.parametrize("layers", [
    [Layer("conv", 3, padding=1)] * 3,
    [Layer("conv", 3, 2), Layer("maxpool", 2, 2), Layer("conv", 5, 1, 2)],
    [Layer("conv", 3, dilation=2), Layer("conv", 3, 2, dilation=3), Layer("maxpool", 3, 2, 1)],
])
def test_receptive_field_equals_the_empirical_one_from_input_gradients(layers):
    grad, rows, cols = empirical_receptive_field(96, layers)
    assert grad.shape == (96, 96)
    assert rows == cols == trace(96, layers)[-1].receptive


def test_empirical_field_is_clipped_by_a_small_input():
    _, rows, _ = empirical_receptive_field(8, [Layer("conv", 3, padding=1)] * 6)
    assert rows == 8 < trace(8, [Layer("conv", 3, padding=1)] * 6)[-1].receptive


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_layer_costs_match_numel_and_flop_counter(name):
    shape = (1, 28, 28) if name == "note4_cnn" else (1, 8, 8)   # note 4's CNN: MNIST size
    model = build_model(name, shape, 10)
    rows = conv_cost.layer_costs(model, shape)
    assert sum(r.params for r in rows) == sum(p.numel() for p in model.parameters())
    assert 2 * sum(r.macs for r in rows) == conv_cost.flop_counter_total(model, shape) > 0


def test_layer_costs_of_resnet18_and_hooks_are_removed():
    model = torchvision.models.resnet18()
    rows = conv_cost.layer_costs(model, (3, 224, 224))
    first = rows[0]
    assert (first.name, first.output_shape) == ("conv1", (64, 112, 112))
    assert first.macs == 64 * 112 * 112 * 3 * 7 * 7 and first.params == 64 * 3 * 7 * 7
    assert 2 * sum(r.macs for r in rows) == conv_cost.flop_counter_total(model, (3, 224, 224))
    assert all(not m._forward_hooks for m in model.modules())


def test_seed_inception_example():
    example = conv_cost.bottleneck()
    assert example.plain == 120_422_400 == 5 * 5 * 32 * 192 * 28 * 28
    # the seed prints 12_433_648, but its own terms add up to 12,443,648
    assert example.cheap == 1 * 1 * 28 * 28 * 192 * 16 + 5 * 5 * 28 * 28 * 16 * 32 == 12_443_648
    # the module's docstring states the computed figures, and the seed's only as a typo
    doc = " ".join(conv_cost.__doc__.split())
    assert f"= {example.plain:,} multiplications" in doc and f"= {example.cheap:,} (" in doc
    assert "12,433,648" not in doc.replace("the seed prints 12,433,648", "")


@pytest.mark.parametrize("which, fn", [("bottleneck", conv_cost.bottleneck),
                                       ("separable", conv_cost.separable)])
@pytest.mark.parametrize("c_in, size, c_out, kernel", [(192, 28, 32, 5), (3, 17, 8, 3)])
def test_comparisons_equal_flop_counter_on_real_layers(which, fn, c_in, size, c_out, kernel):
    result = fn(c_in=c_in, size=size, c_out=c_out, kernel=kernel)
    plain, cheap = conv_cost.comparison_modules(which, c_in, c_out, kernel)
    shape = (c_in, size, size)
    assert 2 * result.plain == conv_cost.flop_counter_total(plain, shape)
    assert 2 * result.cheap == conv_cost.flop_counter_total(cheap, shape)
    if which == "separable":
        assert result.ratio == pytest.approx(conv_cost.separable_ratio(c_out, kernel))
        assert result.ratio == pytest.approx(1 / c_out + 1 / kernel ** 2)


@pytest.mark.parametrize("kernel", [2, 4, 6])
def test_even_kernels_keep_the_plane_so_the_formula_still_equals_flop_counter(kernel):
    for which, fn in (("bottleneck", conv_cost.bottleneck), ("separable", conv_cost.separable)):
        result = fn(c_in=8, size=9, c_out=4, kernel=kernel)
        plain, cheap = conv_cost.comparison_modules(which, 8, 4, kernel)
        assert 2 * result.plain == conv_cost.flop_counter_total(plain, (8, 9, 9))
        assert 2 * result.cheap == conv_cost.flop_counter_total(cheap, (8, 9, 9))


@pytest.mark.parametrize("kwargs, code, message", [
    (dict(c_mid=0), "out_of_range", "bottleneck_channels must be at least 1, got 0"),
    (dict(kernel=2.5), "not_integer", "kernel must be a whole number, got 2.5"),
    (dict(c_in=float("nan")), "not_integer", "input_channels must be a whole number"),
    (dict(c_in=4096, c_out=4096, kernel=31), "budget", "the k×k conv's weights would need"),
    (dict(c_in=10 ** 6, size=10 ** 4), "budget", "the input feature map would need"),
])
def test_comparison_refuses_bad_sizes(kwargs, code, message):
    with pytest.raises(InputError, match=re.escape(message)) as err:
        conv_cost.bottleneck(**kwargs)
    assert err.value.code == code


def test_cost_functions_refuse_bad_models_and_shapes():
    with pytest.raises(InputError, match="unknown model 'resnet50'"):
        conv_cost.build_for_counting("resnet50", (3, 32, 32))
    with pytest.raises(InputError, match="input_shape size must be a whole number"):
        conv_cost.layer_costs(build_model("mlp", (1, 8, 8), 10), (1, 8.5, 8))
    with pytest.raises(InputError, match="input_shape would need"):
        conv_cost.flop_counter_total(torchvision.models.resnet18(), (3, 10 ** 5, 10 ** 5))
    with pytest.raises(InputError, match=r"cannot take an input of shape \(1, 8, 8\)") as err:
        conv_cost.layer_costs(torchvision.models.resnet18(), (1, 8, 8))   # 3 channels
    assert err.value.code == "shape"
    with pytest.raises(InputError, match="unknown comparison 'inception'"):
        conv_cost.comparison_modules("inception", 8, 8, 3)
    with pytest.raises(InputError, match=r"output_shape must be \(4, H_out, W_out\)"):
        conv_cost.conv_macs(torch.nn.Conv2d(2, 4, 3), (5, 6, 6))


@pytest.mark.parametrize("stride, padding, dilation", [(1, 0, 1), (2, 1, 1), (1, 2, 2),
                                                       (3, 1, 2)])
def test_walkthrough_cells_equal_conv2d(stride, padding, dilation):
    x = conv_walkthrough.example_input(7, seed=1)
    kernel = np.arange(9, dtype=float).reshape(3, 3) - 4
    expected = F.conv2d(torch.tensor(x)[None, None], torch.tensor(kernel)[None, None],
                        torch.tensor([0.5], dtype=torch.float64), stride, padding,
                        dilation)[0, 0].numpy()
    rows, cols = conv_walkthrough.output_shape(x, kernel, stride, padding, dilation)
    assert (rows, cols) == expected.shape
    for step in range(rows * cols):
        cell = conv_walkthrough.cell(x, kernel, step, stride, padding, dilation, bias=0.5)
        assert cell.value == pytest.approx(expected[cell.row, cell.col])
        assert cell.products.sum() + 0.5 == pytest.approx(cell.value)


def test_walkthrough_refuses_a_step_past_the_end_and_bad_inputs():
    with pytest.raises(InputError, match="step 25 is outside the 5×5 = 25 outputs"):
        conv_walkthrough.cell(np.zeros((7, 7)), np.ones((3, 3)), 25)
    with pytest.raises(InputError, match="the kernel must be square"):
        conv_walkthrough.output_shape(np.zeros((7, 7)), np.ones((3, 2)), 1, 0, 1)
    with pytest.raises(InputError, match="x holds NaN"):
        conv_walkthrough.cell(np.full((7, 7), np.nan), np.ones((3, 3)), 0)
    with pytest.raises(InputError, match="kernel is empty"):
        conv_walkthrough.output_shape(np.zeros((7, 7)), np.ones((0, 0)), 1, 0, 1)
    with pytest.raises(InputError, match="x is 65×65: keep it within 64×64"):
        conv_walkthrough.padded(np.zeros((65, 65)), 1)
    with pytest.raises(InputError, match="overflows float64"):
        conv_walkthrough.cell(np.full((3, 3), 1e200), np.full((3, 3), 1e200), 0)
    with pytest.raises(InputError, match="seed=-1"):
        conv_walkthrough.example_input(5, seed=-1)
    cell = conv_walkthrough.cell(np.ones((5, 5)), np.ones((3, 3)), 2.0, stride=2.0)
    assert (cell.row, cell.col, cell.value) == (1, 0, 9.0)


def test_layers_from_rows_names_the_bad_cell():
    rows = [{"kind": "conv", "kernel": 3, "stride": 1, "padding": 1, "dilation": 1},
            {"kind": "maxpool", "kernel": 2, "stride": float("nan"), "padding": 0,
             "dilation": 1, "ceil_mode": True}]
    with pytest.raises(InputError, match="row 2: stride is empty; enter a whole number"):
        layers_from_rows(rows)
    rows[1]["stride"] = 2.5
    with pytest.raises(InputError, match="row 2: stride must be a whole number, got 2.5"):
        layers_from_rows(rows)
    rows[1]["stride"] = float("inf")
    with pytest.raises(InputError, match="row 2: stride must be a whole number, got inf"):
        layers_from_rows(rows)
    rows[1]["stride"] = 2.0
    assert layers_from_rows(rows)[1] == Layer("maxpool", 2, 2, 0, 1, True)
    rows[1]["ceil_mode"] = None          # a new row's empty checkbox cell is off, not True
    assert layers_from_rows(rows)[1].ceil_mode is False
    rows[1]["kind"] = None
    with pytest.raises(InputError, match="row 2: kind must be one of"):
        layers_from_rows(rows)
    with pytest.raises(InputError, match="stack is empty"):
        layers_from_rows([])
    with pytest.raises(InputError, match="the stack has 101 layers: keep at most 100"):
        layers_from_rows(rows[:1] * 101)


def _real_max_pool_field(size, layers, trials=300):
    """Input pixels that are the maximum behind the centre output of a real max-pool stack
    for some random input: the union of the gradient supports over ``trials`` inputs."""
    modules = torch.nn.Sequential(*(torch.nn.MaxPool2d(l.kernel, l.stride, l.padding,
                                                       l.dilation, ceil_mode=l.ceil_mode)
                                    for l in layers))
    x = torch.rand(trials, 1, size, size, generator=torch.Generator().manual_seed(0),
                   requires_grad=True)
    out = modules(x)
    out[:, 0, out.shape[2] // 2, out.shape[3] // 2].sum().backward()
    seen = (x.grad != 0).any(0)[0]
    rows = seen.any(1).nonzero()
    return int(rows.max() - rows.min() + 1), seen


@pytest.mark.parametrize("layers", [
    [Layer("maxpool", 3, 1, 0, 2)],                                     # issue 17: extent 5
    [Layer("maxpool", 3, 2, 1, 2), Layer("maxpool", 2, 2, 0, 3, True)],
    [Layer("maxpool", 2, 2, 1, 1, True), Layer("maxpool", 3, 1, 1, 2)],
])
def test_max_pool_field_keeps_dilation_and_ceil_mode_like_the_real_layer(layers):
    extent, seen = _real_max_pool_field(15, layers)
    grad, rows, cols = empirical_receptive_field(15, layers)
    assert rows == cols == extent == trace(15, layers)[-1].receptive
    np.testing.assert_array_equal(grad.numpy() != 0, seen.numpy())
    assert empirical_receptive_field(9, [Layer("maxpool", 3, dilation=2)])[1] == 5


def test_a_centre_output_that_sees_only_padding_has_an_empty_field():
    # k=1, s=2, p=1 on 1 pixel: 2 outputs, the centre one (index 1) reads the right padding
    grad, rows, cols = empirical_receptive_field(1, [Layer("conv", 1, 2, 1)])
    assert (rows, cols) == (0, 0) and not grad.any()


def test_deep_stacks_stay_finite_and_impossible_ones_are_refused():
    grad, rows, _ = empirical_receptive_field(64, [Layer("conv", 3, padding=1)] * 100)
    assert torch.isfinite(grad).all() and rows == 64 and grad.max() > 0
    with pytest.raises(InputError, match="the stack has 0 layers"):
        trace(8, [])
    with pytest.raises(InputError, match=r"layer 3 \(conv k=1, s=1,000,000.*2\*\*53") as err:
        trace(8, [Layer("conv", 1, 1_000_000)] * 4)
    assert (err.value.code, err.value.params["layer"]) == ("out_of_range", 3)
    with pytest.raises(InputError, match="measured gradient map would need") as err:
        empirical_receptive_field(9000, [Layer("conv", 3)])
    assert err.value.code == "budget"
    with pytest.raises(InputError, match="multiply-adds would need"):
        empirical_receptive_field(5000, [Layer("conv", 2000, padding=1000)] * 40)
    with pytest.raises(InputError, match="beyond float64"):
        empirical_receptive_field(8, [Layer("conv", 1001, 1, 500)] * 100)
    with pytest.raises(InputError, match="steps is empty"):
        centre_field(8, [])


def test_output_until_fills_cells_in_reading_order():
    x = conv_walkthrough.example_input(5, seed=3)
    kernel = np.ones((3, 3))
    out = conv_walkthrough.output_until(x, kernel, 4, padding=1)
    full = F.conv2d(torch.tensor(x)[None, None], torch.ones(1, 1, 3, 3, dtype=torch.float64),
                    padding=1)[0, 0].numpy()
    np.testing.assert_allclose(out.ravel()[:5], full.ravel()[:5])
    assert np.isnan(out.ravel()[5:]).all()


@pytest.mark.parametrize("name", conv_cost.COUNTABLE)
def test_every_countable_model_matches_flop_counter(name):
    shape = (3, 32, 32)
    model = conv_cost.build_for_counting(name, shape)
    rows = conv_cost.layer_costs(model, shape)
    assert 2 * sum(r.macs for r in rows) == conv_cost.flop_counter_total(model, shape)
    assert sum(r.params for r in rows) == sum(p.numel() for p in model.parameters())


def test_imagenet_models_refuse_grey_input():
    with pytest.raises(ValueError, match="takes RGB images \\(3 channels\\), not 1"):
        conv_cost.build_for_counting("resnet18", (1, 28, 28))


def test_torch_output_size_on_meta_equals_the_formula_at_large_sizes():
    layer = Layer("maxpool", 3, 2, 1, 1, True)
    assert torch_output_size(layer, 4097) == output_size(layer, 4097) == 2049


def test_the_measured_field_is_zoomed_on_a_small_field_and_whole_for_a_large_one():
    """A 27-pixel field in a 512-pixel input is shown with a margin of half its width (it was a
    dot in the whole input); a field as large as the input shows the whole input."""
    from explorer.figures.conv_arithmetic import measured_field
    layers = [Layer("conv", 7, 2, 3), Layer("maxpool", 3, 2, 1), Layer("conv", 3, 1, 1),
              Layer("conv", 3, 2, 1)]
    steps = trace(512, layers)
    lo, hi = centre_field(512, steps)
    grad, rows, _ = empirical_receptive_field(512, layers)
    fig = measured_field(grad.numpy(), lo, hi)
    margin = (hi - lo) / 2
    assert fig.layout.xaxis.range == (lo - margin - 0.5, hi + margin - 0.5)
    assert fig.layout.yaxis.range == (hi + margin - 0.5, lo - margin - 0.5)   # rows downwards
    seen = np.argwhere(grad.numpy() != 0)
    assert (seen >= lo - margin).all() and (seen < hi + margin).all() and rows == 27
    whole = measured_field(np.ones((8, 8)), -10.0, 17.0)
    assert whole.layout.xaxis.range is None and whole.layout.yaxis.autorange == "reversed"


def test_the_stack_chart_has_a_log_axis_so_field_and_jump_stay_readable():
    from explorer.figures.conv_arithmetic import stack_chart
    fig = stack_chart(["input", "1"], [512, 256], [1, 7], [1, 2])
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.dtick == 1
