"""explorer.jobs: a training outlives its caller, stops fast, never mixes sessions."""
import threading
import time

import pytest

from explorer import runs
from explorer.jobs import FAILED, FINISHED, STOPPED, JobRegistry, JobRunning
from explorer.train import TrainConfig


@pytest.fixture(autouse=True)
def runs_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))


def wait_until(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_job_runs_in_background_and_finishes_with_a_run_folder():
    registry = JobRegistry()
    job = registry.start("session-a", TrainConfig(epochs=2, model="mlp"))
    assert threading.current_thread() is not job._thread
    job.join(120)
    snap = job.snapshot()
    assert snap.state == FINISHED and snap.progress == 1.0 and snap.message is None
    assert [e["epoch"] for e in snap.epochs] == [1, 2] and snap.test_accuracy > 0.8
    assert runs.get_run(snap.run_id).summary["status"] == "finished"


def test_stop_ends_the_run_within_a_second_and_keeps_the_checkpoint():
    registry = JobRegistry()
    job = registry.start("s", TrainConfig(epochs=500, model="mlp"))
    wait_until(lambda: len(job.snapshot().steps) >= 3)
    started = time.monotonic()
    assert registry.stop("s", timeout=5.0)
    assert time.monotonic() - started < 1.0
    snap = job.snapshot()
    assert snap.state == STOPPED and snap.progress < 0.5
    runs.load_model(snap.run_id)  # what was trained is kept and loads


def test_second_start_in_the_same_session_is_refused_other_sessions_are_not():
    registry = JobRegistry()
    first = registry.start("a", TrainConfig(epochs=500, model="mlp"))
    try:
        with pytest.raises(JobRunning, match="already running"):
            registry.start("a", TrainConfig(epochs=1))
        other = registry.start("b", TrainConfig(epochs=1, model="mlp", seed=1))
        other.join(120)
        assert other.snapshot().state == FINISHED
        assert registry.get("a") is first and first.running
    finally:
        registry.stop("a", timeout=5.0)


def test_two_sessions_training_at_once_never_mix_metrics():
    registry = JobRegistry()
    a = registry.start("a", TrainConfig(epochs=3, model="mlp", lr=1e-3))
    b = registry.start("b", TrainConfig(epochs=2, model="lenet", batch_size=32))
    a.join(120), b.join(120)
    sa, sb = a.snapshot(), b.snapshot()
    assert [e["epoch"] for e in sa.epochs] == [1, 2, 3] and [e["epoch"] for e in sb.epochs] == [1, 2]
    assert sa.run_id != sb.run_id
    steps_a = sa.steps[-1]["total_steps"]
    assert all(s["total_steps"] == steps_a for s in sa.steps)
    assert all(s["total_steps"] == sb.steps[-1]["total_steps"] for s in sb.steps)
    assert steps_a != sb.steps[-1]["total_steps"]  # 64 vs 32 per batch


def test_a_failing_job_reports_why(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")
    monkeypatch.setattr("explorer.jobs.start_run", broken)
    job = JobRegistry().start("s", TrainConfig(epochs=1))
    job.join(60)
    snap = job.snapshot()
    assert snap.state == FAILED and snap.message == "RuntimeError: out of memory"
    assert not job.running


def test_missing_dataset_is_refused_before_a_thread_starts(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "empty"))
    registry = JobRegistry()
    with pytest.raises(ValueError, match="mnist is not on this machine"):
        registry.start("s", TrainConfig(dataset="mnist"))
    with pytest.raises(ValueError, match="use the mlp"):
        registry.start("s", TrainConfig(dataset="moons", model="lenet"))
    assert registry.get("s") is None


def test_bad_config_is_refused_before_a_thread_starts():
    registry = JobRegistry()
    with pytest.raises(ValueError, match="learning rate"):
        registry.start("s", TrainConfig(lr=-1))
    assert registry.get("s") is None
