"""Trainings in worker processes: a server-wide cap, a FIFO queue, live metrics through a pipe.

Each training runs ``train.start_run`` in its own process, forked from a forkserver that has
torch and explorer.train imported already, so a start costs a fork rather than torch's import,
and never a plain fork of the server after torch started threads. A process per job gives it
its own random state (same seed, same run, whatever else trains), its own thread count
(``explorer.threads``: one for tiny data, else its share of the cores), a pid (owner.json, heartbeat: a killed run reads as interrupted) and memory
that returns to the system when it ends.

The worker sends its events (``fit``'s step and epoch records, then how it ended) through a
one-way pipe; a listener thread in the server appends them to the job under its lock, so the
page only reads ``snapshot()``. The messages are small (a pipe write under PIPE_BUF, 4 KB, is
atomic), and a worker that dies mid-send only ends the reads with EOF. At most ``capacity`` jobs run at once; the others wait
in a FIFO queue, can be cancelled there, and start as a slot frees. A session has at most one
job queued or running (``JobRunning`` otherwise). Stop asks politely (an event the training
loop checks every step), then terminates the worker after ``GRACE_S``; either way the run
keeps its best checkpoint and says "stopped".
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from explorer import runs
from explorer.budget import MAX_CONCURRENT_TRAININGS
from explorer.errors import check_int
from explorer.threads import training_threads
from explorer.train import TrainConfig, kept_label, start_run

QUEUED, RUNNING, FINISHED, STOPPED, DIVERGED, EARLY_STOPPED = (
    "queued", "running", "finished", "stopped", "diverged", "early stopping")
FAILED, INTERRUPTED, CANCELLED = "failed", "interrupted", "cancelled"
ACTIVE = (QUEUED, RUNNING)

GRACE_S = 5.0            # a stop request unanswered this long: the worker is terminated
MAX_STEP_POINTS = 1000   # step records a job keeps for the live chart (thinned beyond)
KEEP_ENDED_S = 3600      # an ended job is dropped from the registry this long after (its run
                         # folder stays); bounds the server's memory over many sessions
# what the worker must see as the server does now (the forkserver keeps its start-up values)
ENV = ("EXPLORER_RUNS", "EXPLORER_DATA", "TORCH_HOME", "XDG_CACHE_HOME")

_CONTEXT = multiprocessing.get_context("forkserver")
# What the forkserver imports once for every worker: this module (torch and explorer.train
# with it) and torch._dynamo, which the first optimizer imports (without it a worker's first
# step came 10 s after its start on a loaded 2-core machine). warm_up() can add more.
PRELOAD = ("explorer.jobs", "torch._dynamo")
_CONTEXT.set_forkserver_preload(list(PRELOAD))


class JobRunning(RuntimeError):
    """A session asked for a second training while its first one is queued or running."""


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
    kept: str | None = None            # which weights the run keeps: "best validation epoch 3"
    queue_position: int | None = None  # while queued: 1 = next to start
    phase: str | None = None           # while running before its first step: STARTING, PREPARING


STARTING = "starting the training process"       # no word from the worker yet (the first
                                                  # after the server started waits for torch)
PREPARING = "loading the data and building the model"   # its run folder exists, no step yet


def _work(config: TrainConfig, session: str | None, env: dict, cwd: str, sender,
          stop_event, threads: int = 1) -> None:
    """The worker process: one ``start_run`` on ``threads`` intra-op CPU threads, every event
    sent to the server."""
    def send(event: dict) -> None:
        try:
            sender.send(event)
        except OSError:   # the server is gone: the run folder still gets everything
            pass

    try:
        os.chdir(cwd)
        for key, value in env.items():   # the forkserver kept the environment it started with
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        torch.set_num_threads(threads)   # explorer.threads: 1 for tiny data, else a share
        result = start_run(config, session=session, callback=send, stop_event=stop_event,
                           on_start=lambda run_dir: send({"kind": "started",
                                                          "run_dir": str(run_dir)}))
    except Exception as err:  # reported on the page; start_run marked the run failed
        send({"kind": "failed", "message": f"{type(err).__name__}: {err}"[:2000]})
        return
    send({"kind": "ended", "reason": result.stopped_reason, "device": result.device,
          "test_accuracy": result.test_accuracy, "kept": kept_label(result.best_epoch)})


# Why a run ended, as templates (a page translates them: ui.i18n.message).
NOT_STOPPED = ("the training did not stop within {grace:g} s and was ended; the checkpoint holds "
               "its {kept}")
ENDED_UNEXPECTEDLY = ("the training process ended unexpectedly ({how}; out of memory?); the "
                      "checkpoint holds its {kept}")
KILLED = "killed by {signal}"
EXIT_CODE = "exit code {code}"


class TrainingJob:
    """One training: queued, then a worker process, then ended. Read it with ``snapshot()``."""

    def __init__(self, config: TrainConfig, session: str | None = None) -> None:
        self.config, self.session = config, session
        self._lock = threading.Lock()
        self._ended = threading.Event()
        self._steps: list[dict] = []
        self._stride, self._seen, self._last_step = 1, 0, None
        self._epochs: list[dict] = []
        self._state, self._message, self._kept = QUEUED, None, None
        self._run_dir: Path | None = None
        self._test_accuracy: float | None = None
        self._device: str | None = None
        self._position: int | None = None
        self._ended_at: float | None = None
        self.pid: int | None = None   # the worker's, once started
        self._stop_event = _CONTEXT.Event()
        self._stop_asked = False

    # ------------------------------------------------------------------ life cycle
    def _launch(self, on_end, threads: int = 1) -> None:
        """Start the worker on ``threads`` CPU threads; ``on_end(job)`` is called once it has
        ended."""
        try:
            receiver, sender = _CONTEXT.Pipe(duplex=False)
            env = {key: os.environ.get(key) for key in ENV}
            process = _CONTEXT.Process(
                target=_work, name="explorer-training", daemon=True,
                args=(self.config, self.session, env, os.getcwd(), sender, self._stop_event,
                      threads))
            process.start()
            sender.close()   # the worker holds the only write end: its exit ends our reads
            self.pid = process.pid
        except Exception as err:  # no process (out of memory, process limit): said, not raised
            self._end(FAILED, f"the training process could not start: "
                              f"{type(err).__name__}: {err}")
            on_end(self)
            return
        threading.Thread(target=self._listen, args=(process, receiver, on_end), daemon=True,
                         name="explorer-training-listener").start()

    def _listen(self, process, receiver, on_end) -> None:
        """The listener thread: events until the worker exits, then the exit itself."""
        with receiver:
            while True:
                try:
                    event = receiver.recv()
                except (EOFError, OSError):   # the worker exited (or was killed)
                    break
                self._receive(event)
        process.join()
        if not self._ended.is_set():   # no last word from the worker
            self._died(process.exitcode)
        process.close()   # its file descriptors, now rather than when the job is dropped
        on_end(self)

    def _receive(self, event: dict) -> None:
        kind = event["kind"]
        with self._lock:
            if kind == "step":
                self._add_step(event)
            elif kind == "epoch":
                self._epochs.append(event)
            elif kind == "started":
                self._run_dir = Path(event["run_dir"])
        if kind == "failed":
            self._end(FAILED, event["message"])
        elif kind == "ended":
            reason = event["reason"]
            with self._lock:
                self._test_accuracy, self._device = event["test_accuracy"], event["device"]
                self._kept = event["kept"]
            self._end(FINISHED if reason is None else reason.split(":")[0],
                      reason.split(": ", 1)[1] if reason and ": " in reason else None)

    def _add_step(self, event: dict) -> None:
        """Keep every ``stride``-th step record; past MAX_STEP_POINTS, drop every other one and
        double the stride, so a long run's chart keeps its shape in bounded memory."""
        self._last_step = event
        self._seen += 1
        if self._seen % self._stride == 0:
            self._steps.append(event)
        if len(self._steps) >= MAX_STEP_POINTS:
            self._steps, self._stride = self._steps[1::2], 2 * self._stride

    def _died(self, exitcode: int | None) -> None:
        """The worker ended without saying how: stopped by force, or killed."""
        with self._lock:
            best = min(self._epochs, key=lambda e: e["val_loss"], default=None)
            self._kept = kept_label(best["epoch"] if best else 0)
            run_dir = self._run_dir
        if self._stop_asked:
            message = NOT_STOPPED.format(grace=GRACE_S, kept=self._kept)
            if run_dir is not None and run_dir.is_dir():
                runs.write_json(run_dir / runs.SUMMARY, {
                    "status": STOPPED, "reason": f"{STOPPED}: {message}", "kept": self._kept,
                    "best_epoch": best["epoch"] if best else 0})
            self._end(STOPPED, message)
            return
        how = (KILLED.format(signal=signal.Signals(-exitcode).name) if exitcode and exitcode < 0
               else EXIT_CODE.format(code=exitcode))
        self._end(INTERRUPTED, ENDED_UNEXPECTEDLY.format(how=how, kept=self._kept))

    def _end(self, state: str, message: str | None) -> None:
        with self._lock:
            self._state, self._message, self._ended_at = state, message, time.monotonic()
            self._position = None
        self._ended.set()

    def _set_position(self, position: int) -> None:
        with self._lock:
            self._position = position

    def _mark_running(self) -> None:
        with self._lock:
            self._state, self._position = RUNNING, None

    def stop(self) -> None:
        """Ask the worker to stop at its next step; terminate it if it has not after GRACE_S."""
        if self._ended.is_set():
            return
        self._stop_asked = True
        self._stop_event.set()
        timer = threading.Timer(GRACE_S, self._force_stop)
        timer.daemon = True
        timer.start()

    def _force_stop(self) -> None:
        """SIGTERM a worker still running GRACE_S after the stop request; SIGKILL a second
        later (a stopped, SIGSTOPped, process ignores SIGTERM). The listener reaps it."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.pid is None or self._ended.is_set():
                return
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:   # already gone
                return
            self._ended.wait(1.0)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the job has ended (or ``timeout`` seconds); True when it has."""
        return self._ended.wait(timeout)

    # ------------------------------------------------------------------ reading
    @property
    def state(self) -> str:
        with self._lock:
            return self._state

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @property
    def active(self) -> bool:
        """Queued or running."""
        return self.state in ACTIVE

    def expired(self, now: float) -> bool:
        with self._lock:
            return self._ended_at is not None and now - self._ended_at > KEEP_ENDED_S

    def snapshot(self) -> Snapshot:
        with self._lock:
            steps, epochs, last = list(self._steps), list(self._epochs), self._last_step
            state, message, kept, position = self._state, self._message, self._kept, self._position
            run_dir, accuracy, device = self._run_dir, self._test_accuracy, self._device
        if last is not None and (not steps or steps[-1] is not last):
            steps.append(last)   # the chart and the progress bar end at the latest step
        progress = last["step"] / last["total_steps"] if last else 0.0
        eta = time_left(steps) if state in ACTIVE else 0.0
        phase = None
        if state == RUNNING and last is None:
            phase = STARTING if run_dir is None else PREPARING
        return Snapshot(state, message, steps, epochs, 1.0 if state == FINISHED else progress,
                        eta, run_dir.name if run_dir else None, accuracy, device, self.config,
                        kept, position, phase)


def time_left(steps: list[dict]) -> float | None:
    """Seconds left at the recent pace, from step records (step, total_steps, elapsed):

        (total − s_n) · (t_n − t_m) / (s_n − s_m),   m = the record half-way back

    The newer half only: the first steps carry one-off costs (the first optimizer step,
    caches), and timing them too overestimated the rest (measured: 1.4× at 25 % of the
    default run); the validation passes between windows are in the pace. None before two
    records."""
    if len(steps) < 2:
        return None
    first, last = steps[(len(steps) - 1) // 2], steps[-1]
    done = last["step"] - first["step"]
    pace = (last["elapsed"] - first["elapsed"]) / done if done > 0 else 0.0
    return max(last["total_steps"] - last["step"], 0) * pace


class JobRegistry:
    """Jobs by session key: one queued or running job per session, at most ``capacity``
    running on the server, the rest in a FIFO queue."""

    def __init__(self, capacity: int = MAX_CONCURRENT_TRAININGS) -> None:
        self.capacity = check_int("capacity", capacity, 1)
        self._lock = threading.Lock()
        self._jobs: dict[str, TrainingJob] = {}
        self._queue: list[TrainingJob] = []

    def start(self, key: str, config: TrainConfig) -> TrainingJob:
        """Queue ``config`` for session ``key`` (it starts at once when a slot is free)."""
        config.validate()  # a bad config is refused here, not in the worker
        with self._lock:
            current = self._jobs.get(key)
            if current is not None and current.active:
                raise JobRunning("a training of this session is already running or waiting in "
                                 "the queue: stop it, or wait for it to end, before starting "
                                 "another")
            now = time.monotonic()
            self._jobs = {k: j for k, j in self._jobs.items() if not j.expired(now)}
            job = self._jobs[key] = TrainingJob(config, key)
            self._queue.append(job)
            self._renumber()
        self._dispatch()
        return job

    def _renumber(self) -> None:
        for position, job in enumerate(self._queue, start=1):
            job._set_position(position)

    def _dispatch(self) -> None:
        """Start queued jobs while fewer than ``capacity`` run (also called when one ends)."""
        with self._lock:
            free = self.capacity - sum(job.running for job in self._jobs.values())
            starting = self._queue[:max(free, 0)]
            del self._queue[:len(starting)]
            for job in starting:
                job._mark_running()
            self._renumber()
            running = sum(job.running for job in self._jobs.values())
        for job in starting:   # a thread each: a forkserver still importing torch (the first
            # training after the server started) answers only when done, and the page's click
            # would wait for it with no word; this way the page says "starting…" meanwhile
            threads = training_threads(job.config.dataset, running)
            threading.Thread(target=job._launch, args=(lambda _: self._dispatch(), threads),
                             daemon=True, name="explorer-training-launch").start()

    def get(self, key: str) -> TrainingJob | None:
        with self._lock:
            return self._jobs.get(key)

    def stop(self, key: str, timeout: float = 1.0) -> bool:
        """Cancel the session's queued job, or ask its running one to stop; True when it has
        ended within ``timeout`` seconds (a running one is terminated after GRACE_S)."""
        job = self.get(key)
        if job is None:
            return True
        with self._lock:
            queued = job in self._queue
            if queued:
                self._queue.remove(job)
                self._renumber()
        if queued:
            job._end(CANCELLED, "cancelled while waiting in the queue")
            return True
        job.stop()
        return job.join(timeout)


def warm_up(*modules: str) -> None:
    """Start the forkserver now (it imports torch: seconds) rather than at the first training,
    importing ``modules`` there too. Every worker re-runs the server's main script before it
    trains (Python 3.11's forkserver ignores "__main__" in its preload list), so the page
    passes what `streamlit run`'s script imports: measured, a worker then reached its code
    0.03 s after the fork instead of 1.5-3.5 s."""
    from multiprocessing import forkserver
    _CONTEXT.set_forkserver_preload([*PRELOAD, *modules])
    forkserver.ensure_running()


JOBS = JobRegistry()  # one per server process, shared by every session's reruns
