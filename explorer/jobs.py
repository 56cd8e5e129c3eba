"""Background training jobs: one thread per job, a stop event, a lock-protected snapshot.

A Streamlit rerun (or a page switch) re-executes the page script but leaves this module's
registry alone, so a job outlives every rerun; the page only reads ``snapshot()``. Jobs are
keyed by a per-browser-session key, so two sessions training at once each see their own
curves, and a session that starts a second run while one is going gets ``JobRunning``.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from explorer.train import TrainConfig, start_run

RUNNING, FINISHED, STOPPED, DIVERGED, EARLY_STOPPED, FAILED = (
    "running", "finished", "stopped", "diverged", "early stopping", "failed")


class JobRunning(RuntimeError):
    """A session asked for a second training while its first one still runs."""


@dataclass(frozen=True)
class Snapshot:
    """What the page draws: copies taken under the job's lock, safe to read while it trains."""
    state: str
    message: str | None          # why it ended (divergence text, error) or None
    steps: list[dict]
    epochs: list[dict]
    progress: float              # 0..1 of all steps
    eta_s: float | None          # seconds left at the current pace
    run_id: str | None
    test_accuracy: float | None
    device: str | None
    config: TrainConfig


@dataclass
class TrainingJob:
    config: TrainConfig
    stop_event: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _steps: list[dict] = field(default_factory=list)
    _epochs: list[dict] = field(default_factory=list)
    _state: str = RUNNING
    _message: str | None = None
    _run_dir: Path | None = None
    _test_accuracy: float | None = None
    _device: str | None = None
    _thread: threading.Thread | None = None

    def start(self) -> "TrainingJob":
        self._thread = threading.Thread(target=self._work, name="explorer-training", daemon=True)
        self._thread.start()
        return self

    def _record(self, event: dict) -> None:
        with self._lock:
            (self._steps if event["kind"] == "step" else self._epochs).append(event)

    def _work(self) -> None:
        try:
            result = start_run(self.config, callback=self._record, stop_event=self.stop_event,
                               on_start=self._started)
        except Exception as err:  # shown on the page; the server keeps serving
            with self._lock:
                self._state, self._message = FAILED, f"{type(err).__name__}: {err}"
            return
        reason = result.stopped_reason
        with self._lock:
            self._test_accuracy, self._device = result.test_accuracy, result.device
            self._state = FINISHED if reason is None else reason.split(":")[0]
            self._message = reason.split(": ", 1)[1] if reason and ": " in reason else None

    def _started(self, run_dir: Path) -> None:
        with self._lock:
            self._run_dir = run_dir

    def stop(self) -> None:
        self.stop_event.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        with self._lock:
            return self._state == RUNNING

    def snapshot(self) -> Snapshot:
        with self._lock:
            steps, epochs = list(self._steps), list(self._epochs)
            state, message = self._state, self._message
            run_dir, accuracy, device = self._run_dir, self._test_accuracy, self._device
        progress, eta = 0.0, None
        if steps:
            last = steps[-1]
            progress = last["step"] / last["total_steps"]
            eta = last["elapsed"] / progress * (1 - progress) if progress else None
        if state != RUNNING:
            eta = 0.0
        return Snapshot(state, message, steps, epochs, 1.0 if state == FINISHED else progress,
                         eta, run_dir.name if run_dir else None, accuracy, device, self.config)


class JobRegistry:
    """Jobs by session key (one running job per session)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, TrainingJob] = {}

    def start(self, key: str, config: TrainConfig) -> TrainingJob:
        config.validate()  # a bad config is refused here, not in the thread
        with self._lock:
            current = self._jobs.get(key)
            if current is not None and current.running:
                raise JobRunning("a training is already running in this session: stop it or "
                                 "wait for it to finish before starting another")
            job = self._jobs[key] = TrainingJob(config)
        return job.start()

    def get(self, key: str) -> TrainingJob | None:
        with self._lock:
            return self._jobs.get(key)

    def stop(self, key: str, timeout: float = 1.0) -> bool:
        """Ask the session's job to stop; True when it ended within ``timeout`` seconds."""
        job = self.get(key)
        if job is None:
            return True
        job.stop()
        deadline = time.monotonic() + timeout
        while job.running and time.monotonic() < deadline:
            time.sleep(0.01)
        return not job.running


JOBS = JobRegistry()  # one per server process, shared by every session's reruns
