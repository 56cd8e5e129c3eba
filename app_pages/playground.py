"""Playground: a small real-torch network learns 2-D points live; every neuron's map."""
import uuid

import streamlit as st

from explorer import playground as pg
from explorer.activations import REGISTRY
from explorer.budget import MAX_PLAYGROUND_DEPTH, MAX_PLAYGROUND_WIDTH, PLAYGROUND_FRAME_S
from explorer.errors import SEED_MAX, InputError
from explorer.figures import playground as figs
from explorer.train import OPTIMIZERS, single_cpu_thread
from ui import i18n, links, notes_panel
from ui.i18n import _

FRAME_EVERY_S = 0.2          # one browser update per 0.2 s while playing (≥ 5 per second)
CHARTS_EVERY_S = 2.0         # the curves and histograms, every 2 s while playing
GRID = 48                    # side of the grid every neuron's map is evaluated on
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
STRENGTHS = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "SGD + momentum", "nesterov": "Nesterov",
                   "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop"}
FEATURE_NAMES = {"x": "x", "y": "y", "x2": "x²", "y2": "y²", "xy": "xy", "sinx": "sin x",
                 "siny": "sin y"}


def dataset_name(key: str) -> str:
    return {"moons": _("Moons"), "circles": _("Circles"), "spirals": _("Spirals"),
            "xor": _("XOR"), "blobs": _("Gaussian blobs")}[key]


st.title(_("Playground"))
st.caption(_("A small network, trained live with real torch on 2-D points: the decision "
             "boundary, every hidden neuron's map, the losses, the gradient of every layer and "
             "its weights, as they form. Two configurations can run side by side on the same "
             "data and seed; the sidebar's link keeps every setting."))
owner = st.session_state.setdefault("pg_owner", uuid.uuid4().hex)


def new_data() -> None:
    st.session_state["dseed"] = (int(st.session_state.get("dseed", 0)) + 1) % (SEED_MAX + 1)
    st.session_state.pop("pg_added", None)


with st.container(border=True):
    c = st.columns(6, vertical_alignment="bottom")
    with c[0]:
        dataset = links.choice(st.selectbox, _("Data"), pg.DATASETS, key="data",
                               format_func=dataset_name)
    with c[1]:
        noise = links.slider(_("Noise"), 0.0, pg.MAX_NOISE, 0.2, 0.05, key="noise")
    with c[2]:
        points = links.slider(_("Points"), pg.MIN_POINTS, 1000, 500, 10, key="n")
    with c[3]:
        train_percent = links.slider(_("Train %"), 10, 90, 50, 5, key="train")
    with c[4]:
        label_noise = links.slider(_("Label noise"), 0.0, pg.MAX_LABEL_NOISE, 0.0, 0.05,
                                   key="lnoise", help=_("Share of the train labels flipped; "
                                                        "the test labels stay clean."))
    with c[5]:
        data_seed = links.number_input(_("Data seed"), 0, SEED_MAX, 0, 1, key="dseed")
        st.button(_("New data"), on_click=new_data, icon=":material/refresh:")


def setup_widgets(prefix: str, activation: str) -> pg.Setup:
    """One configuration's widgets (URL keys with ``prefix``) -> its Setup."""
    features = links.choices(st.pills, _("Inputs"), list(pg.FEATURES), key=f"{prefix}in",
                             default=["x", "y"], format_func=FEATURE_NAMES.get,
                             selection_mode="multi")
    c = st.columns(3)
    with c[0]:
        depth = links.slider(_("Hidden layers"), 0, MAX_PLAYGROUND_DEPTH, 2, key=f"{prefix}depth")
        fn = links.choice(st.selectbox, _("Activation"), list(REGISTRY), key=f"{prefix}act",
                          default=activation, format_func=lambda k: REGISTRY[k].name)
        dropout = links.slider(_("Dropout"), 0.0, 0.9, 0.0, 0.05, key=f"{prefix}drop")
        optimizer = links.choice(st.selectbox, _("Optimizer"), OPTIMIZERS, key=f"{prefix}opt",
                                 default="adam", format_func=OPTIMIZER_NAMES.get)
    with c[1]:
        width = links.slider(_("Neurons per layer"), 1, MAX_PLAYGROUND_WIDTH, 8,
                             key=f"{prefix}width")
        init = links.choice(st.selectbox, _("Initialisation"), pg.INITS, key=f"{prefix}init",
                            default="Xavier normal")
        batchnorm = links.toggle(_("BatchNorm"), key=f"{prefix}bn")
        lr = links.choice(st.select_slider, _("Learning rate"), LEARNING_RATES,
                          key=f"{prefix}lr", default=0.03)
    with c[2]:
        batch = links.slider(_("Batch size"), 1, 100, 10, key=f"{prefix}batch")
        penalty = links.choice(st.segmented_control, _("Penalty"), pg.PENALTIES,
                               key=f"{prefix}pen", required=True,
                               format_func=lambda p: _("none") if p == "none" else p)
        strength = links.choice(st.select_slider, _("Penalty strength λ"), STRENGTHS,
                                key=f"{prefix}lam", default=0.0)
        seed = links.number_input(_("Seed"), 0, SEED_MAX, 0, 1, key=f"{prefix}seed")
    return pg.Setup(tuple(features), depth, width, fn, init, dropout, batchnorm, optimizer, lr,
                    batch, penalty, strength, int(seed))


compare = links.toggle(_("Compare two configurations side by side"), key="compare")
columns = st.columns(2) if compare else [st.container()]
setups = []
for column, prefix, activation, label in zip(columns, ("", "b"), ("tanh", "relu"),
                                             (_("Configuration A"), _("Configuration B"))):
    with column.expander(label if compare else _("Network and training"), expanded=True):
        setups.append(setup_widgets(prefix, activation))

def add_clicked() -> None:
    """A click on the plane's map adds a point there, of the chosen class."""
    chosen = st.session_state["pg_click"].selection.points
    if chosen:
        st.session_state.setdefault("pg_added", []).append(
            (float(chosen[0]["x"]), float(chosen[0]["y"]), st.session_state["pg_class"]))


adder = st.expander(_("Add a point"))
with adder:
    st.caption(_("Added points stay until new data is drawn; they are not kept in a link."))
    point_class = st.radio(_("Class"), (0, 1), horizontal=True, key="pg_class",
                           format_func=lambda k: _("orange (0)") if k == 0 else _("blue (1)"))
    with st.form("pg_point", border=False):
        p = st.columns(3, vertical_alignment="bottom")
        px = p[0].number_input("x", -pg.MAX_ABS_COORDINATE, pg.MAX_ABS_COORDINATE, 0.0, 0.1)
        py = p[1].number_input("y", -pg.MAX_ABS_COORDINATE, pg.MAX_ABS_COORDINATE, 0.0, 0.1)
        if p[2].form_submit_button(_("Add to the training set")):
            st.session_state.setdefault("pg_added", []).append((px, py, point_class))

added = tuple(st.session_state.get("pg_added", ()))
signature = (dataset, points, noise, train_percent, label_noise, int(data_seed), added,
             tuple(setups))
state = st.session_state.get("pg_live")
if state is None or state["signature"] != signature:
    try:
        data = pg.make_data(dataset, points, noise, train_percent / 100, label_noise,
                            int(data_seed))
        for x, y, label in added:
            data = pg.add_point(data, x, y, label)
        trainers = [pg.Trainer(s, data) for s in setups]
    except InputError as err:
        st.error(i18n.error_text(err))
        st.stop()
    # a changed setting starts again from the same seed, playing on if it was
    state = {"signature": signature, "data": data, "trainers": trainers,
             "playing": bool(state and state["playing"])}
    st.session_state["pg_live"] = state


with adder:
    st.caption(_("Or click on the plane to add a point of the chosen class there."))
    if added:
        st.caption(_("Points added: {n}.", n=len(added)))
    first = state["trainers"][0]
    st.plotly_chart(figs.click_map(first.grid(GRID).output, state["data"].extent,
                                   state["data"].points, state["data"].labels),
                    key="pg_click", on_select=add_clicked, selection_mode="points",
                    width="content", config={"displayModeBar": False})


def play() -> None:
    state["playing"] = True


def pause() -> None:
    state["playing"] = False
    pg.SLOTS.release(owner)


def reset() -> None:
    pause()
    st.session_state.pop("pg_live", None)


if state.pop("refused", None):
    st.warning(_("{busy} playgrounds are training on this server, its limit: press Step, or "
                 "Play again in a moment.", busy=pg.SLOTS.limit))
buttons = st.columns([1, 1, 1, 1, 2], vertical_alignment="bottom")
if state["playing"]:
    buttons[0].button(_("Pause"), on_click=pause, icon=":material/pause:", type="primary",
                      width="stretch")
else:
    buttons[0].button(_("Play"), on_click=play, icon=":material/play_arrow:", type="primary",
                      width="stretch")
with buttons[2]:
    steps = links.choice(st.segmented_control, _("Steps per Step"), (1, 10, 100),
                         key="k", default=10, required=True)
if buttons[1].button(_("Step"), icon=":material/skip_next:", width="stretch",
                     disabled=state["playing"]):
    with single_cpu_thread():
        for trainer in state["trainers"]:
            trainer.step(steps)
buttons[3].button(_("Reset"), on_click=reset, icon=":material/restart_alt:", width="stretch")

labels = ["A", "B"][:len(state["trainers"])]


def show(trainer: pg.Trainer, label: str, wide: bool) -> None:
    """One configuration's live view: numbers, boundary, network diagram."""
    h = trainer.history
    m = st.columns(4)
    m[0].metric(_("Steps"), f"{trainer.step_count:,}")
    m[1].metric(_("Test accuracy"), f"{h.test_accuracy[-1]:.1%}")
    m[2].metric(_("Test loss"), f"{h.test_loss[-1]:.3f}")
    m[3].metric(_("Train loss"), f"{h.train_loss[-1]:.3f}")
    st.caption(_("{label}: best test accuracy {accuracy} first reached at step {step}.",
                 label=label, accuracy=f"{trainer.best_accuracy:.1%}", step=trainer.best_step))
    if trainer.diverged_at is not None:
        st.error(_("The loss stopped being finite at step {step}: lower the learning rate "
                   "and press Reset.", step=trainer.diverged_at))
    maps = trainer.grid(GRID)
    data = trainer.data
    pictures = st.columns([1, 2]) if wide else [st.container(), st.container()]
    pictures[0].image(figs.png(figs.boundary(maps.output, data.extent, data.points,
                                             data.labels, data.train, side=300)),
                      caption=_("Output P(blue) over the plane; train points ringed white, "
                                "test points black"))
    pictures[1].image(figs.png(figs.diagram(maps.inputs, maps.hidden, maps.output,
                                            trainer.weights())),
                      caption=_("Inputs → hidden layers → output: each neuron's activation "
                                "over the plane; edges blue for positive weights, orange for "
                                "negative, thicker for larger |w|"))


@st.fragment(run_every=FRAME_EVERY_S if state["playing"] else None)
def live() -> None:
    trainers = state["trainers"]
    if state["playing"]:
        if pg.SLOTS.hold(owner):
            with single_cpu_thread():
                for trainer in trainers:
                    trainer.run_for(PLAYGROUND_FRAME_S / len(trainers))
            if all(t.diverged_at is not None for t in trainers):
                pause()
                st.rerun()          # the whole page: its button and this fragment's timer
        else:
            state["playing"], state["refused"] = False, pg.SLOTS.busy()
            st.rerun()
    views = st.columns(len(trainers))
    for view, trainer, label in zip(views, trainers, labels):
        with view:
            show(trainer, label, wide=len(trainers) == 1)


# The charts are a fragment of their own, redrawn every 2 s while playing: plotly's redraws
# are most of the browser's work (bench_playground on the shared 2-core box, load 9: 0.8
# updates/s with the charts once a second, 2.0 without them; 2.1 at load 6.5 every 2 s).
@st.fragment(run_every=CHARTS_EVERY_S if state["playing"] else None)
def charts() -> None:
    trainers = state["trainers"]
    # while playing, static charts: no hover or zoom layers for the browser to rebuild
    config = {"staticPlot": state["playing"]}
    st.plotly_chart(i18n.figure(figs.curves(
        {label: t.history for label, t in zip(labels, trainers)})), key="pg_curves",
        config=config)
    details = st.columns(len(trainers))
    for view, trainer, label in zip(details, trainers, labels):
        with view:
            st.markdown(_("**{label}: gradient norm per layer** (W1 is the first layer; "
                          "vanishing gradients sink towards it)", label=label))
            st.plotly_chart(i18n.figure(figs.gradient_norms(trainer.history)),
                            key=f"pg_grads_{label}", config=config)
            st.markdown(_("**{label}: weights per layer**", label=label))
            st.plotly_chart(i18n.figure(figs.weight_histograms(trainer.weights())),
                            key=f"pg_weights_{label}", config=config)


live()
charts()

notes_panel.show("app_pages/playground.py", data=dataset, noise=noise, n=points,
                 train=train_percent, lnoise=label_noise, dseed=data_seed, depth=setups[0].depth,
                 width=setups[0].width, act=setups[0].activation)
