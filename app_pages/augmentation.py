"""Data augmentation gallery: torchvision.transforms.v2 on the shared image, MixUp/CutMix,
mosaic and copy-paste; seedable and re-rollable."""
import re

import streamlit as st
import torch

from explorer import augment as aug
from explorer.errors import SEED_MAX
from explorer.images import ImageError, load_image
from ui import i18n, links, notes_panel
from ui.i18n import _
from ui.image_source import image_source
from ui.text import md

st.title(_("Data augmentation"))
st.caption(_("Random but label-preserving changes make one picture many training samples "
             "({note}): crop 0.6–1, flip, rotation, colour jitter, random erasing, cutout, "
             "MixUp, CutMix, mosaic and copy-paste, all drawn with torchvision.transforms.v2 "
             "except the last two, which torchvision does not provide.",
             note=i18n.note_name("001")))

# URL ids of the single-image augmentations: the name before any bracket, in snake case
AUGMENTATIONS = {re.sub(r"[^a-z]+", "_", name.split(" (")[0].lower()).strip("_"): name
                 for name in aug.SINGLE}


@st.cache_resource(max_entries=16, show_spinner=False)
def photos():
    return aug.sample_photos()


@st.cache_resource(max_entries=16, show_spinner=False)
def prepared(data: bytes, name: str):
    return aug.to_tensor(load_image(data, name).rgb)


@st.cache_data(max_entries=64, show_spinner=False)
def gallery(data, name, names, seed):
    image = prepared(data, name)
    return {n: [aug.to_display(t) for t in aug.single(n, image, seed)] for n in names}


@st.cache_resource(max_entries=1, show_spinner=False)
def scenes():
    return aug.sample_scenes()


def partners(name: str, source: str) -> dict:
    """The sample photos other than the chosen one: an image is never mixed with itself."""
    own = name.removesuffix(".png") if source == "Sample photo" else None
    return {n: t for n, t in photos().items() if n != own}


@st.cache_data(max_entries=64, show_spinner=False)
def mixed(data, name, source, kind, alpha, seed):
    # a sample photo under the name its partners have ("china", not "china.png")
    own = name.removesuffix(".png") if source == "Sample photo" else name
    pool = {own: prepared(data, name), **partners(name, source)}
    images, soft = aug.mix(kind, torch.stack(list(pool.values())),
                           torch.arange(len(pool)), len(pool), alpha, seed)
    return ([aug.to_display(t) for t in images],
            [aug.describe_label(s, list(pool)) for s in soft])


@st.cache_data(max_entries=64, show_spinner=False)
def mosaic_and_paste(data, name, source, seed):
    """Mosaic of the four scenes (your image, unboxed, in the first tile unless it is a sample
    photo) with their boxes, its table, and copy-paste of your image onto the other photo."""
    tiles = [(n, *scene) for n, scene in scenes().items()]
    if source != "Sample photo":
        tiles[0] = (name, prepared(data, name), torch.zeros(0, 4), [])
    m = aug.mosaic([t[1] for t in tiles], seed, size=2 * aug.SIZE,
                   boxes=[t[2] for t in tiles])
    labels = [t[3] for t in tiles]
    background = next(iter(partners(name, source)))
    pasted = aug.copy_paste(photos()[background], prepared(data, name), aug.ellipse_mask(), seed)
    return (aug.draw_boxes(m.image, m.boxes, [labels[k][i] for k, i in m.sources]), m.centre,
            [t[0] for t in tiles], aug.mosaic_rows(m, labels), aug.to_display(pasted),
            background)


def reroll():
    st.session_state["seed"] += 1


chosen = image_source(key="augmentation", default="Sample photo")
c = st.columns([1, 1, 4], vertical_alignment="bottom")
with c[0]:
    seed = links.number_input(_("random seed"), min_value=0, max_value=SEED_MAX, value=0,
                              step=1, key="seed")
c[1].button(_("Re-roll"), on_click=reroll, icon=":material/casino:",
            help=_("Next seed: new random draws for every augmentation"))
if not chosen:
    st.info(_("Pick an image above to see it augmented."))
    st.stop()
item = chosen[0]
if item.source in ("Upload", "Draw"):
    c[2].caption(_(links.IMAGE_NOT_IN_LINK))
try:
    original = aug.to_display(prepared(item.data, item.name))
except ImageError as err:
    st.error(md(i18n.error_text(err)))
    st.stop()

tab_single, tab_mix, tab_mosaic = links.tabs(
    [_("One image, many draws"), _("MixUp & CutMix"), _("Mosaic & copy-paste")],
    ["single", "mix", "mosaic"], key="tab")

with tab_single:
    ids = links.choices(st.multiselect, _("Augmentations"), list(AUGMENTATIONS), key="aug",
                        default=list(AUGMENTATIONS), format_func=lambda a: _(AUGMENTATIONS[a]))
    if not ids:
        st.warning(_("Pick at least one augmentation to draw."))
    names = [AUGMENTATIONS[a] for a in ids]
    row = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
    row[0].markdown(_("**original**, resized and centre-cropped"))
    row[1].image(original, caption=_("original ({size}×{size})", size=aug.SIZE))
    for name, draws in gallery(item.data, item.name, tuple(names), int(seed)).items():
        row = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
        row[0].markdown(f"**{_(name)}**")
        row[0].caption(_(aug.SINGLE[name][0]))
        for k, (cell, draw) in enumerate(zip(row[1:], draws)):
            cell.image(draw, caption=_("seed {n}", n=seed + k))

with tab_mix:
    st.markdown(_("A batch of {n} different images, labels one-hot over your image and "
                  "scikit-learn's other sample photos. λ ~ Beta(α, α); image *i* is mixed with "
                  "image *i − 1* (the first with the last). **MixUp** blends pixels, "
                  "$\\tilde x = \\lambda x_i + (1-\\lambda) x_{{i-1}}$; **CutMix** pastes a box "
                  "of $x_{{i-1}}$ and weighs the labels by the box's area: "
                  "$\\tilde y = \\lambda y_i + (1-\\lambda) y_{{i-1}}$.",
                  n=len(partners(item.name, item.source)) + 1))
    c = st.columns(2)
    with c[0]:
        kind = links.choice(st.radio, _("Mixing"), ["MixUp", "CutMix"], key="mix",
                            horizontal=True)
    with c[1]:
        alpha = links.slider("α", 0.1, 4.0, 1.0, 0.1, key="alpha")
    pictures, labels = mixed(item.data, item.name, item.source, kind, alpha, int(seed))
    st.image(pictures, width=200, caption=labels)

with tab_mosaic:
    try:
        picture, centre, names, rows, pasted, background = mosaic_and_paste(
            item.data, item.name, item.source, int(seed))
    except ValueError as err:
        st.error(_("{err}. Try another seed.", err=md(i18n.error_text(err))))
        st.stop()
    left, right = st.columns(2)
    left.markdown(_("**Mosaic** (YOLOv4): four different images ({names}), each randomly "
                    "scaled and cropped, around a random centre {centre}. Their boxes go "
                    "through the same crops (`tv_tensors.BoundingBoxes` in transforms.v2): cut "
                    "boxes are clipped, objects cut away are dropped, and the random scaling "
                    "makes many objects small ({note}).", names=i18n.join(map(md, names)),
                    centre=centre, note=i18n.note_name("001")))
    left.image(picture, width=480)
    left.dataframe(rows, hide_index=True, column_config={
        "object": st.column_config.TextColumn(_("object")),
        "tile": st.column_config.NumberColumn(_("tile")),
        **{c: st.column_config.NumberColumn(label, format="percent")
           for c, label in (("share of its image", _("share of its image")),
                            ("share of the mosaic", _("share of the mosaic")))}})
    right.markdown(_("**Copy-paste** (Ghiasi et al. 2021) pastes segmented objects into "
                     "another image. Without instance masks, a centred ellipse of your image "
                     "stands in for the object, rescaled and pasted on {background}.",
                     background=md(background)))
    right.image(pasted, width=320)

notes_panel.show("app_pages/augmentation.py", seed=seed, aug=ids, mix=kind, alpha=alpha)
