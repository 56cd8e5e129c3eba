"""The Training lab's "Your own images" section: a zip of class folders becomes a dataset
(``explorer.image_folder``), chosen in the dataset menu once it is made."""
from __future__ import annotations

import streamlit as st

from explorer import budget, image_folder
from explorer.data import dataset_names
from explorer.errors import InputError
from ui.i18n import _, error_text, message, pick
from ui.text import md

MAX_ZIP_MB = 200                   # the zip uploader's own limit (the server's default is 20)
SPLITS = ((0.7, 0.2, 0.1), (0.8, 0.1, 0.1), (0.6, 0.2, 0.2))
MINE_KEY = "image_folders_made"    # this session's folders: only those can be deleted here
DONE_KEY = "image_folder_done"


def dataset_options() -> tuple[str, ...]:
    """The dataset menu's options: the built-in sets and the image folders made here."""
    return dataset_names()


def _size_label(size: int | None) -> str:
    return _("as they are (all one square size)") if size is None else f"{size}×{size}"


def _colour_label(colour: str) -> str:
    return {"auto": _("as they are"), "rgb": "RGB", "gray": _("grayscale")}[colour]


def _split_label(split: tuple[float, float, float]) -> str:
    return " / ".join(f"{f:.0%}" for f in split)


def _made(info: image_folder.FolderInfo) -> str:
    return _("Dataset {name}: {images:,} images in {classes} classes at {size}×{size}, "
             "{channels} channel(s). It is chosen in the Dataset menu below.",
             name=info.dataset, images=info.images, classes=len(info.classes), size=info.size,
             channels=info.channels)


def upload_section(select_key: str) -> None:
    """The section, above the settings form whose dataset menu has widget key ``select_key``
    (a new dataset is selected there)."""
    with st.expander(_("Your own images: a zip of class folders"), icon=":material/folder_zip:",
                     expanded=DONE_KEY in st.session_state):
        st.caption(_("Lay the zip out as class_name/image.png, one folder per class with at "
                     "least {n} images, as torchvision's ImageFolder expects. The images are "
                     "resized to the input size and split into train, validation and test; "
                     "Predict, Feature maps, t-SNE and PR curves then use the runs trained on "
                     "it. Every user of this server sees the datasets made here.",
                     n=budget.MIN_CLASS_IMAGES))
        if DONE_KEY in st.session_state:
            st.success(st.session_state.pop(DONE_KEY))
        with st.form("image_folder", border=False):
            upload = st.file_uploader(_("Zip of class folders"), type=["zip"],
                                      max_upload_size=MAX_ZIP_MB)
            c = st.columns(4)
            name = c[0].text_input(_("Dataset name"), max_chars=32,
                                   placeholder=_("from the zip's name"),
                                   help=_("Lowercase letters, digits and _; the dataset is "
                                          "listed as folder-<name>."))
            size = c[1].selectbox(_("Input size"), (None,) + image_folder.SIZES, index=3,
                                  format_func=_size_label)
            colour = c[2].selectbox(_("Colour"), image_folder.COLOURS,
                                    format_func=_colour_label,
                                    help=_("'As they are' refuses a folder that mixes "
                                           "grayscale and colour images; RGB or grayscale "
                                           "converts them."))
            split = c[3].selectbox(_("Train / validation / test"), SPLITS,
                                   format_func=_split_label)
            replace = st.checkbox(_("Replace a dataset of the same name"))
            pressed = st.form_submit_button(_("Make the dataset"), icon=":material/upload:")
        if pressed:
            _make(upload, name, size, colour, split, replace, select_key)
        _delete_mine()


def _make(upload, name: str, size, colour: str, split, replace: bool, select_key: str) -> None:
    if upload is None:
        st.warning(_("Choose a zip first."))
        return
    name = name.strip() or image_folder.suggest_name(upload.name)
    try:
        with st.spinner(_("Checking, extracting and decoding the images…")):
            info = image_folder.prepare_zip(upload, name, size, colour, split, replace,
                                            filename=upload.name)
    except InputError as err:
        st.error(md(error_text(err)))
        return
    st.session_state.setdefault(MINE_KEY, []).append(info.name)
    st.session_state[select_key] = info.dataset
    st.session_state[DONE_KEY] = _made(info) + "".join(
        f" {md(message(n))}{pick('.', '。')}" for n in info.notes)
    st.rerun()


def _delete_mine() -> None:
    made = {f.name: f for f in image_folder.list_folders()}
    mine = [n for n in dict.fromkeys(st.session_state.get(MINE_KEY, [])) if n in made]
    if not mine:
        return
    c = st.columns([3, 1], vertical_alignment="bottom")
    doomed = c[0].selectbox(_("Datasets you made in this session"), mine,
                            format_func=lambda n: made[n].dataset)
    if c[1].button(_("Delete"), icon=":material/delete:"):
        image_folder.delete_folder(doomed)
        st.session_state[MINE_KEY].remove(doomed)
        st.rerun()
