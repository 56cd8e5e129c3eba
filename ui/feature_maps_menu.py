"""The Feature maps page's choices: the model menu (ids that travel in links), loading the chosen
model with its fallbacks, the hand-made kernel editor, and the layer menu.

Model ids are language-independent and follow ``explorer.predict``'s model references where one
exists: ``"default"`` (the digits LeNet), an ImageNet name (``"resnet18"``), a Training-lab run
id; plus ``"handmade"`` and ``"random:<cnn>"`` that only this page offers. A run that fails to
load (checkpoint or data set gone or damaged) stops the page with a message naming it.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer import featuremaps as fm
from explorer import predict, refs
from explorer.errors import SEED_MAX
from ui import links
from ui.i18n import _, error_text
from ui.text import md

HANDMADE = "handmade"
RANDOM = "random:"          # + a CNN name of explorer.models
CUSTOM_START = [[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]]   # "emboss"
BEFORE, AFTER = "before", "after"
ALL = "all"                 # ?kin=all: every input channel (RGB, or their mean)


def _with_facts(c, run_id: str):
    """(classifier, (model, data set, test accuracy) of its run), read when it is loaded."""
    from explorer import runs
    info = runs.get_run(run_id)
    return c, (info.config.get("model"), info.config.get("dataset"),
               info.summary.get("test_accuracy"))


@st.cache_resource(show_spinner=False)
def _default_digits():
    return _with_facts(predict.default_digits(), predict.DEFAULT_RUN)


@st.cache_resource(show_spinner=False, max_entries=2)
def _imagenet(name):
    return predict.imagenet(name)


@st.cache_resource(show_spinner=False, max_entries=4)
def _from_run(run_id, _stamp):
    return _with_facts(predict.from_run(run_id), run_id)


@st.cache_resource(show_spinner=False, max_entries=2)
def _torchvision(ref, _stamp):
    return predict.classifier_from(ref)


@st.cache_resource(show_spinner=False, max_entries=4)
def _random_cnn(name, seed):
    return fm.random_cnn(name, seed)


@st.cache_resource(show_spinner=False, max_entries=8)
def _handmade(kernels):
    return fm.handmade([list(map(list, k)) for k in kernels])


def kernel_label(name: str) -> str:
    """A preset kernel's (or "my kernel"'s) name in the reader's language."""
    return {"Sobel x": "Sobel x", "Sobel y": "Sobel y", "Laplacian": _("Laplacian"),
            "Blur (box)": _("Blur (box)"), "Sharpen": _("Sharpen"),
            "my kernel": _("my kernel")}.get(name, name)


def model_menu() -> dict[str, str]:
    """Model id -> menu label, in menu order (runs that cannot serve are named in a caption)."""
    from ui.run_menu import CONV, usable_runs
    menu = {HANDMADE: _("Hand-made 3×3 conv (edit the kernels)"),
            predict.DEFAULT_REF: _("Digits LeNet (trained here)")}
    menu.update({r.id: _("Run {label}", label=r.label)
                 for r in usable_runs(exclude=(predict.DEFAULT_RUN,), need=CONV)})
    menu.update({name: _("{name} (ImageNet)", name=name) for name in predict.IMAGENET_MODELS})
    from ui.model_picker import menu as torchvision_models
    menu.update(torchvision_models())
    return menu | {RANDOM + name: _("{name} (random init)", name=name) for name in fm.CNN_NAMES}


def _my_kernel() -> list[list[float]]:
    """A 3×3 grid of number boxes (``?k00`` … ``?k22``): what it shows is exactly the kernel
    applied (a table editor's column sort would reorder the rows shown but not the kernel)."""
    rows = []
    for r, start in enumerate(CUSTOM_START):
        cells = st.columns(3, gap="small")
        row = []
        for c, v in enumerate(start):
            with cells[c]:
                row.append(links.number_input(_("row {r}, column {c}", r=r + 1, c=c + 1), -1e6,
                                              1e6, value=v, step=0.1, format="%g",
                                              key=f"k{r}{c}", label_visibility="collapsed"))
        rows.append(row)
    return rows


def kernel_editor() -> tuple[list[str], list[list[list[float]]]]:
    """Preset kernels plus one the user edits; (names, kernels) of the valid ones."""
    names = links.choices(st.multiselect, _("Preset kernels"), list(fm.KERNEL_PRESETS),
                          key="kernels", default=list(fm.KERNEL_PRESETS),
                          format_func=kernel_label)
    kernels = [fm.KERNEL_PRESETS[n] for n in names]
    if links.checkbox(_("Add my own kernel"), True, key="mine",
                      help=_("Starts as an emboss kernel; each output pixel is Σ kernel × the "
                             "3×3 patch around it (cross-correlation).")):
        mine = _my_kernel()
        try:
            fm.handmade([mine])
        except ValueError as err:
            st.error(_("Your kernel is left out: {reason}.", reason=md(error_text(err))))
        else:
            names, kernels = names + ["my kernel"], kernels + [mine]
    return names, kernels


@dataclass(frozen=True)
class Loaded:
    model: object                     # torch.nn.Module in eval mode
    spec: object                      # explorer.images.InputSpec
    title: str                        # what the page says the model is
    random: bool                      # untrained weights: the page warns
    key: str                          # cache key standing for the model (and its weights)
    channel_names: list[str] | None   # hand-made kernels' names
    classes: list[str] | None


def _run_title(run_id: str, facts) -> str:
    """A run's title ("run <id>: <model> on <data>, test accuracy …") in the reader's
    language."""
    model, dataset, accuracy = facts
    title = _("run {run}: {model} on {dataset}", run=run_id, model=model, dataset=dataset)
    return title + (_(", test accuracy {accuracy:.1%}", accuracy=accuracy)
                    if isinstance(accuracy, float) else "")


def load(ref: str) -> Loaded:
    """The model behind menu id ``ref``; draws the widgets that model needs (kernel editor,
    random seed). Stops the page with a message when it cannot be loaded."""
    try:
        return _load(ref)
    except (ValueError, OSError) as err:   # a run whose checkpoint or data set fails to load
        st.error(_("{model} cannot be used here: {reason}", model=md(ref),
                   reason=md(error_text(err))))
        st.stop()


def _load(ref: str) -> Loaded:
    if ref == HANDMADE:
        names, kernels = kernel_editor()
        if not kernels:
            st.warning(_("Pick at least one preset kernel or add your own."))
            st.stop()
        frozen = tuple(tuple(map(tuple, k)) for k in kernels)
        return Loaded(_handmade(frozen), fm.HANDMADE_INPUT, _("one 3×3 conv, then ReLU"), False,
                      f"{ref}|{frozen}", [kernel_label(n) for n in names], None)
    if ref.startswith(RANDOM):
        name = ref.removeprefix(RANDOM)
        seed = int(links.number_input(_("random seed"), 0, SEED_MAX, value=0, step=1, key="seed",
                                      help=_("torch.manual_seed before building the network")))
        return Loaded(_random_cnn(name, seed), fm.RANDOM_INPUT,
                      _("{name}: RANDOM weights (untrained, random seed {seed})", name=name,
                        seed=seed), True, f"{ref}|{seed}", None, None)
    if ref == predict.DEFAULT_REF:
        with st.spinner(_("Training the default digits model once (a few seconds)…")):
            c, facts = _default_digits()
        title = _run_title(predict.DEFAULT_RUN, facts)
    elif ref in predict.IMAGENET_MODELS:
        with st.spinner(_("Loading the model…")):
            c = _imagenet(ref)
        title = _("{name}: ImageNet weights", name=ref)
        if not c.trained:
            from explorer.offline import WEIGHT_FILES, weights_dir
            title = _("{name}: RANDOM weights (demo: the maps mean nothing). Put {file} in "
                      "{folder} for the trained model", name=ref, file=WEIGHT_FILES[ref],
                      folder=weights_dir())
    elif refs.kind(ref) == refs.TV:
        from ui.model_picker import title as torchvision_title
        with st.spinner(_("Loading the model…")):
            c = _torchvision(ref, predict.model_stamp(ref))
        title, ref = torchvision_title(c.title), f"{ref}|{predict.model_stamp(ref)}"
    else:
        with st.spinner(_("Loading the checkpoint…")):
            c, facts = _from_run(ref, predict.model_stamp(ref))
        title, ref = _run_title(ref, facts), f"{ref}|{predict.model_stamp(ref)}"
    return Loaded(c.model, c.spec, title, not c.trained, ref, None, c.classes)


# Models are not hashed (leading underscore): the Loaded.key stands in for them.
@st.cache_resource(show_spinner=False, max_entries=4)
def _traced(_model, key, input_shape):
    """Map nodes, and for this project's models (explorer.models) and torchvision's
    classifiers their flat layers too."""
    from explorer.models import Classifier
    from explorer.tv_models import is_tv
    nodes = fm.map_nodes(_model, input_shape,
                         vectors=isinstance(_model, Classifier) or is_tv(_model))
    return nodes, fm.extractor(_model, nodes)


@st.cache_resource(show_spinner=False, max_entries=3)
def _maps(_extract, key, _spec, data, name):
    from explorer.images import load_image, preprocess
    prepared = preprocess(load_image(data, name).rgb, _spec)
    return prepared, fm.feature_maps(_extract, prepared.tensor)


def every_layer(loaded: Loaded, item):
    """(graph nodes, the preprocessed image, {node: its maps}) of ``loaded`` on the chosen
    image ``item``; stops the page with the reason when the image or the model fails."""
    from explorer.images import ImageError
    spec = loaded.spec
    try:
        with st.spinner(_("Tracing the model's graph…")):
            nodes, extract = _traced(loaded.model, loaded.key,
                                     (spec.channels, spec.size, spec.size))
        with st.spinner(_("Computing every layer's maps…")):
            prepared, maps = _maps(extract, loaded.key, spec, item.data, item.name)
    except (ImageError, ValueError) as err:
        st.error(md(error_text(err)))
        st.stop()
    return nodes, prepared, maps


def head_layer(model) -> str:
    """The graph node of ``model``'s logits: ``head`` (explorer.models), or a torchvision
    classifier's last layer (``fc``, ``classifier.3``, …)."""
    from explorer.tv_models import head_name, is_tv
    return head_name(model) if is_tv(model) else "head"


def choose_layer(cells, model, nodes, titles: dict[str, str]) -> str:
    """The Layer menu (``?layer=<graph node>``) in ``cells[0]`` and, where the layer is an
    activation or feeds one, a before/after switch in ``cells[1]`` that moves the menu to the
    other side. Returns the graph node to show."""
    shapes = {n.name: n.shape for n in nodes}
    picked = links.choice(
        cells[0].selectbox, _("Layer to show"), list(shapes), key="layer",
        format_func=lambda n: f"{titles[n]}  —  {'×'.join(map(str, shapes[n]))}",
        help=_("Numbered by kind in the order the network runs them; the sizes are C×h×w of "
               "a map, or D of a vector. Hover a bar of the strip below for the graph node's "
               "name."))
    pair = fm.activation_pair(model, nodes, picked)
    if not pair:
        cells[1].caption(_("No activation right before or after this layer."))
        return picked

    def move():   # a callback: it may set the Layer menu before the menu is drawn again
        st.session_state["layer"] = pair[st.session_state[f"side.{picked}"] == AFTER]

    cells[1].radio(_("Show the maps"), [BEFORE, AFTER], index=int(picked == pair[1]),
                   key=f"side.{picked}", on_change=move,
                   format_func={BEFORE: _("before the activation"),
                                AFTER: _("after the activation")}.get,
                   help=_("{layer} feeds the activation {activation}.",
                          layer=titles[pair[0]], activation=titles[pair[1]]))
    return picked


def choose_kernels(model):
    """The "Kernels of" menu (``?kconv=``) and its input-channel menu (``?kin=``, ``all`` by
    default): (readable name of the conv, its weight ``[out, in, k, k]``, input channel or None
    for all), or None when the model has no conv layer."""
    weights = fm.conv_weights(model)
    if not weights:
        return None
    cells = st.columns([3, 2])
    titles = fm.layer_titles(model, list(weights))
    conv = links.choice(cells[0].selectbox, _("Kernels of"), list(weights), key="kconv",
                        format_func=titles.get)
    weight = weights[conv]
    sources = [ALL] + list(range(weight.shape[1])) if weight.shape[1] > 1 else [ALL]
    whole = (_("RGB, as the first layer sees it") if weight.shape[1] == 3 else
             _("average over input channels"))
    source = links.choice(cells[1].selectbox, _("Input channel"), sources, key="kin",
                          disabled=len(sources) == 1,
                          format_func=lambda i: whole if i == ALL else
                          _("input channel {i}", i=i),
                          help=_("A kernel has one k×k slice per input channel; show one slice, "
                                 "or their mean."))
    return titles[conv], weight, None if source == ALL else source
