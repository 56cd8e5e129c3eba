"""Training lab: configure a small network, train it in the background, watch it learn."""
import streamlit as st

from explorer import jobs, runs
from explorer.data import DATASET_NAMES, unavailable_reason
from explorer.figures import training as figs
from explorer.models import MODEL_NAMES
from explorer.run_report import evaluate_run
from explorer.tables import csv_bytes
from explorer.train import (FIRST_RUN, OPTIMIZERS, SCHEDULES, TrainConfig, device_label,
                            pick_device)
from ui.run_menu import session_id
from ui.text import md

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
MESSAGES = {jobs.FINISHED: st.success, jobs.STOPPED: st.warning, jobs.EARLY_STOPPED: st.info,
            jobs.DIVERGED: st.error, jobs.FAILED: st.error, jobs.INTERRUPTED: st.error,
            jobs.CANCELLED: st.info}

st.title("Training lab")
st.caption("The seeds' training loop (000, 002, 004): data → model → loss → optimizer → LR "
           "schedule → validation every epoch → early stopping. It runs in a process of its "
           "own: switch pages and come back, it keeps going. A run keeps the weights of its "
           "epoch with the lowest validation loss.")

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
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@st.cache_data(max_entries=16, show_spinner="Evaluating on the test split…")
def report(run_id: str):
    return evaluate_run(run_id)


def dataset_label(name: str) -> str:
    return name if unavailable_reason(name) is None else f"{name} (files not on this machine)"


def config_form() -> TrainConfig | None:
    """The settings form, at FIRST_RUN's values; returns a config when Start is pressed."""
    d = FIRST_RUN
    with st.form("config", border=True):
        c = st.columns(4)
        dataset = c[0].selectbox("Dataset", DATASET_NAMES, format_func=dataset_label,
                                 help="digits is bundled with scikit-learn (8×8, 1,797 images); "
                                      "MNIST, Fashion-MNIST and CIFAR-10 are used when their "
                                      "files are in the data folder; moons, circles and spirals "
                                      "are 2-D points for the MLP.")
        model = c[1].selectbox("Model", MODEL_NAMES, index=MODEL_NAMES.index(d.model))
        optimizer = c[2].selectbox("Optimizer", OPTIMIZERS, index=OPTIMIZERS.index(d.optimizer))
        lr = c[3].select_slider("Learning rate", LEARNING_RATES, value=d.lr,
                                help="Push it to 10 or 100 to see a divergence caught.")
        c = st.columns(4)
        epochs = c[0].slider("Epochs", 1, 60, d.epochs)
        batch_size = c[1].select_slider("Batch size", (8, 16, 32, 64, 128, 256, 512),
                                        value=d.batch_size)
        schedule = c[2].selectbox("LR schedule", SCHEDULES, index=SCHEDULES.index(d.schedule))
        warmup = c[3].number_input("Linear warmup (epochs)", 0.0, 59.0, d.warmup_epochs, 0.5)
        with st.expander("Loss, regularisation, MLP shape, seed"):
            c = st.columns(4)
            loss = c[0].selectbox("Loss", ("ce", "focal"),
                                  format_func={"ce": "cross-entropy", "focal": "focal"}.get)
            smoothing = c[1].slider("Label smoothing ε", 0.0, 0.5, d.label_smoothing, 0.05,
                                    help="Note 001's Label-smooth: the target puts 1 − ε + ε/K "
                                         "on the true class and ε/K on each other one.")
            noise = c[2].slider("Label noise (fraction of train labels)", 0.0, 0.9, 0.0, 0.05)
            weight_decay = c[3].select_slider("Weight decay", (0.0, 1e-5, 1e-4, 1e-3, 1e-2),
                                              value=0.0)
            c = st.columns(4)
            momentum = c[0].slider("Momentum (SGD/RMSprop)", 0.0, 0.99, 0.9, 0.01)
            grad_clip = c[1].number_input("Clip grad norm (0 = off)", 0.0, 100.0, 0.0, 0.5)
            patience = c[2].number_input("Early-stopping patience (0 = off)", 0, 20, 0)
            seed = c[3].number_input("Seed", 0, 2**31 - 1, 0)
            c = st.columns(4)
            depth = c[0].slider("MLP depth", 1, 8, 2)
            width = c[1].select_slider("MLP width", (16, 32, 64, 128, 256, 512), value=128)
            activation = c[2].selectbox("MLP activation", ("relu", "tanh", "sigmoid", "gelu"))
            dropout = c[3].slider("MLP dropout", 0.0, 0.8, 0.0, 0.1)
            batchnorm = st.checkbox("MLP BatchNorm")
            amp = st.checkbox("Mixed precision (AMP, CUDA only)", value=True)
        if not st.form_submit_button("Start training", type="primary", icon=":material/play_arrow:"):
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
            st.info("Press **Start training**: LeNet-5 on the bundled digits (Adam, cosine "
                    "decay, label smoothing ε = 0.1) reaches 97-99 % test accuracy in 10 "
                    "epochs on a CPU (measured 97.2-98.9 % for seeds 0-4).")
            return
        snap = job.snapshot()
        if polling and snap.state not in jobs.ACTIVE:
            st.rerun()  # the whole page: buttons and results follow the finished state
        if snap.state == jobs.QUEUED:
            ahead = snap.queue_position - 1
            st.info(f"Waiting for a free slot: {ordinal(snap.queue_position)} in the queue, "
                    f"{ahead} training{'' if ahead == 1 else 's'} ahead of yours. This server "
                    f"runs {jobs.JOBS.capacity} at once; yours starts by itself when one ends.")
            return
        last = snap.steps[-1] if snap.steps else None
        text = f"{snap.phase}…" if snap.phase else ""
        if last:
            left = (f" · about {snap.eta_s:.0f} s left"
                    if snap.state == jobs.RUNNING and snap.eta_s is not None else "")
            text = (f"epoch {last['epoch']:.1f} / {snap.config.epochs} · step {last['step']} / "
                    f"{last['total_steps']} · {last['samples_per_s']:,.0f} samples/s{left}")
        st.progress(min(snap.progress, 1.0), text=text)
        if snap.phase == jobs.STARTING:
            st.caption("Each training runs in a process of its own, forked from a pool that "
                       "has torch loaded. Only the first training after the server started "
                       "waits for that pool (seconds); later ones start at once.")
        if last:
            val = snap.epochs[-1] if snap.epochs else {}
            c = st.columns(5)
            c[0].metric("train loss", f"{last['loss']:.4f}",
                        help="The training criterion: with label smoothing ε > 0 its minimum "
                             "is above 0 (about 0.5 at ε = 0.1 on 10 classes); the validation "
                             "loss is plain cross-entropy.")
            c[1].metric("val accuracy", f"{val['val_acc']:.1%}" if val else "—")
            c[2].metric("val loss", f"{val['val_loss']:.4f}" if val else "—")
            c[3].metric("learning rate", f"{last['lr']:.2e}")
            c[4].metric("grad norm", f"{last['grad_norm']:.3g}")
            log_loss = st.toggle("Loss on a log axis", key="log_loss",
                                 help="A diverging run's loss (1e15) flattens the rest of the "
                                      "curve on a linear axis; on a log axis every power of "
                                      "ten gets the same room.")
            st.plotly_chart(figs.live_curves(snap.steps, snap.epochs, log_loss),
                            key="live_curves")
        if snap.state not in jobs.ACTIVE:
            accuracy = ("" if snap.test_accuracy is None
                        else f" — test accuracy {snap.test_accuracy:.1%}")
            kept = f" — kept the {snap.kept}" if snap.kept else ""
            message = md(snap.message) if snap.state == jobs.FAILED else snap.message  # error text
            why = f": {message}" if message else ""
            name = f"Run {md(snap.run_id)}" if snap.run_id else "The training"
            MESSAGES[snap.state](f"{name} {snap.state}{why}{kept}{accuracy}")
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
        st.error(md(str(err)))
        return
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Confusion matrix (test split)")
        st.plotly_chart(figs.confusion_matrix(rep.confusion, rep.classes))
    with right:
        st.subheader(f"Most confident mistakes ({len(rep.mistakes)})")
        if rep.mistakes:
            st.image([m.pixels for m in rep.mistakes], width=84,
                     caption=[f"{m.truth}→{m.predicted} {m.confidence:.0%}" for m in rep.mistakes])
        else:
            st.write("None: every test image is right." if run.config.get("dataset") != "moons"
                     else "Point datasets have no images to show.")
    c = st.columns(2)
    c[0].download_button("Download checkpoint (.pt, weights only)",
                         (run.path / runs.CHECKPOINT).read_bytes(), f"{run_id}.pt",
                         icon=":material/download:")
    if (run.path / runs.METRICS).exists():
        try:
            metrics_csv = csv_bytes(runs.load_metrics(run_id))   # formula-safe for spreadsheets
        except ValueError as err:
            c[1].caption(f"metrics.csv cannot be offered: {md(str(err))}")
        else:
            c[1].download_button("Download metrics (.csv)", metrics_csv,
                                 f"{run_id}-metrics.csv", icon=":material/download:")


DIFFERS_STYLE = "background-color: #fef3c7"   # settings that differ between compared runs


def latest_runs(labels: dict, count: int = 3) -> list[str]:
    """The newest ``count`` runs to compare first: this session's, then others', never the
    default model's run (``labels`` is newest first)."""
    from explorer.predict import DEFAULT_RUN
    candidates = [label for label, r in labels.items() if r.id != DEFAULT_RUN]
    return sorted(candidates, key=lambda label: labels[label].session != session)[:count]


def runs_view() -> None:
    available = runs.list_runs()
    if not available:
        st.info("No runs yet: every training started here (or with `python -m explorer.train`) "
                f"is saved under `{md(runs.runs_root())}/` and listed here.")
        return
    troubled = [r for r in available if r.status in (runs.DAMAGED, runs.INTERRUPTED)]
    if troubled:
        st.markdown(f"**{len(troubled)} run(s) need attention**: damaged files, or a training "
                    "process that is gone. Their other files are kept; delete them below.")
        st.dataframe([{"run": r.id, "status": r.status, "problem": r.problem,
                       "model usable": r.usable} for r in troubled], hide_index=True)
    labels = {r.label: r for r in available if r.config}   # a readable config: comparable
    chosen = st.multiselect("Runs to compare", list(labels), default=latest_runs(labels),
                            help="Starts with your newest runs (this session's first); the "
                                 "default model is listed too.")
    curves = {}
    for label in chosen:
        try:
            metrics = runs.load_metrics(labels[label].id)
        except ValueError:   # a damaged metrics.csv: listed above with its problem
            continue
        if len(metrics):
            curves[labels[label].id] = (metrics["epoch"].tolist(), metrics["val_loss"].tolist(),
                                        metrics["val_acc"].tolist())
    if curves:
        st.plotly_chart(figs.run_comparison(curves))
    if chosen:
        st.markdown("**Settings side by side**: rows that differ, highlighted and first, are "
                    "what explain the curves")
        table = runs.compare_configs([labels[label] for label in chosen])
        differs = table.nunique(axis=1) > 1
        st.dataframe(table.style.apply(lambda row: [DIFFERS_STYLE if differs[row.name] else ""]
                                       * len(row), axis=1),
                     height=min(35 * len(table) + 40, 900))   # every row shown, no scrolling
    delete_runs(available)


def delete_runs(available) -> None:
    """This session's own runs can be deleted; the others say why not."""
    mine = {r.label: r for r in available if runs.deletable(r, session) is None}
    with st.popover("Delete runs", icon=":material/delete:"):
        st.caption("You can delete the runs this browser session made. Runs of other sessions, "
                   "from the command line, still training, or the default model stay.")
        doomed = st.multiselect("Runs to delete", list(mine))
        if st.button("Delete for good", disabled=not doomed, type="primary"):
            for label in doomed:
                try:
                    runs.delete_run(mine[label].id, session=session)
                except (ValueError, OSError) as err:
                    st.error(md(str(err)))
                    return
            st.rerun()


tab_train, tab_runs = st.tabs(["Train", "Runs"])
with tab_train:
    start_worker_pool()
    st.caption(f"Device: **{device_name()}**")
    config = config_form()
    job = jobs.JOBS.get(session)
    if config is not None:
        try:
            job = jobs.JOBS.start(session, config)
        except (ValueError, jobs.JobRunning) as err:
            st.error(md(str(err)))
    active = job is not None and job.active
    queued = active and job.state == jobs.QUEUED
    if active and st.button("Leave the queue" if queued else "Stop", icon=":material/stop:",
                            help=None if queued else "Stops at the next step; a run that does "
                            f"not answer within {jobs.GRACE_S:g} s is ended. Either way it keeps "
                            "its best checkpoint."):
        jobs.JOBS.stop(session)
        st.rerun()
    live_view(polling=active)
    finished_run = job.snapshot().run_id if job is not None and not active else None
    if finished_run:
        results(finished_run)
with tab_runs:
    runs_view()
