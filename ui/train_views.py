"""The Training lab's views: starting and stopping this session's training, its live progress
and curves, the finished run's report (confusion matrix, mistakes, downloads, Explore this
run), and the Runs tab (Compare runs, settings side by side, Delete runs).
"""
from __future__ import annotations

import re

import streamlit as st

from explorer import jobs, runs
from explorer.data import is_image_set, unavailable_reason
from explorer.figures import training as figs
from explorer.refs import DEFAULT_RUN
from explorer.run_report import evaluate_run
from explorer.tables import csv_bytes
from explorer.train import FIRST_RUN, TrainConfig, device_label, pick_device
from ui import current, i18n, links, train_form
from ui.i18n import _
from ui.run_menu import problem_text, run_label, session_id, status_name
from ui.text import md

MESSAGES = {jobs.FINISHED: st.success, jobs.STOPPED: st.warning, jobs.EARLY_STOPPED: st.info,
            jobs.DIVERGED: st.error, jobs.FAILED: st.error, jobs.INTERRUPTED: st.error,
            jobs.CANCELLED: st.info}
EXPLORED = "train.explored"   # the finished run this session has already made current
EXPLORING = "train.exploring"   # the run whose Explore links are shown
DIFFERS_STYLE = "background-color: #fef3c7"   # settings that differ between compared runs
COMPARE_DEFAULT = "train.compare_default"      # the runs compared first on the last run


@st.cache_resource(show_spinner=False)
def start_worker_pool() -> None:
    """Once per server: the first training then starts in a fraction of a second, and each
    worker finds `streamlit run`'s own imports (which it re-runs) already loaded."""
    jobs.warm_up("streamlit.web.cli")


@st.cache_resource(show_spinner=False)
def device_name() -> str:
    return device_label(pick_device())


@st.cache_data(max_entries=16, show_spinner=False)
def report(run_id: str):
    return evaluate_run(run_id)


def ordinal(n: int) -> str:
    """1st, 2nd, ... (the Chinese template says 第 {place} 位 itself)."""
    if i18n.is_zh():
        return str(n)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


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


def training(config: TrainConfig | None) -> None:
    """The Train tab under the form: start ``config`` (when Start was pressed), the Stop or
    Leave-the-queue button, the live view, and the finished run's report."""
    session = session_id()
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
    live_view(session, polling=active)
    finished_run = job.snapshot().run_id if job is not None and not active else None
    if finished_run:
        results(finished_run)


def live_view(session: str, polling: bool) -> None:
    @st.fragment(run_every=0.5 if polling else None)
    def view():
        job = jobs.JOBS.get(session)
        if job is None:
            _first_hint()
            return
        snap = job.snapshot()
        if polling and snap.state not in jobs.ACTIVE:
            st.rerun()  # the whole page: buttons and results follow the finished state
        if snap.state == jobs.QUEUED:
            _queued(snap)
            return
        _progress(snap)
        if snap.steps:
            _live_metrics(snap)
        if snap.state not in jobs.ACTIVE:
            _outcome(snap)
    view()


def _first_hint() -> None:
    """What Start does: the first run's measured result, or the model and dataset chosen."""
    dataset, model = st.session_state.get("data"), st.session_state.get("net")
    if dataset is not None and unavailable_reason(dataset):
        st.warning(_("{dataset} is not on this machine: **Get data** on the Home page "
                     "downloads it, or put torchvision's files in the data folder.",
                     dataset=train_form.dataset_name(dataset)))
    elif (dataset, model) in ((None, None), (FIRST_RUN.dataset, FIRST_RUN.model)):
        st.info(_("Press **Start training**: LeNet-5 on the bundled digits (Adam, cosine "
                  "decay, label smoothing ε = 0.1) reaches 97-99 % test accuracy in 10 "
                  "epochs on a CPU (measured 97.2-98.9 % for random seeds 0-4)."))
    else:
        st.info(_("Press **Start training** to train {model} on {dataset} with the settings "
                  "above.", model=train_form.model_label(model),
                  dataset=train_form.dataset_label(dataset)))


def device_text() -> str:
    """The device in the reader's language: "CPU (2 threads)", "CPU（2 个线程）", "GPU: …"."""
    label = device_name()
    threads = re.fullmatch(r"CPU \((\d+) threads?\)", label)
    return i18n.pick(label, f"CPU（{threads[1]} 个线程）") if threads else label


def _queued(snap) -> None:
    ahead = snap.queue_position - 1
    st.info(_("Waiting for a free slot: {place} in the queue, {ahead} ahead of yours. "
              "This server runs {capacity} at once; yours starts by itself when one "
              "ends.", place=ordinal(snap.queue_position),
              ahead=_("1 training") if ahead == 1 else _("{n} trainings", n=ahead),
              capacity=jobs.JOBS.capacity))


def _progress(snap) -> None:
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


def _live_metrics(snap) -> None:
    last = snap.steps[-1]
    val = snap.epochs[-1] if snap.epochs else {}
    c = st.columns(5)
    c[0].metric(_("train loss"), loss_text(last["loss"]),
                help=_("The training criterion: with label smoothing ε > 0 its minimum "
                       "is above 0 (about 0.5 at ε = 0.1 on 10 classes); the "
                       "validation loss is plain cross-entropy."))
    c[1].metric(_("val accuracy"), f"{val['val_acc']:.1%}" if val else "—")
    c[2].metric(_("val loss"), loss_text(val["val_loss"]) if val else "—")
    c[3].metric(_("learning rate"), f"{last['lr']:.3g}")   # 0.01 … 0.00012 … 0 (cosine's end)
    c[4].metric(_("grad norm"), f"{last['grad_norm']:.3g}")
    log_loss = links.toggle(_("Loss on a log axis"), key="log",
                            help=_("A diverging run's loss (1e15) flattens the rest of "
                                   "the curve on a linear axis; on a log axis every "
                                   "power of ten gets the same room."))
    st.plotly_chart(i18n.figure(figs.live_curves(snap.steps, snap.epochs, log_loss)),
                    key="live_curves")


def loss_text(loss: float) -> str:
    """0.8623, or 1.8e+10 for a diverging run (18008031665.2 was cut in its metric box)."""
    return f"{loss:.4f}" if abs(loss) < 1e4 else f"{loss:.3g}"


def _outcome(snap) -> None:
    accuracy = ("" if snap.test_accuracy is None
                else _(" — test accuracy {acc}", acc=f"{snap.test_accuracy:.1%}"))
    kept = _(" — kept the {what}", what=kept_text(snap.kept)) if snap.kept else ""
    message = i18n.message(snap.message)              # a divergence reason, an error text
    message = md(message) if snap.state == jobs.FAILED else message
    why = i18n.pick(": ", "：") + message if message else ""
    name = _("Run {id}", id=md(snap.run_id)) if snap.run_id else _("The training")
    MESSAGES[snap.state](_("{name} {state}", name=name, state=status_name(snap.state))
                         + f"{why}{kept}{accuracy}")


def short_class(name: str) -> str:
    """MNIST's class "8 - eight" as "8": a mistake's caption then fits under its image."""
    head, sep, _tail = str(name).partition(" - ")
    return head if sep and head.isdigit() else str(name)


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
        if not is_image_set(run.config.get("dataset")):   # its mistakes are in the matrix
            st.subheader(_("Most confident mistakes"))
            st.write(_("Point datasets have no images to show."))
        elif rep.mistakes:
            st.subheader(_("Most confident mistakes ({n})", n=len(rep.mistakes)))
            st.image([m.pixels for m in rep.mistakes], width=64,   # 4 a row at 1280 px
                     caption=[f"{short_class(m.truth)}→{short_class(m.predicted)} "
                              f"{m.confidence:.0%}" for m in rep.mistakes])
        else:
            st.subheader(_("Most confident mistakes ({n})", n=0))
            st.write(_("None: every test image is right."))
    _downloads(run)


def _downloads(run) -> None:
    c = st.columns(2)
    c[0].download_button(_("Download checkpoint (.pt, weights only)"),
                         (run.path / runs.CHECKPOINT).read_bytes(), f"{run.id}.pt",
                         icon=":material/download:")
    if (run.path / runs.METRICS).exists():
        try:
            metrics_csv = csv_bytes(runs.load_metrics(run.id))   # formula-safe for spreadsheets
        except ValueError as err:
            c[1].caption(_("metrics.csv cannot be offered: {why}", why=md(str(err))))
        else:
            c[1].download_button(_("Download metrics (.csv)"), metrics_csv,
                                 f"{run.id}-metrics.csv", icon=":material/download:")


def explore(run) -> None:
    """A finished run becomes the current model once; *Explore this run* makes it current
    again and links the pages that look into it."""
    if st.session_state.get(EXPLORED) != run.id:
        st.session_state[EXPLORED] = run.id
        current.set_model(run.id)
    with st.container(border=True):
        if not is_image_set(run.config.get("dataset")):
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


def latest_runs(comparable: dict, session: str, count: int = 3) -> list[str]:
    """The newest ``count`` runs to compare first: ``session``'s, then others', never the
    default model's run (``comparable``: id -> RunInfo, newest first)."""
    candidates = [rid for rid in comparable if rid != DEFAULT_RUN]
    return sorted(candidates, key=lambda rid: comparable[rid].session != session)[:count]


def runs_view() -> None:
    session = session_id()
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
                       _("problem"): problem_text(r), _("model usable"): r.usable}
                      for r in troubled], hide_index=True)
    comparable = {r.id: r for r in available if r.config}   # a readable config
    chosen = _compared(comparable, latest_runs(comparable, session))
    _comparison(comparable, chosen)
    delete_runs(available, session)


def _compared(comparable: dict, newest: list[str]) -> list[str]:
    """The Runs to compare menu: it follows the newest runs until the user picks some."""
    if st.session_state.get("compare") == st.session_state.get(COMPARE_DEFAULT):
        st.session_state.pop("compare", None)    # untouched: it follows the newest runs
    st.session_state[COMPARE_DEFAULT] = newest
    return links.choices(st.multiselect, _("Runs to compare"), list(comparable),
                         key="compare", default=newest,
                         format_func=lambda rid: run_label(comparable[rid]),
                         placeholder=_("Choose runs"),
                         help=_("Starts with your newest runs (this session's first); the "
                                "default model is listed too."))


def _comparison(comparable: dict, chosen: list[str]) -> None:
    """The chosen runs' validation curves and their settings side by side."""
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
        table = table.apply(lambda row: row.map(lambda v: train_form.setting_value(row.name, v)),
                            axis=1).rename(index=train_form.setting_label)
        differs = table.nunique(axis=1) > 1
        st.dataframe(table.style.apply(lambda row: [DIFFERS_STYLE if differs[row.name] else ""]
                                       * len(row), axis=1),
                     column_config={"_index": st.column_config.TextColumn(width="medium")},
                     height=35 * len(table) + 40)   # every row shown (~30), no scrolling


def delete_runs(available, session: str) -> None:
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
