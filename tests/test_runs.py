"""explorer.runs: atomic files, checkpoint round-trip with weights_only, list/delete."""
import json
import os

import pytest
import torch

from explorer import runs
from explorer.models import build_model


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
    config = {"dataset": "digits", "model": "lenet", "input_shape": [1, 8, 8],
              "classes": [str(i) for i in range(10)]}
    run_dir = runs.new_run(config, root=tmp_path)
    torch.manual_seed(0)
    model = build_model("lenet", (1, 8, 8), 10)
    runs.save_checkpoint(run_dir, model.state_dict())
    runs.write_metrics(run_dir, [{"epoch": 1, "val_acc": 0.5}, {"epoch": 2, "val_acc": 0.75}])
    runs.write_json(run_dir / runs.SUMMARY, {"status": "finished", "test_accuracy": 0.9})

    loaded, cfg = runs.load_model(run_dir.name, root=tmp_path)
    x = torch.randn(3, 1, 8, 8)
    torch.testing.assert_close(loaded(x), model.eval()(x))
    assert cfg.model == "lenet" and not loaded.training
    assert list(runs.load_metrics(run_dir.name, root=tmp_path)["val_acc"]) == [0.5, 0.75]
    listed = runs.list_runs(root=tmp_path, with_checkpoint=True)
    assert [r.id for r in listed] == [run_dir.name]
    assert "test acc 90.0%" in listed[0].label
    second = runs.new_run(config, root=tmp_path)  # same second: a distinct folder
    assert second != run_dir
    runs.delete_run(run_dir.name, root=tmp_path)
    assert [r.id for r in runs.list_runs(root=tmp_path)] == [second.name]


def test_pickled_objects_are_refused(tmp_path):
    config = {"dataset": "digits", "model": "lenet", "input_shape": [1, 8, 8],
              "classes": [str(i) for i in range(10)]}
    run_dir = runs.new_run(config, root=tmp_path)
    torch.save({"weights": build_model("lenet", (1, 8, 8), 10)}, run_dir / runs.CHECKPOINT)
    with pytest.raises(ValueError, match="weights_only=True"):
        runs.load_model(run_dir.name, root=tmp_path)
    (run_dir / runs.CHECKPOINT).write_bytes(b"truncated")
    with pytest.raises(ValueError, match="not a plain weights file"):
        runs.load_model(run_dir.name, root=tmp_path)


def test_mismatched_checkpoint_message(tmp_path):
    config = {"dataset": "digits", "model": "lenet", "input_shape": [1, 8, 8],
              "classes": [str(i) for i in range(10)]}
    run_dir = runs.new_run(config, root=tmp_path)
    runs.save_checkpoint(run_dir, build_model("mlp", (64,), 10).state_dict())
    with pytest.raises(ValueError, match="does not fit the model"):
        runs.load_model(run_dir.name, root=tmp_path)
    with pytest.raises(ValueError, match="no run"):
        runs.load_model("nope", root=tmp_path)


def test_compare_configs_puts_differences_first(tmp_path):
    base = {"dataset": "digits", "model": "lenet", "lr": 0.01, "epochs": 5}
    a = runs.new_run(base, root=tmp_path)
    b = runs.new_run({**base, "lr": 0.1}, root=tmp_path)
    runs.write_json(b / runs.SUMMARY, {"status": "diverged", "test_accuracy": 0.1})
    table = runs.compare_configs(runs.list_runs(root=tmp_path))
    assert list(table.columns) == [b.name, a.name]
    assert list(table.index[:3]) == ["lr", "status", "test accuracy"]
    assert table.loc["lr"].tolist() == ["0.1", "0.01"] and table.loc["model"].nunique() == 1
