"""Training lab under AppTest: start a run, watch it, see it finish with results, stop one,
wait in the queue, divergence, bad input."""
import json
import re
import time
from dataclasses import replace

import pytest

from explorer import jobs
from explorer.train import FIRST_RUN, TrainConfig
from tests.app.apptest import open_page


@pytest.fixture
def at(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    return open_page("train").run()


def _job(at):
    return jobs.JOBS.get(at.session_state["training_session"])


def _start(at, **choices):
    for slider in at.slider:
        if slider.label in choices:
            slider.set_value(choices[slider.label])
    for box in at.selectbox:
        if box.label in choices:
            box.set_value(choices[box.label])
    next(b for b in at.button if b.label == "Start training").click().run()
    return _job(at)


def test_default_run_explains_and_shows_the_device(at):
    assert not at.exception and not at.error
    assert "Device: **CPU" in at.caption[1].value or "Device: **GPU" in at.caption[1].value
    assert "Press **Start training**" in at.info[0].value
    assert "No runs yet" in at.info[1].value


def test_start_trains_in_background_then_shows_results(at):
    job = _start(at, Epochs=2)
    assert job is not None and job.config.epochs == 2 and job.config.model == "lenet"
    assert replace(job.config, epochs=FIRST_RUN.epochs) == FIRST_RUN   # the form's defaults
    job.join(120)
    at.run()
    assert not at.exception
    snap = job.snapshot()
    assert snap.state == jobs.FINISHED
    assert at.success[0].value.endswith(f"test accuracy {snap.test_accuracy:.1%}")
    assert snap.test_accuracy > 0.8
    assert [m.label for m in at.metric][:2] == ["train loss", "val accuracy"]
    assert len(at.get("plotly_chart")) >= 3  # live curves, confusion matrix, runs comparison
    assert any(b.label.startswith("Download checkpoint") for b in at.get("download_button"))
    runs_table = at.dataframe[0].value
    assert snap.run_id in runs_table.columns and runs_table.loc["Epochs", snap.run_id] == "2"
    # a spike (1e15 before the divergence check ends a run) flattens a linear loss axis
    assert _loss_axis(at).get("type") != "log"
    next(t for t in at.toggle if t.label == "Loss on a log axis").set_value(True).run()
    assert _loss_axis(at)["type"] == "log" and not at.exception
    # the finished run is the current model; Explore this run links the pages that look into it
    from explorer.refs import CURRENT_MODEL_KEY
    assert at.session_state[CURRENT_MODEL_KEY] == snap.run_id
    at.session_state[CURRENT_MODEL_KEY] = "default"             # e.g. chosen on Predict since
    next(b for b in at.button if b.label == "Explore this run").click().run()
    assert not at.exception and at.session_state[CURRENT_MODEL_KEY] == snap.run_id
    links = {p.proto.page.rsplit("/", 1)[-1]: p.proto for p in at.get("page_link")}
    assert {"predict", "feature_maps", "tsne", "pr_curves"} <= set(links), links
    assert all(f"model={snap.run_id}" in links[name].query_string
               for name in ("predict", "feature_maps", "tsne", "pr_curves"))


def _wait_for_steps(job, n=3, timeout=120):
    deadline = time.monotonic() + timeout
    while len(job.snapshot().steps) < n:
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.05)


def test_progress_shows_while_it_trains_then_stop_keeps_the_run(at):
    job = _start(at, Epochs=60)
    try:
        assert job.active
        _wait_for_steps(job)
        at.run()
        progress = at.get("progress")[0]
        assert "epoch" in progress.proto.text and " / 60 · step " in progress.proto.text
        assert [m.label for m in at.metric][:2] == ["train loss", "val accuracy"]
        second = next(b for b in at.button if b.label == "Start training").click().run()
        assert "already running" in second.error[0].value
        next(b for b in at.button if b.label == "Stop").click().run()
        assert job.join(10)
        at.run()
        assert job.snapshot().state == jobs.STOPPED
        assert "stopped" in at.warning[0].value and "kept the best validation epoch" in \
            at.warning[0].value
        assert not any(b.label == "Stop" for b in at.button)
    finally:
        jobs.JOBS.stop(at.session_state["training_session"], timeout=10)


def test_a_full_server_queues_the_run_and_it_can_leave_the_queue(at, monkeypatch):
    registry = jobs.JobRegistry(capacity=1)
    monkeypatch.setattr(jobs, "JOBS", registry)
    other = registry.start("another session", TrainConfig(epochs=500, model="mlp"))
    try:
        job = _start(at, Epochs=2)
        assert job.snapshot().state == jobs.QUEUED
        assert "1st in the queue, 0 trainings ahead of yours" in at.info[0].value
        assert "runs 1 at once" in at.info[0].value
        next(b for b in at.button if b.label == "Leave the queue").click().run()
        assert job.snapshot().state == jobs.CANCELLED and job.pid is None
        assert "cancelled" in at.info[0].value
        assert not at.exception
    finally:
        registry.stop("another session", timeout=10)


def test_huge_learning_rate_is_caught_as_divergence(at):
    """The help promises it: Adam at lr 100 keeps a finite loss (1e15) that is caught."""
    next(s for s in at.select_slider if s.label == "Learning rate").set_value("100")
    job = _start(at, Epochs=2)
    assert job.join(120)
    at.run()
    assert "loss diverged at step 10: it reached" in at.error[0].value
    assert "learning rate too high?" in at.error[0].value
    assert "kept the initial weights" in at.error[0].value


def _loss_axis(at) -> dict:
    chart = next(c for c in at.get("plotly_chart") if '"text":"loss"' in c.proto.spec)
    return json.loads(chart.proto.spec)["layout"]["yaxis"]


def test_impossible_choices_get_a_message_not_a_trace(at):
    next(s for s in at.selectbox if s.label == "Dataset").set_value("moons").run()
    next(s for s in at.selectbox if s.label == "Model").set_value("lenet")
    at = next(b for b in at.button if b.label == "Start training").click().run()
    assert not at.exception and "use the mlp" in at.error[0].value
    next(s for s in at.selectbox if s.label == "Dataset").set_value("mnist")
    at = next(b for b in at.button if b.label == "Start training").click().run()
    assert "mnist is not on this machine" in at.error[0].value
    assert _job(at) is None


def test_compare_starts_with_my_latest_runs_and_highlights_what_differs(tmp_path, monkeypatch):
    import os
    import time as clock

    from explorer import runs
    from explorer.predict import DEFAULT_RUN
    from tests.app.test_run_menu import fake_run
    root = tmp_path / "runs"
    monkeypatch.setenv("EXPLORER_RUNS", str(root))
    at = open_page("train").run()
    mine = at.session_state["training_session"]
    for name, model, session in [(DEFAULT_RUN, "lenet", None), ("9-others", "lenet", "other"),
                                 ("1-mine", "lenet", mine), ("2-mine", "mlp", mine)]:
        fake_run(root, name, "digits", model)
        runs.write_json(root / name / runs.OWNER, {"pid": os.getpid(), "session": session,
                                                   "host": os.uname().nodename,
                                                   "heartbeat": clock.time()})
    at.run()
    assert not at.exception
    chosen = next(m for m in at.multiselect if m.label == "Runs to compare").value
    assert [c.split()[0] for c in chosen] == ["2-mine", "1-mine", "9-others"]
    table = next(d for d in at.dataframe if "2-mine" in d.value.columns)
    assert table.value.index[0] == "Model"           # the one setting that differs comes first
    assert table.value.loc["Model"].tolist() == ["MLP", "LeNet-5", "LeNet-5"]   # as the form says
    assert table.value.loc["Loss"].tolist() == ["cross-entropy"] * 3
    styles = table.proto.arrow_data.styler.styles           # "#T_x_row0_col0, ... { css }"
    highlighted = {cell for rule in styles.split("}") if "#fef3c7" in rule
                   for cell in re.findall(r"row(\d+)_col(\d+)", rule)}
    assert highlighted == {("0", str(c)) for c in range(3)}    # the model row, every run


def test_a_link_opens_the_same_settings_and_bad_values_fall_back_with_a_notice(tmp_path,
                                                                                monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    at = open_page("train")
    for key, value in {"epochs": "3", "net": "mlp", "lr": "0.01", "depth": "4", "bn": "true",
                       "tab": "runs", "opt": "nonsense", "seed": "-5"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert next(s for s in at.slider if s.label == "Epochs").value == 3
    assert next(s for s in at.selectbox if s.label == "Model").value == "mlp"
    assert next(s for s in at.select_slider if s.label == "Learning rate").value == "0.01"
    assert next(s for s in at.slider if s.label == "MLP depth").value == 4
    assert next(c for c in at.checkbox if c.label == "MLP BatchNorm").value is True
    assert next(s for s in at.selectbox if s.label == "Optimizer").value == FIRST_RUN.optimizer
    assert next(n for n in at.number_input if n.label == "Random seed").value == 0
    toasts = " ".join(t.value for t in at.toast)
    assert "opt=nonsense ignored" in toasts and "seed=-5 ignored" in toasts
    config = _start(at)
    assert config.config.epochs == 3 and config.config.model == "mlp"
    assert config.config.lr == 0.01 and config.config.model_options["depth"] == 4
    jobs.JOBS.stop(at.session_state["training_session"], timeout=10)


def _fake_mnist(root, train=60, test=20):
    """MNIST's four raw IDX files (random pixels) where torchvision looks for them."""
    import numpy as np

    from tests.data.file_server import idx
    rng = np.random.default_rng(0)
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for split, n in (("train", train), ("t10k", test)):
        (raw / f"{split}-images-idx3-ubyte").write_bytes(
            idx(rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)))
        (raw / f"{split}-labels-idx1-ubyte").write_bytes(
            idx(rng.integers(0, 10, n, dtype=np.uint8)))


def _model(at):
    return next(s for s in at.selectbox if s.label == "Model").value


def test_the_model_follows_the_dataset_unless_one_was_chosen(tmp_path, monkeypatch):
    """Issue 21: with MNIST on the machine, choosing it offers note 4's CNN; 2-D points offer
    the MLP; a model the user or the link chose stays."""
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    _fake_mnist(tmp_path / "data")
    at = open_page("train").run()
    dataset = lambda: next(s for s in at.selectbox if s.label == "Dataset")  # noqa: E731
    assert _model(at) == "lenet" and "MNIST" in dataset().options   # listed as on the machine
    dataset().set_value("mnist").run()
    assert not at.exception and _model(at) == "note4_cnn"
    assert "net" not in at.query_params           # the dataset's default leaves no ?net=
    dataset().set_value("moons").run()
    assert _model(at) == "mlp"
    dataset().set_value("digits").run()
    assert _model(at) == "lenet"
    next(s for s in at.selectbox if s.label == "Model").set_value("vgg_small")
    next(b for b in at.button if b.label == "Start training").click().run()  # the form sends it
    jobs.JOBS.stop(at.session_state["training_session"], timeout=10)
    dataset().set_value("mnist").run()
    assert _model(at) == "vgg_small"              # chosen by the user: it stays
    at = open_page("train")
    at.query_params["data"], at.query_params["net"] = "mnist", "lenet"
    at.run()
    assert _model(at) == "lenet"                  # chosen by the link: it stays
    at = open_page("train")
    at.query_params["data"] = "mnist"
    at.run()
    assert _model(at) == "note4_cnn"
    job = _start(at, Epochs=1)
    assert job.config.model == "note4_cnn" and job.config.dataset == "mnist"
    assert job.join(120) and job.snapshot().state == jobs.FINISHED, job.snapshot().message


def test_menus_show_readable_names_and_the_hint_says_what_start_trains(tmp_path, monkeypatch):
    """Audit (issue 17): ids (note4_cnn, cosine) were shown as labels; the hint promised LeNet-5
    on digits whatever the dataset; the device's "1 thread" stayed English on the Chinese app."""
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    at = open_page("train")
    at.query_params["data"] = "moons"
    at.run()
    assert not at.exception
    assert "LeNet-5" in next(s for s in at.selectbox if s.label == "Model").options
    assert "cosine annealing" in next(s for s in at.selectbox if s.label == "LR schedule").options
    assert "CIFAR-10 (no files here)" in next(s for s in at.selectbox if s.label == "Dataset").options
    assert at.info[0].value == "Press **Start training** to train MLP on moons with the settings above."
    next(s for s in at.selectbox if s.label == "Dataset").set_value("cifar10").run()
    assert at.warning[0].value.startswith("CIFAR-10 is not on this machine: **Get data** on")
    zh = open_page("train")
    zh.query_params["lang"] = zh.session_state["lang"] = "zh"
    zh.run()
    device = next(c.value for c in zh.caption if c.value.startswith("设备"))
    assert "thread" not in device and ("个线程" in device or "GPU" in device), device


def test_a_point_run_shows_no_mistake_count_and_mnist_captions_are_short(at):
    """Audit: a moons run said "Most confident mistakes (0)" above a matrix with mistakes;
    MNIST's "8 - eight→1 - one 76%" wrapped under a 64 px image."""
    from ui.train_views import short_class
    assert [short_class(c) for c in ("8 - eight", "T-shirt/top", "airplane", 3)] == \
        ["8", "T-shirt/top", "airplane", "3"]
    next(s for s in at.selectbox if s.label == "Dataset").set_value("moons").run()
    job = _start(at, Epochs=1)
    assert job.config.model == "mlp" and job.join(120)
    at.run()
    assert not at.exception and at.success
    headings = [h.value for h in at.subheader]
    assert "Most confident mistakes" in headings, headings
    assert "Point datasets have no images to show." in [m.value for m in at.markdown]
    assert not any(b.label == "Explore this run" for b in at.button)


def test_a_run_that_diverged_at_once_is_drawn_and_its_loss_fits_its_box():
    """Audit (lr 10): the one window before the divergence was a line of one point (nothing
    drawn) on ticks 18.00803166B…; its loss 18008031665.2 was cut in the metric box. Many
    compared runs kept one colour each up to 10 before."""
    from explorer.figures.training import live_curves, run_comparison
    from ui.train_views import loss_text
    step = {"epoch": 0.2, "loss": 1.8008e10, "accuracy": 0.1, "lr": 9.6, "step": 10}
    fig = live_curves([step], [])
    loss = next(t for t in fig.data if t.name == "train loss")
    assert "markers" in loss.mode and fig.layout.yaxis.rangemode == "tozero"
    assert [loss_text(v) for v in (0.86234, 1.8008e10, float("nan"))] == ["0.8623", "1.8e+10",
                                                                          "nan"]
    fig = run_comparison({f"run {i}": ([1, 2], [1.0, 0.5], [0.5, 0.9]) for i in range(30)})
    assert len({t.line.color for t in fig.data}) == 30
