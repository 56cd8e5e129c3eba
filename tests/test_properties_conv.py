"""Property tests of explorer.conv_arithmetic, conv_cost and conv_walkthrough: for any
input, sizes equal to real torch layers' (CPU tensors when small, the meta device up to the
largest sizes), receptive fields equal to the gradient support of real nn.Conv2d /
nn.MaxPool2d / nn.AvgPool2d stacks, costs equal to FlopCounterMode, cells equal to
F.conv2d, or an InputError; never NaN, never another exception."""
import math

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp
from torch import nn

from explorer import conv_cost, conv_walkthrough as cw
from explorer.conv_arithmetic import KINDS, MAX_SIZE, Layer, centre_field, torch_layer, \
    empirical_receptive_field, layers_from_rows, output_size, torch_output_size, trace
from explorer.models import MODEL_NAMES
from tests.property_helpers import ANY_FLOAT, REFUSED, SEED, arrays, examples, finite, \
    mostly_valid, outcome

HOSTILE_INT = st.sampled_from([-1, 0, 2.5, np.nan, np.inf, -np.inf, 10 ** 7, "3", None, True])
SMALL_LAYER = dict(kind=st.sampled_from(KINDS), kernel=st.integers(1, 5),
                   stride=st.integers(1, 3), padding=st.integers(0, 2),
                   dilation=st.integers(1, 3), ceil_mode=st.booleans())
HOSTILE_LAYER = dict(kind=st.sampled_from(["pool", "Conv", "", None]), kernel=HOSTILE_INT,
                     stride=HOSTILE_INT, padding=HOSTILE_INT, dilation=HOSTILE_INT,
                     ceil_mode=st.sampled_from([np.nan, "yes", 2, None]))


def _whole(value, low, high=MAX_SIZE):
    return (not isinstance(value, bool) and isinstance(value, (int, float))
            and float(value).is_integer() and low <= value <= high)


def _well_formed(layer):
    """Kind and whole numbers in range: what torch can be asked about."""
    return (layer.kind in KINDS and layer.ceil_mode in (True, False)
            and all(_whole(getattr(layer, n), 1) for n in ("kernel", "stride", "dilation"))
            and _whole(layer.padding, 0))


def _real_size(layer, size):
    """torch's own functional op on a CPU tensor; None where torch refuses."""
    x, k = torch.zeros(1, 1, size, size), int(layer.kernel)
    s, p, d = int(layer.stride), int(layer.padding), int(layer.dilation)
    try:
        if layer.kind == "conv":
            return F.conv2d(x, torch.zeros(1, 1, k, k), None, s, p, d).shape[-1]
        if layer.kind == "maxpool":
            return F.max_pool2d(x, k, s, p, d, bool(layer.ceil_mode)).shape[-1]
        return F.avg_pool2d(x, k, s, p, bool(layer.ceil_mode)).shape[-1]
    except RuntimeError:
        return None


@examples(100)
@given(mostly_valid(dict(**SMALL_LAYER, size=st.integers(1, 16)),
                    dict(**HOSTILE_LAYER, size=HOSTILE_INT)))
def test_output_size_equals_the_real_torch_op_or_both_refuse(args):
    size = args.pop("size")
    layer = Layer(**args)
    ours = outcome(output_size, layer, size)
    if not (_well_formed(layer) and _whole(size, 1)):
        assert ours == REFUSED
        return
    real = _real_size(layer, int(size))
    if ours == REFUSED:     # torch refuses too, or the setting has no meaning in torch
        assert real is None or (layer.kind == "conv" and layer.ceil_mode) or (
            layer.kind == "avgpool" and layer.dilation != 1)
    else:
        assert ours == real and isinstance(ours, int)


@examples(60)
@given(st.sampled_from(KINDS), st.integers(1, MAX_SIZE), st.integers(1, 1000),
       st.integers(1, MAX_SIZE), st.integers(0, MAX_SIZE), st.integers(1, 1000), st.booleans())
def test_output_size_equals_the_real_layer_on_meta_at_any_size(kind, size, kernel, stride,
                                                              padding, dilation, ceil):
    layer = Layer(kind, kernel, stride, padding, dilation if kind != "avgpool" else 1,
                  ceil and kind != "conv")
    ours = outcome(output_size, layer, size)
    module = {"conv": lambda: nn.Conv2d(1, 1, kernel, stride, padding, layer.dilation),
              "maxpool": lambda: nn.MaxPool2d(kernel, stride, padding, dilation,
                                              ceil_mode=layer.ceil_mode),
              "avgpool": lambda: nn.AvgPool2d(kernel, stride, padding,
                                              ceil_mode=layer.ceil_mode)}[kind]
    try:
        with torch.device("meta"):
            real = module()(torch.zeros(1, 1, size, size)).shape[-1]
    except RuntimeError:
        real = None
    assert ours == real or (ours == REFUSED and real is None)
    if real is not None:
        assert torch_output_size(layer, size) == real


def _stack(draw_layers):
    return st.lists(st.builds(Layer, **draw_layers), min_size=0, max_size=4)


def _chain(size, layers):
    """output_size through the stack, layer by layer, or REFUSED."""
    if not layers or not _whole(size, 1):
        return REFUSED
    size = int(size)
    for layer in layers:
        size = outcome(output_size, layer, size)
        if size == REFUSED:
            break
    return size


@examples(60)
@given(_stack(SMALL_LAYER) | _stack(HOSTILE_LAYER), st.integers(1, 64) | HOSTILE_INT)
def test_trace_is_the_seed_top_down_rule_and_torch_sizes(layers, size):
    steps = outcome(trace, size, layers)
    if steps == REFUSED:     # refused exactly when the stack is empty or a layer cannot be
        assert _chain(size, layers) == REFUSED
        return
    size = int(size)
    for step, layer in zip(steps, layers):
        assert step.size_in == size and step.size_out == _real_size(layer, size)
        size = step.size_out
    rf = 1
    for layer in reversed(layers):        # RF_{N-1} = (RF_N - 1)·s + d(k - 1) + 1
        rf = (rf - 1) * layer.stride + layer.dilation * (layer.kernel - 1) + 1
    assert steps[-1].receptive == rf and steps[-1].jump == math.prod(l.stride for l in layers)
    lo, hi = centre_field(steps[0].size_in, steps)
    assert hi - lo == rf and finite(lo, hi)


def _real_field(size, layers):
    """Input pixels that reach the centre output of the *real* 2-D stack (convs with all-one
    weights, real pools): one input per pixel, 1 there and 0 elsewhere, so the pixel's value
    is the maximum of every window that holds it; its gradient is non-zero iff it is seen."""
    modules = []
    for layer in layers:
        if layer.kind == "conv":
            conv = nn.Conv2d(1, 1, layer.kernel, layer.stride, layer.padding, layer.dilation,
                             bias=False).double()
            nn.init.ones_(conv.weight)
            modules.append(conv)
        elif layer.kind == "maxpool":
            modules.append(nn.MaxPool2d(layer.kernel, layer.stride, layer.padding,
                                        layer.dilation, ceil_mode=layer.ceil_mode))
        else:
            modules.append(nn.AvgPool2d(layer.kernel, layer.stride, layer.padding,
                                        ceil_mode=layer.ceil_mode))
    x = torch.eye(size * size, dtype=torch.float64).reshape(-1, 1, size, size)
    x.requires_grad_(True)
    out = nn.Sequential(*modules)(x)
    out[:, 0, out.shape[2] // 2, out.shape[3] // 2].sum().backward()
    own = x.grad.reshape(size * size, size * size).diagonal()   # pixel p's gradient, input p
    return (own != 0).reshape(size, size).numpy()


@examples(40)
@given(st.lists(st.builds(Layer, **SMALL_LAYER), min_size=1, max_size=3), st.integers(1, 16))
def test_measured_field_is_the_gradient_support_of_the_real_layers(layers, size):
    result = outcome(empirical_receptive_field, size, layers)
    if outcome(trace, size, layers) == REFUSED:
        assert result == REFUSED
        return
    grad, rows, cols = result
    assert grad.shape == (size, size) and finite(grad) and (grad >= 0).all()
    seen = grad.numpy() != 0
    np.testing.assert_array_equal(seen, _real_field(size, layers))
    lines = seen.any(1).nonzero()[0]
    assert rows == cols == (lines.max() - lines.min() + 1 if len(lines) else 0)
    steps = trace(size, layers)
    lo, hi = centre_field(size, steps)
    if 0 <= lo and hi <= size:                  # the field lies inside the input
        assert rows == steps[-1].receptive


@examples(60)
@given(st.lists(st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS + ("pool", None)),
    **{n: st.one_of(st.integers(0, 4), st.floats(0, 4), HOSTILE_INT)
       for n in ("kernel", "stride", "padding", "dilation")},
    "ceil_mode": st.sampled_from([True, False, None, np.nan, np.bool_(True)])}), max_size=4))
def test_layers_from_rows_accepts_whole_numbers_only(rows):
    layers = outcome(layers_from_rows, rows)
    cells_ok = rows and all(
        row["kind"] in KINDS and all(
            isinstance(row[n], (int, float)) and not isinstance(row[n], bool)
            and math.isfinite(row[n]) and float(row[n]).is_integer()
            for n in ("kernel", "stride", "padding", "dilation")) for row in rows)
    if not cells_ok:
        assert layers == REFUSED
        return
    for layer, row in zip(layers, rows):
        assert (layer.kind, layer.kernel, layer.stride, layer.padding, layer.dilation) == (
            row["kind"], row["kernel"], row["stride"], row["padding"], row["dilation"])
        assert layer.ceil_mode is (row["ceil_mode"] is not None
                                   and row["ceil_mode"] == row["ceil_mode"]
                                   and bool(row["ceil_mode"]))


SIZES = dict(c_in=st.integers(1, 64), size=st.integers(1, 32), c_out=st.integers(1, 64),
             kernel=st.integers(1, 7), c_mid=st.integers(1, 32))
HOSTILE_SIZES = {name: HOSTILE_INT | st.just(10 ** 6) for name in SIZES}


@examples(60)
@given(mostly_valid(SIZES, HOSTILE_SIZES), st.sampled_from(["bottleneck", "separable"]))
def test_comparisons_are_their_closed_forms_and_flop_counter_on_real_layers(args, which):
    if which == "separable":
        args.pop("c_mid")
    result = outcome(getattr(conv_cost, which), **args)
    if not all(_whole(v, 1, math.inf) for v in args.values()):
        assert result == REFUSED
        return
    if result == REFUSED:        # whole sizes are refused only by the budget
        assert max(args.values()) > 64 and result.code == "budget"
        return
    c_in, size, c_out, k = args["c_in"], args["size"], args["c_out"], args["kernel"]
    hw = size * size
    if which == "bottleneck":
        cheap = c_in * args["c_mid"] * hw + k * k * args["c_mid"] * c_out * hw
    else:
        cheap = k * k * c_in * hw + c_in * c_out * hw
        assert math.isclose(result.ratio, conv_cost.separable_ratio(c_out, k), rel_tol=1e-12)
    assert (result.plain, result.cheap) == (k * k * c_in * c_out * hw, cheap)
    plain_module, cheap_module = conv_cost.comparison_modules(which, c_in, c_out, k,
                                                              args.get("c_mid", 16))
    assert 2 * result.plain == conv_cost.flop_counter_total(plain_module, (c_in, size, size))
    assert 2 * result.cheap == conv_cost.flop_counter_total(cheap_module, (c_in, size, size))


@examples(12)
@given(st.sampled_from(sorted(set(conv_cost.COUNTABLE) | set(MODEL_NAMES)) + ["vgg16"]),
       st.tuples(st.integers(1, 3), st.integers(1, 40), st.integers(1, 40))
       | st.sampled_from([(3, 32), (0, 8, 8), (3, 2.5, 8), (3, 10 ** 5, 10 ** 5)]))
def test_layer_costs_equal_flop_counter_or_the_shape_is_refused(name, shape):
    model = outcome(conv_cost.build_for_counting, name, shape)
    if model == REFUSED:
        return
    rows = outcome(conv_cost.layer_costs, model, shape)
    if rows == REFUSED:
        assert outcome(conv_cost.flop_counter_total, model, shape) == REFUSED
        return
    assert 2 * sum(r.macs for r in rows) == conv_cost.flop_counter_total(model, shape)
    assert sum(r.params for r in rows) == sum(p.numel() for p in model.parameters())


WALK = dict(x=arrays(st.floats(-9, 9), dims=(2, 2), max_side=8).filter(lambda a: a.size > 0),
            kernel=st.integers(1, 4).flatmap(
                lambda k: hnp.arrays(np.float64, (k, k), elements=st.floats(-2, 2))),
            stride=st.integers(1, 3), padding=st.integers(0, 2), dilation=st.integers(1, 2),
            step=st.integers(0, 80), bias=st.floats(-5, 5))
HOSTILE_WALK = dict(x=arrays(dims=(0, 3), max_side=8) | st.just(np.ones((65, 2))),
                    kernel=arrays(dims=(0, 3), max_side=3) | st.just(np.full((2, 2), 1e308)),
                    stride=HOSTILE_INT, padding=HOSTILE_INT, dilation=HOSTILE_INT,
                    step=HOSTILE_INT, bias=ANY_FLOAT)


@examples(60)
@given(mostly_valid(WALK, HOSTILE_WALK))
def test_walkthrough_cells_equal_conv2d_or_are_refused(args):
    x, kernel, step, bias = args.pop("x"), args.pop("kernel"), args.pop("step"), args["bias"]
    geometry = dict(stride=args["stride"], padding=args["padding"], dilation=args["dilation"])
    shape = outcome(cw.output_shape, x, kernel, **geometry)
    cell = outcome(cw.cell, x, kernel, step, **geometry, bias=bias)
    if shape == REFUSED:
        assert cell == REFUSED
        return
    rows, cols = shape
    try:
        expected = F.conv2d(torch.tensor(x)[None, None], torch.tensor(kernel)[None, None],
                            torch.tensor([float(bias)], dtype=torch.float64),
                            **{k: int(v) for k, v in geometry.items()})[0, 0].numpy()
    except (RuntimeError, TypeError, ValueError, OverflowError):
        expected = None
    if cell == REFUSED:
        assert not (_whole(step, 0, rows * cols - 1) and math.isfinite(bias)) or expected is None \
            or not np.isfinite(expected).all()
        return
    assert expected.shape == (rows, cols) and finite(cell.value)
    assert math.isclose(cell.value, expected[cell.row, cell.col], rel_tol=1e-9, abs_tol=1e-9)
    until = cw.output_until(x, kernel, int(step), **geometry)
    done = until.ravel()[:int(step) + 1]
    np.testing.assert_allclose(done, expected.ravel()[:int(step) + 1] - bias, rtol=1e-9,
                               atol=1e-9)
    assert np.isnan(until.ravel()[int(step) + 1:]).all()


@examples(40)
@given(st.integers(-2, 70) | HOSTILE_INT, SEED)
def test_example_input_is_digits_0_to_9_or_refused(size, seed):
    image = outcome(cw.example_input, size, seed)
    if not (_whole(size, 1, cw.MAX_SIDE) and isinstance(seed, int) and 0 <= seed < 2 ** 32):
        assert image == REFUSED
        return
    assert image.shape == (size, size) and set(np.unique(image)) <= set(range(10))


@examples(40)
@given(st.integers(1, 8), st.integers(1, 8), st.integers(1, 4), st.sampled_from([1, 2]),
       st.integers(1, 12), st.one_of(st.none(), st.sampled_from([(0, 4, 4), (5, 5), "x",
                                                                 (1, 2.5, 3)])))
def test_conv_macs_equal_flop_counter_of_the_conv(c_in, c_out, kernel, groups, size, shape):
    from torch.utils.flop_counter import FlopCounterMode
    conv = nn.Conv2d(c_in * groups, c_out * groups, kernel, padding=kernel // 2, groups=groups,
                     bias=False, device="meta")
    with FlopCounterMode(display=False) as counter:
        real_shape = tuple(conv(torch.zeros(1, c_in * groups, size, size,
                                            device="meta")).shape[1:])
    macs = outcome(conv_cost.conv_macs, conv, real_shape if shape is None else shape)
    if shape is not None:
        assert macs == REFUSED
        return
    assert 2 * macs == counter.get_total_flops()


@examples(40)
@given(mostly_valid(dict(**SMALL_LAYER, channels=st.integers(1, 8)),
                    dict(**HOSTILE_LAYER, channels=HOSTILE_INT | st.just(10 ** 5))))
def test_torch_layer_is_the_module_of_the_layer_or_refused(args):
    channels = args.pop("channels")
    layer = Layer(**args)
    module = outcome(torch_layer, layer, channels)
    if outcome(output_size, layer, MAX_SIZE) == REFUSED or not _whole(channels, 1, math.inf) \
            or (layer.kind == "conv" and channels ** 2 * layer.kernel ** 2 > 64_000_000):
        assert module == REFUSED
        return
    kind = {"conv": nn.Conv2d, "maxpool": nn.MaxPool2d, "avgpool": nn.AvgPool2d}[layer.kind]
    assert type(module) is kind
    if layer.kind == "conv":
        assert module.weight.shape == (channels, channels, layer.kernel, layer.kernel)
        assert (module.stride, module.padding, module.dilation) == (
            (layer.stride,) * 2, (layer.padding,) * 2, (layer.dilation,) * 2)
