"""Conv arithmetic: output sizes, receptive fields, costs per layer, the 1×1 saving, a
step-by-step convolution; every number checked against real torch layers."""
import numpy as np
import pandas as pd
import streamlit as st

from explorer import conv_arithmetic as ca
from explorer import conv_cost, conv_walkthrough
from explorer.errors import SEED_MAX
from explorer.featuremaps import KERNEL_PRESETS
from explorer.figures import conv_arithmetic as figs

st.title("Conv arithmetic")
st.caption("How big is a layer's output, how much of the image does one output see, and "
           "what does a layer cost? The formulas of seeds 001 and 004, each checked live "
           "against PyTorch.")

KIND_LABELS = {"conv": "convolution", "maxpool": "max pooling", "avgpool": "average pooling"}
DEFAULT_STACK = [  # ResNet's stem, then two 3×3 convs
    {"kind": "conv", "kernel": 7, "stride": 2, "padding": 3, "dilation": 1, "ceil_mode": False},
    {"kind": "maxpool", "kernel": 3, "stride": 2, "padding": 1, "dilation": 1,
     "ceil_mode": False},
    {"kind": "conv", "kernel": 3, "stride": 1, "padding": 1, "dilation": 1, "ceil_mode": False},
    {"kind": "conv", "kernel": 3, "stride": 2, "padding": 1, "dilation": 1, "ceil_mode": False},
]


@st.cache_data(show_spinner=False, max_entries=64)
def costs(name, shape):
    model = conv_cost.build_for_counting(name, shape)
    return conv_cost.layer_costs(model, shape), conv_cost.flop_counter_total(model, shape)


@st.cache_data(show_spinner=False, max_entries=64)
def comparison(which, c_in, size, c_out, kernel, c_mid):
    result = (conv_cost.bottleneck(c_in, size, c_out, kernel, c_mid) if which == "bottleneck"
              else conv_cost.separable(c_in, size, c_out, kernel))
    plain, cheap = conv_cost.comparison_modules(which, c_in, c_out, kernel, c_mid)
    shape = (c_in, size, size)
    return result, (conv_cost.flop_counter_total(plain, shape),
                    conv_cost.flop_counter_total(cheap, shape))


@st.cache_data(show_spinner=False, max_entries=32)
def measured(size, layers):
    grad, rows, cols = ca.empirical_receptive_field(size, list(layers))
    return grad.numpy(), rows, cols


def whole(column, label, value, low=0, **kw):
    return int(column.number_input(label, value=value, step=1, min_value=low, **kw))


size_tab, field_tab, cost_tab, saving_tab, walk_tab = st.tabs(
    ["Output size", "Receptive field", "Params & FLOPs", "1×1 bottleneck & separable",
     "Convolution step by step"])

with size_tab:
    st.latex(r"o = \left\lfloor \frac{i + 2p - d\,(k-1) - 1}{s} \right\rfloor + 1")
    st.markdown("Seed 001 writes $o=\\lfloor (i+2p-k)/s\\rfloor+1$: the same with dilation "
                "$d=1$. Pooling with **ceil mode** rounds up, except that a last window "
                "starting inside the right padding is dropped.")
    c = st.columns([2, 1, 1, 1, 1, 1, 1.2], vertical_alignment="bottom")
    kind = c[0].selectbox("Layer", list(KIND_LABELS), format_func=KIND_LABELS.get)
    size = whole(c[1], "input size i", 28, low=-10, max_value=100_000)
    layer = ca.Layer(kind, whole(c[2], "kernel k", 5, low=-10, max_value=1000),
                     whole(c[3], "stride s", 1, -10, max_value=1000),
                     whole(c[4], "padding p", 0, low=-10, max_value=1000),
                     whole(c[5], "dilation d", 1, -10, max_value=1000),
                     c[6].checkbox("ceil mode", disabled=kind == "conv") and kind != "conv")
    try:
        out = ca.output_size(layer, size)
    except ValueError as err:
        st.error(f"Impossible setting: {err}.")
    else:
        rounding = "lceil" if layer.ceil_mode and kind != "conv" else "lfloor"
        closing = rounding.replace("l", "r", 1)
        st.latex(rf"o = \{rounding} \frac{{{size} + 2\cdot{layer.padding} - {layer.dilation}"
                 rf"\cdot({layer.kernel}-1) - 1}}{{{layer.stride}}} \{closing} + 1 = {out}")
        torch_out = ca.torch_output_size(layer, size)
        (st.success if torch_out == out else st.error)(
            f"Output {out}×{out}. PyTorch's {type(ca.torch_layer(layer)).__name__} on a "
            f"{size}×{size} input gives {torch_out}×{torch_out}.")

with field_tab:
    st.markdown("Each layer multiplies the **jump** $j$ (input pixels between neighbouring "
                "outputs) by its stride, and widens the **receptive field** $r$ by "
                "$d(k-1)$ jumps. Seed 001 gives the same rule top-down: "
                "$RF_{N-1} = (RF_N - 1)\\,s + k$.")
    st.latex(r"j_l = j_{l-1}\, s_l \qquad r_l = r_{l-1} + d_l\,(k_l - 1)\, j_{l-1}"
             r"\qquad r_0 = j_0 = 1")
    c = st.columns([1, 4])
    stack_size = whole(c[0], "input size", 64, low=1, max_value=512,  # 512²: a 1.4 MB figure
                       key="stack_size")
    c[0].caption("Edit the stack: add or delete rows, change any cell.")
    rows = c[1].data_editor(
        pd.DataFrame(DEFAULT_STACK), num_rows="dynamic", hide_index=True, key="stack",
        column_config={"kind": st.column_config.SelectboxColumn(options=ca.KINDS,
                                                                required=True)})
    try:
        layers = ca.layers_from_rows(rows.to_dict("records"))
        steps = ca.trace(stack_size, layers)
    except ValueError as err:
        st.error(f"Impossible stack: {err}.")
    else:
        labels = ["input"] + [f"{i}: {s.layer.describe()}" for i, s in enumerate(steps, 1)]
        st.plotly_chart(figs.stack_chart(
            labels, [stack_size] + [s.size_out for s in steps],
            [1] + [s.receptive for s in steps], [1] + [s.jump for s in steps]))
        st.dataframe(pd.DataFrame(
            [{"layer": label, "output": f"{s.size_out}×{s.size_out}", "jump j": s.jump,
              "receptive field r": s.receptive, "first field centre": s.start}
             for label, s in zip(labels[1:], steps)]), hide_index=True)
        grad, rows_seen, cols_seen = measured(stack_size, tuple(layers))
        lo, hi = ca.centre_field(stack_size, steps)
        clipped = " (clipped by the image border)" if hi - lo > stack_size else ""
        (st.success if rows_seen == steps[-1].receptive else st.info)(
            f"Formula: r = {steps[-1].receptive}. Measured with autograd (each layer a sum "
            f"over its window: any pixel of a max pool's window may be its max): the centre "
            f"output's gradient reaches {rows_seen}×{cols_seen} input pixels{clipped}.")
        st.plotly_chart(figs.measured_field(grad, lo, hi))
        st.caption("The gradient fades towards the edge of the field: outer pixels reach the "
                   "output through fewer paths (the *effective* receptive field, Luo et al. "
                   "2016), but every pixel inside the dashes does reach it.")

with cost_tab:
    st.markdown("Per image: a conv costs $C_{out} H_{out} W_{out} \\cdot (C_{in}/g)\\, k^2$ "
                "multiply-accumulates (MACs), a Linear layer $in \\cdot out$; FLOPs = 2 × "
                "MACs. Bias, BatchNorm, activations and pooling are left out, as "
                "`torch.utils.flop_counter.FlopCounterMode` leaves them out.")
    c = st.columns(2)
    model_name = c[0].selectbox("Model", conv_cost.COUNTABLE,
                                help="Registered models (explorer.models) and torchvision's "
                                     "ImageNet networks; weights do not matter for counting.")
    shape_name = c[1].selectbox("Input", list(conv_cost.INPUT_SHAPES))
    try:
        rows_cost, counted = costs(model_name, conv_cost.INPUT_SHAPES[shape_name])
    except ValueError as err:
        st.error(str(err))
    else:
        table = pd.DataFrame([{"layer": r.name, "type": r.kind,
                               "output": "×".join(map(str, r.output_shape)),
                               "params": r.params, "MACs": r.macs} for r in rows_cost])
        params, macs = int(table["params"].sum()), int(table["MACs"].sum())
        m = st.columns(3)
        m[0].metric("parameters", f"{params:,}")
        m[1].metric("MACs per image", f"{macs:,}")
        m[2].metric("FLOPs = 2 × MACs", f"{2 * macs:,}")
        (st.success if counted == 2 * macs else st.error)(
            f"FlopCounterMode counts {counted:,} FLOPs for one forward pass; the table's "
            f"2 × MACs = {2 * macs:,}.")
        st.dataframe(table, hide_index=True, height=320, column_config={
            c: st.column_config.NumberColumn(format="localized") for c in ("params", "MACs")})

with saving_tab:
    st.markdown("Seed 004's Inception example: from 192×28×28 to 32×28×28 with a 5×5 conv, "
                "directly or through a 1×1 conv to 16 channels first (GoogLeNet's "
                "bottleneck). Change any size; the real layers are counted by "
                "FlopCounterMode alongside.")
    c = st.columns(5)
    c_in = whole(c[0], "input channels", 192, low=-10, max_value=4096)
    plane = whole(c[1], "height = width", 28, low=-10, max_value=4096)
    c_out = whole(c[2], "output channels", 32, low=-10, max_value=4096)
    kernel = whole(c[3], "kernel k", 5, low=-10, max_value=31, key="saving_kernel")
    c_mid = whole(c[4], "1×1 channels", 16, low=-10, max_value=4096)
    for which, title in (("bottleneck", "1×1 bottleneck"),
                         ("separable", "Depthwise-separable (MobileNet)")):
        st.subheader(title)
        try:
            result, (plain_flops, cheap_flops) = comparison(which, c_in, plane, c_out, kernel,
                                                            c_mid)
        except ValueError as err:
            st.error(f"Impossible size: {err}.")
            continue
        st.markdown(f"- **{result.plain_name}**: ${result.plain_terms} = {result.plain:,}$\n"
                    f"- **{result.cheap_name}**: ${result.cheap_terms} = {result.cheap:,}$\n"
                    f"- ratio {result.ratio:.3f}: **{1 / result.ratio:.1f}× fewer** "
                    f"multiplications. FlopCounterMode on the real layers: "
                    f"{plain_flops // 2:,} and {cheap_flops // 2:,} multiply-adds.")
        st.plotly_chart(figs.comparison_bars([result.plain_name, result.cheap_name],
                                             [result.plain, result.cheap]),
                        key=f"bars_{which}")
        if which == "bottleneck" and (c_in, plane, c_out, kernel, c_mid) == (192, 28, 32, 5, 16):
            st.info("The seed prints 12,433,648 for the bottleneck, but its own terms "
                    "2,408,448 + 10,035,200 add up to 12,443,648 (a typo of 10,000); "
                    "120,422,400 is right.")
        if which == "separable":
            st.caption(f"Closed form of the ratio: 1/C_out + 1/k² = 1/{c_out} + 1/{kernel}² "
                       f"= {conv_cost.separable_ratio(c_out, kernel):.3f}.")

with walk_tab:
    st.markdown("Slide the kernel over a small image. Each output cell is "
                "$y[r,c] = \\sum_{u,v} w[u,v]\\; x_{pad}[r s + d u,\\; c s + d v]$: "
                "what `nn.Conv2d` computes (a cross-correlation, the kernel is not flipped).")
    c = st.columns(6)
    preset = c[0].selectbox("Kernel", list(KERNEL_PRESETS))
    walk_size = whole(c[1], "input size", 6, low=1, max_value=12, key="walk_size")
    stride = whole(c[2], "stride", 1, low=-5, max_value=6, key="walk_stride")
    padding = whole(c[3], "padding", 1, low=-5, max_value=4, key="walk_padding")
    dilation = whole(c[4], "dilation", 1, low=-5, max_value=4, key="walk_dilation")
    seed = whole(c[5], "seed", 0, max_value=SEED_MAX, key="walk_seed")
    image = conv_walkthrough.example_input(walk_size, seed)
    weights = np.array(KERNEL_PRESETS[preset], dtype=float)
    try:
        out_rows, out_cols = conv_walkthrough.output_shape(image, weights, stride, padding,
                                                           dilation)
    except ValueError as err:
        st.error(f"Impossible setting: {err}.")
    else:
        total = out_rows * out_cols
        step = (st.slider("Step (output cell, row by row)", 1, total, 1) - 1 if total > 1
                else 0)
        done = conv_walkthrough.cell(image, weights, step, stride, padding, dilation)
        st.plotly_chart(figs.walkthrough(
            conv_walkthrough.padded(image, padding), padding, weights, done.positions,
            conv_walkthrough.output_until(image, weights, step, stride, padding, dilation),
            (done.row, done.col)))
        terms = " + ".join(f"({w:.3g})·{v:g}" if w < 0 else f"{w:.3g}·{v:g}"
                           for w, v in zip(weights.ravel(), done.inputs.ravel())
                           if w != 0)
        st.markdown(f"**y[{done.row}, {done.col}]** = {terms} = **{done.value:g}**")
