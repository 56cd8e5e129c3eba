"""Feature maps: every channel of any layer for one image, per-channel statistics, kernels."""
import pandas as pd
import streamlit as st

from explorer import featuremaps as fm
from explorer import predict
from explorer.errors import SEED_MAX
from explorer.figures import featuremaps as figs
from explorer.images import ImageError, display_copy, load_image, preprocess
from ui.image_source import image_source
from ui.text import md

st.title("Feature maps")
st.caption("What a convolutional network computes, layer by layer: each channel of a layer is "
           "one filter's answer at every position of the image (seeds 000, 001). Start with "
           "hand-made 3×3 kernels, whose answers you can predict, then open a trained network.")

HANDMADE = "Hand-made 3×3 conv (edit the kernels)"
DIGITS = "Digits LeNet (trained here)"
CUSTOM_START = [[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]]   # "emboss"


@st.cache_resource(show_spinner="Training the default digits model once (a few seconds)…")
def default_digits():
    return predict.default_digits()


@st.cache_resource(show_spinner="Loading the model…", max_entries=2)
def imagenet(name):
    return predict.imagenet(name)


@st.cache_resource(show_spinner="Loading the checkpoint…", max_entries=4)
def from_run(run_id, _stamp):
    return predict.from_run(run_id)


@st.cache_resource(show_spinner=False, max_entries=4)
def random_cnn(name, seed):
    return fm.random_cnn(name, seed)


@st.cache_resource(show_spinner=False, max_entries=8)
def handmade(kernels):
    return fm.handmade([list(map(list, k)) for k in kernels])


# Models are not hashed (leading underscore): the menu label (+ kernels) stands in for them.
@st.cache_resource(show_spinner="Tracing the model's graph…", max_entries=4)
def traced(_model, label, input_shape):
    """Map nodes, and for this project's models (explorer.models) their flat layers too."""
    from explorer.models import Classifier
    nodes = fm.map_nodes(_model, input_shape, vectors=isinstance(_model, Classifier))
    return nodes, fm.extractor(_model, nodes)


@st.cache_resource(show_spinner="Computing every layer's maps…", max_entries=3)
def maps_for(_extract, label, _spec, data, name):
    prepared = preprocess(load_image(data, name).rgb, _spec)
    return prepared, fm.feature_maps(_extract, prepared.tensor)


def model_menu() -> dict[str, str | None]:
    """Menu label -> run id (None for the models that are not runs)."""
    from ui.run_menu import CONV, usable_runs
    menu = {HANDMADE: None, DIGITS: None}
    menu.update({f"Run {r.label}": r.id
                 for r in usable_runs(exclude=(predict.DEFAULT_RUN,), need=CONV)})
    menu.update({f"{name} (ImageNet)": None for name in predict.IMAGENET_MODELS})
    return menu | {f"{name} (random init)": None for name in fm.CNN_NAMES}


def my_kernel() -> list[list[float]]:
    """A 3×3 grid of number boxes: what it shows is exactly the kernel applied (a table
    editor's column sort would reorder the rows shown but not the kernel)."""
    rows = []
    for r, start in enumerate(CUSTOM_START):
        cells = st.columns(3, gap="small")
        rows.append([cells[c].number_input(f"row {r + 1}, column {c + 1}", value=v, step=0.1,
                                           min_value=-1e6, max_value=1e6, format="%g",
                                           key=f"featuremaps.kernel.{r}.{c}",
                                           label_visibility="collapsed")
                     for c, v in enumerate(start)])
    return rows


def kernel_editor():
    """Preset kernels plus one the user edits; returns (names, kernels) of the valid ones."""
    names = st.multiselect("Preset kernels", list(fm.KERNEL_PRESETS),
                           default=list(fm.KERNEL_PRESETS))
    kernels = [fm.KERNEL_PRESETS[n] for n in names]
    if st.checkbox("Add my own kernel", value=True, help="Starts as an emboss kernel; each "
                   "output pixel is Σ kernel × the 3×3 patch around it (cross-correlation)."):
        mine = my_kernel()
        try:
            fm.handmade([mine])
        except ValueError as err:
            st.error(f"Your kernel is left out: {err}.")
        else:
            names, kernels = names + ["my kernel"], kernels + [mine]
    return names, kernels


def load(label):
    """(model, input spec, title, channel names or None, cache key standing for the model,
    class names or None)."""
    if label == HANDMADE:
        names, kernels = kernel_editor()
        if not kernels:
            st.warning("Pick at least one preset kernel or add your own.")
            st.stop()
        frozen = tuple(tuple(map(tuple, k)) for k in kernels)
        return (handmade(frozen), fm.HANDMADE_INPUT, "one 3×3 conv, then ReLU", names,
                f"{label}|{frozen}", None)
    if label == DIGITS:
        c = default_digits()
    elif label.endswith("(ImageNet)"):
        c = imagenet(label.split()[0])
    elif label.endswith("(random init)"):
        name = label.split()[0]
        seed = int(st.number_input("Weight seed", value=0, min_value=0, max_value=SEED_MAX,
                                   step=1, help="torch.manual_seed before building the network"))
        return (random_cnn(name, seed), fm.RANDOM_INPUT,
                f"{name}: RANDOM weights (untrained, seed {seed})", None, f"{label}|{seed}", None)
    else:
        rid = menu[label]
        stamp = predict.model_stamp(rid)
        c, label = from_run(rid, stamp), f"{label}|{stamp}"
    return c.model, c.spec, c.title, None, label, c.classes


left, right = st.columns([1, 2], gap="large")
with left:
    chosen = image_source(key="featuremaps", default="Sample photo")
with right:
    menu = model_menu()
    label = st.selectbox("Model", list(menu),
                         help="Training-lab runs appear here once they have a checkpoint. "
                              "ImageNet networks use their weights only when the file is "
                              "already in torch's cache; otherwise they are randomly "
                              "initialised, and say so.")
    try:
        model, spec, title, channel_names, key, classes = load(label)
    except (ValueError, OSError) as err:   # a run whose checkpoint or dataset fails to load
        from ui.text import md
        st.error(f"{md(label)} cannot be used here: {md(str(err))}")
        st.stop()
    (st.warning if "RANDOM" in title else st.caption)(f"Model: {title}")
    if spec.digit_like:
        st.caption(f"Trained on {spec.size}×{spec.size} digits: a test-set sample or a drawn "
                   "digit makes more sense to it than a photo.")

if not chosen:
    st.info("Choose an image on the left.")
    st.stop()
item = chosen[0]
try:
    nodes, extract = traced(model, key, (spec.channels, spec.size, spec.size))
    prepared, maps = maps_for(extract, key, spec, item.data, item.name)
except (ImageError, ValueError) as err:
    st.error(md(str(err)))
    st.stop()
with left:
    view = prepared.steps[-1][1]
    st.image(display_copy(view, largest=220), caption=f"model input {spec.channels}×"
             f"{spec.size}×{spec.size} ({'grey' if spec.channels == 1 else 'RGB'})")

shapes = {n.name: n.shape for n in nodes}
titles = fm.layer_titles(model, list(shapes))
with right:
    c = st.columns([5, 2])    # wide enough for "conv1 (Conv2d 3→64, 7×7, stride 2) — 64×112×112"
    picked = c[0].selectbox("Layer", list(shapes), key=f"featuremaps.layer.{label}",
                            format_func=lambda n: f"{titles[n]}  —  "
                                                  f"{'×'.join(map(str, shapes[n]))}",
                            help="Numbered by kind in the order the network runs them; the "
                                 "sizes are C×h×w of a map, or D of a vector. Hover a bar of "
                                 "the strip below for the graph node's name.")
    pair = fm.activation_pair(model, nodes, picked)
    layer = picked
    if pair:
        side = c[1].radio("Show the maps", ["before the activation", "after the activation"],
                          index=int(picked == pair[1]), key=f"featuremaps.side.{picked}",
                          help=f"{pair[0]} feeds the activation {pair[1]}.")
        layer = pair[side == "after the activation"]
    else:
        c[1].caption("No activation right before or after this layer.")
    flat = len(shapes[layer]) == 1
    order_by = "index" if flat else c[1].radio(
        "Order channels by", ["index", "mean"], horizontal=True,
        format_func={"index": "channel number", "mean": "mean activation"}.get)

st.plotly_chart(figs.shape_strip([titles[n] for n in shapes], list(shapes.values()),
                                 titles[layer], list(shapes)))


def vector_view():
    """A flat layer (Linear, flatten, the head): one bar per unit; the head's are the logits."""
    values = maps[layer].numpy()
    head = layer == "head" and len(values) == len(classes)
    st.plotly_chart(figs.vector_bars(values, classes if head else None,
                                     f"{titles[layer]}: {len(values)} "
                                     f"{'logits, one per class' if head else 'units'} "
                                     f"for this image"))
    st.caption("A flat layer has no positions, so each unit is one number: its bar. "
               + ("The head's outputs are the logits zᵢ; softmax turns them into the "
                  "probabilities Predict shows." if head else
                  "After a ReLU, a unit at 0 did not fire for this image."))


def conv_kernels():
    """Kernels of any conv layer, per input channel or averaged over them."""
    weights = fm.conv_weights(model)
    if not weights:
        return
    k = st.columns([3, 2])
    conv_titles = fm.layer_titles(model, list(weights))
    conv = k[0].selectbox("Kernels of", list(weights), format_func=conv_titles.get,
                          key=f"featuremaps.kernels.{label}")
    weight = weights[conv]
    choices = [None] + list(range(weight.shape[1])) if weight.shape[1] > 1 else [None]
    source = k[1].selectbox("Input channel", choices, key=f"featuremaps.in.{label}.{conv}",
                            disabled=len(choices) == 1,
                            format_func=lambda i: ("RGB, as the first layer sees it"
                                                   if weight.shape[1] == 3 else
                                                   "average over input channels")
                            if i is None else f"input channel {i}",
                            help="A kernel has one k×k slice per input channel; show one "
                                 "slice, or their mean.")
    images = fm.kernel_images(weight, source)
    montage = fm.montage(images, fm.grid_columns(len(images), aspect=4))
    kind = "RGB, one shared scale" if images.ndim == 4 else "red +, blue −"
    st.plotly_chart(figs.kernels(images, montage, f"Kernels of {conv_titles[conv]}: "
                                 f"{'×'.join(map(str, weight.shape))}; {kind}"))


if flat:
    vector_view()
    conv_kernels()
    st.stop()

layer_maps = maps[layer]
stats = fm.channel_stats(layer_maps)
order = fm.channel_order(stats, order_by)
names = channel_names or [str(i) for i in range(len(order))]
grid, ids = fm.channel_grid(fm.tiles(layer_maps, order), order)
st.plotly_chart(figs.channel_grid(grid, ids, titles[layer], shapes[layer], order_by == "mean",
                                  names))

table = pd.DataFrame({"channel": [names[i] for i in order], "mean": stats.mean[order],
                      "std": stats.std[order], "min": stats.minimum[order],
                      "max": stats.maximum[order], "share ≤ 0":
                          stats.nonpositive[order]})
stat_col, big_col = st.columns([3, 2], gap="large")
with stat_col:
    st.markdown(f"**Per-channel statistics** over the {layer_maps.shape[1]}×"
                f"{layer_maps.shape[2]} positions. Mostly ≤ 0 before a ReLU means mostly "
                "zero after it: that filter found little of its pattern in this image.")
    st.dataframe(table, hide_index=True, height=min(300, 35 * len(table) + 38), column_config={
        "share ≤ 0": st.column_config.NumberColumn(
            format="percent", help="Fraction of positions ≤ 0: exactly those a ReLU zeroes."),
        **{k: st.column_config.NumberColumn(format="%.3f") for k in ("mean", "std", "min",
                                                                     "max")}})
with big_col:
    # options are channel numbers and labels never hold a value of this image: a label
    # cannot go stale when the image changes (the mean is in the figure's title)
    channel = st.selectbox("Enlarge channel", [int(i) for i in order],
                           format_func=lambda i: f"channel {names[i]}",
                           key=f"featuremaps.enlarge.{label}.{layer}")
    st.plotly_chart(figs.one_channel(layer_maps[channel].numpy(),
                                     f"{titles[layer]}<br>channel {names[channel]}: raw "
                                     f"values, mean {stats.mean[channel]:.3f}"))

conv_kernels()
