"""The Playground page's parts: the data and network settings (URL-bound, ui/links.py), the
point adder, the live state kept in the session, the Play / Step / Reset buttons, the live
frame and the interactive charts shown when paused.

The frame is what the browser redraws 5 times a second while playing, so it is built to be
cheap there: everything is computed first (training, the grid, every image), then sent in one
burst of few elements (a metrics row, a caption, one list of images per configuration), with
the same element tree every frame. The loss, accuracy, gradient and weight curves are images
in that list while playing (explorer.figures.playground.line_plot) and plotly charts only when
paused: plotly's redraws were most of the browser's time per frame
(benchmarks/bench_playground.py measures the updates per second).
"""
from __future__ import annotations

import streamlit as st

from explorer import playground as pg
from explorer.activations import REGISTRY
from explorer.budget import MAX_PLAYGROUND_DEPTH, MAX_PLAYGROUND_POINTS, MAX_PLAYGROUND_WIDTH, \
    PLAYGROUND_FRAME_S
from explorer.errors import SEED_MAX, InputError
from explorer.figures import playground as figs
from explorer.train import OPTIMIZERS, single_cpu_thread
from ui import i18n, links
from ui.i18n import _

FRAME_EVERY_S = 0.2          # one browser update per 0.2 s while playing (≥ 5 per second)
SIDE_BY_SIDE = 740           # widest boundary + diagram shown side by side (the page's width)
GRID = 48                    # side of the grid every neuron's map is evaluated on
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
STRENGTHS = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "SGD + momentum", "nesterov": "Nesterov",
                   "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop"}
FEATURE_NAMES = {"x": "x", "y": "y", "x2": "x²", "y2": "y²", "xy": "xy", "sinx": "sin x",
                 "siny": "sin y"}
LABELS = ("A", "B")


def dataset_name(key: str) -> str:
    return {"moons": _("Moons"), "circles": _("Circles"), "spirals": _("Spirals"),
            "xor": _("XOR"), "blobs": _("Gaussian blobs")}[key]


def _new_data() -> None:
    st.session_state["dseed"] = (int(st.session_state.get("dseed", 0)) + 1) % (SEED_MAX + 1)
    st.session_state.pop("pg_added", None)


def data_settings() -> dict:
    """The data row (?data= ?noise= ?n= ?train= ?lnoise= ?dseed=) -> make_data's settings."""
    with st.container(border=True):
        c = st.columns([1.2, 1, 1, 1, 1, 1.3], vertical_alignment="bottom")
        dataset = links.choice(c[0].selectbox, _("Data"), pg.DATASETS, key="data",
                               format_func=dataset_name)
        with c[1]:
            noise = links.slider(_("Noise"), 0.0, pg.MAX_NOISE, 0.2, 0.05, key="noise")
        with c[2]:
            points = links.slider(_("Points"), pg.MIN_POINTS, MAX_PLAYGROUND_POINTS, 500, 10,
                                  key="n")
        with c[3]:
            train = links.slider(_("Train %"), 10, 90, 50, 5, key="train")
        with c[4]:
            label_noise = links.slider(_("Label noise"), 0.0, pg.MAX_LABEL_NOISE, 0.0, 0.05,
                                       key="lnoise", help=_("Share of the train labels "
                                                            "flipped; the test labels stay "
                                                            "clean."))
        with c[5]:
            seed = links.number_input(_("Data seed"), 0, SEED_MAX, 0, 1, key="dseed")
        st.button(_("New data"), on_click=_new_data, icon=":material/refresh:")
    return dict(dataset=dataset, points=points, noise=noise, train_fraction=train / 100,
                label_noise=label_noise, seed=int(seed))


def setup_widgets(prefix: str, activation: str, narrow: bool = False) -> pg.Setup:
    """One configuration's widgets (URL keys with ``prefix``) -> its Setup; in two columns
    when ``narrow`` (side by side, three cut the menus and the penalty's L2 off at 1280 px)."""
    features = links.choices(st.pills, _("Inputs"), list(pg.FEATURES), key=f"{prefix}in",
                             default=["x", "y"], format_func=FEATURE_NAMES.get,
                             selection_mode="multi")
    columns = st.columns(2 if narrow else 3)
    spot = [columns[i * len(columns) // 12] for i in range(12)]   # 12 widgets, in order
    with spot[0]:
        depth = links.slider(_("Hidden layers"), 0, MAX_PLAYGROUND_DEPTH, 2, key=f"{prefix}depth")
    with spot[1]:
        fn = links.choice(st.selectbox, _("Activation"), list(REGISTRY), key=f"{prefix}act",
                          default=activation, format_func=lambda k: REGISTRY[k].name)
    with spot[2]:
        dropout = links.slider(_("Dropout"), 0.0, 0.9, 0.0, 0.05, key=f"{prefix}drop")
    with spot[3]:
        optimizer = links.choice(st.selectbox, _("Optimizer"), OPTIMIZERS, key=f"{prefix}opt",
                                 default="adam", format_func=OPTIMIZER_NAMES.get)
    with spot[4]:
        width = links.slider(_("Neurons per layer"), 1, MAX_PLAYGROUND_WIDTH, 8,
                             key=f"{prefix}width")
    with spot[5]:
        init = links.choice(st.selectbox, _("Initialisation"), pg.INITS, key=f"{prefix}init",
                            default="Xavier normal")
    with spot[6]:
        batchnorm = links.toggle(_("BatchNorm"), key=f"{prefix}bn")
    with spot[7]:
        lr = links.choice(st.select_slider, _("Learning rate"), LEARNING_RATES,
                          key=f"{prefix}lr", default=0.03)
    with spot[8]:
        batch = links.slider(_("Batch size"), 1, 100, 10, key=f"{prefix}batch")
    with spot[9]:
        penalty = links.choice(st.segmented_control, _("Penalty"), pg.PENALTIES,
                               key=f"{prefix}pen", required=True,
                               format_func=lambda p: _("none") if p == "none" else p)
    with spot[10]:
        strength = links.choice(st.select_slider, _("Penalty strength λ"), STRENGTHS,
                                key=f"{prefix}lam", default=0.0)
    with spot[11]:
        seed = links.number_input(_("Seed"), 0, SEED_MAX, 0, 1, key=f"{prefix}seed")
    return pg.Setup(tuple(features), depth, width, fn, init, dropout, batchnorm, optimizer, lr,
                    batch, penalty, strength, int(seed))


def configurations() -> list[pg.Setup]:
    """One configuration, or two side by side (?compare=true; B's keys start with b)."""
    compare = links.toggle(_("Compare two configurations side by side"), key="compare")
    columns = st.columns(2) if compare else [st.container()]
    setups = []
    for column, prefix, activation, title in zip(columns, ("", "b"), ("tanh", "relu"),
                                                 (_("Configuration A"), _("Configuration B"))):
        with column.expander(title if compare else _("Network and training"), expanded=True):
            setups.append(setup_widgets(prefix, activation, narrow=compare))
    return setups


def point_form() -> st.delta_generator.DeltaGenerator:
    """The "Add a point" expander with its class and x, y form; ``click_map`` adds its map."""
    adder = st.expander(_("Add a point"))
    with adder:
        st.caption(_("Added points stay until new data is drawn; they are not kept in a link."))
        point_class = st.radio(_("Class"), (0, 1), horizontal=True, key="pg_class",
                               format_func=lambda k: _("orange (0)") if k == 0 else
                               _("blue (1)"))
        with st.form("pg_point", border=False):
            p = st.columns(3, vertical_alignment="bottom")
            px = p[0].number_input("x", -pg.MAX_ABS_COORDINATE, pg.MAX_ABS_COORDINATE, 0.0, 0.1)
            py = p[1].number_input("y", -pg.MAX_ABS_COORDINATE, pg.MAX_ABS_COORDINATE, 0.0, 0.1)
            if p[2].form_submit_button(_("Add to the training set")):
                st.session_state.setdefault("pg_added", []).append((px, py, point_class))
    return adder


def _add_clicked() -> None:
    """A click on the plane's map adds a point there, of the chosen class."""
    chosen = st.session_state["pg_click"].selection.points
    if chosen:
        st.session_state.setdefault("pg_added", []).append(
            (float(chosen[0]["x"]), float(chosen[0]["y"]), st.session_state["pg_class"]))


def live_state(data_args: dict, setups: list[pg.Setup]) -> dict:
    """The session's data and trainers, made again (from the seeds) when a setting or the
    added points change, playing on if they were; a refused setting stops the page with
    its message."""
    added = tuple(st.session_state.get("pg_added", ()))
    signature = (tuple(data_args.items()), added, tuple(setups))
    state = st.session_state.get("pg_live")
    if state is None or state["signature"] != signature:
        try:
            data = pg.make_data(**data_args)
            for x, y, label in added:
                data = pg.add_point(data, x, y, label)
            trainers = [pg.Trainer(s, data) for s in setups]
        except InputError as err:
            st.error(i18n.error_text(err))
            st.stop()
        state = {"signature": signature, "data": data, "trainers": trainers, "added": added,
                 "playing": bool(state and state["playing"])}
        st.session_state["pg_live"] = state
    return state


def click_map(adder, state: dict) -> None:
    """The plane under the first configuration's boundary: a click adds a point there."""
    with adder:
        st.caption(_("Or click on the plane to add a point of the chosen class there."))
        if state["added"]:
            st.caption(_("Points added: {n}.", n=len(state["added"])))
        data = state["data"]
        st.plotly_chart(figs.click_map(state["trainers"][0].grid(GRID).output, data.extent,
                                       data.points, data.labels),
                        key="pg_click", on_select=_add_clicked, selection_mode="points",
                        width="content", config={"displayModeBar": False})


def _play(state: dict) -> None:
    state["playing"] = True


def _pause(state: dict, owner: str) -> None:
    state["playing"] = False
    pg.SLOTS.release(owner)


def _reset(state: dict, owner: str) -> None:
    _pause(state, owner)
    st.session_state.pop("pg_live", None)


def controls(state: dict, owner: str) -> None:
    """Play / Pause, Step (?k= steps), Reset; the server's refusal when it is full."""
    if state.pop("refused", None):
        st.warning(_("{busy} playgrounds are training on this server, its limit: press Step, "
                     "or Play again in a moment.", busy=pg.SLOTS.limit))
    buttons = st.columns([1, 1, 1.4, 1, 1.6], vertical_alignment="bottom")
    if state["playing"]:
        buttons[0].button(_("Pause"), on_click=_pause, args=(state, owner),
                          icon=":material/pause:", type="primary", width="stretch")
    else:
        buttons[0].button(_("Play"), on_click=_play, args=(state,),
                          icon=":material/play_arrow:", type="primary", width="stretch")
    with buttons[2]:
        steps = links.choice(st.segmented_control, _("Steps per Step"), (1, 10, 100),
                             key="k", default=10, required=True)
    if buttons[1].button(_("Step"), icon=":material/skip_next:", width="stretch",
                         disabled=state["playing"]):
        with single_cpu_thread():
            for trainer in state["trainers"]:
                trainer.step(steps)
    buttons[3].button(_("Reset"), on_click=_reset, args=(state, owner),
                      icon=":material/restart_alt:", width="stretch")


def _pictures(trainer: pg.Trainer, wide: bool) -> list[tuple[bytes, str, int | str]]:
    """One configuration's boundary and network diagram as (PNG, caption, width) to show: one
    picture side by side when ``wide`` and they fit the page's width, else two, one above the
    other (each at its own size: the boundary does not shrink with a deep network's diagram)."""
    maps, data = trainer.grid(GRID), trainer.data
    board = figs.boundary(maps.output, data.extent, data.points, data.labels, data.train,
                          side=300)
    diagram = figs.diagram(maps.inputs, maps.hidden, maps.output, trainer.weights())
    captions = (_("Output P(blue) over the plane; train points ringed white, test points "
                  "black"),
                _("Inputs → hidden layers → output: each neuron's activation over the plane; "
                  "edges blue for positive weights, orange for negative, thicker for larger "
                  "|w|"))
    if wide and board.shape[1] + diagram.shape[1] <= SIDE_BY_SIDE:
        both = figs.arrange([[board, diagram]])
        return [(figs.png(both), " · ".join(captions), both.shape[1])]
    # in a column (two configurations) the diagram fits the column: a deep one overflowed it
    return [(figs.png(board), captions[0], board.shape[1]),
            (figs.png(diagram), captions[1], diagram.shape[1] if wide else "stretch")]


def _curves(trainers: list[pg.Trainer], labels: tuple[str, ...]
            ) -> list[tuple[bytes, str, int]]:
    """While playing, the charts as pictures: one of the losses and accuracies (both
    configurations), and per configuration its gradient norms and weights."""
    histories = {label: t.history for label, t in zip(labels, trainers)}
    loss, accuracy = figs.curve_images(histories)
    shared = (_("Loss over steps: train dashed, test solid") if len(trainers) == 1 else
              _("Loss over steps: train dashed, test solid; A blue, B red"),
              _("Test accuracy over steps"))
    own = (_("Gradient norm per layer over steps (log scale; W1 is the first layer: vanishing "
             "gradients sink towards it)"),
           _("Weights per layer: how many weights (up) have each value (across)"))
    details = [[figs.gradient_image(t.history), figs.weights_image(t.weights())]
               for t in trainers]
    if len(trainers) == 1:
        pictures = [(figs.arrange([[loss, accuracy], details[0]]), " · ".join((*shared, *own)))]
    else:
        pictures = [*((figs.arrange([[g], [w]]), f"{label}: " + " · ".join(own))
                      for label, (g, w) in zip(labels, details)),
                    (figs.arrange([[loss, accuracy]]), " · ".join(shared))]
    return [(figs.png(image), caption, image.shape[1]) for image, caption in pictures]


def _numbers(trainer: pg.Trainer, label: str) -> None:
    h = trainer.history
    with st.container(horizontal=True):
        st.metric(_("Steps"), f"{trainer.step_count:,}")
        st.metric(_("Test accuracy"), f"{h.test_accuracy[-1]:.1%}")
        st.metric(_("Test loss"), f"{h.test_loss[-1]:.3f}")
        st.metric(_("Train loss"), f"{h.train_loss[-1]:.3f}")
    st.caption(_("{label}: best test accuracy {accuracy} first reached at step {step}.",
                 label=label, accuracy=f"{trainer.best_accuracy:.1%}", step=trainer.best_step))
    if trainer.diverged_at is not None:
        st.error(_("The loss stopped being finite at step {step}: lower the learning rate "
                   "and press Reset.", step=trainer.diverged_at))


def _train(state: dict, owner: str) -> None:
    """One frame's training while playing (the server's slots permitting)."""
    trainers = state["trainers"]
    if not pg.SLOTS.hold(owner):
        state["playing"], state["refused"] = False, pg.SLOTS.busy()
        st.rerun()
    with single_cpu_thread():
        for trainer in trainers:
            trainer.run_for(PLAYGROUND_FRAME_S / len(trainers))
    if all(t.diverged_at is not None for t in trainers):
        _pause(state, owner)
        st.rerun()          # the whole page: its button and the frame's timer


def live(state: dict, owner: str) -> None:
    """The live frame, a fragment redrawn every FRAME_EVERY_S while playing."""
    @st.fragment(run_every=FRAME_EVERY_S if state["playing"] else None)
    def frame() -> None:
        playing = state["playing"]
        if playing:
            _train(state, owner)
        trainers, labels = state["trainers"], LABELS[:len(state["trainers"])]
        # every picture first, then the elements in one burst: one browser redraw per frame
        pictures = [_pictures(t, wide=len(trainers) == 1) for t in trainers]
        curves = _curves(trainers, labels) if playing else []
        columns = st.columns(len(trainers)) if len(trainers) > 1 else [st.container()]
        for i, (column, trainer, label) in enumerate(zip(columns, trainers, labels)):
            with column:
                _numbers(trainer, label)
                for picture, caption, width in pictures[i]:
                    st.image(picture, caption=caption, width=width)
                if len(curves) > 1:
                    st.image(curves[i][0], caption=curves[i][1], width=curves[i][2])
        if curves:
            st.image(curves[-1][0], caption=curves[-1][1], width=curves[-1][2])
    frame()


def charts(state: dict) -> None:
    """The curves, gradient norms and weights as interactive charts, when paused."""
    if state["playing"]:
        return
    trainers, labels = state["trainers"], LABELS[:len(state["trainers"])]
    st.plotly_chart(i18n.figure(figs.curves(
        {label: t.history for label, t in zip(labels, trainers)})), key="pg_curves")
    details = st.columns(len(trainers))
    for view, trainer, label in zip(details, trainers, labels):
        with view:
            st.markdown(_("**{label}: gradient norm per layer** (W1 is the first layer; "
                          "vanishing gradients sink towards it)", label=label))
            st.plotly_chart(i18n.figure(figs.gradient_norms(trainer.history)),
                            key=f"pg_grads_{label}")
            st.markdown(_("**{label}: weights per layer**", label=label))
            st.plotly_chart(i18n.figure(figs.weight_histograms(trainer.weights())),
                            key=f"pg_weights_{label}")

