"""torchvision classifiers in the model menus of Predict, Feature maps and t-SNE, and the form
that imports weights for any of them (``explorer.tv_models``).

Menu ids are model references (``explorer.refs``): ``tv:<arch>:<import id>`` for uploaded
weights (newest first), ``tv:<arch>`` where the ImageNet weights file is already cached (on
Predict, which can download them, for every offered architecture), and ``tv:<arch>:random``
for every offered architecture, so ``?model=tv:efficientnet_b0:random`` is a link. ``label``
names a reference without importing torch (the sidebar of Home uses it).
"""
from __future__ import annotations

import re

import streamlit as st

from explorer import refs
from ui import current, i18n
from ui.i18n import _
from ui.text import md


IMPORTED = "imported tv model"   # session state: the reference just imported (for one rerun)


def label(ref: str) -> str:
    """A ``tv:`` reference's menu label in the reader's language."""
    arch, weights = refs.tv_parts(ref)
    if weights == refs.TV_IMAGENET:
        return _("{name} (torchvision, ImageNet weights)", name=arch)
    if weights == refs.TV_RANDOM:
        return _("{name} (torchvision, random weights)", name=arch)
    return _("{name} (your weights {id})", name=arch, id=weights)


def menu(downloadable: bool = False) -> dict[str, str]:
    """Reference -> label of every torchvision model on offer here (imports, cached ImageNet
    weights, random weights); with ``downloadable`` (a page that offers the download) every
    architecture's ImageNet weights, those not on this machine labelled so."""
    from explorer import offline, tv_models
    options = {i.ref: label(i.ref) for i in tv_models.imports()}
    names = tv_models.architectures()
    catalogue = tv_models.catalogue()
    cached = [n for n in names if (offline.weights_dir() / catalogue[n].file).is_file()]
    options.update({refs.tv_ref(n): label(refs.tv_ref(n)) for n in cached})
    if downloadable:
        options.update({refs.tv_ref(n): _("{name} (torchvision, ImageNet weights to download)",
                                          name=n) for n in names if n not in cached})
    options.update({refs.tv_ref(n, refs.TV_RANDOM): label(refs.tv_ref(n, refs.TV_RANDOM))
                    for n in names})
    return options


TITLES = (   # explorer.tv_models' Classifier.title, read back into its fields
    (re.compile(r"(?P<name>\S+): RANDOM weights \(untrained, seed 0: its predictions and maps "
                r"mean nothing\)"),
     lambda f: _("{name}: RANDOM weights (untrained, seed 0: its predictions and maps mean "
                 "nothing)", **f)),
    (re.compile(r"(?P<name>\S+): ImageNet weights \((?P<weights>.+)\)"),
     lambda f: _("{name}: ImageNet weights ({weights})", **f)),
    (re.compile(r"(?P<name>\S+): your weights (?P<file>.+) \((?P<n>\d+) classes: (?P<some>.*)\)",
                re.S),
     lambda f: _("{name}: your weights {file} ({n} classes: {some})", **f)))


def title(text: str) -> str:
    """A torchvision model's title in the reader's language (other titles as they are)."""
    for pattern, make in TITLES:
        if match := pattern.fullmatch(text):
            return make(match.groupdict())
    return text


def import_form(container=st) -> None:
    """Architecture, weights file (up to ``budget.MAX_TV_WEIGHTS_BYTES``, its own upload limit)
    and an optional classes.json; on *Import* the checked weights become a model, made the
    current model, and the page reruns; a refusal is shown with its reason."""
    from explorer import tv_models
    from explorer.budget import MAX_TV_WEIGHTS_BYTES
    imported = st.session_state.pop(IMPORTED, None)
    if imported:
        container.success(_("Imported: {model}. It is now the chosen model.",
                            model=label(imported)))
    with container.expander(_("Import weights for any torchvision classifier (.pt, .pth)")):
        st.caption(_("A state dict of a torchvision architecture, e.g. a resnet18 you "
                     "fine-tuned: `torch.save(model.state_dict(), path)`. Only tensors are "
                     "read (`weights_only=True`) and every tensor must fit the architecture; "
                     "the head may have any number of classes, named by a classes.json "
                     "(`[\"cat\", \"dog\", …]` in output order). Architectures whose ImageNet "
                     "weights exceed {mb} MB are not offered.", mb=MAX_TV_WEIGHTS_BYTES // 2**20))
        with st.form("import tv weights", border=False):
            arch = st.selectbox(_("torchvision architecture"), tv_models.architectures(),
                                index=tv_models.architectures().index("resnet18"),
                                key="tv_arch")
            weights = st.file_uploader(_("State dict (.pt, .pth, up to {mb} MB)",
                                         mb=MAX_TV_WEIGHTS_BYTES // 2**20), type=["pt", "pth"],
                                       key="tv_weights",
                                       max_upload_size=MAX_TV_WEIGHTS_BYTES // 2**20)
            classes = st.file_uploader(_("Class names (classes.json, optional)"),
                                       type=["json"], key="tv_classes",
                                       max_upload_size=tv_models.MAX_CLASSES_JSON_BYTES // 2**20)
            if not st.form_submit_button(_("Import these weights")):
                return
        if weights is None:
            st.warning(_("Choose a weights file first."))
            return
    try:
        with st.spinner(_("Checking the weights against {arch}…", arch=arch)):
            ref = tv_models.import_weights(arch, weights.getvalue(), weights.name,
                                           classes.getvalue() if classes else None)
    except ValueError as err:
        st.error(_("{name} was not imported: {why}", name=md(weights.name),
                   why=md(i18n.error_text(err), 1000)))
        return
    current.set_model(ref)
    st.session_state.pop(current.MODEL, None)   # the menu starts on the current model again
    st.session_state[IMPORTED] = ref
    st.rerun()
