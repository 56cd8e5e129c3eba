"""Run folders: ``runs/<id>/`` with config.json, metrics.csv, summary.json, checkpoint.pt and
owner.json, and the one validated reader every page and caller uses (``read_run``).

Every write is atomic (write a temp file in the same folder, then os.replace), so a run
killed mid-write never leaves a torn file. Reading trusts nothing: each JSON file is checked
against its schema (types, ranges), metrics.csv is parsed to numbers, and the checkpoint's zip
directory is read; a run with a bad file is *damaged* and says which file and what is wrong,
and the other runs are unaffected. A run's status:

    running, interrupted              no summary.json yet; interrupted when its trainer is gone
                                      (owner.json's pid dead on this host, no heartbeat for
                                      STALE_S, or, without owner.json, untouched for STALE_S)
    finished, stopped, diverged,      from summary.json, written when the run ended
    early stopping, imported, failed
    damaged                           a file is unreadable or fails its schema

A run is *usable* (offered in model menus) when its config is valid and its checkpoint is a
readable file. Runs belong to the browser session that made them (owner.json's "session"): only
that session may delete them; runs without an owner session (the command line, copied folders)
and the default run are never deleted from the dashboard.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import reprlib
import shutil
import socket
import tempfile
import threading
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from explorer.budget import MAX_RUNS_BYTES
from explorer.errors import InputError

CONFIG, METRICS, SUMMARY, CHECKPOINT = "config.json", "metrics.csv", "summary.json", "checkpoint.pt"
OWNER = "owner.json"   # {"pid", "host", "session", "heartbeat"}: who trains this run, and when
                       # it last said so; a run without summary.json whose owner is gone is
                       # "interrupted"

RUNNING, INTERRUPTED, DAMAGED = "running", "interrupted", "damaged"
ENDED = ("finished", "stopped", "diverged", "early stopping", "imported", "failed")
HEARTBEAT_S = 5        # how often a trainer refreshes owner.json
STALE_S = 300          # no heartbeat (or, without owner.json, no write) for this long: gone
METRIC_COLUMNS = ("epoch", "val_loss", "val_acc")   # what every metrics.csv must have


def runs_root() -> Path:
    return Path(os.environ.get("EXPLORER_RUNS", "runs")).expanduser()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def folder_bytes(root: Path) -> int:
    """Bytes of every file under ``root`` (symbolic links not followed)."""
    total = 0
    for folder, _, files in os.walk(root):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:   # deleted meanwhile
                pass
    return total


CHECKPOINT_OF = "the checkpoint of run {run_id}"   # a weights refusal's what (UI translates)
RUNS_FULL = ("the runs folder {root} is full ({used:,.0f} MB of its {limit:,.0f} MB): delete runs "
             "you no longer need in the Training lab's Runs tab, or ask whoever serves the "
             "dashboard to make room")   # a template the UI translates


def check_space(root: Path | None = None) -> None:
    """InputError("budget") when the runs folder already holds ``MAX_RUNS_BYTES``: new runs and
    imports are refused until runs are deleted."""
    root = root or runs_root()
    used = folder_bytes(root) if root.is_dir() else 0
    if used >= MAX_RUNS_BYTES:
        raise InputError("budget", RUNS_FULL.format(root=root, used=used / 2**20,
                                                    limit=MAX_RUNS_BYTES / 2**20),
                         what="runs folder", needed=used, limit=MAX_RUNS_BYTES)


def new_run(config: dict, root: Path | None = None) -> Path:
    """Create ``<root>/<time>-<dataset>-<model>[-n]/`` holding config.json; return it.
    Refused (InputError "budget") when the runs folder is full."""
    root = root or runs_root()
    check_space(root)
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{config.get('dataset')}-{config.get('model')}"
    for n in range(1000):
        path = root / (stem if n == 0 else f"{stem}-{n}")
        try:
            path.mkdir(parents=True)
            break
        except FileExistsError:
            continue
    write_json(path / CONFIG, config)
    return path


def write_json(path: Path, data: dict) -> None:
    atomic_write(path, json.dumps(data, indent=2, default=str).encode())


def write_owner(run_dir: Path, session: str | None = None) -> None:
    """Record (or refresh) that this process trains ``run_dir``: pid, host, the owning browser
    session, and the time now as the heartbeat. The training worker calls it when the run
    starts and again at least every few seconds while it runs."""
    write_json(run_dir / OWNER, {"pid": os.getpid(), "host": socket.gethostname(),
                                 "session": session, "heartbeat": time.time()})


@contextmanager
def owned(run_dir: Path, session: str | None = None, every: float = HEARTBEAT_S):
    """``write_owner`` now, then every ``every`` seconds from a daemon thread until the block
    ends: the heartbeat that tells a live run from one whose process died."""
    write_owner(run_dir, session)
    done = threading.Event()

    def beat() -> None:
        while not done.wait(every):
            if run_dir.is_dir():   # never recreate a folder deleted meanwhile
                try:
                    write_owner(run_dir, session)
                except OSError:    # disk full: the run's own writes report it
                    pass

    thread = threading.Thread(target=beat, name="explorer-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def write_metrics(run_dir: Path, rows: list[dict]) -> None:
    """metrics.csv: one row per epoch (the whole file is rewritten; it is small)."""
    if not rows:
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(run_dir / METRICS, out.getvalue().encode())


def save_checkpoint(run_dir: Path, state_dict: dict) -> None:
    import torch
    buffer = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in state_dict.items()}, buffer)
    atomic_write(run_dir / CHECKPOINT, buffer.getvalue())


# --------------------------------------------------------------------------- the reader
# What is wrong with a run folder's file (ui/strings/messages.py holds their Chinese twins)
IS_FOLDER = "{file}: is a folder, not a file"
UNREADABLE = "{file}: cannot be read ({err})"
NOT_JSON = "{file}: not valid JSON (empty, cut short or garbage)"
NOT_OBJECT = "{file}: expected an object, got {kind}"
BAD_FIELD = "{file}: {name} must be {expected}, got {value} ({kind})"
BAD_TEXT = "{file}: {name} must be text, got {kind}"
BAD_TEXT_OR_NULL = "{file}: {name} must be text or null, got {kind}"
BAD_DATASET = "{file}: dataset must be one of {options} or folder-<name>, got {value}"
NOT_ONE_OF = "{file}: {name} must be one of {options}, got {value}"
BAD_INPUT_SHAPE = "{file}: input_shape must be a list of 1 to 3 sizes in [1, 4096], got {value}"
BAD_CLASSES = "{file}: classes must be a list of at least 2 names (text), got {kind}"
BAD_PID = "{file}: pid must be a whole number > 0, got {value}"
BAD_HEARTBEAT = "{file}: heartbeat must be a time in seconds, got {value}"
NO_HEADER = "{file}: empty (no header row)"
NO_COLUMN = "{file}: no column {columns} (header: {header})"
BAD_ROW = "{file}: line {line} has {cells} cells, the header {header}"
NOT_A_NUMBER = "{file}: line {line}, {name} is not a number: {cell}"
NOT_FINITE = "{file}: line {line}, {name} must be a finite number"
CUT_SHORT = "{file}: cut short or not a file written by torch.save"
FOREIGN_ZIP = "{file}: a zip file but not one written by torch.save"
NO_CHECKPOINT = "{file}: missing, although the run {status}"
# why a run without summary.json counts as interrupted
PROCESS_GONE = "its training process ({pid}) is gone"
NO_HEARTBEAT = "no heartbeat from its training process for {minutes:.0f} min"
UNTOUCHED = "no summary and no training process recorded, untouched for {minutes:.0f} min"
CANNOT_LOAD = "run {run_id} cannot be loaded: {problem}"
NOT_YET = "it has no checkpoint yet"
RUN_PROBLEM = "run {run_id} has a damaged file: {problem}"


@dataclass(frozen=True)
class RunInfo:
    id: str
    path: Path
    config: dict            # checked against TrainConfig's fields; {} when config.json is bad
    summary: dict           # status, test_accuracy, ...; {} while running or when damaged
    status: str             # RUNNING, INTERRUPTED, DAMAGED or one of ENDED
    problem: str | None     # damaged: "summary.json: expected an object, got a list";
                            # interrupted: why the trainer counts as gone
    session: str | None     # the browser session that owns the run (None: command line)
    usable: bool            # valid config and a readable checkpoint: it can be loaded
    problems: tuple[str, ...] = ()   # damaged: each file's problem ("; ".join: ``problem``)

    @property
    def label(self) -> str:
        acc = self.summary.get("test_accuracy")
        score = f", test acc {acc:.1%}" if acc is not None else ""
        state = f"damaged: {self.problem}" if self.status == DAMAGED else self.status
        return f"{self.id} ({state}{score})"


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)


def _number(value) -> bool:
    """A finite real number (JSON may hold NaN, Infinity or an int too large for a float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _field_problem(file: str, name: str, value, default) -> str | None:
    """Whether ``value`` has the type of TrainConfig's ``default`` for field ``name``."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif isinstance(default, float):
        ok = _number(value)
    else:
        ok = isinstance(value, type(default))
    expected = {bool: "true or false", int: "a whole number >= 0", float: "a finite number",
                str: "text", dict: "an object"}[type(default)]
    return None if ok else BAD_FIELD.format(file=file, name=name, expected=expected,
                                            value=reprlib.repr(value), kind=_kind(value))


def config_problem(config) -> str | None:
    """What is wrong with a run's config.json contents (TrainConfig fields with their types,
    plus the input_shape and classes that rebuilding the model needs), or None."""
    from dataclasses import fields

    from explorer.data import DATASET_NAMES, is_dataset_name
    from explorer.models import MODEL_NAMES
    from explorer.train import TrainConfig
    if not isinstance(config, dict):
        return NOT_OBJECT.format(file=CONFIG, kind=_kind(config))
    defaults = TrainConfig()
    for f in fields(TrainConfig):
        if f.name in config:
            problem = _field_problem(CONFIG, f.name, config[f.name], getattr(defaults, f.name))
            if problem:
                return problem
    if not is_dataset_name(config.get("dataset")):   # an image folder may be gone: run_menu says
        return BAD_DATASET.format(file=CONFIG, options=", ".join(DATASET_NAMES),
                                  value=reprlib.repr(config.get("dataset")))
    if config.get("model") not in MODEL_NAMES:
        return NOT_ONE_OF.format(file=CONFIG, name="model", options=", ".join(MODEL_NAMES),
                                 value=reprlib.repr(config.get("model")))
    shape, classes = config.get("input_shape"), config.get("classes")
    if not (isinstance(shape, list) and 1 <= len(shape) <= 3 and all(
            isinstance(s, int) and not isinstance(s, bool) and 1 <= s <= 4096 for s in shape)):
        return BAD_INPUT_SHAPE.format(file=CONFIG, value=reprlib.repr(shape))
    if not (isinstance(classes, list) and 2 <= len(classes) <= 100_000
            and all(isinstance(c, str) for c in classes)):
        return BAD_CLASSES.format(file=CONFIG, kind=_kind(classes))
    return None


def summary_problem(summary) -> str | None:
    """What is wrong with a summary.json's contents, or None."""
    if not isinstance(summary, dict):
        return NOT_OBJECT.format(file=SUMMARY, kind=_kind(summary))
    if summary.get("status") not in ENDED:
        return NOT_ONE_OF.format(file=SUMMARY, name="status", options=", ".join(ENDED),
                                 value=reprlib.repr(summary.get("status")))
    accuracy, loss = summary.get("test_accuracy"), summary.get("test_loss")
    if accuracy is not None and not (_number(accuracy) and 0 <= accuracy <= 1):
        return BAD_FIELD.format(file=SUMMARY, name="test_accuracy", expected="a number in [0, 1]",
                                value=reprlib.repr(accuracy), kind=_kind(accuracy))
    if loss is not None and not (_number(loss) and loss >= 0):
        return BAD_FIELD.format(file=SUMMARY, name="test_loss", expected="a finite number >= 0",
                                value=reprlib.repr(loss), kind=_kind(loss))
    if not isinstance(summary.get("reason"), (str, type(None))):
        return BAD_TEXT.format(file=SUMMARY, name="reason", kind=_kind(summary["reason"]))
    return None


def owner_problem(owner) -> str | None:
    """What is wrong with an owner.json's contents, or None."""
    if not isinstance(owner, dict):
        return NOT_OBJECT.format(file=OWNER, kind=_kind(owner))
    pid = owner.get("pid")
    if not (isinstance(pid, int) and not isinstance(pid, bool) and pid > 0):
        return BAD_PID.format(file=OWNER, value=reprlib.repr(pid))
    if not isinstance(owner.get("host"), str):
        return BAD_TEXT.format(file=OWNER, name="host", kind=_kind(owner.get("host")))
    if not isinstance(owner.get("session"), (str, type(None))):
        return BAD_TEXT_OR_NULL.format(file=OWNER, name="session",
                                       kind=_kind(owner.get("session")))
    if not _number(owner.get("heartbeat")):
        return BAD_HEARTBEAT.format(file=OWNER, value=reprlib.repr(owner.get("heartbeat")))
    return None


def _read_json(path: Path, check) -> tuple[object, str | None]:
    """(contents, None) or (None, "<file>: <problem>")."""
    try:
        data = json.loads(path.read_bytes())
    except IsADirectoryError:
        return None, IS_FOLDER.format(file=path.name)
    except OSError as err:
        return None, UNREADABLE.format(file=path.name, err=err.strerror)
    except (ValueError, RecursionError):
        return None, NOT_JSON.format(file=path.name)
    problem = check(data)
    return (None, problem) if problem else (data, None)


def parse_metrics(path: Path) -> tuple[dict[str, list[float]] | None, str | None]:
    """metrics.csv -> ({column: values}, None): every cell a number (an empty cell, like the
    train loss of an epoch with no logged step, is NaN), METRIC_COLUMNS present and finite;
    or (None, "metrics.csv: <problem>")."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, UNREADABLE.format(file=METRICS, err=getattr(err, "strerror", None) or err)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return None, NO_HEADER.format(file=METRICS)
    header, body = rows[0], rows[1:]
    missing = [c for c in METRIC_COLUMNS if c not in header]
    if missing:
        return None, NO_COLUMN.format(file=METRICS, columns=", ".join(missing),
                                      header=",".join(header)[:80])
    columns: dict[str, list[float]] = {name: [] for name in header}
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            return None, BAD_ROW.format(file=METRICS, line=line, cells=len(row),
                                        header=len(header))
        for name, cell in zip(header, row):
            try:
                value = float(cell) if cell.strip() else math.nan
            except ValueError:
                return None, NOT_A_NUMBER.format(file=METRICS, line=line, name=name,
                                                 cell=repr(cell[:40]))
            if name in METRIC_COLUMNS and not math.isfinite(value):
                return None, NOT_FINITE.format(file=METRICS, line=line, name=name)
            columns[name].append(value)
    return columns, None


def checkpoint_problem(path: Path) -> str | None:
    """Whether ``path`` looks like a checkpoint torch.save wrote: a file whose zip directory
    reads (cheap: the tensors are not read; ``explorer.weights`` checks them on loading)."""
    if path.is_dir():
        return IS_FOLDER.format(file=CHECKPOINT)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return CUT_SHORT.format(file=CHECKPOINT)
    if not any(name.endswith("data.pkl") for name in names):
        return FOREIGN_ZIP.format(file=CHECKPOINT)
    return None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this host still runs (a zombie, dead but not yet reaped by
    its parent, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # another user's process
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _liveness(path: Path, owner: dict | None) -> tuple[str, str | None]:
    """(RUNNING, None) or (INTERRUPTED, why) for a run without summary.json."""
    if owner is not None:
        if owner["host"] == socket.gethostname() and not _alive(owner["pid"]):
            return INTERRUPTED, PROCESS_GONE.format(pid=owner["pid"])
        silent = time.time() - owner["heartbeat"]
        if silent > STALE_S:
            return INTERRUPTED, NO_HEARTBEAT.format(minutes=silent / 60)
        return RUNNING, None
    try:
        touched = max(p.stat().st_mtime for p in [path, *path.iterdir()])
    except OSError:
        touched = time.time()
    if time.time() - touched > STALE_S:
        return INTERRUPTED, UNTOUCHED.format(minutes=(time.time() - touched) / 60)
    return RUNNING, None


def read_run(path: Path) -> RunInfo:
    """The validated contents and status of run folder ``path``; never raises for what the
    folder holds (a bad file makes the run DAMAGED, with the file and its problem)."""
    problems = []
    config, problem = _read_json(path / CONFIG, config_problem)
    problems += [problem] if problem else []
    summary = owner = None
    if (path / SUMMARY).exists():
        summary, problem = _read_json(path / SUMMARY, summary_problem)
        problems += [problem] if problem else []
    if (path / OWNER).exists():
        owner, problem = _read_json(path / OWNER, owner_problem)
        problems += [problem] if problem else []
    if (path / METRICS).exists():
        problems += [parse_metrics(path / METRICS)[1]]
    has_checkpoint = (path / CHECKPOINT).exists()
    broken = checkpoint_problem(path / CHECKPOINT) if has_checkpoint else None
    if not has_checkpoint and summary and summary["status"] not in ("failed", "diverged",
                                                                    "stopped"):
        broken = NO_CHECKPOINT.format(file=CHECKPOINT, status=summary["status"])
    problems.append(broken)
    problems = [p for p in problems if p]
    if problems:
        status, why = DAMAGED, "; ".join(problems)
    elif summary:
        status, why = summary["status"], None
    else:
        status, why = _liveness(path, owner)
    return RunInfo(path.name, path, config or {}, summary or {}, status, why,
                   (owner or {}).get("session"), config is not None and has_checkpoint
                   and broken is None, tuple(problems))


def list_runs(root: Path | None = None, usable_only: bool = False) -> list[RunInfo]:
    """Every run folder under ``root`` (damaged ones included), newest first; with
    ``usable_only`` just those whose model can be loaded."""
    root = root or runs_root()
    if not root.is_dir():
        return []
    found = [read_run(path) for path in root.iterdir()
             if path.is_dir() and not path.name.startswith(".")]
    return sorted((r for r in found if r.usable or not usable_only),
                  key=lambda r: r.id, reverse=True)


def run_path(run_id: str, root: Path | None = None) -> Path:
    """``<root>/<run_id>``, refusing ids that are not one plain folder name (``../x``, ``a/b``,
    ``.``, hidden names) or that lead outside the runs folder."""
    root = root or runs_root()
    if (not isinstance(run_id, str) or not run_id or run_id.startswith(".")
            or any(c in run_id for c in "/\\\0") or Path(run_id).is_absolute()):
        raise InputError("other", f"{run_id!r} is not a run id (a folder name in {root})",
                         name="run_id", value=run_id)
    path = root / run_id
    if path.resolve().parent != root.resolve():
        raise InputError("other", f"run {run_id!r} leads outside the runs folder {root}",
                         name="run_id", value=run_id)
    return path


def get_run(run_id: str, root: Path | None = None) -> RunInfo:
    path = run_path(run_id, root)
    if not path.is_dir():
        raise InputError("other", f"no run {run_id!r} in {path.parent}", name="run_id",
                         value=run_id)
    return read_run(path)


def load_model(run_id: str, root: Path | None = None):
    """(model in eval mode on the CPU, TrainConfig) from a run's checkpoint."""
    from explorer.models import build_model
    from explorer.train import TrainConfig
    from explorer.weights import load_weights
    run = get_run(run_id, root)
    if not run.usable:
        raise InputError("file", CANNOT_LOAD.format(run_id=run_id, problem=run.problem or NOT_YET),
                         name=run_id, reason=run.problem)
    config = TrainConfig.from_dict(run.config)
    try:
        model = build_model(config.model, tuple(run.config["input_shape"]),
                            len(run.config["classes"]), **config.model_options)
    except ValueError as err:
        raise InputError("file", f"run {run_id} cannot be loaded: {CONFIG}: {err}",
                         name=run_id, reason=str(err)) from None
    load_weights(model, run.path / CHECKPOINT, CHECKPOINT_OF.format(run_id=run_id))
    return model.eval(), config


def load_trained(run_id: str, root: Path | None = None):
    """(model in eval mode, TrainConfig, the Splits it was trained on) of run ``run_id``."""
    from explorer.data import load_dataset
    model, config = load_model(run_id, root)
    return model, config, load_dataset(config.dataset, seed=config.seed)


def load_metrics(run_id: str, root: Path | None = None):
    """metrics.csv as a DataFrame of floats (empty when the run has none yet); InputError
    naming the line and column when the file is damaged."""
    import pandas as pd
    path = get_run(run_id, root).path / METRICS
    if not path.exists():
        return pd.DataFrame()
    columns, problem = parse_metrics(path)
    if problem:
        raise InputError("file", RUN_PROBLEM.format(run_id=run_id, problem=problem), name=run_id,
                         reason=problem)
    return pd.DataFrame(columns, dtype=float)


def deletable(run: RunInfo, session: str | None) -> str | None:
    """Why ``session`` may not delete ``run``, or None when it may."""
    from explorer.predict import DEFAULT_RUN
    if run.id == DEFAULT_RUN:
        return "it is the default model every page falls back on"
    if run.status == RUNNING:
        return "it is still training: stop it first"
    if run.session is None:
        return (f"it was not made from the dashboard (no owner session: the command line, or "
                f"a copied folder); whoever serves the dashboard can delete {run.path}")
    if run.session != session:
        return "it belongs to another browser session"
    return None


def delete_run(run_id: str, root: Path | None = None, session: str | None = None) -> None:
    """Delete run ``run_id`` for ``session``; InputError when ``deletable`` says no."""
    run = get_run(run_id, root)
    refused = deletable(run, session)
    if refused:
        raise InputError("other", f"run {run_id} was not deleted: {refused}", name="run_id",
                         value=run_id, reason=refused)
    shutil.rmtree(run.path)


def compare_configs(chosen: list[RunInfo]):
    """Settings and results of ``chosen`` runs as a table (rows: settings, columns: runs),
    the settings that differ between them first."""
    import pandas as pd
    columns = {}
    for run in chosen:
        settings = {}
        for k, v in run.config.items():
            if k in ("classes", "input_shape"):
                continue
            if isinstance(v, dict):   # model_options: a row each (a JSON cell was cut short)
                settings.update({f"{k}.{name}": str(o) for name, o in v.items()})
            else:
                settings[k] = json.dumps(v) if isinstance(v, list) else str(v)
        accuracy = run.summary.get("test_accuracy")
        columns[run.id] = {**settings, "status": run.status,
                           "test accuracy": "—" if accuracy is None else f"{accuracy:.2%}"}
    table = pd.DataFrame(columns).fillna("—")
    differs = table.nunique(axis=1) > 1
    return pd.concat([table[differs], table[~differs]])
