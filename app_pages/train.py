"""Training lab: configure a small network, train it in the background, watch it learn."""
import uuid

import streamlit as st

from explorer import jobs, runs
from explorer.data import DATASET_NAMES, unavailable_reason
from explorer.figures import training as figs
from explorer.models import MODEL_NAMES
from explorer.run_report import evaluate_run
from explorer.tables import csv_bytes
from explorer.train import OPTIMIZERS, SCHEDULES, TrainConfig, device_label, pick_device
from ui.text import md

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
MESSAGES = {jobs.FINISHED: st.success, jobs.STOPPED: st.warning,
            jobs.EARLY_STOPPED: st.info, jobs.DIVERGED: st.error, jobs.FAILED: st.error}

st.title("Training lab")
st.caption("The seeds' training loop (000, 002, 004): data → model → loss → optimizer → LR "
           "schedule → validation every epoch → early stopping. It runs in the background: "
           "switch pages and come back, it keeps going.")

session = st.session_state.setdefault("training_session", uuid.uuid4().hex)


@st.cache_resource(show_spinner=False)
def device_name() -> str:
    return device_label(pick_device())


@st.cache_data(max_entries=16, show_spinner="Evaluating on the test split…")
def report(run_id: str):
    return evaluate_run(run_id)


def dataset_label(name: str) -> str:
    return name if unavailable_reason(name) is None else f"{name} (files not on this machine)"


def config_form() -> TrainConfig | None:
    """The settings form; returns a config when Start is pressed."""
    with st.form("config", border=True):
        c = st.columns(4)
        dataset = c[0].selectbox("Dataset", DATASET_NAMES, format_func=dataset_label,
                                 help="digits is bundled with scikit-learn (8×8, 1,797 images); "
                                      "MNIST, Fashion-MNIST and CIFAR-10 are used when their "
                                      "files are in the data folder; moons, circles and spirals "
                                      "are 2-D points for the MLP.")
        model = c[1].selectbox("Model", MODEL_NAMES, index=MODEL_NAMES.index("lenet"))
        optimizer = c[2].selectbox("Optimizer", OPTIMIZERS, index=OPTIMIZERS.index("adam"))
        lr = c[3].select_slider("Learning rate", LEARNING_RATES, value=1e-2,
                                help="Push it to 10 or 100 to see a divergence caught.")
        c = st.columns(4)
        epochs = c[0].slider("Epochs", 1, 60, 10)
        batch_size = c[1].select_slider("Batch size", (8, 16, 32, 64, 128, 256, 512), value=64)
        schedule = c[2].selectbox("LR schedule", SCHEDULES, index=SCHEDULES.index("cosine"))
        warmup = c[3].number_input("Linear warmup (epochs)", 0.0, 59.0, 0.0, 0.5)
        with st.expander("Loss, regularisation, MLP shape, seed"):
            c = st.columns(4)
            loss = c[0].selectbox("Loss", ("ce", "focal"),
                                  format_func={"ce": "cross-entropy", "focal": "focal"}.get)
            smoothing = c[1].slider("Label smoothing ε", 0.0, 0.5, 0.0, 0.05)
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
            st.info("Press **Start training**: LeNet-5 on the bundled digits reaches about "
                    "96 % test accuracy in a few seconds on a CPU.")
            return
        snap = job.snapshot()
        if polling and snap.state != jobs.RUNNING:
            st.rerun()  # the whole page: buttons and results follow the finished state
        last = snap.steps[-1] if snap.steps else None
        text = "starting…"
        if last:
            text = (f"epoch {last['epoch']:.1f} / {snap.config.epochs} · step {last['step']} / "
                    f"{last['total_steps']} · {last['samples_per_s']:,.0f} samples/s"
                    + (f" · about {snap.eta_s:.0f} s left" if snap.state == jobs.RUNNING else ""))
        st.progress(min(snap.progress, 1.0), text=text)
        if last:
            val = snap.epochs[-1] if snap.epochs else {}
            c = st.columns(5)
            c[0].metric("train loss", f"{last['loss']:.4f}")
            c[1].metric("val accuracy", f"{val['val_acc']:.1%}" if val else "—")
            c[2].metric("val loss", f"{val['val_loss']:.4f}" if val else "—")
            c[3].metric("learning rate", f"{last['lr']:.2e}")
            c[4].metric("grad norm", f"{last['grad_norm']:.3g}")
            st.plotly_chart(figs.live_curves(snap.steps, snap.epochs), key="live_curves")
        if snap.state != jobs.RUNNING:
            accuracy = ("" if snap.test_accuracy is None
                        else f" — test accuracy {snap.test_accuracy:.1%}")
            why = f": {snap.message}" if snap.message else ""
            MESSAGES[snap.state](f"Run {snap.run_id or ''} {snap.state}{why}{accuracy}")
    view()


def results(run_id: str) -> None:
    run = runs.get_run(run_id)
    if not (run.path / runs.CHECKPOINT).exists():
        return
    try:
        rep = report(run_id)
    except ValueError as err:
        st.error(str(err))
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


def runs_view() -> None:
    available = runs.list_runs()
    if not available:
        st.info("No runs yet: every training started here (or with `python -m explorer.train`) "
                f"is saved under `{runs.runs_root()}/` and listed here.")
        return
    labels = {r.label: r for r in available}
    chosen = st.multiselect("Runs to compare", list(labels), default=list(labels)[:3])
    if not chosen:
        st.warning("Pick at least one run.")
        return
    curves = {}
    for label in chosen:
        metrics = runs.load_metrics(labels[label].id)
        if len(metrics):
            curves[labels[label].id] = (metrics["epoch"].tolist(), metrics["val_loss"].tolist(),
                                        metrics["val_acc"].tolist())
    if curves:
        st.plotly_chart(figs.run_comparison(curves))
    st.markdown("**Settings side by side** (rows that differ are what explain the curves)")
    st.dataframe(runs.compare_configs([labels[label] for label in chosen]))
    with st.popover("Delete runs", icon=":material/delete:"):
        doomed = st.multiselect("Runs to delete", chosen)
        if st.button("Delete for good", disabled=not doomed, type="primary"):
            for label in doomed:
                runs.delete_run(labels[label].id)
            st.rerun()


tab_train, tab_runs = st.tabs(["Train", "Runs"])
with tab_train:
    st.caption(f"Device: **{device_name()}**")
    config = config_form()
    job = jobs.JOBS.get(session)
    if config is not None:
        try:
            job = jobs.JOBS.start(session, config)
        except (ValueError, jobs.JobRunning) as err:
            st.error(str(err))
    running = job is not None and job.running
    if running and st.button("Stop", icon=":material/stop:"):
        stopped = jobs.JOBS.stop(session)
        if not stopped:
            st.warning("The run is finishing its current step; it will stop in a moment.")
        st.rerun()
    live_view(polling=running)
    finished_run = job.snapshot().run_id if job is not None and not running else None
    if finished_run:
        results(finished_run)
with tab_runs:
    runs_view()
