"""explorer.runs: atomic files, checkpoint round-trip with weights_only, the validated reader
(statuses, damaged files named), owners and deletion rules, the runs folder's size cap."""
import json
import os
import socket
import subprocess
import sys
import time

import pytest
import torch

from explorer import budget, runs
from explorer.errors import InputError
from explorer.models import build_model

CONFIG = {"dataset": "digits", "model": "lenet", "input_shape": [1, 8, 8],
          "classes": [str(i) for i in range(10)], "lr": 0.01, "epochs": 5}


def _run(root, summary=None, checkpoint=True, owner=None, config=CONFIG):
    """A run folder: config, optionally a LeNet checkpoint, a summary and owner.json."""
    run_dir = runs.new_run(config, root=root)
    if checkpoint:
        torch.manual_seed(0)
        runs.save_checkpoint(run_dir, build_model("lenet", (1, 8, 8), 10).state_dict())
    if summary is not None:
        runs.write_json(run_dir / runs.SUMMARY, summary)
    if owner is not None:
        runs.write_json(run_dir / runs.OWNER, owner)
    return run_dir


def _owner(pid=None, session="me", heartbeat=None, host=None):
    return {"pid": pid or os.getpid(), "host": host or socket.gethostname(), "session": session,
            "heartbeat": time.time() if heartbeat is None else heartbeat}


def test_atomic_write_never_leaves_a_torn_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.json"
    runs.write_json(target, {"a": 1})

    def boom(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        runs.write_json(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 1}      # old content intact
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]  # no temp left behind


def test_checkpoint_round_trip_and_listing(tmp_path):
    run_dir = _run(tmp_path, {"status": "finished", "test_accuracy": 0.9}, owner=_owner())
    model = build_model("lenet", (1, 8, 8), 10)
    model.load_state_dict(torch.load(run_dir / runs.CHECKPOINT, weights_only=True))
    runs.write_metrics(run_dir, [{"epoch": 1, "train_loss": None, "val_loss": 1.5,
                                  "val_acc": 0.5},
                                 {"epoch": 2, "train_loss": 0.9, "val_loss": 1.0, "val_acc": 0.75}])
    loaded, cfg = runs.load_model(run_dir.name, root=tmp_path)
    x = torch.randn(3, 1, 8, 8)
    torch.testing.assert_close(loaded(x), model.eval()(x))
    assert cfg.model == "lenet" and not loaded.training
    metrics = runs.load_metrics(run_dir.name, root=tmp_path)
    assert list(metrics["val_acc"]) == [0.5, 0.75] and metrics["train_loss"].isna().tolist() == [
        True, False] and metrics.dtypes.eq(float).all()
    (listed,) = runs.list_runs(root=tmp_path, usable_only=True)
    assert listed.id == run_dir.name and listed.status == "finished" and listed.session == "me"
    assert "test acc 90.0%" in listed.label
    second = runs.new_run(CONFIG, root=tmp_path)  # same second: a distinct folder
    assert second != run_dir
    runs.delete_run(run_dir.name, root=tmp_path, session="me")
    assert [r.id for r in runs.list_runs(root=tmp_path)] == [second.name]


def test_pickled_objects_and_truncated_checkpoints_are_refused(tmp_path):
    run_dir = _run(tmp_path, checkpoint=False)
    torch.save({"weights": build_model("lenet", (1, 8, 8), 10)}, run_dir / runs.CHECKPOINT)
    with pytest.raises(InputError, match="refers to Python code .*LeNet"):
        runs.load_model(run_dir.name, root=tmp_path)
    (run_dir / runs.CHECKPOINT).write_bytes(b"truncated")
    with pytest.raises(InputError, match="checkpoint.pt: cut short"):
        runs.load_model(run_dir.name, root=tmp_path)


def test_mismatched_checkpoint_message(tmp_path):
    run_dir = _run(tmp_path, checkpoint=False)
    runs.save_checkpoint(run_dir, build_model("mlp", (64,), 10).state_dict())
    with pytest.raises(ValueError, match="does not fit the model"):
        runs.load_model(run_dir.name, root=tmp_path)
    with pytest.raises(ValueError, match="no run"):
        runs.load_model("nope", root=tmp_path)


def test_compare_configs_puts_differences_first(tmp_path):
    a = _run(tmp_path)
    b = _run(tmp_path, {"status": "diverged", "test_accuracy": 0.1},
             config={**CONFIG, "lr": 0.1})
    table = runs.compare_configs(runs.list_runs(root=tmp_path))
    assert list(table.columns) == [b.name, a.name]
    assert list(table.index[:3]) == ["lr", "status", "test accuracy"]
    assert table.loc["lr"].tolist() == ["0.1", "0.01"] and table.loc["model"].nunique() == 1
    assert table.loc["status"].tolist() == ["diverged", "running"]
    # an MLP's options are a row each, not one JSON cell cut short in the table
    c = _run(tmp_path, config={**CONFIG, "model": "mlp",
                               "model_options": {"depth": 4, "width": 64}})
    table = runs.compare_configs([r for r in runs.list_runs(root=tmp_path) if r.id != b.name])
    assert table.loc["model_options.depth"].tolist() == ["4", "—"]
    assert table.loc["model_options.width"].tolist() == ["64", "—"] and c.name in table.columns


# --------------------------------------------------------------------------- damaged files
def _write(path, text):
    path.write_text(text) if isinstance(text, str) else path.write_bytes(text)


DAMAGE = [   # (file, contents, the problem the run must state)
    (runs.SUMMARY, "[1]", "summary.json: expected an object, got a list"),
    (runs.SUMMARY, "", "summary.json: not valid JSON"),
    (runs.SUMMARY, '{"status": "finished", "test_accuracy": "0.9"}',
     "summary.json: test_accuracy must be a number in [0, 1], got '0.9' (text)"),
    (runs.SUMMARY, '{"status": "finished", "test_accuracy": 1.5}',
     "summary.json: test_accuracy must be a number in [0, 1], got 1.5"),
    (runs.SUMMARY, '{"status": "finished", "test_loss": NaN}',
     "summary.json: test_loss must be a finite number >= 0, got nan"),
    (runs.SUMMARY, '{"status": "exploded"}', "summary.json: status must be one of"),
    (runs.SUMMARY, '{"status": "finished", "test_loss": ' + "9" * 400 + "}",
     "summary.json: test_loss must be a finite number >= 0, got 9999"),   # no OverflowError
    (runs.CONFIG, json.dumps({**CONFIG, "model": "x" * 10_000}),
     "config.json: model must be one of"),                                # shown cut short
    (runs.CONFIG, "[1, 2]", "config.json: expected an object, got a list"),
    (runs.CONFIG, json.dumps({**CONFIG, "lr": "fast"}),
     "config.json: lr must be a finite number, got 'fast' (text)"),
    (runs.CONFIG, json.dumps({**CONFIG, "epochs": 2.5}),
     "config.json: epochs must be a whole number >= 0, got 2.5"),
    (runs.CONFIG, json.dumps({**CONFIG, "amp": "yes"}), "config.json: amp must be true or false"),
    (runs.CONFIG, json.dumps({**CONFIG, "model": "gpt"}), "config.json: model must be one of"),
    (runs.CONFIG, json.dumps({**CONFIG, "input_shape": [-1]}), "config.json: input_shape"),
    (runs.CONFIG, json.dumps({**CONFIG, "classes": "0123"}), "config.json: classes must be"),
    (runs.CONFIG, "\x00\xff garbage", "config.json: not valid JSON"),
    (runs.METRICS, "", "metrics.csv: empty (no header row)"),
    (runs.METRICS, "\x00\x01\x02 garbage\n", "metrics.csv: no column epoch"),
    (runs.METRICS, "a,b\n1,2\n", "metrics.csv: no column epoch, val_loss, val_acc"),
    (runs.METRICS, "epoch,val_loss,val_acc\n1,0.5,high\n",
     "metrics.csv: line 2, val_acc is not a number: 'high'"),
    (runs.METRICS, "epoch,val_loss,val_acc\n1,0.5\n", "metrics.csv: line 2 has 2 cells"),
    (runs.METRICS, "epoch,val_loss,val_acc\n1,inf,0.5\n",
     "metrics.csv: line 2, val_loss must be a finite number"),
    (runs.OWNER, '{"pid": -1, "host": "h", "session": null, "heartbeat": 1}',
     "owner.json: pid must be a whole number > 0"),
    (runs.CHECKPOINT, b"", "checkpoint.pt: cut short or not a file written by torch.save"),
    (runs.CHECKPOINT, "truncate", "checkpoint.pt: cut short or not a file written by torch.save"),
    (runs.CHECKPOINT, "folder", "checkpoint.pt: is a folder, not a file"),
    (runs.CONFIG, "folder", "config.json: is a folder, not a file"),
]


def damage(run_dir, file, contents):
    """Apply one row of DAMAGE to ``run_dir``."""
    path = run_dir / file
    if contents == "folder":
        path.unlink(missing_ok=True)
        path.mkdir()
    elif contents == "truncate":
        path.write_bytes(path.read_bytes()[:1000])
    else:
        _write(path, contents)


@pytest.mark.parametrize("file, contents, problem", DAMAGE)
def test_each_damaged_file_is_named_and_other_runs_are_unaffected(tmp_path, file, contents,
                                                                  problem):
    good = _run(tmp_path, {"status": "finished", "test_accuracy": 0.9})
    bad = _run(tmp_path, {"status": "finished", "test_accuracy": 0.8}, owner=_owner())
    damage(bad, file, contents)
    listed = {r.id: r for r in runs.list_runs(root=tmp_path)}
    assert listed[good.name].status == "finished" and listed[good.name].usable
    run = listed[bad.name]
    assert run.status == runs.DAMAGED and problem in run.problem, run.problem
    assert f"damaged: {problem}" in run.label and len(run.problem) < 300
    menu = [r.id for r in runs.list_runs(root=tmp_path, usable_only=True)]
    assert (bad.name in menu) == (file not in (runs.CONFIG, runs.CHECKPOINT))
    if file == runs.METRICS:
        with pytest.raises(InputError, match="metrics.csv"):
            runs.load_metrics(bad.name, root=tmp_path)
    if file in (runs.CONFIG, runs.CHECKPOINT):
        with pytest.raises(InputError, match=f"cannot be loaded: .*{problem[:20]}"):
            runs.load_model(bad.name, root=tmp_path)


def test_a_finished_run_without_its_checkpoint_is_damaged_a_failed_one_is_not(tmp_path):
    finished = _run(tmp_path, {"status": "finished"}, checkpoint=False)
    failed = _run(tmp_path, {"status": "failed", "reason": "RuntimeError: boom"}, checkpoint=False)
    listed = {r.id: r for r in runs.list_runs(root=tmp_path)}
    assert listed[finished.name].problem == "checkpoint.pt: missing, although the run finished"
    assert listed[failed.name].status == "failed" and not listed[failed.name].usable


# --------------------------------------------------------------------------- liveness
def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("owner, status, why", [
    (lambda: _owner(), runs.RUNNING, None),
    (lambda: _owner(pid=_dead_pid()), runs.INTERRUPTED, "training process"),
    (lambda: _owner(heartbeat=time.time() - runs.STALE_S - 60), runs.INTERRUPTED,
     "no heartbeat from its training process for 6 min"),
    (lambda: _owner(host="another-host", heartbeat=time.time() - 10), runs.RUNNING, None),
    (lambda: _owner(pid=_dead_pid(), host="another-host"), runs.RUNNING, None),
])
def test_a_run_without_summary_is_running_or_interrupted(tmp_path, owner, status, why):
    run = runs.read_run(_run(tmp_path, owner=owner()))
    assert run.status == status and (why is None and run.problem is None or why in run.problem)


def test_a_zombie_owner_counts_as_gone(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.time() + 30
        while runs._alive(child.pid) and time.time() < deadline:   # exits, not yet reaped
            time.sleep(0.05)
        assert runs.read_run(_run(tmp_path, owner=_owner(pid=child.pid))).status == \
            runs.INTERRUPTED
    finally:
        child.wait()


def test_a_run_with_no_owner_and_no_summary_is_interrupted_once_untouched(tmp_path):
    run_dir = _run(tmp_path)
    assert runs.read_run(run_dir).status == runs.RUNNING
    old = time.time() - runs.STALE_S - 120
    for path in [run_dir, *run_dir.iterdir()]:
        os.utime(path, (old, old))
    run = runs.read_run(run_dir)
    assert run.status == runs.INTERRUPTED and "untouched for 7 min" in run.problem
    assert run.usable   # its last checkpoint is kept and offered


def test_owned_writes_a_heartbeat_until_the_block_ends(tmp_path):
    run_dir = _run(tmp_path)
    with runs.owned(run_dir, "s", every=0.05):
        first = json.loads((run_dir / runs.OWNER).read_text())
        deadline = time.time() + 30
        while json.loads((run_dir / runs.OWNER).read_text())["heartbeat"] == \
                first["heartbeat"] and time.time() < deadline:
            time.sleep(0.01)
        assert runs.read_run(run_dir).status == runs.RUNNING
    last = json.loads((run_dir / runs.OWNER).read_text())
    assert last["heartbeat"] > first["heartbeat"] and last["pid"] == os.getpid()
    assert last["session"] == "s"


# --------------------------------------------------------------------------- deleting
def test_only_the_owning_session_deletes_and_never_outside_the_root(tmp_path):
    mine = _run(tmp_path, {"status": "finished"}, owner=_owner(session="me"))
    theirs = _run(tmp_path, {"status": "finished"}, owner=_owner(session="them"))
    cli = _run(tmp_path, {"status": "finished"}, owner=_owner(session=None))
    live = _run(tmp_path, owner=_owner(session="me"))
    default = tmp_path / "default-digits-lenet"
    default.mkdir()
    (tmp_path.parent / "outside").mkdir(exist_ok=True)
    for run_id, words in [(theirs.name, "belongs to another browser session"),
                          (cli.name, "not made from the dashboard"),
                          (live.name, "still training"),
                          ("default-digits-lenet", "the default model")]:
        with pytest.raises(InputError, match=words):
            runs.delete_run(run_id, root=tmp_path, session="me")
    for run_id in ("../outside", "..", ".", "", "/etc", "a/b", mine.name + "/.."):
        with pytest.raises(InputError, match="not a run id|outside"):
            runs.delete_run(run_id, root=tmp_path, session="me")
    assert (tmp_path.parent / "outside").is_dir()
    runs.delete_run(mine.name, root=tmp_path, session="me")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [theirs.name, cli.name, live.name, default.name])


def test_a_symlink_leading_outside_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "sneaky").symlink_to(outside)
    with pytest.raises(InputError, match="outside the runs folder"):
        runs.delete_run("sneaky", root=tmp_path / "runs", session="me")
    assert outside.is_dir()


def test_a_full_runs_folder_refuses_new_runs(tmp_path, monkeypatch):
    _run(tmp_path)
    used = runs.folder_bytes(tmp_path)
    assert used == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    monkeypatch.setattr(runs, "MAX_RUNS_BYTES", used)
    with pytest.raises(InputError, match="runs folder .* is full") as full:
        runs.new_run(CONFIG, root=tmp_path)
    assert full.value.code == "budget" and full.value.params["limit"] == used
    assert len(list(tmp_path.iterdir())) == 1
    monkeypatch.setattr(runs, "MAX_RUNS_BYTES", used + 1)
    runs.new_run(CONFIG, root=tmp_path)
    assert budget.MAX_RUNS_BYTES == 2**30
