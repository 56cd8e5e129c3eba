"""Home's "Get data" section: MNIST, Fashion-MNIST, CIFAR-10 and ImageNet weights on request,
one button per item and a progress bar per file (``explorer.download``), torch-free; and
Predict's "Get ImageNet weights" button for a torchvision model whose weights are missing."""
from __future__ import annotations

import time

import streamlit as st

from explorer import budget, download, refs
from explorer.errors import InputError
from ui.i18n import _, error_text
from ui.text import md

DONE_KEY = "get_data_done"      # the last finished download's message, shown after the rerun


def item_label(name: str) -> str:
    """An item of ``explorer.download`` (also ``explorer.offline``'s names) as people write it:
    a dataset's name, or "<arch> ImageNet weights" (``resnet18``, ``tv:convnext_tiny``)."""
    datasets = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}
    if name in datasets:
        return datasets[name]
    return _("{name} ImageNet weights", name=name.removeprefix(download.TV_PREFIX))


def _bars(name: str):
    """One progress bar per file of ``name``, and the callback that moves them (at most
    every 0.2 s per file, and at each file's end)."""
    bars = {r.name: st.progress(0.0, text=_("{file}: waiting", file=r.name))
            for r in download.remotes(name)}
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


def _fetch(name: str, announce: bool = True) -> None:
    """Fetch item ``name`` with its progress bars; on success rerun (with the message for
    Home's section when ``announce``), on failure show why."""
    holder = st.empty()
    with holder.container():
        progress = _bars(name)
    try:
        fetched = download.get(name, progress)
    except InputError as err:
        holder.empty()               # the error says how far it got; no bars left waiting
        st.error(md(error_text(err)))
        return
    if announce:
        st.session_state[DONE_KEY] = (
            _("{item}: {n} file(s) fetched and checked.", item=item_label(name),
              n=len(fetched)) if fetched else
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
    st.caption(_("The ImageNet weights of every other torchvision classifier: pick it on "
                 "Predict, which offers them, or run `python -m explorer.data get "
                 "tv:convnext_tiny` (any architecture's name) on the server."))
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


def weights_offer(ref: str, err: Exception) -> bool:
    """Where the model ``ref`` could not load (``err``) because it is ``tv:<arch>`` and its
    ImageNet weights are not on this machine: say so and offer a "Get ImageNet weights"
    button with a progress bar (downloads switched off: say that, with ``err``'s by-hand
    hint). Returns whether it did; otherwise the page shows ``err`` as it is."""
    if refs.kind(ref) != refs.TV or refs.tv_parts(ref)[1] != refs.TV_IMAGENET:
        return False
    try:
        (remote,) = download.remotes(ref)
    except ValueError:                   # not offered: the page's error says why
        return False
    if download.is_present(ref):         # there, yet unreadable: the page's error says why
        return False
    arch, mb = refs.tv_parts(ref)[0], remote.size / 1e6
    st.warning(_("{name}'s ImageNet weights ({file}, {mb:,.1f} MB) are not on this machine "
                 "yet; the default model stands in until they are.", name=arch,
                 file=remote.name, mb=mb))
    if not download.downloads_enabled():
        st.info(_("Downloads are switched off on this server ({env}=off). {hint}",
                  env=download.SWITCH_ENV, hint=md(error_text(err), 1000)))
        return True
    source = f"{download.mirror()}/{remote.name}" if download.mirror() else remote.urls[0]
    if st.button(_("Get ImageNet weights ({mb:,.1f} MB)", mb=mb), key="get_tv_weights",
                 icon=":material/download:",
                 help=_("From {url}, kept only when its published checksum matches.",
                        url=md(source))):
        _fetch(ref, announce=False)
    return True
