"""Feature maps: every channel of any layer for one image, per-channel statistics, kernels."""
import pandas as pd
import streamlit as st

from explorer import featuremaps as fm
from explorer.figures import featuremaps as figs
from explorer.images import display_copy
from explorer.notes import NOTES
from ui import feature_maps_menu as menu
from ui import current, i18n, links, notes_panel, tables
from ui.i18n import _
from ui.image_source import image_source

st.title(_("Feature maps"))
st.caption(_("What a convolutional network computes, layer by layer: each channel of a layer is "
             "one filter's answer at every position of the image ({notes}). Start with "
             "hand-made 3×3 kernels, whose answers you can predict, then open a trained "
             "network.", notes="; ".join(i18n.pick(NOTES[n].name_en, NOTES[n].name_zh)
                                         for n in ("000", "001"))))

left, right = st.columns([1, 2], gap="large")
with left:
    chosen = image_source(key="featuremaps", default="Sample photo")
    if chosen and chosen[0].source in ("Upload", "Draw"):
        st.caption(_(links.IMAGE_NOT_IN_LINK))
with right:
    models = menu.model_menu()
    current.start(current.MODEL, models)     # opens on the model chosen on another page
    ref = links.choice(st.selectbox, _("Model"), list(models), key="model",
                       default=menu.HANDMADE, format_func=models.get,
                       help=_("Training-lab runs appear here once they have a checkpoint. "
                              "ImageNet networks use their weights only when the file is "
                              "already in torch's cache; otherwise they are randomly "
                              "initialised, and say so."))
    loaded = menu.load(ref)
    if ref != menu.HANDMADE and not ref.startswith(menu.RANDOM):   # a model other pages can use
        current.set_model(ref)
    (st.warning if loaded.random else st.caption)(_("Model: {title}", title=loaded.title))
    if loaded.spec.digit_like:
        st.caption(_("Trained on {size}×{size} digits: a test-set sample or a drawn digit makes "
                     "more sense to it than a photo.", size=loaded.spec.size))

if not chosen:
    st.info(_("Choose an image on the left."))
    st.stop()
nodes, prepared, maps = menu.every_layer(loaded, chosen[0])
spec = loaded.spec
with left:
    st.image(display_copy(prepared.steps[-1][1], largest=220),
             caption=_("model input {c}×{size}×{size} ({colour})", c=spec.channels,
                       size=spec.size, colour=_("grey") if spec.channels == 1 else "RGB"))

shapes = {n.name: n.shape for n in nodes}
titles = fm.layer_titles(loaded.model, list(shapes))
with right:
    cells = st.columns([5, 2])   # wide enough for "conv1 (Conv2d 3→64, 7×7, stride 2) — 64×112×112"
    layer = menu.choose_layer(cells, loaded.model, nodes, titles)
    flat = len(shapes[layer]) == 1
    with cells[1]:
        order_by = "index" if flat else links.choice(
            st.radio, _("Order channels by"), ["index", "mean"], key="order", horizontal=True,
            format_func={"index": _("channel number"), "mean": _("mean activation")}.get)

st.plotly_chart(i18n.figure(figs.shape_strip(
    [titles[n] for n in shapes], list(shapes.values()), titles[layer], list(shapes),
    _("Shapes along the network: {layer} is {shape}, in red"))))


def vector_view():
    """A flat layer (Linear, flatten, the head): one bar per unit; the head's are the logits."""
    values = maps[layer].numpy()
    head = (layer == menu.head_layer(loaded.model) and loaded.classes is not None
            and len(values) == len(loaded.classes))
    title = (_("{layer}: {n} logits, one per class, for this image", layer=titles[layer],
               n=len(values)) if head else
             _("{layer}: {n} units for this image", layer=titles[layer], n=len(values)))
    st.plotly_chart(i18n.figure(figs.vector_bars(values, loaded.classes if head else None,
                                                 title)))
    st.caption(_("A flat layer has no positions, so each unit is one number: its bar.") + " "
               + (_("The head's outputs are the logits zᵢ; softmax turns them into the "
                    "probabilities Predict shows.") if head else
                  _("After a ReLU, a unit at 0 did not fire for this image.")))


def conv_kernels():
    """Kernels of any conv layer, per input channel or averaged over them."""
    picked = menu.choose_kernels(loaded.model)
    if picked is None:
        return
    conv, weight, source = picked
    images = fm.kernel_images(weight, source)
    montage = fm.montage(images, fm.grid_columns(len(images), aspect=4))
    kind = _("RGB, one shared scale") if images.ndim == 4 else _("red +, blue −")
    st.plotly_chart(figs.kernels(images, montage, _(
        "Kernels of {conv}: {shape}; {kind}", conv=conv,
        shape="×".join(map(str, weight.shape)), kind=kind)))


def channel_view():
    """A layer of maps: every channel as a tile, per-channel statistics, one channel enlarged."""
    layer_maps = maps[layer]
    stats = fm.channel_stats(layer_maps)
    order = fm.channel_order(stats, order_by)
    names = loaded.channel_names or [str(i) for i in range(len(order))]
    grid, ids = fm.channel_grid(fm.tiles(layer_maps, order), order)
    st.plotly_chart(figs.channel_grid(grid, ids, figs.grid_title(
        titles[layer], shapes[layer], order_by == "mean",
        _("{layer}: {channels} channels of {height}×{width}, {order}"),
        (_("channel order"), _("highest mean first")), _(" (hover a tile for its channel)")),
        names))

    channel_col, share_col = _("channel"), _("share ≤ 0")
    table = pd.DataFrame({channel_col: [names[i] for i in order], _("mean"): stats.mean[order],
                          _("std"): stats.std[order], _("min"): stats.minimum[order],
                          _("max"): stats.maximum[order], share_col: stats.nonpositive[order]})
    stat_col, big_col = st.columns([3, 2], gap="large")
    with stat_col:
        st.markdown(_("**Per-channel statistics** over the {h}×{w} positions. Mostly ≤ 0 before "
                      "a ReLU means mostly zero after it: that filter found little of its "
                      "pattern in this image.", h=layer_maps.shape[1], w=layer_maps.shape[2]))
        tables.paged(table, {share_col: st.column_config.NumberColumn(
            format="percent", help=_("Fraction of positions ≤ 0: exactly those a ReLU "
                                     "zeroes.")),
            **{k: st.column_config.NumberColumn(format="%.3f") for k in table.columns[1:5]}})
    with big_col:
        # options are channel numbers and labels never hold a value of this image: a label
        # cannot go stale when the image changes (the mean is in the figure's title)
        channel = links.choice(st.selectbox, _("Enlarge channel"), [int(i) for i in order],
                               key="channel", format_func=lambda i: _("channel {name}",
                                                                      name=names[i]))
        st.plotly_chart(figs.one_channel(layer_maps[channel].numpy(), _(
            "{layer}<br>channel {name}: raw values, mean {mean:.3f}", layer=titles[layer],
            name=names[channel], mean=stats.mean[channel])))


if flat:
    vector_view()
else:
    channel_view()
conv_kernels()

notes_panel.show("app_pages/feature_maps.py", **{  # the kernel menu's widgets live in ui/
    k: st.session_state[k] for k in ("model", "kernels") if k in st.session_state})
