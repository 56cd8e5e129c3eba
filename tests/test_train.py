"""explorer.train: learns, diverges cleanly, stops on request, schedules, CLI and torchrun."""
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch

from explorer import runs
from explorer.data import load_dataset
from explorer.train import (TrainConfig, corrupt_labels, fit, make_optimizer, make_schedule,
                            start_run)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


@pytest.fixture(autouse=True)
def runs_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))


def test_lenet_learns_digits_in_a_few_epochs(digits):
    events = []
    result = fit(TrainConfig(epochs=4), callback=events.append, splits=digits)
    assert result.epochs[-1]["val_acc"] > 0.90 and result.test_accuracy > 0.90
    assert result.stopped_reason is None and not result.model.training
    steps = [e for e in events if e["kind"] == "step"]
    assert {"loss", "accuracy", "lr", "grad_norm", "samples_per_s"} <= set(steps[0])
    assert steps[-1]["step"] == 4 * -(-len(digits.y_train) // 64)
    assert steps[0]["loss"] > steps[-1]["loss"]
    assert [e["epoch"] for e in events if e["kind"] == "epoch"] == [1, 2, 3, 4]


def test_same_seed_same_weights(digits):
    a = fit(TrainConfig(epochs=1, model="mlp"), splits=digits).model
    b = fit(TrainConfig(epochs=1, model="mlp"), splits=digits).model
    for (name, p), q in zip(a.state_dict().items(), b.state_dict().values()):
        torch.testing.assert_close(p, q, msg=name)


def test_huge_learning_rate_stops_with_divergence_and_keeps_a_usable_checkpoint(digits):
    result = start_run(TrainConfig(epochs=3, lr=1e6, optimizer="sgd"))
    assert result.stopped_reason.startswith("diverged: loss diverged at step ")
    assert result.stopped_reason.endswith("(learning rate too high?)")
    summary = json.loads((result.run_dir / runs.SUMMARY).read_text())
    assert summary["status"] == "diverged"
    model, _ = runs.load_model(result.run_dir.name)
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert torch.isfinite(model(digits.x_test[:8])).all()


def test_stop_event_ends_the_run_and_keeps_what_was_trained(digits):
    stop = threading.Event()

    def stop_after_ten_steps(event):
        if event["kind"] == "step" and event["step"] >= 10:
            stop.set()
    result = start_run(TrainConfig(epochs=50), callback=stop_after_ten_steps, stop_event=stop)
    assert result.stopped_reason == "stopped"
    assert len(result.epochs) == 1  # the partial epoch is validated and saved
    assert (result.run_dir / runs.CHECKPOINT).exists()
    assert result.test_accuracy > 0.2  # better than chance: the steps it took count


def test_early_stopping_restores_best_weights(digits):
    result = fit(TrainConfig(epochs=40, patience=2, lr=0.05, model="mlp"), splits=digits)
    assert result.stopped_reason == "early stopping"
    assert len(result.epochs) < 40
    best = min(e["val_loss"] for e in result.epochs)
    from explorer.train import evaluate
    assert evaluate(result.model, digits.x_val, digits.y_val)[0] == pytest.approx(best, rel=1e-5)


@pytest.mark.parametrize("schedule", ["constant", "step", "exponential", "cosine",
                                      "polynomial", "onecycle"])
def test_schedules_follow_their_definitions(schedule):
    config = TrainConfig(epochs=10, lr=0.1, schedule=schedule, warmup_epochs=1)
    optimizer = make_optimizer(config, [torch.nn.Parameter(torch.zeros(1))])
    scheduler = make_schedule(config, optimizer, steps_per_epoch=10)
    lrs = []
    for _ in range(100):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    assert max(lrs) == pytest.approx(0.1, rel=0.02)
    if schedule != "onecycle":  # linear warmup from 0.1 % over the first epoch
        assert lrs[0] == pytest.approx(1e-4) and lrs[10] == pytest.approx(0.1)
    expected_end = {"constant": 0.1, "step": 1e-3, "exponential": 0.1 * 0.01 ** (89 / 90),
                    "cosine": 0.1 * (1 + torch.cos(torch.tensor(89 / 90 * torch.pi))) / 2,
                    "polynomial": 0.1 * (1 / 90) ** 2}
    if schedule in expected_end:
        assert lrs[-1] == pytest.approx(float(expected_end[schedule]), rel=1e-3)


def test_label_noise_fraction():
    labels = torch.arange(10).repeat(1000)
    noisy = corrupt_labels(labels, 0.5, 10, seed=0)
    # half are redrawn uniformly; 1/10 of those land on the true class
    assert (noisy != labels).float().mean().item() == pytest.approx(0.45, abs=0.02)


@pytest.mark.parametrize("bad, message", [
    (dict(lr=0), "learning rate"), (dict(label_smoothing=1.0), "label smoothing"),
    (dict(warmup_epochs=5, epochs=5), "warmup"), (dict(optimizer="lbfgs"), "optimizer")])
def test_bad_configs_are_explained(bad, message):
    with pytest.raises(ValueError, match=message):
        fit(TrainConfig(**bad))


def _cli(args, env_extra, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EXPLORER_RUNS": str(tmp_path / "runs"),
           "OMP_NUM_THREADS": "1", **env_extra}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_cli_writes_a_run_folder(tmp_path):
    out = _cli([sys.executable, "-m", "explorer.train", "--epochs", "2", "--model", "mlp"],
               {}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert "test accuracy" in out.stdout and "epoch 2" in out.stderr
    (run,) = runs.list_runs(tmp_path / "runs")
    assert run.summary["status"] == "finished" and run.config["model"] == "mlp"
    assert len(runs.load_metrics(run.id, tmp_path / "runs")) == 2


def test_torchrun_two_cpu_processes_same_results_format(tmp_path):
    torchrun = Path(sys.executable).with_name("torchrun")
    out = _cli([str(torchrun), "--standalone", "--nproc_per_node=2", "-m", "explorer.train",
                "--epochs", "2", "--model", "mlp", "--device", "cpu"], {}, tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    (run,) = runs.list_runs(tmp_path / "runs")  # only rank 0 writes
    assert run.summary["status"] == "finished" and run.summary["test_accuracy"] > 0.8
    assert list(runs.load_metrics(run.id, tmp_path / "runs")["epoch"]) == [1, 2]


def test_single_cpu_thread_restores_the_thread_count_even_on_error():
    from explorer.train import single_cpu_thread
    before = torch.get_num_threads()
    with pytest.raises(RuntimeError):
        with single_cpu_thread():
            assert torch.get_num_threads() == 1
            raise RuntimeError("boom")
    assert torch.get_num_threads() == before
