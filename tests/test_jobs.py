"""explorer.jobs: trainings in worker processes, a cap and a queue, stop, kill, same seed."""
import json
import os
import signal
import time

import pytest

from explorer import jobs, runs
from explorer.jobs import (CANCELLED, FAILED, FINISHED, INTERRUPTED, QUEUED, RUNNING, STOPPED,
                           JobRegistry, JobRunning, TrainingJob)
from explorer.train import TrainConfig

LONG = TrainConfig(epochs=500, model="mlp")   # runs until stopped
SHORT = TrainConfig(epochs=1, model="mlp")


@pytest.fixture(autouse=True)
def runs_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))


def wait_until(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def trained(job):
    wait_until(lambda: len(job.snapshot().steps) >= 3)


def test_job_runs_in_its_own_process_and_finishes_with_a_run_folder():
    job = JobRegistry().start("session-a", TrainConfig(epochs=2, model="mlp"))
    assert job.join(120)
    assert job.pid is not None and job.pid != os.getpid()
    snap = job.snapshot()
    assert snap.state == FINISHED and snap.progress == 1.0 and snap.message is None
    assert [e["epoch"] for e in snap.epochs] == [1, 2] and snap.test_accuracy > 0.8
    assert snap.device == "CPU (1 thread)" or snap.device.startswith("GPU")
    run = runs.get_run(snap.run_id)
    assert run.summary["status"] == "finished"
    assert snap.kept == run.summary["kept"] == f"best validation epoch {run.summary['best_epoch']}"
    owner = json.loads((run.path / runs.OWNER).read_text())
    assert owner["pid"] == job.pid and run.session == "session-a"


def test_stop_ends_the_run_within_a_second_and_keeps_the_checkpoint():
    registry = JobRegistry()
    job = registry.start("s", LONG)
    trained(job)
    started = time.monotonic()
    assert registry.stop("s", timeout=5.0)
    assert time.monotonic() - started < 1.0
    snap = job.snapshot()
    assert snap.state == STOPPED and snap.progress < 0.5
    assert snap.kept.startswith("best validation epoch ")
    runs.load_model(snap.run_id)  # what was trained is kept and loads
    assert runs.get_run(snap.run_id).summary["status"] == "stopped"


def test_a_worker_that_does_not_answer_is_ended_and_its_run_says_stopped(monkeypatch):
    monkeypatch.setattr(jobs, "GRACE_S", 0.5)
    registry = JobRegistry()
    job = registry.start("s", LONG)
    wait_until(lambda: job.snapshot().epochs)   # one epoch checkpointed
    os.kill(job.pid, signal.SIGSTOP)            # frozen: it cannot see the stop request
    assert registry.stop("s", timeout=30.0)
    snap = job.snapshot()
    assert snap.state == STOPPED and "did not stop within 0.5 s and was ended" in snap.message
    run = runs.get_run(snap.run_id)
    assert run.summary["status"] == "stopped" and run.summary["best_epoch"] >= 1
    runs.load_model(snap.run_id)


def test_a_killed_worker_reads_as_interrupted_and_the_registry_keeps_going():
    registry = JobRegistry(capacity=1)
    job = registry.start("s", LONG)
    trained(job)
    os.kill(job.pid, signal.SIGKILL)
    assert job.join(30)
    snap = job.snapshot()
    assert snap.state == INTERRUPTED and "killed by SIGKILL" in snap.message
    assert runs.get_run(snap.run_id).status == runs.INTERRUPTED   # owner's pid is gone
    after = registry.start("s", SHORT)   # the slot was freed; the same session may start again
    assert after.join(120) and after.snapshot().state == FINISHED


def test_the_cap_queues_trainings_first_in_first_out_and_a_queued_one_can_be_cancelled():
    registry = JobRegistry(capacity=1)
    first = registry.start("a", LONG)
    second, third = registry.start("b", SHORT), registry.start("c", SHORT)
    try:
        assert first.state == RUNNING
        assert [(j.snapshot().state, j.snapshot().queue_position) for j in (second, third)] == \
            [(QUEUED, 1), (QUEUED, 2)]
        with pytest.raises(JobRunning, match="already running or waiting in the queue"):
            registry.start("b", SHORT)   # one job per session, queued ones included
        fourth = registry.start("d", SHORT)
        assert registry.stop("c")        # leaves the queue; the one behind moves up
        assert third.snapshot().state == CANCELLED and fourth.snapshot().queue_position == 2
        trained(first)
        registry.stop("a", timeout=5.0)  # frees the slot: the queue starts in order
        assert second.join(120) and fourth.join(120)
        assert second.snapshot().state == FINISHED == fourth.snapshot().state
        assert third.pid is None         # never started
    finally:
        registry.stop("a", timeout=5.0)


def test_never_more_running_than_the_cap():
    registry = JobRegistry(capacity=2)
    started = [registry.start(key, SHORT) for key in "abcde"]
    peak = 0
    while any(job.active for job in started):
        peak = max(peak, sum(job.running for job in started))
        time.sleep(0.01)
    assert peak == 2 and all(job.snapshot().state == FINISHED for job in started)


def test_same_seed_same_run_whatever_else_trains():
    """Dropout draws from the global generator: a thread could not isolate it, a process does."""
    config = TrainConfig(epochs=2, model="mlp", model_options={"dropout": 0.3}, seed=3)

    def val_losses(job):
        assert job.join(120)
        return [e["val_loss"] for e in job.snapshot().epochs]
    registry = JobRegistry(capacity=2)
    solo = val_losses(registry.start("solo", config))
    a, b = registry.start("a", config), registry.start("b", config)   # two at once
    assert val_losses(a) == solo == val_losses(b)
    other = registry.start("other", TrainConfig(epochs=3, model="lenet", seed=1))
    trained(other)
    beside = registry.start("beside", config)                         # while another trains
    assert val_losses(beside) == solo
    other.join(120)


def test_a_failing_worker_reports_why(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "file"))   # the worker cannot write
    job = JobRegistry().start("s", SHORT)
    assert job.join(60)
    snap = job.snapshot()
    assert snap.state == FAILED and snap.message.startswith(("FileExistsError",
                                                             "NotADirectoryError"))
    assert not job.active


def test_missing_dataset_is_refused_before_a_worker_starts(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "empty"))
    registry = JobRegistry()
    with pytest.raises(ValueError, match="mnist is not on this machine"):
        registry.start("s", TrainConfig(dataset="mnist"))
    with pytest.raises(ValueError, match="use the mlp"):
        registry.start("s", TrainConfig(dataset="moons", model="lenet"))
    assert registry.get("s") is None


def test_bad_config_is_refused_before_a_worker_starts():
    registry = JobRegistry()
    with pytest.raises(ValueError, match="learning rate"):
        registry.start("s", TrainConfig(lr=-1))
    assert registry.get("s") is None


def test_a_long_run_keeps_a_bounded_thinned_step_history():
    job = TrainingJob(SHORT)
    total = 10 * jobs.MAX_STEP_POINTS
    for step in range(1, total + 1):
        job._receive({"kind": "step", "step": step, "total_steps": total, "elapsed": step / 100})
    steps = [s["step"] for s in job.snapshot().steps]
    assert len(steps) <= jobs.MAX_STEP_POINTS + 1 and steps[-1] == total
    assert steps == sorted(steps) and steps[0] <= total // 100   # the start of the curve too
    gaps = {b - a for a, b in zip(steps[:-2], steps[1:-1])}
    assert len(gaps) == 1                                         # evenly spaced
    assert job.snapshot().progress == 1.0


def test_time_left_follows_the_recent_pace_not_the_start_up():
    """Steps 1-10 took 5 s (first optimizer step, caches), then 0.01 s a step: at step 100
    of 200 the rest takes 100 × 0.01 = 1 s (the average over all steps said 5.9 s)."""
    records = [{"step": 10, "total_steps": 200, "elapsed": 5.0}] + [
        {"step": s, "total_steps": 200, "elapsed": 5.0 + (s - 10) * 0.01}
        for s in range(20, 101, 10)]
    assert jobs.time_left(records) == pytest.approx(1.0)
    assert jobs.time_left(records[:1]) is None
    assert jobs.time_left(records[-1:] * 2) == 0.0          # no new step yet: no pace
    job = TrainingJob(SHORT)
    job._mark_running()
    for record in records:
        job._receive({"kind": "step", **record})
    assert job.snapshot().eta_s == pytest.approx(1.0)


def test_a_starting_job_says_what_it_waits_for():
    job = TrainingJob(SHORT)
    assert job.snapshot().phase is None                      # queued: the queue says
    job._mark_running()
    assert job.snapshot().phase == jobs.STARTING
    job._receive({"kind": "started", "run_dir": "/tmp/run-x"})
    assert job.snapshot().phase == jobs.PREPARING
    job._receive({"kind": "step", "step": 10, "total_steps": 100, "elapsed": 0.1})
    assert job.snapshot().phase is None
