"""The Predict page's parts: the cached model and image computations, the model row (model menu,
softmax temperature ``?t=``, top-k ``?k=``), the weights import form, the batch table, and the
three steps of one image (what the model sees, what it predicts, where it looked: ``?cls=``,
``?layer=``, ``?cam=``).

Titles that ``explorer`` writes in English (preprocessing steps, a classifier's title) are read
back into their fields and shown in the reader's language by ``step_title`` and ``model_title``.
"""
from __future__ import annotations

import re

import streamlit as st

from explorer import predict
from explorer.figures import predict as figs
from explorer.images import display_copy
from ui import current, i18n, links
from ui.i18n import _
from ui.text import md


@st.cache_resource(show_spinner=False, max_entries=8)
def _classifier_from(ref, stamp):
    return predict.classifier_from(ref)


def classifier_from(ref, stamp):
    """The classifier of model ``ref``, cached; ``stamp`` changes when a run's checkpoint is
    rewritten, so it is loaded again. The spinner is drawn here, in the reader's language (a
    decorator's text would be fixed at import)."""
    with st.spinner(_("Loading the model (on first start: training the default digits model "
                      "once, a few seconds)…")):
        return _classifier_from(ref, stamp)


# Caches hold small values only (st.cache_data: pickled copies, bounded entries): display-size
# steps, the model input, logits, CAM overlays; never the decoded image. The classifier is not
# hashed (leading underscore); model_key (ref, stamp) stands in.
@st.cache_data(show_spinner=False, max_entries=16)
def analyse(_classifier, model_key, data, name):
    return predict.analyse(_classifier, data, name)


@st.cache_data(show_spinner=False, max_entries=32)
def cam_overlay(_classifier, model_key, data, name, class_index, method, layer):
    """(overlay image, whether the map is zero everywhere)."""
    from explorer import cam
    analysis = analyse(_classifier, model_key, data, name)
    heat = cam.class_activation_map(_classifier.model, analysis.tensor, class_index, method,
                                    layer)
    return cam.overlay(analysis.model_view, heat), not heat.any()


@st.cache_data(show_spinner=False, max_entries=64)
def predicted(_classifier, model_key, name, data):
    """One file's logits (or refusal) and thumbnail, cached per file: adding a file to the batch
    decodes that file only. The temperature only enters the (cheap) table."""
    return predict.predict_file(_classifier, name, data)


def step_title(title: str) -> str:
    """A preprocessing step's title from ``explorer.images`` ("grey (640×427)", "model input
    8×8") in the reader's language."""
    names = {"original": _("original"), "EXIF orientation applied": _("EXIF orientation applied"),
             "RGB, 8-bit": _("RGB, 8-bit"), "grey": _("grey"),
             "inverted (light background)": _("inverted (light background)"),
             "ink cropped and centred": _("ink cropped and centred")}
    name, _sep, size = title.rpartition(" (")
    if name in names:
        return f"{names[name]} ({size}"
    if title.startswith("model input "):
        return _("model input {size}", size=title.removeprefix("model input "))
    return title


MODEL_TITLES = (   # explorer.predict's Classifier.title, read back into its fields
    (re.compile(r"run (?P<id>\S+): (?P<model>\S+) on (?P<data>\S+), test accuracy (?P<acc>\S+)"),
     lambda f: _("run {id}: {model} on {data}, test accuracy {acc}", **f)),
    (re.compile(r"run (?P<id>\S+): (?P<model>\S+) on (?P<data>\S+)"),
     lambda f: _("run {id}: {model} on {data}", **f)),
    (re.compile(r"(?P<name>\S+): ImageNet weights \((?P<weights>.+)\)"),
     lambda f: _("{name}: ImageNet weights ({weights})", **f)),
    (re.compile(r"(?P<name>\S+): RANDOM weights \(demo: predictions mean nothing\)\. Put "
                r"(?P<file>.+) in (?P<where>.+) for the trained model"),
     lambda f: _("{name}: RANDOM weights (demo: predictions mean nothing). Put {file} in "
                 "{where} for the trained model", **f)))


def model_title(title: str) -> str:
    from ui.model_picker import title as torchvision_title
    for pattern, text in MODEL_TITLES:
        if match := pattern.fullmatch(title):
            return text(match.groupdict())
    return torchvision_title(title)


def show(column, image, caption, smallest=112):
    """An image at its display size (pixels of tiny inputs kept square and visible)."""
    image = display_copy(image, largest=200, smallest=smallest)
    column.image(image, caption=caption, width=image.width)


def model_menu() -> dict[str, str]:
    """Model ref -> menu label: the default model, Training-lab runs, ImageNet nets."""
    from ui.run_menu import IMAGES, run_label, usable_runs
    menu = {predict.DEFAULT_REF: current.model_name(predict.DEFAULT_REF)}
    menu.update({run.id: _("Run {label}", label=run_label(run))
                 for run in usable_runs(exclude=(predict.DEFAULT_RUN,), need=IMAGES)})
    menu.update({name: current.model_name(name) for name in predict.IMAGENET_MODELS})
    from ui.model_picker import menu as torchvision_models
    return menu | torchvision_models(downloadable=True)   # ui.get_data.weights_offer gets them


def choose_model():
    """(model_key, Classifier); the chosen ref is shared with other pages (``ui.current``)."""
    menu = model_menu()
    current.start(current.MODEL, menu)
    ref = links.choice(st.selectbox, _("Model"), list(menu), key=current.MODEL,
                       default=predict.DEFAULT_REF, format_func=menu.get,
                       help=_("Your Training-lab runs appear here once they have a checkpoint."))
    try:
        key = (ref, predict.model_stamp(ref))
        classifier = classifier_from(*key)
    except (ValueError, OSError) as err:
        from ui.get_data import weights_offer
        if not weights_offer(ref, err):
            st.error(_("{model} cannot be used here: {why}. Showing the default model.",
                       model=md(menu[ref]), why=md(i18n.error_text(err))))
        key = (predict.DEFAULT_REF, 0)
        classifier = classifier_from(*key)
    current.set_model(key[0])
    return key, classifier


def model_row():
    """The model menu, the softmax temperature and top-k in one row, then the model's title:
    (model_key, classifier, temperature, k)."""
    top = st.columns([3, 2, 1])
    with top[0]:
        model_key, classifier = choose_model()
    with top[1]:
        temperature = links.slider(_("Softmax temperature T"), 0.1, 10.0, 1.0, 0.1, key="t",
                                   help=_("T < 1 sharpens, T > 1 flattens; the top-1 class "
                                          "never moves."))
    with top[2]:
        k = int(links.number_input(_("top-k"), 1, min(20, len(classifier.classes)),
                                   min(5, len(classifier.classes)), key="k"))
    (st.caption if classifier.trained else st.warning)(
        _("Model: {title}.", title=model_title(classifier.title)))
    if st.session_state.pop("imported run", None) == model_key[0]:
        st.success(_("Imported as run {id}; it is now the chosen model.", id=model_key[0]))
    return model_key, classifier, temperature, k


def import_weights_form():
    """Upload a state dict of one of the Training lab's models; it becomes a run, chosen."""
    from explorer.data import IMAGE_SETS, unavailable_reason
    from explorer.models import MODEL_NAMES
    from explorer.weights import MAX_IMPORT_BYTES
    with st.expander(_("Import weights trained elsewhere (.pt)")):
        st.caption(_("A file written by `torch.save(model.state_dict(), path)` for one of the "
                     "Training lab's models (its *Download checkpoint* button makes one). Only "
                     "tensors are read (`weights_only=True`); it is scored on this app's test "
                     "split."))
        missing = [d for d in IMAGE_SETS if unavailable_reason(d)]
        if missing:
            st.caption(_("Not offered: {sets} (their files are not on this machine, so the "
                         "weights could not be scored).", sets=i18n.join(missing)))
        with st.form("import weights", border=False):
            c = st.columns(2)
            dataset = c[0].selectbox(_("Trained on"), [d for d in IMAGE_SETS if d not in missing])
            model = c[1].selectbox(_("Architecture"), MODEL_NAMES)
            upload = st.file_uploader(_("Weights file"), type=["pt", "pth"],
                                      max_upload_size=MAX_IMPORT_BYTES // 2**20)
            if not st.form_submit_button(_("Import")):
                return
        if upload is None:
            st.warning(_("Choose a weights file first."))
            return
    from explorer.train import TrainConfig
    from explorer.weights import import_weights
    from ui.run_menu import session_id
    try:
        with st.spinner(_("Checking the weights and scoring them on the test split…")):
            run_id = import_weights(upload.getvalue(), TrainConfig(dataset=dataset, model=model),
                                    session_id())
    except ValueError as err:
        st.error(_("{name} was not imported: {why}", name=md(upload.name),
                   why=md(i18n.error_text(err), 1000)))
        return
    current.set_model(run_id)
    st.session_state.pop(current.MODEL, None)   # the menu starts on the current model again
    st.session_state["imported run"] = run_id
    st.rerun()


def batch(chosen, classifier, model_key, temperature):
    """Every chosen file's top-1, confidence and runner-up in one table (CSV download, which
    also keeps each refusal's message); the files that could not be read are listed under it
    with why, in full."""
    st.subheader(_("Batch: {n} images", n=len(chosen)))
    with st.spinner(_("Predicting the batch…")):
        predictions = [predicted(classifier, model_key, c.name, c.data) for c in chosen]
    table = predict.batch_table(predictions, classifier.classes, temperature)
    shown = table.fillna({"top-1": "—", "runner-up": "—", "thumbnail": ""})
    st.dataframe(shown, hide_index=True, width="stretch", height=min(len(shown), 15) * 35 + 38,
                 column_order=("file", "thumbnail", "top-1", "confidence", "runner-up"),
                 column_config={
                     "file": st.column_config.TextColumn(_("file")),
                     "thumbnail": st.column_config.ImageColumn(_("image")),
                     "top-1": st.column_config.TextColumn(_("top-1")),
                     "confidence": st.column_config.ProgressColumn(
                         _("confidence"), format="percent", min_value=0, max_value=1),
                     "runner-up": st.column_config.TextColumn(_("runner-up"))})
    refused = table.loc[table["message"] != "", "message"]
    if len(refused):
        st.error(_("{n} of {total} files could not be read (— in the table):", n=len(refused),
                   total=len(table)) + "\n\n"
                 + "\n".join(f"- {md(i18n.message(message), 1000)}" for message in refused))
    st.download_button(_("Download CSV"), predict.table_csv(table), "predictions.csv",
                       "text/csv")


def pick_image(chosen):
    """The one image to follow through the three steps (a menu when a batch is chosen)."""
    if len(chosen) == 1:
        return chosen[0]
    return chosen[st.selectbox(_("Image to inspect"), range(len(chosen)),
                               format_func=lambda i: chosen[i].name)]


def what_it_sees(analysis, classifier):
    """1: the decode and preprocessing steps, the model's input tensor, and a warning when the
    image is unlike the model's training data."""
    st.subheader(_("1. What the model sees"))
    per_row = 4
    columns = [c for _ in range(0, len(analysis.steps), per_row) for c in st.columns(per_row)]
    for column, (title, image) in zip(columns, analysis.steps):     # titles give the sizes
        show(column, image, step_title(title))
    if analysis.notes:
        st.caption(_("Fixes on loading: {notes}.", notes=md(i18n.pick("; ", "；").join(
            map(i18n.message, analysis.notes)), 2000)))
    st.plotly_chart(i18n.figure(figs.input_tensor(analysis.tensor[0].numpy())), width="content")

    from explorer.caveats import caveats
    unlike = caveats(analysis.steps[0][1].convert("RGB"),      # the original's display copy
                     classifier.spec)                            # (grey ones are kept as L)
    if unlike:
        digits = classifier.spec.digit_like
        st.warning(_("This image does not look like what the model was trained on ({data}): "
                     "{why}. Its probabilities still add up to 100 %, so the answer below is a "
                     "guess about something it never saw.",
                     data=_("grey digits 0–9 on a plain background") if digits
                     else _("colour photos"),
                     why=i18n.pick("; ", "；").join(map(i18n.message, unlike)))
                   + (_(" Pick resnet18 or mobilenet_v3_small (ImageNet) to classify photos.")
                      if digits else ""))


def what_it_predicts(analysis, classifier, item, temperature, k):
    """2: the softmax at T, the top-1 and the top-k bars (with T = 1 outlined when T ≠ 1);
    returns the top-k [(class, probability)]."""
    st.subheader(_("2. What it predicts"))
    z = analysis.logits
    probs = predict.softmax_t(z, temperature)
    best = predict.top_k(probs, classifier.classes, k)
    left, right = st.columns([2, 3])
    left.latex(rf"p_i = \frac{{e^{{z_i/T}}}}{{\sum_j e^{{z_j/T}}}},\quad T = {temperature:g}")
    left.metric(_("Top-1"), best[0][0],
                _("{p} confidence", p=figs.probability_text(best[0][1])), delta_color="off")
    if len(best[0][0]) > 16:                                # the metric cuts long names
        left.caption(_("Top-1 class: **{name}**.", name=md(best[0][0])))
    if item.label is not None:
        left.caption(_("True class of this test-set image: **{label}**.", label=item.label))
    reference = predict.softmax_t(z, 1.0)
    indices = [classifier.classes.index(c) for c, _p in best]
    right.plotly_chart(i18n.figure(figs.top_k_bars(
        [c for c, _p in best], [p for _c, p in best],
        None if temperature == 1 else [float(reference[i]) for i in indices], temperature)))
    return best


def _cam_menus(classifier, best, layers):
    """(class to explain, layer, second method) from the three menus in one row."""
    from explorer.cam import METHODS
    from explorer.featuremaps import layer_titles
    titles = layer_titles(classifier.model, layers)
    c = st.columns(3)
    with c[0]:
        explain = links.choice(st.selectbox, _("Class to explain"),
                               [name for name, _p in best], key="cls")
    with c[1]:
        layer = links.choice(st.selectbox, _("CAM layer"), layers, key="layer",
                             default=layers[-1], format_func=titles.get,
                             help=_("Conv layers, each followed by its activation when one "
                                    "comes right after; the last is the most semantic."))
    with c[2]:
        second = links.choice(st.selectbox, _("Compare Grad-CAM with"),
                              [m for m in METHODS if m != "Grad-CAM"], key="cam",
                              help=_("Score-CAM runs one forward pass per channel of the "
                                     "layer (512 on resnet18's last): slow on ImageNet "
                                     "models."))
    return explain, layer, second, titles


def where_it_looked(classifier, model_key, item, best):
    """3: Grad-CAM and a second CAM method side by side for a chosen class and layer; Score-CAM
    over many channels waits for a switch."""
    st.subheader(_("3. Where it looked"))
    from explorer.cam import SCORE_CAM_AUTO, layer_channels
    channels = layer_channels(classifier.model)
    layers = list(channels)
    if not layers:
        st.info(_("This model has no convolution layer, so there is no map to show."))
        return
    explain, layer, second, titles = _cam_menus(classifier, best, layers)
    for column, method in zip(st.columns(2), ("Grad-CAM", second)):
        passes = channels[layer] if method == "Score-CAM" else 1
        if passes > SCORE_CAM_AUTO and not column.toggle(
                _("Compute Score-CAM: {n} forward passes", n=passes),
                key=f"predict.scorecam.{layer}",
                help=_("One pass of the whole model per channel of {layer}; on a CPU that "
                       "can take tens of seconds for an ImageNet model.", layer=titles[layer])):
            column.info(_("Score-CAM needs {n} forward passes here (one per channel; it "
                          "runs by itself up to {auto}). Switch it on above, or pick an "
                          "earlier layer or another method.", n=passes, auto=SCORE_CAM_AUTO))
            continue
        try:
            with st.spinner(_("{method}: {n} forward passes of the model…", method=method,
                              n=passes) if passes > 1
                            else _("Computing {method}…", method=method)):
                image, flat = cam_overlay(classifier, model_key, item.data, item.name,
                                          classifier.classes.index(explain), method, layer)
        except ValueError as err:
            column.error(md(i18n.error_text(err)))
            continue
        show(column, image, _("{method} for class {name}", method=method, name=explain),
             smallest=224)
        if flat:
            column.warning(_("{method} is zero everywhere on {layer}: the weighted sum of "
                             "its activation maps is ≤ 0 at every position, so ReLU leaves "
                             "nothing. Try another layer or method.", method=method,
                             layer=titles[layer]))
    st.plotly_chart(i18n.figure(figs.cam_colour_bar(_("0: not used"), _("1: used most"))), width="content")
    st.caption(_("Grad-CAM: ReLU(Σₖ αₖ Aₖ), αₖ = mean of ∂y_c/∂Aₖ over the grid "
                 "(Selvaraju et al. 2017). Layer-CAM weights each pixel by its own positive "
                 "gradient; Eigen-CAM is the first principal component of the activations "
                 "(class-agnostic); Score-CAM masks the input with each map."))
