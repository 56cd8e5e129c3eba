"""The Conv arithmetic page's tabs: each draws its widgets (kept in the URL, ``ui.links``)
and views, and returns its link values for the notes panel."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explorer import conv_arithmetic as ca
from explorer import conv_cost, conv_walkthrough
from explorer.errors import SEED_MAX
from explorer.featuremaps import KERNEL_PRESETS
from explorer.figures import conv_arithmetic as figs
from ui import i18n, links, tables
from ui.i18n import _
from ui.train_form import model_label

KINDS = ("conv", "maxpool", "avgpool")
# URL ids of the input shapes and kernel presets: the first word, lower case ("mnist")
INPUTS = {name.split()[0].lower(): name for name in conv_cost.INPUT_SHAPES}
KERNELS = {name.split(" (")[0].lower().replace(" ", "_"): name for name in KERNEL_PRESETS}
DEFAULT_STACK = [  # ResNet's stem, then two 3×3 convs
    {"kind": "conv", "kernel": 7, "stride": 2, "padding": 3, "dilation": 1, "ceil_mode": False},
    {"kind": "maxpool", "kernel": 3, "stride": 2, "padding": 1, "dilation": 1,
     "ceil_mode": False},
    {"kind": "conv", "kernel": 3, "stride": 1, "padding": 1, "dilation": 1, "ceil_mode": False},
    {"kind": "conv", "kernel": 3, "stride": 2, "padding": 1, "dilation": 1, "ceil_mode": False},
]


def _kind_labels() -> dict[str, str]:
    """The layer kinds' names in the reader's language."""
    return {"conv": _("convolution"), "maxpool": _("max pooling"),
            "avgpool": _("average pooling")}


def _kernel_label(name: str) -> str:
    """A kernel preset's name in the reader's language (Sobel keeps its name)."""
    return {"Laplacian": _("Laplacian"), "Blur (box)": _("Blur (box)"),
            "Sharpen": _("Sharpen")}.get(name, name)


@st.cache_data(show_spinner=False, max_entries=64)
def _costs(name, shape):
    model = conv_cost.build_for_counting(name, shape)
    return conv_cost.layer_costs(model, shape), conv_cost.flop_counter_total(model, shape)


@st.cache_data(show_spinner=False, max_entries=64)
def _comparison(which, c_in, size, c_out, kernel, c_mid):
    result = (conv_cost.bottleneck(c_in, size, c_out, kernel, c_mid) if which == "bottleneck"
              else conv_cost.separable(c_in, size, c_out, kernel))
    plain, cheap = conv_cost.comparison_modules(which, c_in, c_out, kernel, c_mid)
    shape = (c_in, size, size)
    return result, (conv_cost.flop_counter_total(plain, shape),
                    conv_cost.flop_counter_total(cheap, shape))


@st.cache_data(show_spinner=False, max_entries=32)
def _measured(size, layers):
    grad, rows, cols = ca.empirical_receptive_field(size, list(layers))
    return grad.numpy(), rows, cols


def _tex(number: int) -> str:
    """A whole number for st.latex with thousands separators: 999{,}001 (a bare comma in
    LaTeX maths is punctuation, followed by a space)."""
    return f"{number:,}".replace(",", "{,}")


def _whole(column, label, value, low, high, key):
    """A whole number in ``column``, kept in the URL under ``key``."""
    with column:
        return int(links.number_input(label, low, high, value, 1, key=key))


def output_size() -> dict:
    """The Output size tab: one layer's output size by the formula and by torch."""
    st.latex(r"o = \left\lfloor \frac{i + 2p - d\,(k-1) - 1}{s} \right\rfloor + 1")
    st.markdown(_("{note} writes $o=\\lfloor (i+2p-k)/s\\rfloor+1$: the same with dilation "
                  "$d=1$. Pooling with **ceil mode** rounds up, except that a last window "
                  "starting inside the right padding is dropped.",
                  note=i18n.note_name("001")))
    c = st.columns([2, 1, 1, 1, 1, 1, 1.2], vertical_alignment="bottom")
    with c[0]:
        kind = links.choice(st.selectbox, _("Layer"), list(KINDS), key="layer",
                            format_func=_kind_labels().get)
    size = _whole(c[1], _("input size i"), 28, -10, 100_000, key="i")
    with c[6]:
        ceil = links.checkbox(_("ceil mode"), key="ceil", disabled=kind == "conv")
    layer = ca.Layer(kind, _whole(c[2], _("kernel k"), 5, -10, 1000, key="k"),
                     _whole(c[3], _("stride s"), 1, -10, 1000, key="s"),
                     _whole(c[4], _("padding p"), 0, -10, 1000, key="p"),
                     _whole(c[5], _("dilation d"), 1, -10, 1000, key="d"),
                     ceil and kind != "conv")
    try:
        out = ca.output_size(layer, size)
    except ValueError as err:
        st.error(_("Impossible setting: {err}.", err=i18n.error_text(err)))
    else:
        rounding = "lceil" if layer.ceil_mode and kind != "conv" else "lfloor"
        closing = rounding.replace("l", "r", 1)
        st.latex(rf"o = \{rounding} \frac{{{_tex(size)} + 2\cdot{_tex(layer.padding)} - "
                 rf"{_tex(layer.dilation)}\cdot({_tex(layer.kernel)}-1) - 1}}"
                 rf"{{{_tex(layer.stride)}}} \{closing} + 1 = {_tex(out)}")
        torch_out = ca.torch_output_size(layer, size)
        (st.success if torch_out == out else st.error)(_(
            "Output {out}×{out}. PyTorch's {layer} on a {size}×{size} input gives "
            "{torch_out}×{torch_out}.", out=f"{out:,}",
            layer=type(ca.torch_layer(layer)).__name__, size=f"{size:,}",
            torch_out=f"{torch_out:,}"))
    return {"layer": kind, "i": size, "k": layer.kernel, "s": layer.stride, "p": layer.padding,
            "d": layer.dilation, "ceil": ceil}


def receptive_field() -> dict:
    """The Receptive field tab: an editable stack traced layer by layer and measured with
    autograd."""
    st.markdown(_("Each layer multiplies the **jump** $j$ (input pixels between neighbouring "
                  "outputs) by its stride, and widens the **receptive field** $r$ by "
                  "$d(k-1)$ jumps. {note} gives the same rule top-down: "
                  "$RF_{{N-1}} = (RF_N - 1)\\,s + k$.",
                  note=i18n.note_name("001")))
    st.latex(r"j_l = j_{l-1}\, s_l \qquad r_l = r_{l-1} + d_l\,(k_l - 1)\, j_{l-1}"
             r"\qquad r_0 = j_0 = 1")
    c = st.columns([1, 4])
    stack_size = _whole(c[0], _("input size"), 64, 1, 512, key="rf_size")  # 512²: a 1.4 MB figure
    c[0].caption(_("Edit the stack: add or delete rows, change any cell."))
    rows = c[1].data_editor(
        pd.DataFrame(DEFAULT_STACK), num_rows="dynamic", hide_index=True, key="stack",
        column_config={"kind": st.column_config.SelectboxColumn(_("kind"), options=ca.KINDS,
                                                                required=True),
                       "kernel": _("kernel"), "stride": _("stride"), "padding": _("padding"),
                       "dilation": _("dilation"), "ceil_mode": _("ceil mode")})
    try:
        layers = ca.layers_from_rows(rows.to_dict("records"))
        steps = ca.trace(stack_size, layers)
    except ValueError as err:
        st.error(_("Impossible stack: {err}.", err=i18n.error_text(err)))
    else:
        labels = [_("input")] + [f"{i}: {s.layer.describe()}" for i, s in enumerate(steps, 1)]
        st.plotly_chart(i18n.figure(figs.stack_chart(
            labels, [stack_size] + [s.size_out for s in steps],
            [1] + [s.receptive for s in steps], [1] + [s.jump for s in steps])))
        st.dataframe(pd.DataFrame(
            [{_("layer"): label, _("output"): f"{s.size_out:,}×{s.size_out:,}",
              _("jump j"): s.jump, _("receptive field r"): s.receptive,
              _("first field centre"): s.start}
             for label, s in zip(labels[1:], steps)]), hide_index=True,
            column_config={name: st.column_config.NumberColumn(format="localized")
                           for name in (_("jump j"), _("receptive field r"),
                                        _("first field centre"))})
        grad, rows_seen, cols_seen = _measured(stack_size, tuple(layers))
        lo, hi = ca.centre_field(stack_size, steps)
        clipped = _(" (clipped by the image border)") if hi - lo > stack_size else ""
        (st.success if rows_seen == steps[-1].receptive else st.info)(_(
            "Formula: r = {r}. Measured with autograd (each layer a sum over its window: any "
            "pixel of a max pool's window may be its max): the centre output's gradient "
            "reaches {rows}×{cols} input pixels{clipped}.", r=f"{steps[-1].receptive:,}",
            rows=f"{rows_seen:,}", cols=f"{cols_seen:,}", clipped=clipped))
        st.plotly_chart(i18n.figure(figs.measured_field(grad, lo, hi)))
        st.caption(_("The gradient fades towards the edge of the field: outer pixels reach the "
                     "output through fewer paths (the *effective* receptive field, Luo et al. "
                     "2016), but every pixel inside the dashes does reach it."))
    return {"rf_size": stack_size}


def costs() -> dict:
    """The Params & FLOPs tab: a model's layers counted, checked by FlopCounterMode."""
    st.markdown(_("Per image: a conv costs $C_{out} H_{out} W_{out} \\cdot (C_{in}/g)\\, k^2$ "
                  "multiply-accumulates (MACs), a Linear layer $in \\cdot out$; FLOPs = 2 × "
                  "MACs. Bias, BatchNorm, activations and pooling are left out, as "
                  "`torch.utils.flop_counter.FlopCounterMode` leaves them out."))
    c = st.columns(2)
    with c[0]:
        model_name = links.choice(
            st.selectbox, _("Model"), conv_cost.COUNTABLE, key="model",
            format_func=model_label,   # LeNet-5, small VGG …, as the Training lab names them
            help=_("Registered models (explorer.models) and torchvision's ImageNet networks; "
                   "weights do not matter for counting."))
    with c[1]:
        shape_id = links.choice(st.selectbox, _("Input"), list(INPUTS), key="input",
                                format_func=INPUTS.get)
    try:
        rows_cost, counted = _costs(model_name, conv_cost.INPUT_SHAPES[INPUTS[shape_id]])
    except ValueError as err:
        st.error(i18n.error_text(err))
    else:
        columns = {"layer": _("layer"), "type": _("type"), "output": _("output"),
                   "params": _("params"), "MACs": "MACs"}
        table = pd.DataFrame([{"layer": r.name, "type": r.kind,
                               "output": "×".join(map(str, r.output_shape)),
                               "params": r.params, "MACs": r.macs} for r in rows_cost])
        params, macs = int(table["params"].sum()), int(table["MACs"].sum())
        m = st.columns(3)
        m[0].metric(_("parameters"), f"{params:,}")
        m[1].metric(_("MACs per image"), f"{macs:,}")
        m[2].metric(_("FLOPs = 2 × MACs"), f"{2 * macs:,}")
        (st.success if counted == 2 * macs else st.error)(_(
            "FlopCounterMode counts {counted} FLOPs for one forward pass; the table's "
            "2 × MACs = {flops}.", counted=f"{counted:,}", flops=f"{2 * macs:,}"))
        tables.paged(table.rename(columns=columns), {
            columns[c]: st.column_config.NumberColumn(format="localized")
            for c in ("params", "MACs")}, key="rows", page_rows=20)
    return {"model": model_name, "input": shape_id}


def saving() -> dict:
    """The 1×1 bottleneck & separable tab: the note's Inception example, any size."""
    st.markdown(_("{note}'s Inception example: from 192×28×28 to 32×28×28 with a 5×5 conv, "
                  "directly or through a 1×1 conv to 16 channels first (GoogLeNet's "
                  "bottleneck). Change any size; the real layers are counted by "
                  "FlopCounterMode alongside.",
                  note=i18n.note_name("004")))
    c = st.columns(5)
    c_in = _whole(c[0], _("input channels"), 192, -10, 4096, key="cin")
    plane = _whole(c[1], _("height = width"), 28, -10, 4096, key="hw")
    c_out = _whole(c[2], _("output channels"), 32, -10, 4096, key="cout")
    kernel = _whole(c[3], _("kernel k"), 5, -10, 31, key="sk")
    c_mid = _whole(c[4], _("1×1 channels"), 16, -10, 4096, key="cmid")
    if (c_in, plane, c_out, kernel, c_mid) == (192, 28, 32, 5, 16):
        st.warning(_("**Check the note's sum.** {note} prints 12,433,648 multiplications for "
                     "the 1×1 bottleneck, but its own terms 2,408,448 + 10,035,200 add up to "
                     "**12,443,648** (a typo of 10,000); the direct 5×5 conv's 120,422,400 is "
                     "right. The exact counts below, and FlopCounterMode on the real layers, "
                     "confirm 12,443,648.",
                     note=i18n.note_name("004")),
                   icon=":material/calculate:")
    names = {"bottleneck": (_("{k}×{k} conv", k=kernel),
                            _("1×1 to {mid} then {k}×{k}", mid=c_mid, k=kernel)),
             "separable": (_("standard {k}×{k}", k=kernel), _("depthwise + pointwise"))}
    for which, title in (("bottleneck", _("1×1 bottleneck")),
                         ("separable", _("Depthwise-separable (MobileNet)"))):
        st.subheader(title)
        try:
            result, (plain_flops, cheap_flops) = _comparison(which, c_in, plane, c_out, kernel,
                                                            c_mid)
        except ValueError as err:
            st.error(_("Impossible size: {err}.", err=i18n.error_text(err)))
            continue
        plain_name, cheap_name = names[which]
        st.markdown(_("- **{plain_name}**: ${plain_terms} = {plain}$\n"
                      "- **{cheap_name}**: ${cheap_terms} = {cheap}$\n"
                      "- ratio {ratio}: **{times}× fewer** multiplications. FlopCounterMode "
                      "on the real layers: {plain_counted} and {cheap_counted} multiply-adds.",
                      plain_name=plain_name, plain_terms=result.plain_terms,
                      plain=f"{result.plain:,}", cheap_name=cheap_name,
                      cheap_terms=result.cheap_terms, cheap=f"{result.cheap:,}",
                      ratio=f"{result.ratio:.3f}", times=f"{1 / result.ratio:.1f}",
                      plain_counted=f"{plain_flops // 2:,}",
                      cheap_counted=f"{cheap_flops // 2:,}"))
        st.plotly_chart(i18n.figure(figs.comparison_bars([plain_name, cheap_name],
                                                         [result.plain, result.cheap])),
                        key=f"bars_{which}")
        if which == "separable":
            st.caption(_("Closed form of the ratio: 1/C_out + 1/k² = 1/{c_out} + 1/{k}² "
                         "= {ratio}.", c_out=c_out, k=kernel,
                         ratio=f"{conv_cost.separable_ratio(c_out, kernel):.3f}"))
    return {"cin": c_in, "hw": plane, "cout": c_out, "sk": kernel, "cmid": c_mid}


def walkthrough() -> dict:
    """The Convolution step by step tab: one output cell at a time."""
    st.markdown(_("Slide the kernel over a small image. Each output cell is "
                  "$y[r,c] = \\sum_{u,v} w[u,v]\\; x_{pad}[r s + d u,\\; c s + d v]$: "
                  "what `nn.Conv2d` computes (a cross-correlation, the kernel is not "
                  "flipped)."))
    c = st.columns(6)
    with c[0]:
        preset = KERNELS[links.choice(st.selectbox, _("Kernel"), list(KERNELS), key="kernel",
                                      format_func=lambda k: _kernel_label(KERNELS[k]))]
    walk_size = _whole(c[1], _("input size"), 6, 1, 12, key="wsize")
    stride = _whole(c[2], _("stride"), 1, -5, 6, key="wstride")
    padding = _whole(c[3], _("padding"), 1, -5, 4, key="wpad")
    dilation = _whole(c[4], _("dilation"), 1, -5, 4, key="wdil")
    seed = _whole(c[5], _("random seed"), 0, 0, SEED_MAX, key="seed")
    image = conv_walkthrough.example_input(walk_size, seed)
    weights = np.array(KERNEL_PRESETS[preset], dtype=float)
    try:
        out_rows, out_cols = conv_walkthrough.output_shape(image, weights, stride, padding,
                                                           dilation)
    except ValueError as err:
        st.error(_("Impossible setting: {err}.", err=i18n.error_text(err)))
    else:
        total = out_rows * out_cols
        step = (links.slider(_("Step (output cell, row by row)"), 1, total, 1, key="step") - 1
                if total > 1 else 0)
        done = conv_walkthrough.cell(image, weights, step, stride, padding, dilation)
        st.plotly_chart(i18n.figure(figs.walkthrough(
            conv_walkthrough.padded(image, padding), padding, weights, done.positions,
            conv_walkthrough.output_until(image, weights, step, stride, padding, dilation),
            (done.row, done.col))))
        terms = " + ".join(f"({w:.3g})·{v:g}" if w < 0 else f"{w:.3g}·{v:g}"
                           for w, v in zip(weights.ravel(), done.inputs.ravel())
                           if w != 0)
        st.markdown(f"**y[{done.row}, {done.col}]** = {terms} = **{done.value:g}**")
    return {"wsize": walk_size, "wstride": stride, "wpad": padding, "wdil": dilation,
            "seed": seed}
