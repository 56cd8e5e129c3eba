"""Home's "Get data" section: MNIST, Fashion-MNIST, CIFAR-10 and ImageNet weights on request,
one button per item and a progress bar per file (``explorer.download``). Torch-free."""
from __future__ import annotations

import time

import streamlit as st

from explorer import budget, download
from explorer.errors import InputError
from ui.i18n import _, error_text
from ui.text import md

DONE_KEY = "get_data_done"      # the last finished download's message, shown after the rerun


def item_label(name: str) -> str:
    """An item of ``explorer.download`` (also ``explorer.offline``'s names) as people write it."""
    return {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10",
            "resnet18": _("resnet18 ImageNet weights"),
            "mobilenet_v3_small": _("mobilenet_v3_small ImageNet weights")}[name]


def _bars(name: str):
    """One progress bar per file of ``name``, and the callback that moves them (at most
    every 0.2 s per file, and at each file's end)."""
    bars = {r.name: st.progress(0.0, text=_("{file}: waiting", file=r.name))
            for r in download.ITEMS[name]}
    shown: dict[str, float] = {}

    def progress(file: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        end = total is not None and done >= total
        if file not in bars or (now - shown.get(file, 0.0) < 0.2 and not end):
            return
        shown[file] = now
        share = min(done / total, 1.0) if total else 0.0
        bars[file].progress(share, text=_("{file}: {done:,.1f} of {total:,.1f} MB", file=file,
                                          done=done / 1e6, total=(total or done) / 1e6))
    return progress


def _fetch(name: str) -> None:
    holder = st.empty()
    with holder.container():
        progress = _bars(name)
    try:
        fetched = download.get(name, progress)
    except InputError as err:
        holder.empty()               # the error says how far it got; no bars left waiting
        st.error(md(error_text(err)))
        return
    st.session_state[DONE_KEY] = (_("{item}: {n} file(s) fetched and checked.",
                                    item=item_label(name), n=len(fetched)) if fetched else
                                  _("{item} is already complete.", item=item_label(name)))
    st.rerun()                       # the availability table and the pages see the new files


def get_data_section() -> None:
    """The section: what can be fetched, its size, and a button for what is missing."""
    st.subheader(_("Get data"))
    enabled = download.downloads_enabled()
    mirror = download.mirror()
    st.caption(_("Nothing is downloaded until you press a button. Files come from torchvision's "
                 "own addresses (or the mirror in {env}) and are kept only when their published "
                 "checksum matches; an interrupted download resumes when you press again. The "
                 "data folder and weights may take {cap:,.0f} MB on this server.",
                 env=download.MIRROR_ENV, cap=budget.MAX_DATA_BYTES / 1e6))
    if mirror:
        st.caption(_("Mirror: {url}", url=md(mirror)))
    if not enabled:
        st.info(_("Downloads are switched off on this server ({env}=off). Whoever runs it can "
                  "place the files, or run `python -m explorer.data get mnist` there.",
                  env=download.SWITCH_ENV))
    if DONE_KEY in st.session_state:
        st.success(st.session_state.pop(DONE_KEY))
    for name in download.ITEM_NAMES:
        remotes = download.ITEMS[name]
        left, middle, right = st.columns([3, 2, 2], vertical_alignment="center")
        left.markdown(f"**{item_label(name)}**")
        size = sum(r.size for r in remotes) / 1e6
        if download.is_present(name):
            middle.caption(_("on this machine"))
            continue
        middle.caption(_("{size:,.1f} MB to download", size=size))
        if right.button(_("Get"), key=f"get_{name}", disabled=not enabled,
                        icon=":material/download:"):
            _fetch(name)
