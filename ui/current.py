"""One model and one image across pages: the session's current model and current image.

The current model is a model reference (``explorer.refs``: ``"default"``, an ImageNet name, a
run id). Predict sets it when a model is picked, the Training lab when a run finishes (and
on *Explore this run*); Feature maps, t-SNE and PR curves start their model menus from it.
The current image is the one ``ui.image_source`` shares (the image chosen last, on any page).
Both are named, small, in the sidebar of every page (``sidebar``, drawn by ``app.py``).

A page's model menu stays a ``ui.links.choice`` under the URL name ``model`` (``MODEL``), so
``?model=<ref>`` opens that model and an unknown or deleted run falls back to the page's
default with the links notice. One line before the menu starts it on the current model::

    current.start(current.MODEL, refs)                         # refs: the menu's options
    ref = links.choice(st.selectbox, _("Model"), refs, key=current.MODEL, ...)
    current.set_model(ref)

This module does not import torch: Home draws the sidebar too.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from explorer import refs
from ui import links
from ui.i18n import _
from ui.text import md

MODEL = "model"                    # the URL name of a page's model menu: ?model=<ref>
THUMBNAIL_PX = 56
EXPLORE_PAGES = (("app_pages/predict.py", "Predict", ":material/image_search:"),
                 ("app_pages/feature_maps.py", "Feature maps", ":material/grid_view:"),
                 ("app_pages/tsne.py", "t-SNE embeddings", ":material/scatter_plot:"),
                 ("app_pages/pr_curves.py", "PR curves & metrics", ":material/query_stats:"))
_THUMB = "_current_thumbnail"      # session state: (hash of the image bytes, thumbnail or None)
_PAGE, _NEW_VISIT = "_current_page", "_current_new_visit"   # the page running, first run of it


def model() -> str | None:
    """The current model's reference, or None before any page chose one."""
    ref = st.session_state.get(refs.CURRENT_MODEL_KEY)
    return ref if isinstance(ref, str) else None


def set_model(ref: str) -> None:
    st.session_state[refs.CURRENT_MODEL_KEY] = ref


def run() -> str | None:
    """The run folder of the current model (the default model's too), or None."""
    ref = model()
    return None if ref is None else refs.run_id(ref)


def image():
    """The current image (``ui.image_source.ChosenImage``), or None."""
    from ui.image_source import current_image
    return current_image()


def visit(page: str) -> None:
    """``app.py``, before the page ``page`` (its URL path) runs: is this run the first of a
    visit? A menu key another page used (``model``) may still hold that page's value then."""
    new = st.session_state.get(_PAGE) != page
    st.session_state[_NEW_VISIT] = new
    st.session_state[_PAGE] = page
    if new:
        _forget_other_widgets()


def _forget_other_widgets() -> None:
    """Widget values are kept by key, and pages share keys (``model``, ``t``, ``seed``,
    ``img``): after a page switch another page's value would start this page's widget of the
    same key, even beyond its range (Predict's ``?t=1.0`` raised StreamlitValueAboveMaxError
    on PR curves' threshold), and Streamlit carries a URL-bound widget's value forward while it
    is not drawn. On a visit's first run every widget value but the language is dropped: the
    page's own URL, the current model and image, or its defaults apply. (Streamlit has no
    public list of widget keys.)"""
    from ui.i18n import STATE_KEY
    try:
        from streamlit.runtime.state import get_session_state
        keys = list(get_session_state()._state._key_id_mapper.id_key_mapping.values())
    except (AttributeError, ImportError, RuntimeError):   # another Streamlit: nothing to drop
        return
    for key in keys:
        if key != STATE_KEY:
            st.session_state.pop(key, None)


def start(key: str, options: Sequence, convert: Callable[[str], object] = lambda ref: ref
          ) -> None:
    """Start the menu ``key`` (a ``links.choice`` drawn right after) on a model: the one a link
    names (``?model=<ref>``, on a page whose menu has another key) or else the current model,
    turned into the menu's option by ``convert``. Only when the menu offers it (a linked
    model it does not offer gets the links notice), only on the menu's first run of a visit,
    and never over the menu's own ``?key=`` (on a visit's first run the menu's state is
    dropped first, so a value another page left under the same key gives way)."""
    if st.session_state.get(_NEW_VISIT, True):
        st.session_state.pop(key, None)   # another page's menu of the same name, or an old visit
    if key in st.session_state or key in st.query_params:
        return
    linked = key != MODEL and MODEL in st.query_params
    ref = st.query_params.get(MODEL) if linked else model()
    if ref is None:
        return
    value = convert(ref)
    if value is not None and value in list(options):
        st.session_state[key] = value
    elif linked:
        links.notice(MODEL, ref, _("a model this page offers"))


def usable_run(ref: str) -> str | None:
    """The run folder of ``ref`` when it holds a loadable model (the default's once trained),
    else None: what a page whose menu lists runs can start from."""
    from explorer import runs
    rid = refs.run_id(ref)
    try:
        return rid if rid is not None and runs.get_run(rid).usable else None
    except ValueError:    # not a run id, or no such run (deleted)
        return None


def start_on_run(source_key: str, sources: Sequence, run_source) -> None:
    """For a page whose runs sit behind a source choice (t-SNE's points, PR curves' scores):
    start ``source_key`` on ``run_source`` when the linked or current model is a usable run;
    then ``start(run_key, runs, usable_run)`` starts the run menu on it."""
    start(source_key, sources, lambda ref: run_source if usable_run(ref) else None)


def model_name(ref: str) -> str:
    """A short readable name for the sidebar and menus, in the reader's language."""
    if refs.kind(ref) == refs.DEFAULT:
        return _("Digits LeNet (default, trained here)")
    if refs.kind(ref) == refs.IMAGENET:
        return _("{name} (ImageNet)", name=ref)
    if refs.kind(ref) == refs.TV:
        from ui.model_picker import label
        return label(ref)
    return _("run {id}", id=ref)


def _thumbnail(item):
    """A small display copy of the current image (None when its file cannot be decoded),
    made once per image."""
    token = hash((item.name, item.data))
    kept = st.session_state.get(_THUMB)
    if kept and kept[0] == token:
        return kept[1]
    from explorer.images import ImageError, display_copy, load_image
    try:
        thumb = display_copy(load_image(item.data, item.name).rgb, largest=THUMBNAIL_PX,
                             smallest=THUMBNAIL_PX)
    except (ImageError, ValueError):
        thumb = None
    st.session_state[_THUMB] = (token, thumb)
    return thumb


def sidebar(place) -> None:
    """The current model and image, small, in ``place`` (an ``st.empty`` in the sidebar, redrawn
    in place; empty until one is chosen)."""
    ref, item = model(), image()
    if ref is None and item is None:
        place.empty()
        return
    box = place.container(border=True)
    box.caption(_("**Used across pages**"))
    if ref is not None:
        box.caption(_("Model: {name}", name=md(model_name(ref))))
    if item is not None:
        thumb = _thumbnail(item)
        if thumb is None:
            box.caption(_("Image: {name}", name=md(item.name)))
        else:
            left, right = box.columns([1, 2], vertical_alignment="center")
            left.image(thumb, width=min(thumb.width, THUMBNAIL_PX))
            right.caption(md(item.name, 60))


def explore_links(ref: str) -> None:
    """Buttons that open Predict, Feature maps, t-SNE and PR curves on ``ref`` (named in each
    link's ``?model=``, so the link works in another session too)."""
    names = {"Predict": _("Predict"), "Feature maps": _("Feature maps"),
             "t-SNE embeddings": _("t-SNE embeddings"),
             "PR curves & metrics": _("PR curves & metrics")}
    for column, (path, title, icon) in zip(st.columns(len(EXPLORE_PAGES)), EXPLORE_PAGES):
        column.page_link(path, label=names[title], icon=icon, query_params={MODEL: ref},
                         width="stretch")
