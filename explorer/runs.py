"""Run folders: ``runs/<id>/`` with config.json, metrics.csv, summary.json, checkpoint.pt.

Every write is atomic (write a temp file in the same folder, then os.replace), so a run
killed mid-write never leaves a torn file; checkpoints load with torch.load(weights_only=True),
which refuses to unpickle arbitrary objects.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CONFIG, METRICS, SUMMARY, CHECKPOINT = "config.json", "metrics.csv", "summary.json", "checkpoint.pt"
OWNER = "owner.json"   # {"pid", "host", "session", "heartbeat"}: who trains this run, and when
                       # it last said so; a run without summary.json whose owner is gone is
                       # "interrupted"


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


def new_run(config: dict, root: Path | None = None) -> Path:
    """Create ``<root>/<time>-<dataset>-<model>[-n]/`` holding config.json; return it."""
    root = root or runs_root()
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
    import socket
    write_json(run_dir / OWNER, {"pid": os.getpid(), "host": socket.gethostname(),
                                 "session": session, "heartbeat": time.time()})


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


@dataclass(frozen=True)
class RunInfo:
    id: str
    path: Path
    config: dict
    summary: dict  # status, test_accuracy, ... ({} while the first epoch runs)

    @property
    def label(self) -> str:
        acc = self.summary.get("test_accuracy")
        score = f", test acc {acc:.1%}" if isinstance(acc, float) else ""
        return f"{self.id} ({self.summary.get('status', 'running')}{score})"


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def list_runs(root: Path | None = None, with_checkpoint: bool = False) -> list[RunInfo]:
    """Runs under ``root``, newest first; optionally only those that have a checkpoint."""
    root = root or runs_root()
    if not root.is_dir():
        return []
    runs = []
    for path in root.iterdir():
        config = _read_json(path / CONFIG)
        if not config or (with_checkpoint and not (path / CHECKPOINT).exists()):
            continue
        runs.append(RunInfo(path.name, path, config, _read_json(path / SUMMARY)))
    return sorted(runs, key=lambda r: r.id, reverse=True)


def get_run(run_id: str, root: Path | None = None) -> RunInfo:
    path = (root or runs_root()) / run_id
    config = _read_json(path / CONFIG)
    if not config:
        raise ValueError(f"no run {run_id!r} in {path.parent}")
    return RunInfo(run_id, path, config, _read_json(path / SUMMARY))


def load_model(run_id: str, root: Path | None = None):
    """(model in eval mode on the CPU, TrainConfig) from a run's checkpoint."""
    import torch
    from explorer.models import build_model
    from explorer.train import TrainConfig
    run = get_run(run_id, root)
    config = TrainConfig.from_dict(run.config)
    shape, classes = run.config.get("input_shape"), run.config.get("classes")
    if not (run.path / CHECKPOINT).exists() or not shape or not classes:
        raise ValueError(f"run {run_id} has no checkpoint yet")
    model = build_model(config.model, tuple(shape), len(classes), **config.model_options)
    load_weights(model, run.path / CHECKPOINT, f"checkpoint of {run_id}")
    return model.eval(), config


WRAPPER_KEYS = ("state_dict", "model_state_dict", "model")   # {"state_dict": {...}, "epoch": 3}


def load_weights(model, source, what: str) -> None:
    """Load a weights-only state dict from ``source`` (a path or a binary file object) into
    ``model``. ``torch.load(weights_only=True)`` refuses pickled objects. A dict holding the
    state dict under one of ``WRAPPER_KEYS`` is unwrapped, and the ``module.`` prefix that
    DistributedDataParallel adds is dropped. ValueError, naming ``what``, for anything else."""
    import torch
    try:
        state = torch.load(source, map_location="cpu", weights_only=True)
    except Exception as err:  # torch raises many types for junk, torn or pickled files
        refused = re.search(r"Unsupported global: GLOBAL (\S+)", str(err))
        reason = (f"it holds a pickled {refused.group(1)}, not only tensors; save "
                  f"model.state_dict() instead" if refused else
                  "it is not a file written by torch.save, or it is cut short")
        raise ValueError(f"{what} is not a plain weights file (only tensors are loaded, "
                         f"weights_only=True): {reason}") from None
    if isinstance(state, dict):
        inner = next((state[k] for k in WRAPPER_KEYS if isinstance(state.get(k), dict)), None)
        state = inner if inner is not None else state
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor)
                                              for v in state.values()):
        raise ValueError(f"{what} holds no state dict (a mapping of parameter names to "
                         f"tensors); save one with torch.save(model.state_dict(), path)")
    state = {k.removeprefix("module."): v for k, v in state.items()}
    try:
        model.load_state_dict(state)
    except RuntimeError as err:
        raise ValueError(f"{what} does not fit the model: {err}") from None


def load_trained(run_id: str, root: Path | None = None):
    """(model in eval mode, TrainConfig, the Splits it was trained on) of run ``run_id``."""
    from explorer.data import load_dataset
    model, config = load_model(run_id, root)
    return model, config, load_dataset(config.dataset, seed=config.seed)


def load_metrics(run_id: str, root: Path | None = None):
    import pandas as pd
    path = get_run(run_id, root).path / METRICS
    return pd.read_csv(path) if path.exists() else pd.DataFrame()


def delete_run(run_id: str, root: Path | None = None) -> None:
    shutil.rmtree(get_run(run_id, root).path)


def compare_configs(chosen: list[RunInfo]):
    """Settings and results of ``chosen`` runs as a table (rows: settings, columns: runs),
    the settings that differ between them first."""
    import pandas as pd
    columns = {}
    for run in chosen:
        settings = {k: json.dumps(v) if isinstance(v, (dict, list)) else str(v)
                    for k, v in run.config.items() if k not in ("classes", "input_shape")}
        accuracy = run.summary.get("test_accuracy")
        columns[run.id] = {**settings, "status": run.summary.get("status", "running"),
                           "test accuracy": "—" if accuracy is None else f"{accuracy:.2%}"}
    table = pd.DataFrame(columns).fillna("—")
    differs = table.nunique(axis=1) > 1
    return pd.concat([table[differs], table[~differs]])
