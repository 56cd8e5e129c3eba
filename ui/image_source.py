"""The one image selector every page shares: upload, draw, a test-set sample, or a sample photo.

The image chosen last, on any page, is kept in ``st.session_state`` so that the next page
offers it first ("Current image"): one image can be followed through Predict, Feature maps, t-SNE
and Augmentation.

How a page uses it::

    from ui.image_source import image_source, current_image
    from explorer.images import ImageError, load_image

    chosen = image_source(key="featuremaps")          # list[ChosenImage]; [] until one is picked
    for item in chosen:
        try:
            loaded = load_image(item.data, item.name)   # safe decode, see explorer/images.py
        except ImageError as err:
            st.error(md(error_text(err)))               # this file only; go on with the others

The picker's source, test-set image and sample photo are kept in the page's URL (``?img=``,
``?digit=``, ``?photo=``); an uploaded or drawn image cannot be: the page says so next to the
picker (``links.IMAGE_NOT_IN_LINK``), and a link whose ``?img=current`` names an image of
another session opens on the default source with that sentence.
``image_source(key, multiple=True)`` lets the user upload many files at once (Predict's batch
mode). ``current_image()`` returns the shared ``ChosenImage`` (or None) without drawing any
widget. Every ``ChosenImage`` holds the raw file bytes, so each page decodes it with the same
safe loader; ``label`` is the true class when it is known (test-set samples).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui import links
from ui.i18n import _
from ui.text import md

SHARED_KEY = "explorer.current_image"
SOURCES = ("Upload", "Draw", "Test-set sample", "Sample photo")   # ChosenImage.source values
CURRENT = "Current image"
SOURCE_IDS = {"current": CURRENT, "upload": "Upload", "draw": "Draw", "sample": "Test-set sample",
              "photo": "Sample photo"}   # URL id -> source


@dataclass(frozen=True)
class ChosenImage:
    name: str
    data: bytes                  # the file's bytes (PNG for drawn and generated images)
    source: str                  # one of SOURCES
    label: str | None = None     # true class, when known


def current_image() -> ChosenImage | None:
    """The image chosen last on any page, or None."""
    return st.session_state.get(SHARED_KEY)


def source_name(source: str) -> str:
    """A source (``SOURCES`` or ``CURRENT``) in the reader's language."""
    return {CURRENT: _("Current image"), "Upload": _("Upload"), "Draw": _("Draw"),
            "Test-set sample": _("Test-set sample"), "Sample photo": _("Sample photo")}[source]


def _png(pixels: np.ndarray) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


@st.cache_data(show_spinner=False)
def _sample_photos() -> dict[str, bytes]:
    """scikit-learn's two bundled photos (china.jpg, flower.jpg), 427×640 RGB."""
    from sklearn.datasets import load_sample_images
    bunch = load_sample_images()
    return {name.rsplit("/", 1)[-1].replace(".jpg", ".png"): _png(image)
            for name, image in zip(bunch.filenames, bunch.images)}


@st.cache_data(show_spinner=False)
def _test_samples(dataset: str, seed: int) -> list[tuple[bytes, str]]:
    from explorer.predict import test_set_images
    return [(_png(pixels), label) for pixels, label in test_set_images(dataset, seed)]


def _upload(key: str, multiple: bool) -> list[ChosenImage]:
    from explorer.images import MAX_BYTES
    files = st.file_uploader(
        _("Images (PNG, JPEG, WebP, BMP, GIF, TIFF)"), accept_multiple_files=multiple,
        key=f"{key}.upload", max_upload_size=MAX_BYTES // 2**20,
        help=_("Checked on arrival: size, pixel and aspect-ratio limits, format; EXIF "
               "orientation, transparency, CMYK, 16-bit and float images are handled; large "
               "images are decoded reduced; a bad file gets its own message and the others are "
               "still used."))
    files = files if isinstance(files, list) else [files] if files else []
    return [ChosenImage(f.name, f.getvalue(), "Upload") for f in files]


def _draw(key: str) -> list[ChosenImage]:
    from streamlit_drawable_canvas import st_canvas
    canvas = st_canvas(stroke_width=16, stroke_color="#000000", background_color="#ffffff",
                       height=200, width=200, return_image_data=True, key=f"{key}.canvas")
    st.caption(_("Draw one digit, large, in the middle (the bin icon clears the canvas)."))
    pixels = canvas.image_data if canvas.json_data and canvas.json_data.get("objects") else None
    if pixels is None:
        return []
    return [ChosenImage("drawing.png", _png(np.asarray(pixels, np.uint8)[..., :3]), "Draw")]


def _test_sample(key: str) -> list[ChosenImage]:
    samples = _test_samples("digits", 0)
    index = links.slider(_("Test-set image (digits, split seed 0)"), 0, len(samples) - 1, 0,
                         key="digit")
    data, label = samples[index]
    return [ChosenImage(f"test_{index}.png", data, "Test-set sample", label)]


def _sample_photo(key: str) -> list[ChosenImage]:
    photos = _sample_photos()
    name = links.choice(st.radio, _("scikit-learn sample photo"), list(photos), key="photo",
                        horizontal=True)
    return [ChosenImage(name, photos[name], "Sample photo")]


def image_source(key: str, multiple: bool = False, default: str = "Test-set sample"
                 ) -> list[ChosenImage]:
    """Draw the selector; return the chosen images ([] until one is chosen).

    The first chosen image becomes the shared current image. ``key`` keeps the uploader and
    canvas of different pages apart; ``default`` (one of ``SOURCES``) is the source a link
    names by leaving ``?img=`` out. While an image is shared, the selector starts on it.
    """
    shared = current_image()
    ids = list(SOURCE_IDS)
    default_id = ids[list(SOURCE_IDS.values()).index(default)]
    if shared is not None and "img" not in st.session_state and "img" not in st.query_params:
        st.session_state["img"] = "current"
    source = SOURCE_IDS[links.choice(st.radio, _("Image source"), ids, key="img",
                                     default=default_id, horizontal=True,
                                     format_func=lambda i: source_name(SOURCE_IDS[i]))]
    if source == CURRENT:
        if shared is not None:
            st.caption(_("{name} ({source}), chosen earlier.", name=md(shared.name),
                         source=source_name(shared.source).lower()))
            return [shared]
        st.caption(_(links.IMAGE_NOT_IN_LINK))     # a link to an image of another session
        source = default
    chosen = {"Upload": lambda: _upload(key, multiple), "Draw": lambda: _draw(key),
              "Test-set sample": lambda: _test_sample(key),
              "Sample photo": lambda: _sample_photo(key)}[source]()
    if chosen:
        st.session_state[SHARED_KEY] = chosen[0]
    return chosen
