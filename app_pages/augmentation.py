"""Data augmentation gallery: torchvision.transforms.v2 on the shared image, MixUp/CutMix,
mosaic and copy-paste; seedable and re-rollable."""
import streamlit as st
import torch

from explorer import augment as aug
from explorer.errors import SEED_MAX
from explorer.images import ImageError, load_image
from ui.image_source import image_source
from ui.text import md

st.title("Data augmentation")
st.caption("Random but label-preserving changes make one picture many training samples "
           "(seed 001): crop 0.6–1, flip, rotation, colour jitter, random erasing, cutout, "
           "MixUp, CutMix, mosaic and copy-paste, all drawn with torchvision.transforms.v2 "
           "except the last two, which torchvision does not provide.")


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
    pool = {name: prepared(data, name), **partners(name, source)}
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
    st.session_state["augmentation.seed"] += 1


chosen = image_source(key="augmentation", default="Sample photo")
c = st.columns([1, 1, 4], vertical_alignment="bottom")
seed = c[0].number_input("seed", min_value=0, max_value=SEED_MAX, value=0, step=1,
                         key="augmentation.seed")
c[1].button("Re-roll", on_click=reroll, icon=":material/casino:",
            help="Next seed: new random draws for every augmentation")
if not chosen:
    st.info("Pick an image above to see it augmented.")
    st.stop()
item = chosen[0]
try:
    original = aug.to_display(prepared(item.data, item.name))
except ImageError as err:
    st.error(md(str(err)))
    st.stop()

tab_single, tab_mix, tab_mosaic = st.tabs(["One image, many draws", "MixUp & CutMix",
                                           "Mosaic & copy-paste"])

with tab_single:
    names = st.multiselect("Augmentations", list(aug.SINGLE), default=list(aug.SINGLE))
    if not names:
        st.warning("Pick at least one augmentation to draw.")
    row = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
    row[0].markdown("**original**, resized and centre-cropped")
    row[1].image(original, caption=f"original ({aug.SIZE}×{aug.SIZE})")
    for name, draws in gallery(item.data, item.name, tuple(names), int(seed)).items():
        row = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
        row[0].markdown(f"**{name}**")
        row[0].caption(aug.SINGLE[name][0])
        for k, (cell, draw) in enumerate(zip(row[1:], draws)):
            cell.image(draw, caption=f"seed {seed + k}")

with tab_mix:
    st.markdown(f"A batch of {len(partners(item.name, item.source)) + 1} different images, "
                "labels one-hot over your image and scikit-learn's other sample photos. "
                "λ ~ Beta(α, α); image *i* is mixed with image *i − 1* (the first with the "
                "last). **MixUp** blends "
                "pixels, $\\tilde x = \\lambda x_i + (1-\\lambda) x_{i-1}$; **CutMix** pastes "
                "a box of $x_{i-1}$ and weighs the labels by the box's area: "
                "$\\tilde y = \\lambda y_i + (1-\\lambda) y_{i-1}$.")
    c = st.columns(2)
    kind = c[0].radio("Mixing", ["MixUp", "CutMix"], horizontal=True)
    alpha = c[1].slider("α", 0.1, 4.0, 1.0, 0.1)
    pictures, labels = mixed(item.data, item.name, item.source, kind, alpha, int(seed))
    st.image(pictures, width=200, caption=labels)

with tab_mosaic:
    try:
        picture, centre, names, rows, pasted, background = mosaic_and_paste(
            item.data, item.name, item.source, int(seed))
    except ValueError as err:
        st.error(f"{md(str(err))}. Try another seed.")
        st.stop()
    left, right = st.columns(2)
    left.markdown(f"**Mosaic** (YOLOv4): four different images ({', '.join(map(md, names))}), each "
                  f"randomly scaled and cropped, around a random centre {centre}. Their "
                  "boxes go through the same crops (`tv_tensors.BoundingBoxes` in "
                  "transforms.v2): cut boxes are clipped, objects cut away are dropped, and "
                  "the random scaling makes many objects small (note 001).")
    left.image(picture, width=480)
    left.dataframe(rows, hide_index=True, column_config={
        c: st.column_config.NumberColumn(format="percent")
        for c in ("share of its image", "share of the mosaic")})
    right.markdown("**Copy-paste** (Ghiasi et al. 2021) pastes segmented objects into "
                   "another image. Without instance masks, a centred ellipse of your image "
                   f"stands in for the object, rescaled and pasted on {background}.")
    right.image(pasted, width=320)
