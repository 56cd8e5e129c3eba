"""The Training lab's settings: the Dataset menu (``?data=``), then the form with everything
else (``?net=``, ``?opt=``, ``?lr=`` …), at ``explorer.train.FIRST_RUN``'s values.

The Dataset menu sits outside the form so that choosing a dataset reruns the page at once:
the Model menu then follows it (``explorer.train.first_model``: note 4's CNN for MNIST, the
MLP for 2-D points, LeNet-5 otherwise) unless the user or the link chose another model.
"""
from __future__ import annotations

import streamlit as st

from explorer.data import unavailable_reason
from explorer.models import MODEL_NAMES
from explorer.notes import NOTES
from explorer.train import FIRST_RUN, OPTIMIZERS, SCHEDULES, TrainConfig, first_model
from ui import i18n, links
from ui import image_folder as own_images
from ui.i18n import _
from ui.run_menu import status_name

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
WEIGHT_DECAYS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)
FOLLOWED = "train.model_default"   # the Model menu's default for the dataset last shown


def number_ids(values) -> list[str]:
    """Numbers as the ids a link carries: ``?lr=100``, ``?lr=0.001``, ``?wd=1e-05``."""
    return [f"{v:g}" for v in values]


def model_label(name: str) -> str:
    return {"mlp": "MLP", "lenet": "LeNet-5", "note4_cnn": _("note 4's CNN"),
            "vgg_small": _("small VGG"), "resnet_small": _("small ResNet")}.get(name, name)


def optimizer_label(name: str) -> str:
    return {"sgd": "SGD", "momentum": _("SGD + momentum"), "nesterov": "Nesterov",
            "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop"}.get(name, name)


def schedule_label(name: str) -> str:
    return {"constant": _("constant"), "step": _("step decay"),
            "exponential": _("exponential decay"), "cosine": _("cosine annealing"),
            "polynomial": _("polynomial decay"), "onecycle": "OneCycle"}.get(name, name)


def setting_label(key: str) -> str:
    """A row of Compare runs' settings table (a TrainConfig field, ``model_options.<name>``,
    status, test accuracy) under the form's own label."""
    return {"dataset": _("Dataset"), "model": _("Model"), "optimizer": _("Optimizer"),
            "lr": _("Learning rate"), "epochs": _("Epochs"), "batch_size": _("Batch size"),
            "schedule": _("LR schedule"), "warmup_epochs": _("Linear warmup (epochs)"),
            "loss": _("Loss"), "label_smoothing": _("Label smoothing ε"),
            "label_noise": _("Label noise (fraction of train labels)"),
            "weight_decay": _("Weight decay"), "momentum": _("Momentum (SGD/RMSprop)"),
            "grad_clip": _("Clip grad norm (0 = off)"),
            "patience": _("Early-stopping patience (0 = off)"), "seed": _("Random seed"),
            "model_options.depth": _("MLP depth"), "model_options.width": _("MLP width"),
            "model_options.activation": _("MLP activation"),
            "model_options.dropout": _("MLP dropout"),
            "model_options.batchnorm": _("MLP BatchNorm"),
            "amp": _("Mixed precision (AMP, CUDA only)"), "device": _("Device"),
            "status": _("status"), "test accuracy": _("test accuracy")}.get(key, key)


def setting_value(key: str, value: str) -> str:
    """A settings table cell as the form's menus show it (LeNet-5, cosine annealing)."""
    shown = {"model": model_label, "optimizer": optimizer_label, "schedule": schedule_label,
             "loss": loss_label, "status": status_name}.get(key)
    return shown(value) if shown else value


def loss_label(name: str) -> str:
    return {"ce": _("cross-entropy"), "focal": _("focal")}.get(name, name)


def dataset_name(name: str) -> str:
    return {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}.get(
        name, name)


def dataset_label(name: str) -> str:
    shown = dataset_name(name)
    return (shown if unavailable_reason(name) is None
            else _("{name} (no files here)", name=shown))


def dataset_menu() -> str:
    """The Dataset menu; a Model menu left at the old dataset's default moves to the new one's."""
    dataset = links.choice(
        st.selectbox, _("Dataset"), own_images.dataset_options(), key="data",
        default=FIRST_RUN.dataset, format_func=dataset_label,
        help=_("digits is bundled with scikit-learn (8×8, 1,797 images); MNIST, "
               "Fashion-MNIST and CIFAR-10 are used when their files are in the data "
               "folder; moons, circles and spirals are 2-D points for the MLP."))
    model = first_model(dataset)
    before = st.session_state.get(FOLLOWED)
    if before not in (None, model) and st.session_state.get("net") == before:
        st.session_state["net"] = model
    st.session_state[FOLLOWED] = model
    return dataset


def config_form() -> TrainConfig | None:
    """The settings; returns a config when Start is pressed."""
    d = FIRST_RUN
    with st.container(border=True):
        c = st.columns([1, 3])
        with c[0]:
            dataset = dataset_menu()
        c[1].caption(_("The Model menu follows the dataset: note 4's CNN for MNIST, the MLP "
                       "for 2-D points, LeNet-5 for the others."))
        with st.form("config", border=False):
            c = st.columns(4)
            with c[0]:
                model = links.choice(st.selectbox, _("Model"), MODEL_NAMES, key="net",
                                     default=first_model(dataset), format_func=model_label)
            with c[1]:
                optimizer = links.choice(st.selectbox, _("Optimizer"), OPTIMIZERS, key="opt",
                                         default=d.optimizer, format_func=optimizer_label)
            with c[2]:
                lr = float(links.choice(
                    st.select_slider, _("Learning rate"), number_ids(LEARNING_RATES), key="lr",
                    default=f"{d.lr:g}",
                    help=_("Push it to 10 or 100 to see a divergence caught.")))
            with c[3]:
                epochs = links.slider(_("Epochs"), 1, 60, d.epochs, key="epochs")
            c = st.columns(4)
            with c[0]:
                batch_size = links.choice(st.select_slider, _("Batch size"),
                                          (8, 16, 32, 64, 128, 256, 512), key="batch",
                                          default=d.batch_size)
            with c[1]:
                schedule = links.choice(st.selectbox, _("LR schedule"), SCHEDULES, key="sched",
                                        default=d.schedule, format_func=schedule_label)
            with c[2]:
                warmup = links.number_input(_("Linear warmup (epochs)"), 0.0, 59.0,
                                            d.warmup_epochs, 0.5, key="warmup")
            with st.expander(_("Loss, regularisation, MLP shape, random seed")):
                more = _more_settings()
            if not st.form_submit_button(_("Start training"), type="primary",
                                         icon=":material/play_arrow:"):
                return None
    mlp = {k: more.pop(k) for k in ("depth", "width", "activation", "dropout", "batchnorm")}
    return TrainConfig(dataset=dataset, model=model,
                       model_options=mlp if model == "mlp" else {}, optimizer=optimizer, lr=lr,
                       batch_size=batch_size, epochs=epochs, schedule=schedule,
                       warmup_epochs=warmup, **more)


def _more_settings() -> dict:
    """The expander's settings, as TrainConfig fields (and the MLP's shape)."""
    c = st.columns(4)
    with c[0]:
        loss = links.choice(st.selectbox, _("Loss"), ("ce", "focal"), key="loss",
                            format_func=loss_label)
    with c[1]:
        smoothing = links.slider(
            _("Label smoothing ε"), 0.0, 0.5, FIRST_RUN.label_smoothing, 0.05, key="eps",
            help=_("{note}, label smoothing: the target puts 1 − ε + ε/K on the true class "
                   "and ε/K on each other one.",
                   note=i18n.pick(NOTES["001"].name_en, NOTES["001"].name_zh)))
    with c[2]:
        noise = links.slider(_("Label noise (fraction of train labels)"), 0.0, 0.9, 0.0, 0.05,
                             key="noise")
    with c[3]:
        weight_decay = float(links.choice(st.select_slider, _("Weight decay"),
                                          number_ids(WEIGHT_DECAYS), key="wd"))
    c = st.columns(4)
    with c[0]:
        momentum = links.slider(_("Momentum (SGD/RMSprop)"), 0.0, 0.99, 0.9, 0.01, key="mom")
    with c[1]:
        grad_clip = links.number_input(_("Clip grad norm (0 = off)"), 0.0, 100.0, 0.0, 0.5,
                                       key="clip")
    with c[2]:
        patience = links.number_input(_("Early-stopping patience (0 = off)"), 0, 20, 0,
                                      key="patience")
    with c[3]:
        seed = links.number_input(_("Random seed"), 0, 2**31 - 1, 0, key="seed")
    c = st.columns(4)
    with c[0]:
        depth = links.slider(_("MLP depth"), 1, 8, 2, key="depth")
    with c[1]:
        width = links.choice(st.select_slider, _("MLP width"), (16, 32, 64, 128, 256, 512),
                             key="width", default=128)
    with c[2]:
        activation = links.choice(st.selectbox, _("MLP activation"),
                                  ("relu", "tanh", "sigmoid", "gelu"), key="act",
                                  format_func={"relu": "ReLU", "tanh": "tanh",
                                               "sigmoid": "sigmoid", "gelu": "GELU"}.get)
    with c[3]:
        dropout = links.slider(_("MLP dropout"), 0.0, 0.8, 0.0, 0.1, key="dropout")
    batchnorm = links.checkbox(_("MLP BatchNorm"), key="bn")
    amp = links.checkbox(_("Mixed precision (AMP, CUDA only)"), value=True, key="amp")
    return dict(loss=loss, label_smoothing=smoothing, label_noise=noise,
                weight_decay=weight_decay, momentum=momentum, grad_clip=grad_clip,
                patience=int(patience), seed=int(seed), depth=depth, width=width,
                activation=activation, dropout=dropout, batchnorm=batchnorm, amp=amp)
