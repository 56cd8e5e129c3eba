"""Predict: upload or draw images, see what the model sees (preprocessing, CAM) and decides."""
import streamlit as st

from explorer import predict
from explorer.figures import predict as figs
from explorer.images import ImageError, display_copy
from ui.image_source import image_source
from ui.text import md

st.title("Predict")
st.caption("Give a model an image and follow it: the safe decode, the preprocessing that "
           "turns it into the tensor the model was trained on, the class probabilities at a "
           "softmax temperature, and where the model looked (class activation maps).")

DEFAULT_MODEL = "Digits LeNet (default, trained here)"


@st.cache_resource(show_spinner="Loading the model (on first start: training the default "
                                "digits model once, a few seconds)…", max_entries=8)
def classifier_from(ref, stamp):
    """``stamp`` changes when a run's checkpoint is rewritten, so it is loaded again."""
    return predict.classifier_from(ref)


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


def show(column, image, caption, smallest=112):
    """An image at its display size (pixels of tiny inputs kept square and visible)."""
    image = display_copy(image, largest=200, smallest=smallest)
    column.image(image, caption=caption, width=image.width)


@st.cache_data(show_spinner=False, max_entries=64)
def predicted(_classifier, model_key, name, data):
    """One file's logits (or refusal) and thumbnail, cached per file: adding a file to the batch
    decodes that file only. The temperature only enters the (cheap) table."""
    return predict.predict_file(_classifier, name, data)


def model_menu() -> dict[str, str]:
    """Menu label -> model ref: the default model, Training-lab runs, ImageNet nets."""
    from ui.run_menu import IMAGES, usable_runs
    menu = {DEFAULT_MODEL: predict.DEFAULT_REF}
    menu.update({f"Run {run.label}": run.id
                 for run in usable_runs(top[0], exclude=(predict.DEFAULT_RUN,), need=IMAGES)})
    menu.update({f"{name} (ImageNet)": name for name in predict.IMAGENET_MODELS})
    return menu


def choose_model():
    """(model_key, Classifier); the chosen ref is shared with other pages."""
    menu = model_menu()
    refs = list(menu.values())
    shared = st.session_state.get(predict.CURRENT_MODEL_KEY)
    label = top[0].selectbox("Model", list(menu),
                             index=refs.index(shared) if shared in refs else 0,
                             help="Your Training-lab runs appear here once they have a "
                                  "checkpoint.")
    ref = menu[label]
    try:
        key = (ref, predict.model_stamp(ref))
        classifier = classifier_from(*key)
    except (ValueError, OSError) as err:
        top[0].error(f"{md(label)} cannot be used here: {md(str(err))}. Showing the default "
                     f"model.")
        key = (predict.DEFAULT_REF, 0)
        classifier = classifier_from(*key)
    st.session_state[predict.CURRENT_MODEL_KEY] = key[0]
    return key, classifier


def import_weights_form():
    """Upload a state dict of one of the Training lab's models; it becomes a run, chosen."""
    from explorer.data import IMAGE_SETS, unavailable_reason
    from explorer.models import MODEL_NAMES
    with st.expander("Import weights trained elsewhere (.pt)"):
        st.caption("A file written by `torch.save(model.state_dict(), path)` for one of the "
                   "Training lab's models (its *Download checkpoint* button makes one). Only "
                   "tensors are read (`weights_only=True`); it is scored on this app's test "
                   "split.")
        missing = [d for d in IMAGE_SETS if unavailable_reason(d)]
        if missing:
            st.caption(f"Not offered: {', '.join(missing)} (their files are not on this "
                       f"machine, so the weights could not be scored).")
        with st.form("import weights", border=False):
            c = st.columns(2)
            dataset = c[0].selectbox("Trained on", [d for d in IMAGE_SETS if d not in missing])
            model = c[1].selectbox("Architecture", MODEL_NAMES)
            upload = st.file_uploader("Weights file", type=["pt", "pth"])
            if not st.form_submit_button("Import"):
                return
        if upload is None:
            st.warning("Choose a weights file first.")
            return
    from explorer.train import TrainConfig
    from explorer.weights import import_weights
    from ui.run_menu import session_id
    try:
        with st.spinner("Checking the weights and scoring them on the test split…"):
            run_id = import_weights(upload.getvalue(), TrainConfig(dataset=dataset, model=model),
                                    session_id())
    except ValueError as err:
        st.error(f"{md(upload.name)} was not imported: {md(str(err), 1000)}")
        return
    st.session_state[predict.CURRENT_MODEL_KEY] = run_id
    st.session_state["imported run"] = run_id
    st.rerun()


top = st.columns([3, 2, 1])
model_key, classifier = choose_model()
temperature = top[1].slider("Softmax temperature T", 0.1, 10.0, 1.0, 0.1,
                            help="T < 1 sharpens, T > 1 flattens; the top-1 class never moves.")
k = int(top[2].number_input("top-k", 1, min(20, len(classifier.classes)),
                            min(5, len(classifier.classes))))
(st.caption if classifier.trained else st.warning)(f"Model: {classifier.title}.")
if st.session_state.pop("imported run", None) == model_key[0]:
    st.success(f"Imported as run {model_key[0]}; it is now the chosen model.")
import_weights_form()

chosen = image_source("predict", multiple=True)
if not chosen:
    st.info("Choose an image above: upload one or many, draw a digit, or pick a sample.")
    st.stop()

if len(chosen) > 1:
    st.subheader(f"Batch: {len(chosen)} images")
    with st.spinner("Predicting the batch…"):
        predictions = [predicted(classifier, model_key, c.name, c.data) for c in chosen]
    table = predict.batch_table(predictions, classifier.classes, temperature)
    for message in table.loc[table["message"] != "", "message"]:
        st.error(md(message, 1000))
    shown = table.fillna({"top-1": "—", "runner-up": "—", "thumbnail": ""})
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "thumbnail": st.column_config.ImageColumn("image"),
        "confidence": st.column_config.ProgressColumn("confidence", format="percent",
                                                      min_value=0, max_value=1)})
    st.download_button("Download CSV", predict.table_csv(table), "predictions.csv",
                       "text/csv")

index = st.selectbox("Image to inspect", range(len(chosen)),
                     format_func=lambda i: chosen[i].name) if len(chosen) > 1 else 0
item = chosen[index]

try:
    analysis = analyse(classifier, model_key, item.data, item.name)
except ImageError as err:
    st.error(md(str(err), 1000))
else:
    z = analysis.logits
    st.subheader("1. What the model sees")
    per_row = 4
    columns = [c for _ in range(0, len(analysis.steps), per_row) for c in st.columns(per_row)]
    for column, (title, image) in zip(columns, analysis.steps):     # titles give the sizes
        show(column, image, title)
    if analysis.notes:
        st.caption(md("Fixes on loading: " + "; ".join(analysis.notes) + ".", 2000))
    st.plotly_chart(figs.input_tensor(analysis.tensor[0].numpy()), width="content")

    from explorer.caveats import caveats
    unlike = caveats(analysis.steps[0][1].convert("RGB"),      # the original's display copy
                     classifier.spec)                            # (grey ones are kept as L)
    if unlike:
        digits = classifier.spec.digit_like
        st.warning("This image does not look like what the model was trained on ("
                   + ("grey digits 0–9 on a plain background" if digits else "colour photos")
                   + "): " + "; ".join(unlike) + ". Its probabilities still add up to 100 %, "
                   "so the answer below is a guess about something it never saw."
                   + (" Pick resnet18 or mobilenet_v3_small (ImageNet) to classify photos."
                      if digits else ""))

    st.subheader("2. What it predicts")
    probs = predict.softmax_t(z, temperature)
    best = predict.top_k(probs, classifier.classes, k)
    left, right = st.columns([2, 3])
    left.latex(rf"p_i = \frac{{e^{{z_i/T}}}}{{\sum_j e^{{z_j/T}}}},\quad T = {temperature:g}")
    left.metric("Top-1", best[0][0], f"{best[0][1]:.1%} confidence", delta_color="off")
    if len(best[0][0]) > 16:                                # the metric cuts long names
        left.caption(f"Top-1 class: **{best[0][0]}**.")
    if item.label is not None:
        left.caption(f"True class of this test-set image: **{item.label}**.")
    reference = predict.softmax_t(z, 1.0)
    indices = [classifier.classes.index(c) for c, _ in best]
    right.plotly_chart(figs.top_k_bars(
        [c for c, _ in best], [p for _, p in best],
        None if temperature == 1 else [float(reference[i]) for i in indices], temperature))

    st.subheader("3. Where it looked")
    from explorer.cam import METHODS, SCORE_CAM_AUTO, layer_channels
    from explorer.featuremaps import layer_titles
    channels = layer_channels(classifier.model)
    layers = list(channels)
    if not layers:
        st.info("This model has no convolution layer, so there is no map to show.")
    else:
        c = st.columns(3)
        explain = c[0].selectbox("Class to explain", [name for name, _ in best])
        titles = layer_titles(classifier.model, layers)
        layer = c[1].selectbox("Layer", layers, index=len(layers) - 1, format_func=titles.get,
                               help="Conv layers, each followed by its activation when one "
                                    "comes right after; the last is the most semantic.")
        second = c[2].selectbox("Compare Grad-CAM with", [m for m in METHODS if m != "Grad-CAM"],
                                help="Score-CAM runs one forward pass per channel of the layer "
                                     "(512 on resnet18's last): slow on ImageNet models.")
        for column, method in zip(st.columns(2), ("Grad-CAM", second)):
            passes = channels[layer] if method == "Score-CAM" else 1
            if passes > SCORE_CAM_AUTO and not column.toggle(
                    f"Compute Score-CAM: {passes} forward passes", key=f"predict.scorecam.{layer}",
                    help=f"One pass of the whole model per channel of {titles[layer]}; on a "
                         f"CPU that can take tens of seconds for an ImageNet model."):
                column.info(f"Score-CAM needs {passes} forward passes here (one per channel; "
                            f"it runs by itself up to {SCORE_CAM_AUTO}). Switch it on above, "
                            f"or pick an earlier layer or another method.")
                continue
            try:
                with st.spinner(f"{method}: {passes} forward passes of the model…"
                                if passes > 1 else f"Computing {method}…"):
                    image, flat = cam_overlay(classifier, model_key, item.data, item.name,
                                              classifier.classes.index(explain), method, layer)
            except ValueError as err:
                column.error(str(err))
                continue
            show(column, image, f"{method} for class {explain}", smallest=224)
            if flat:
                column.warning(f"{method} is zero everywhere on {titles[layer]}: the weighted "
                               f"sum of its activation maps is ≤ 0 at every position, so ReLU "
                               f"leaves nothing. Try another layer or method.")
        st.plotly_chart(figs.cam_colour_bar(), width="content")
        st.caption("Grad-CAM: ReLU(Σₖ αₖ Aₖ), αₖ = mean of ∂y_c/∂Aₖ over the grid "
                   "(Selvaraju et al. 2017). Layer-CAM weights each pixel by its own positive "
                   "gradient; Eigen-CAM is the first principal component of the activations "
                   "(class-agnostic); Score-CAM masks the input with each map.")
