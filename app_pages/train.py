"""Training lab: configure a small network, train it in the background, watch it learn."""
import streamlit as st

from explorer import jobs, runs
from explorer.data import IMAGE_SETS, unavailable_reason
from explorer.figures import training as figs
from explorer.models import MODEL_NAMES
from explorer.notes import NOTES
from explorer.run_report import evaluate_run
from explorer.tables import csv_bytes
from explorer.train import (FIRST_RUN, OPTIMIZERS, SCHEDULES, TrainConfig, device_label,
                            pick_device)
from ui import current, i18n, links, notes_panel
from ui import image_folder as own_images
from ui.i18n import _
from ui.run_menu import run_label, session_id, status_name
from ui.text import md

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
WEIGHT_DECAYS = (0.0, 1e-5, 1e-4, 1e-3, 1e-2)


def number_ids(values) -> list[str]:
    """Numbers as the ids a link carries: ``?lr=100``, ``?lr=0.001``, ``?wd=1e-05``."""
    return [f"{v:g}" for v in values]
MESSAGES = {jobs.FINISHED: st.success, jobs.STOPPED: st.warning, jobs.EARLY_STOPPED: st.info,
            jobs.DIVERGED: st.error, jobs.FAILED: st.error, jobs.INTERRUPTED: st.error,
            jobs.CANCELLED: st.info}

st.title(_("Training lab"))
st.caption(_("The training loop of {notes}: data → model → loss → optimizer → LR schedule → "
             "validation every epoch → early stopping. It runs in a process of its own: switch "
             "pages and come back, it keeps going. A run keeps the weights of its epoch with "
             "the lowest validation loss.",
             notes=i18n.pick(", ", "、").join(i18n.pick(NOTES[n].name_en, NOTES[n].name_zh)
                             for n in ("000", "002", "004"))))

session = session_id()


@st.cache_resource(show_spinner=False)
def start_worker_pool() -> None:
    """Once per server: the first training then starts in a fraction of a second, and each
    worker finds `streamlit run`'s own imports (which it re-runs) already loaded."""
    jobs.warm_up("streamlit.web.cli")


@st.cache_resource(show_spinner=False)
def device_name() -> str:
    return device_label(pick_device())


def ordinal(n: int) -> str:
    """1st, 2nd, ... (the Chinese template says 第 {place} 位 itself)."""
    if i18n.is_zh():
        return str(n)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@st.cache_data(max_entries=16, show_spinner=False)
def report(run_id: str):
    return evaluate_run(run_id)


def dataset_label(name: str) -> str:
    return (name if unavailable_reason(name) is None
            else _("{name} (files not on this machine)", name=name))


def kept_text(kept: str) -> str:
    """``explorer.train.kept_label``'s words in the reader's language."""
    epoch = kept.removeprefix("best validation epoch ")
    if epoch != kept and epoch.isdigit():
        return _("best validation epoch {n}", n=epoch)
    return {"initial weights (no epoch was validated)":
            _("initial weights (no epoch was validated)")}.get(kept, kept)


def phase_text(phase: str) -> str:
    return {jobs.STARTING: _("starting the training process"),
            jobs.PREPARING: _("loading the data and building the model")}.get(phase, phase)


def config_form() -> TrainConfig | None:
    """The settings form, at FIRST_RUN's values; returns a config when Start is pressed."""
    d = FIRST_RUN
    with st.form("config", border=True):
        c = st.columns(4)
        with c[0]:
            dataset = links.choice(
                st.selectbox, _("Dataset"), own_images.dataset_options(), key="data", default=d.dataset,
                format_func=dataset_label,
                help=_("digits is bundled with scikit-learn (8×8, 1,797 images); MNIST, "
                       "Fashion-MNIST and CIFAR-10 are used when their files are in the data "
                       "folder; moons, circles and spirals are 2-D points for the MLP."))
        with c[1]:
            model = links.choice(st.selectbox, _("Model"), MODEL_NAMES, key="net",
                                 default=d.model)
        with c[2]:
            optimizer = links.choice(st.selectbox, _("Optimizer"), OPTIMIZERS, key="opt",
                                     default=d.optimizer)
        with c[3]:
            lr = float(links.choice(
                st.select_slider, _("Learning rate"), number_ids(LEARNING_RATES), key="lr",
                default=f"{d.lr:g}", help=_("Push it to 10 or 100 to see a divergence caught.")))
        c = st.columns(4)
        with c[0]:
            epochs = links.slider(_("Epochs"), 1, 60, d.epochs, key="epochs")
        with c[1]:
            batch_size = links.choice(st.select_slider, _("Batch size"),
                                      (8, 16, 32, 64, 128, 256, 512), key="batch",
                                      default=d.batch_size)
        with c[2]:
            schedule = links.choice(st.selectbox, _("LR schedule"), SCHEDULES, key="sched",
                                    default=d.schedule)
        with c[3]:
            warmup = links.number_input(_("Linear warmup (epochs)"), 0.0, 59.0, d.warmup_epochs,
                                        0.5, key="warmup")
        with st.expander(_("Loss, regularisation, MLP shape, random seed")):
            c = st.columns(4)
            with c[0]:
                loss = links.choice(st.selectbox, _("Loss"), ("ce", "focal"), key="loss",
                                    format_func={"ce": _("cross-entropy"),
                                                 "focal": _("focal")}.get)
            with c[1]:
                smoothing = links.slider(
                    _("Label smoothing ε"), 0.0, 0.5, d.label_smoothing, 0.05, key="eps",
                    help=_("{note}, label smoothing: the target puts 1 − ε + ε/K on the true "
                           "class and ε/K on each other one.",
                           note=i18n.pick(NOTES["001"].name_en, NOTES["001"].name_zh)))
            with c[2]:
                noise = links.slider(_("Label noise (fraction of train labels)"), 0.0, 0.9,
                                     0.0, 0.05, key="noise")
            with c[3]:
                weight_decay = float(links.choice(st.select_slider, _("Weight decay"),
                                                  number_ids(WEIGHT_DECAYS), key="wd"))
            c = st.columns(4)
            with c[0]:
                momentum = links.slider(_("Momentum (SGD/RMSprop)"), 0.0, 0.99, 0.9, 0.01,
                                        key="mom")
            with c[1]:
                grad_clip = links.number_input(_("Clip grad norm (0 = off)"), 0.0, 100.0, 0.0,
                                               0.5, key="clip")
            with c[2]:
                patience = links.number_input(_("Early-stopping patience (0 = off)"), 0, 20, 0,
                                              key="patience")
            with c[3]:
                seed = links.number_input(_("Random seed"), 0, 2**31 - 1, 0, key="seed")
            c = st.columns(4)
            with c[0]:
                depth = links.slider(_("MLP depth"), 1, 8, 2, key="depth")
            with c[1]:
                width = links.choice(st.select_slider, _("MLP width"),
                                     (16, 32, 64, 128, 256, 512), key="width", default=128)
            with c[2]:
                activation = links.choice(st.selectbox, _("MLP activation"),
                                          ("relu", "tanh", "sigmoid", "gelu"), key="act")
            with c[3]:
                dropout = links.slider(_("MLP dropout"), 0.0, 0.8, 0.0, 0.1, key="dropout")
            batchnorm = links.checkbox(_("MLP BatchNorm"), key="bn")
            amp = links.checkbox(_("Mixed precision (AMP, CUDA only)"), value=True, key="amp")
        if not st.form_submit_button(_("Start training"), type="primary",
                                     icon=":material/play_arrow:"):
            return None
    options = (dict(depth=depth, width=width, activation=activation, dropout=dropout,
                    batchnorm=batchnorm) if model == "mlp" else {})
    return TrainConfig(dataset=dataset, model=model, model_options=options,
                       optimizer=optimizer, lr=lr, momentum=momentum, weight_decay=weight_decay,
                       batch_size=batch_size, epochs=epochs, schedule=schedule,
                       warmup_epochs=warmup, loss=loss, label_smoothing=smoothing,
                       label_noise=noise, grad_clip=grad_clip, amp=amp, seed=int(seed),
                       patience=int(patience))


def live_view(polling: bool) -> None:
    @st.fragment(run_every=0.5 if polling else None)
    def view():
        job = jobs.JOBS.get(session)
        if job is None:
            st.info(_("Press **Start training**: LeNet-5 on the bundled digits (Adam, cosine "
                      "decay, label smoothing ε = 0.1) reaches 97-99 % test accuracy in 10 "
                      "epochs on a CPU (measured 97.2-98.9 % for random seeds 0-4)."))
            return
        snap = job.snapshot()
        if polling and snap.state not in jobs.ACTIVE:
            st.rerun()  # the whole page: buttons and results follow the finished state
        if snap.state == jobs.QUEUED:
            ahead = snap.queue_position - 1
            st.info(_("Waiting for a free slot: {place} in the queue, {ahead} ahead of yours. "
                      "This server runs {capacity} at once; yours starts by itself when one "
                      "ends.", place=ordinal(snap.queue_position),
                      ahead=_("1 training") if ahead == 1 else _("{n} trainings", n=ahead),
                      capacity=jobs.JOBS.capacity))
            return
        last = snap.steps[-1] if snap.steps else None
        text = f"{phase_text(snap.phase)}…" if snap.phase else ""
        if last:
            left = (_(" · about {s} s left", s=f"{snap.eta_s:.0f}")
                    if snap.state == jobs.RUNNING and snap.eta_s is not None else "")
            text = _("epoch {epoch} / {epochs} · step {step} / {steps} · {rate} samples/s",
                     epoch=f"{last['epoch']:.1f}", epochs=snap.config.epochs, step=last["step"],
                     steps=last["total_steps"], rate=f"{last['samples_per_s']:,.0f}") + left
        st.progress(min(snap.progress, 1.0), text=text)
        if snap.phase == jobs.STARTING:
            st.caption(_("Each training runs in a process of its own, forked from a pool that "
                         "has torch loaded. Only the first training after the server started "
                         "waits for that pool (seconds); later ones start at once."))
        if last:
            val = snap.epochs[-1] if snap.epochs else {}
            c = st.columns(5)
            c[0].metric(_("train loss"), f"{last['loss']:.4f}",
                        help=_("The training criterion: with label smoothing ε > 0 its minimum "
                               "is above 0 (about 0.5 at ε = 0.1 on 10 classes); the "
                               "validation loss is plain cross-entropy."))
            c[1].metric(_("val accuracy"), f"{val['val_acc']:.1%}" if val else "—")
            c[2].metric(_("val loss"), f"{val['val_loss']:.4f}" if val else "—")
            c[3].metric(_("learning rate"), f"{last['lr']:.2e}")
            c[4].metric(_("grad norm"), f"{last['grad_norm']:.3g}")
            log_loss = links.toggle(_("Loss on a log axis"), key="log",
                                    help=_("A diverging run's loss (1e15) flattens the rest of "
                                           "the curve on a linear axis; on a log axis every "
                                           "power of ten gets the same room."))
            st.plotly_chart(i18n.figure(figs.live_curves(snap.steps, snap.epochs, log_loss)),
                            key="live_curves")
        if snap.state not in jobs.ACTIVE:
            accuracy = ("" if snap.test_accuracy is None
                        else _(" — test accuracy {acc}", acc=f"{snap.test_accuracy:.1%}"))
            kept = _(" — kept the {what}", what=kept_text(snap.kept)) if snap.kept else ""
            message = md(snap.message) if snap.state == jobs.FAILED else snap.message  # error text
            why = f": {message}" if message else ""
            name = (_("Run {id}", id=md(snap.run_id)) if snap.run_id
                    else _("The training"))
            MESSAGES[snap.state](_("{name} {state}", name=name, state=status_name(snap.state))
                                 + f"{why}{kept}{accuracy}")
    view()


def results(run_id: str) -> None:
    try:
        run = runs.get_run(run_id)
    except ValueError:   # deleted from the Runs tab meanwhile
        return
    if not run.usable:   # no checkpoint (failed early), or a damaged one: the Runs tab says
        return
    try:
        rep = report(run_id)
    except ValueError as err:
        st.error(md(i18n.error_text(err)))
        return
    explore(run)
    left, right = st.columns([3, 2])
    with left:
        st.subheader(_("Confusion matrix (test split)"))
        st.plotly_chart(i18n.figure(figs.confusion_matrix(rep.confusion, rep.classes)))
    with right:
        st.subheader(_("Most confident mistakes ({n})", n=len(rep.mistakes)))
        if rep.mistakes:
            st.image([m.pixels for m in rep.mistakes], width=84,
                     caption=[f"{m.truth}→{m.predicted} {m.confidence:.0%}" for m in rep.mistakes])
        else:
            st.write(_("None: every test image is right.")
                     if run.config.get("dataset") in IMAGE_SETS
                     else _("Point datasets have no images to show."))
    c = st.columns(2)
    c[0].download_button(_("Download checkpoint (.pt, weights only)"),
                         (run.path / runs.CHECKPOINT).read_bytes(), f"{run_id}.pt",
                         icon=":material/download:")
    if (run.path / runs.METRICS).exists():
        try:
            metrics_csv = csv_bytes(runs.load_metrics(run_id))   # formula-safe for spreadsheets
        except ValueError as err:
            c[1].caption(_("metrics.csv cannot be offered: {why}", why=md(str(err))))
        else:
            c[1].download_button(_("Download metrics (.csv)"), metrics_csv,
                                 f"{run_id}-metrics.csv", icon=":material/download:")


EXPLORED = "train.explored"   # the finished run this session has already made current
EXPLORING = "train.exploring"   # the run whose Explore links are shown


def explore(run) -> None:
    """A finished run becomes the current model once; *Explore this run* makes it current
    again and links the pages that look into it."""
    if st.session_state.get(EXPLORED) != run.id:
        st.session_state[EXPLORED] = run.id
        current.set_model(run.id)
    with st.container(border=True):
        if run.config.get("dataset") not in IMAGE_SETS:
            st.caption(_("Trained on 2-D points: Predict, Feature maps and t-SNE need a model "
                         "of images, so there is no run to explore there."))
            return
        pressed = st.button(_("Explore this run"), icon=":material/travel_explore:",
                            type="primary", key="explore",
                            help=_("Makes this run the model that Predict, Feature maps, "
                                   "t-SNE and PR curves start from, and opens them here."))
        if pressed:
            current.set_model(run.id)
            st.session_state[EXPLORING] = run.id
        if st.session_state.get(EXPLORING) == run.id:
            st.caption(_("Run {id} is the current model (shown in the sidebar). Open it on:",
                         id=md(run.id)))
            current.explore_links(run.id)


DIFFERS_STYLE = "background-color: #fef3c7"   # settings that differ between compared runs
COMPARE_DEFAULT = "train.compare_default"      # the runs compared first on the last run


def latest_runs(comparable: dict, count: int = 3) -> list[str]:
    """The newest ``count`` runs to compare first: this session's, then others', never the
    default model's run (``comparable``: id -> RunInfo, newest first)."""
    from explorer.refs import DEFAULT_RUN
    candidates = [rid for rid in comparable if rid != DEFAULT_RUN]
    return sorted(candidates, key=lambda rid: comparable[rid].session != session)[:count]


def runs_view() -> None:
    available = runs.list_runs()
    if not available:
        st.info(_("No runs yet: every training started here (or with `python -m "
                  "explorer.train`) is saved under `{folder}/` and listed here.",
                  folder=md(runs.runs_root())))
        return
    troubled = [r for r in available if r.status in (runs.DAMAGED, runs.INTERRUPTED)]
    if troubled:
        st.markdown(_("**{n} run(s) need attention**: damaged files, or a training process "
                      "that is gone. Their other files are kept; delete them below.",
                      n=len(troubled)))
        st.dataframe([{_("run"): r.id, _("status"): status_name(r.status),
                       _("problem"): r.problem, _("model usable"): r.usable}
                      for r in troubled], hide_index=True)
    comparable = {r.id: r for r in available if r.config}   # a readable config
    newest = latest_runs(comparable)
    if st.session_state.get("compare") == st.session_state.get(COMPARE_DEFAULT):
        st.session_state.pop("compare", None)    # untouched: it follows the newest runs
    st.session_state[COMPARE_DEFAULT] = newest
    chosen = links.choices(st.multiselect, _("Runs to compare"), list(comparable),
                           key="compare", default=newest,
                           format_func=lambda rid: run_label(comparable[rid]),
                           placeholder=_("Choose runs"),
                           help=_("Starts with your newest runs (this session's first); the "
                                  "default model is listed too."))
    curves = {}
    for rid in chosen:
        try:
            metrics = runs.load_metrics(rid)
        except ValueError:   # a damaged metrics.csv: listed above with its problem
            continue
        if len(metrics):
            curves[rid] = (metrics["epoch"].tolist(), metrics["val_loss"].tolist(),
                           metrics["val_acc"].tolist())
    if curves:
        st.plotly_chart(i18n.figure(figs.run_comparison(curves)))
    if chosen:
        st.markdown(_("**Settings side by side**: rows that differ, highlighted and first, are "
                      "what explain the curves"))
        table = runs.compare_configs([comparable[rid] for rid in chosen])
        differs = table.nunique(axis=1) > 1
        st.dataframe(table.style.apply(lambda row: [DIFFERS_STYLE if differs[row.name] else ""]
                                       * len(row), axis=1),
                     height=min(35 * len(table) + 40, 900))   # every row shown, no scrolling
    delete_runs(available)


def delete_runs(available) -> None:
    """This session's own runs can be deleted; the others say why not."""
    mine = {r.id: r for r in available if runs.deletable(r, session) is None}
    with st.popover(_("Delete runs"), icon=":material/delete:"):
        st.caption(_("You can delete the runs this browser session made. Runs of other "
                     "sessions, from the command line, still training, or the default model "
                     "stay."))
        doomed = st.multiselect(_("Runs to delete"), list(mine),
                                format_func=lambda rid: run_label(mine[rid]),
                                placeholder=_("Choose runs"))
        if st.button(_("Delete for good"), disabled=not doomed, type="primary"):
            for rid in doomed:
                try:
                    runs.delete_run(rid, session=session)
                except (ValueError, OSError) as err:
                    st.error(md(i18n.error_text(err)))
                    return
            st.rerun()


tab_train, tab_runs = links.tabs([_("Train"), _("Runs")], ["train", "runs"], key="tab")
with tab_train:
    start_worker_pool()
    st.caption(_("Device: **{device}**", device=device_name()))
    own_images.upload_section(select_key="data")
    config = config_form()
    job = jobs.JOBS.get(session)
    if config is not None:
        try:
            job = jobs.JOBS.start(session, config)
        except (ValueError, jobs.JobRunning) as err:
            st.error(md(i18n.error_text(err)))
    active = job is not None and job.active
    queued = active and job.state == jobs.QUEUED
    if active and st.button(_("Leave the queue") if queued else _("Stop"), icon=":material/stop:",
                            help=None if queued else _(
                                "Stops at the next step; a run that does not answer within "
                                "{grace} s is ended. Either way it keeps its best checkpoint.",
                                grace=f"{jobs.GRACE_S:g}")):
        jobs.JOBS.stop(session)
        st.rerun()
    live_view(polling=active)
    finished_run = job.snapshot().run_id if job is not None and not active else None
    if finished_run:
        results(finished_run)
with tab_runs:
    runs_view()

notes_panel.show("app_pages/train.py", **{  # the form's widgets live in a function
    k: st.session_state[k] for k in ("data", "net", "opt", "lr", "epochs", "batch", "sched",
                                     "warmup", "loss", "eps", "seed") if k in st.session_state})
