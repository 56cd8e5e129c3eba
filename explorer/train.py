"""TrainConfig + fit(): the one training loop behind the Train page, the CLI and torchrun.

The loop follows the seeds' template (seed, model, loss, optimizer, LR schedule, AMP with
GradScaler on CUDA, validation each epoch, early stopping) with the speed habits of airbench:
the whole dataset lives on the device as tensors and batches are index slices of a
per-epoch permutation, so there is no DataLoader, no worker and no per-sample Python.

    python -m explorer.train --dataset digits --model lenet --epochs 5
    torchrun --nproc_per_node=2 -m explorer.train --dataset digits --epochs 5   # DDP
"""
from __future__ import annotations

import argparse
import copy
import io
import math
import os
import random
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer import runs
from explorer.data import (DATASET_NAMES, TOY_SETS, DatasetUnavailable, Splits, load_dataset,
                           unavailable_reason)
from explorer.images import MAX_BYTES
from explorer.models import IMAGE_ONLY, build_model

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop")
SCHEDULES = ("constant", "step", "exponential", "cosine", "polynomial", "onecycle")
LOSSES = ("ce", "focal")


@dataclass
class TrainConfig:
    dataset: str = "digits"
    model: str = "lenet"
    model_options: dict = field(default_factory=dict)
    optimizer: str = "adam"
    lr: float = 1e-2
    momentum: float = 0.9
    weight_decay: float = 0.0
    batch_size: int = 64
    epochs: int = 10
    schedule: str = "cosine"
    warmup_epochs: float = 0.0
    loss: str = "ce"
    label_smoothing: float = 0.0
    label_noise: float = 0.0     # fraction of train labels replaced by random ones
    grad_clip: float = 0.0       # max global grad norm; 0 = no clipping
    amp: bool = True             # mixed precision, used on CUDA only
    seed: int = 0
    patience: int = 0            # early stopping on val loss; 0 = off
    device: str = "auto"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def validate(self) -> None:
        checks = [
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {OPTIMIZERS}"),
            (self.schedule in SCHEDULES, f"schedule must be one of {SCHEDULES}"),
            (self.loss in LOSSES, f"loss must be one of {LOSSES}"),
            (self.lr > 0 and math.isfinite(self.lr), f"learning rate must be > 0, got {self.lr}"),
            (self.batch_size >= 1, f"batch size must be >= 1, got {self.batch_size}"),
            (self.epochs >= 1, f"epochs must be >= 1, got {self.epochs}"),
            (0 <= self.label_smoothing < 1,
             f"label smoothing must be in [0, 1), got {self.label_smoothing}"),
            (0 <= self.label_noise <= 1, f"label noise must be in [0, 1], got {self.label_noise}"),
            (0 <= self.warmup_epochs < self.epochs,
             f"warmup ({self.warmup_epochs} epochs) must be shorter than training "
             f"({self.epochs} epochs)"),
            (self.grad_clip >= 0, f"gradient clipping must be >= 0, got {self.grad_clip}"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)
        if self.dataset not in DATASET_NAMES:
            raise ValueError(f"unknown dataset {self.dataset!r}; expected one of "
                             f"{', '.join(DATASET_NAMES)}")
        if self.model in IMAGE_ONLY and self.dataset in TOY_SETS:
            raise ValueError(f"{self.model} is a convolutional network for images; "
                             f"{self.dataset} is a set of 2-D points: use the mlp")
        unavailable = unavailable_reason(self.dataset)
        if unavailable:
            raise DatasetUnavailable(unavailable)


@dataclass
class FitResult:
    model: nn.Module                 # eval mode, last good weights (best val when patience > 0)
    steps: list[dict]                # step, epoch, loss, accuracy, lr, grad_norm, samples_per_s
    epochs: list[dict]               # epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds
    stopped_reason: str | None       # None | "stopped" | "diverged: ..." | "early stopping"
    test_accuracy: float
    test_loss: float
    splits: Splits
    run_dir: Path | None
    device: str


_THREADS_LOCK = threading.Lock()


@contextmanager
def single_cpu_thread():
    """torch on one intra-op CPU thread meanwhile, then the previous count (the setting is
    process-wide, so concurrent users take turns). Tiny models (digits MLPs, LeNet on 8x8)
    gain nothing from intra-op threads, and on a busy 2-core machine their OpenMP hand-offs
    cost 10-45x (measured: a 300-step MLP run 36 s with 2 threads, 0.8 s with 1)."""
    with _THREADS_LOCK:
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(before)


def setup_seed(seed: int) -> None:
    """The seeds' setup_seed: Python, NumPy and torch (all devices) generators."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name: str = "auto") -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("CUDA was asked for but no GPU is available: use device 'cpu'")
    return torch.device(name)


def device_label(device: torch.device) -> str:
    if device.type == "cuda":
        return f"GPU: {torch.cuda.get_device_name(device)}"
    return f"CPU ({torch.get_num_threads()} threads)"


def make_optimizer(config: TrainConfig, params) -> torch.optim.Optimizer:
    o, lr, wd = config.optimizer, config.lr, config.weight_decay
    if o in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, weight_decay=wd,
                               momentum=0.0 if o == "sgd" else config.momentum,
                               nesterov=o == "nesterov")
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd)
    return torch.optim.RMSprop(params, lr=lr, weight_decay=wd, momentum=config.momentum)


def make_schedule(config: TrainConfig, optimizer, steps_per_epoch: int):
    """A per-step torch.optim.lr_scheduler, after ``warmup_epochs`` of linear warmup.

    step: x0.1 at 1/3 and 2/3 of training; exponential: to 1 % of lr at the end; cosine:
    to 0; polynomial: (1 - t)^2; onecycle: OneCycleLR (its own warmup, 30 % of steps).
    """
    S = torch.optim.lr_scheduler
    total = config.epochs * steps_per_epoch
    if config.schedule == "onecycle":
        return S.OneCycleLR(optimizer, max_lr=config.lr, total_steps=total)
    warm = int(round(config.warmup_epochs * steps_per_epoch))
    rest = max(total - warm, 1)
    main = {
        "constant": lambda: S.ConstantLR(optimizer, factor=1.0, total_iters=0),
        "step": lambda: S.MultiStepLR(optimizer, [rest // 3, 2 * rest // 3], gamma=0.1),
        "exponential": lambda: S.ExponentialLR(optimizer, gamma=0.01 ** (1 / rest)),
        "cosine": lambda: S.CosineAnnealingLR(optimizer, T_max=rest),
        "polynomial": lambda: S.PolynomialLR(optimizer, total_iters=rest, power=2.0),
    }[config.schedule]()
    if warm == 0:
        return main
    warmup = S.LinearLR(optimizer, start_factor=1e-3, end_factor=1.0, total_iters=warm)
    return S.SequentialLR(optimizer, [warmup, main], milestones=[warm])


def make_loss(config: TrainConfig, num_classes: int) -> Callable:
    if config.loss == "ce":
        return nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    from explorer.losses import focal_loss

    def focal(logits, labels):  # RetinaNet's sigmoid focal loss over one-hot targets
        targets = F.one_hot(labels, num_classes).to(logits.dtype)
        # unchecked: a non-finite loss must reach the divergence check, not raise
        return focal_loss(logits, targets, validate=False).sum(1).mean()
    return focal


def corrupt_labels(labels: torch.Tensor, fraction: float, num_classes: int,
                   seed: int) -> torch.Tensor:
    """Replace a random ``fraction`` of labels by uniformly drawn classes (may hit the true one)."""
    g = torch.Generator().manual_seed(seed + 1)
    noisy = labels.clone()
    chosen = torch.rand(len(labels), generator=g) < fraction
    noisy[chosen] = torch.randint(0, num_classes, (int(chosen.sum()),), generator=g)
    return noisy


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor,
             batch_size: int = 4096) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``model`` in eval mode on (x, y)."""
    was_training = model.training
    model.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(x), batch_size):
        logits = model(x[i:i + batch_size]).float()
        loss += F.cross_entropy(logits, y[i:i + batch_size], reduction="sum").item()
        correct += (logits.argmax(1) == y[i:i + batch_size]).sum().item()
    model.train(was_training)
    return loss / max(len(x), 1), correct / max(len(x), 1)


@torch.no_grad()
def predict_logits(model: nn.Module, x: torch.Tensor, batch_size: int = 4096) -> torch.Tensor:
    model.eval()
    return torch.cat([model(x[i:i + batch_size]).float().cpu()
                      for i in range(0, len(x), batch_size)])


def _distributed() -> tuple[int, int]:
    """(rank, world size) under torchrun; (0, 1) otherwise."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not torch.distributed.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        torch.distributed.init_process_group(backend)
    return (torch.distributed.get_rank(), world) if world > 1 else (0, 1)


def fit(config: TrainConfig, callback: Callable[[dict], None] | None = None,
        stop_event: threading.Event | None = None, run_dir: Path | str | None = None,
        splits: Splits | None = None, log_every: int = 10,
        init: Callable[[nn.Module], None] | None = None) -> FitResult:
    """Train ``config``; return the model, its curves and why it stopped.

    ``callback(event)`` gets {"kind": "step", ...} every ``log_every`` steps and
    {"kind": "epoch", ...} after each epoch. Setting ``stop_event`` ends the run at the next
    step. ``init(model)`` re-initialises the freshly built model (the Weight-init page's
    comparisons). A non-finite loss ends it with "diverged: loss diverged at step N (learning rate too
    high?)" and the last good weights. With ``run_dir`` the run folder is written as it goes.
    """
    config.validate()
    rank, world = _distributed()
    device = pick_device(config.device)
    if world > 1 and device.type == "cuda":
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    setup_seed(config.seed)
    splits = splits or load_dataset(config.dataset, seed=config.seed)
    model = build_model(config.model, splits.input_shape, splits.num_classes,
                        **config.model_options)
    if init is not None:
        init(model)
    use_amp = config.amp and device.type == "cuda"
    # channels_last lets cuDNN pick NHWC tensor-core kernels for convolutions under AMP.
    memory_format = torch.channels_last if use_amp and splits.is_image else torch.preserve_format
    model = model.to(device, memory_format=memory_format)
    data = splits.to(device)
    x_train, y_train = data.x_train, data.y_train
    if config.label_noise:
        y_train = corrupt_labels(y_train.cpu(), config.label_noise, splits.num_classes,
                                 config.seed).to(device)
    if world > 1:  # each process trains on its own shard; DDP averages the gradients
        x_train, y_train = x_train[rank::world], y_train[rank::world]
        net = nn.parallel.DistributedDataParallel(model)
    else:
        net = model
    steps_per_epoch = math.ceil(len(x_train) / config.batch_size)
    optimizer = make_optimizer(config, model.parameters())
    scheduler = make_schedule(config, optimizer, steps_per_epoch)
    criterion = make_loss(config, splits.num_classes)
    scaler = torch.amp.GradScaler("cuda", enabled=use_amp)
    writer = rank == 0 and run_dir is not None
    run_dir = Path(run_dir) if run_dir is not None else None

    total_steps = config.epochs * steps_per_epoch
    step_log: list[dict] = []
    epoch_log: list[dict] = []
    # Loss and accuracy stay on the device and are read every log_every steps: one sync per
    # window instead of one .item() per step (what keeps a GPU busy).
    window_loss = torch.zeros(log_every, device=device)
    window_acc = torch.zeros(log_every, device=device)
    good_state = copy.deepcopy(model.state_dict())
    best_val, since_best, reason = math.inf, 0, None
    generator = torch.Generator(device="cpu").manual_seed(config.seed)
    step, window_start, start = 0, time.perf_counter(), time.perf_counter()

    def flush(upto: int) -> str | None:
        """Read the window's losses; report a divergence at the first non-finite step."""
        nonlocal window_start
        n = (upto - 1) % log_every + 1
        losses = window_loss[:n].float().cpu()
        bad = (~torch.isfinite(losses)).nonzero()
        if len(bad):
            return f"diverged: loss diverged at step {upto - n + int(bad[0]) + 1} " \
                   f"(learning rate too high?)"
        now = time.perf_counter()
        record = {"kind": "step", "step": upto, "epoch": upto / steps_per_epoch,
                  "loss": float(losses.mean()), "accuracy": float(window_acc[:n].mean()),
                  "lr": optimizer.param_groups[0]["lr"], "grad_norm": last_grad_norm,
                  "samples_per_s": n * config.batch_size * world / (now - window_start),
                  "total_steps": total_steps, "elapsed": now - start}
        window_start = now
        step_log.append(record)
        if callback and rank == 0:
            callback(record)
        return None

    last_grad_norm = float("nan")
    model.train()
    for epoch in range(1, config.epochs + 1):
        epoch_start = time.perf_counter()
        order = torch.randperm(len(x_train), generator=generator).to(device)
        for i in range(steps_per_epoch):
            if stop_event is not None and stop_event.is_set():
                reason = "stopped"
                break
            idx = order[i * config.batch_size:(i + 1) * config.batch_size]
            xb, yb = x_train[idx], y_train[idx]
            with torch.autocast(device.type, dtype=torch.float16, enabled=use_amp):
                logits = net(xb)
                loss = criterion(logits.float(), yb)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            if config.grad_clip or (step + 1) % log_every == 0:
                scaler.unscale_(optimizer)
                norm = nn.utils.clip_grad_norm_(model.parameters(),
                                                config.grad_clip or math.inf)
                last_grad_norm = float(norm)
            scaler.step(optimizer)
            scaler.update()
            scheduler.step()
            window_loss[step % log_every] = loss.detach()
            window_acc[step % log_every] = (logits.argmax(1) == yb).float().mean()
            step += 1
            if step % log_every == 0 or i == steps_per_epoch - 1:
                reason = flush(step)
                if reason:
                    break
        if reason and reason != "stopped":  # diverged: go back to the last good weights
            model.load_state_dict(good_state)
            break
        val_loss, val_acc = evaluate(model, data.x_val, data.y_val)
        if not math.isfinite(val_loss):
            reason = f"diverged: validation loss is {val_loss} after epoch {epoch} " \
                     f"(learning rate too high?)"
            model.load_state_dict(good_state)
            break
        window = [r for r in step_log if r["epoch"] > epoch - 1]
        record = {"kind": "epoch", "epoch": epoch,
                  "train_loss": float(np.mean([r["loss"] for r in window])) if window else None,
                  "train_acc": float(np.mean([r["accuracy"] for r in window])) if window else None,
                  "val_loss": val_loss, "val_acc": val_acc,
                  "lr": optimizer.param_groups[0]["lr"],
                  "seconds": time.perf_counter() - epoch_start}
        epoch_log.append(record)
        if val_loss < best_val or not config.patience:  # keep the weights to fall back on
            best_val, since_best = min(best_val, val_loss), 0
            good_state = copy.deepcopy(model.state_dict())
        else:
            since_best += 1
        if writer:
            runs.write_metrics(run_dir, [{k: v for k, v in r.items() if k != "kind"}
                                         for r in epoch_log])
            runs.save_checkpoint(run_dir, good_state)
        if callback and rank == 0:
            callback(record)
        if reason == "stopped":
            break
        if config.patience and since_best >= config.patience:
            reason = "early stopping"
            break

    if config.patience:  # early stopping returns the best-validation weights
        model.load_state_dict(good_state)

    test_loss, test_acc = evaluate(model, data.x_test, data.y_test)
    model = model.cpu().eval()
    if writer:
        runs.save_checkpoint(run_dir, model.state_dict())
        runs.write_json(run_dir / runs.SUMMARY, {
            "status": "finished" if reason is None else reason.split(":")[0],
            "reason": reason, "test_accuracy": test_acc, "test_loss": test_loss,
            "epochs_done": len(epoch_log), "steps_done": step, "device": device_label(device),
            "seconds": time.perf_counter() - start})
    return FitResult(model, step_log, epoch_log, reason, test_acc, test_loss, splits, run_dir,
                     device_label(device))


def run_config(config: TrainConfig, splits: Splits) -> dict:
    """What a run folder's config.json holds: the config plus what rebuilding the model needs."""
    return {**config.to_dict(), "input_shape": list(splits.input_shape),
            "classes": splits.classes}


def start_run(config: TrainConfig, on_start: Callable[[Path], None] | None = None,
              **fit_kwargs) -> FitResult:
    """fit() into a new run folder under runs_root() (rank 0 writes it); ``on_start(run_dir)``
    is called once the folder exists."""
    config.validate()
    splits = load_dataset(config.dataset, seed=config.seed)
    rank = int(os.environ.get("RANK", "0"))
    run_dir = runs.new_run(run_config(config, splits)) if rank == 0 else None
    if on_start and run_dir:
        on_start(run_dir)
    return fit(config, splits=splits, run_dir=run_dir, **fit_kwargs)


MAX_IMPORT_BYTES = MAX_BYTES   # the one upload limit (server.maxUploadSize); our models < 2 MB


def import_weights(data: bytes, config: TrainConfig) -> str:
    """A state dict trained elsewhere (``torch.save(model.state_dict())`` bytes) for
    ``config``'s model and dataset -> a new run folder, listed with the Training lab's runs:
    config, checkpoint, and a summary with status "imported" and the accuracy on this app's
    test split. Returns its id. ValueError (nothing written) when the data cannot be used."""
    config.validate()
    if len(data) > MAX_IMPORT_BYTES:
        raise ValueError(f"the file is {len(data) / 2**20:.0f} MB, over the "
                         f"{MAX_IMPORT_BYTES // 2**20} MB limit; the models here weigh under 2 MB")
    splits = load_dataset(config.dataset, seed=config.seed)
    model = build_model(config.model, splits.input_shape, len(splits.classes),
                        **config.model_options)
    runs.load_weights(model, io.BytesIO(data), "the uploaded file")
    test_loss, test_acc = evaluate(model, splits.x_test, splits.y_test)
    run_dir = runs.new_run(run_config(config, splits))
    runs.save_checkpoint(run_dir, model.state_dict())
    runs.write_json(run_dir / runs.SUMMARY, {"status": "imported", "test_accuracy": test_acc,
                                             "test_loss": test_loss})
    return run_dir.name


def _parse_args(argv: list[str] | None) -> TrainConfig:
    parser = argparse.ArgumentParser(prog="python -m explorer.train",
                                     description="Train a small network; writes runs/<id>/.")
    defaults = TrainConfig()
    for f in fields(TrainConfig):
        if f.name == "model_options":
            parser.add_argument("--model-options", default="{}",
                                help='JSON, e.g. \'{"depth": 3, "width": 64}\'')
            continue
        value = getattr(defaults, f.name)
        kind = type(value)
        if kind is bool:
            parser.add_argument(f"--{f.name.replace('_', '-')}", default=value,
                                action=argparse.BooleanOptionalAction)
        else:
            parser.add_argument(f"--{f.name.replace('_', '-')}", type=kind, default=value)
    args = vars(parser.parse_args(argv))
    import json
    args["model_options"] = json.loads(args.pop("model_options"))
    return TrainConfig.from_dict(args)


def _progress_bar(event: dict) -> None:
    if event["kind"] == "step":
        done = event["step"] / event["total_steps"]
        eta = event["elapsed"] / done * (1 - done) if done else 0
        bar = "#" * int(30 * done)
        sys.stderr.write(f"\r[{bar:<30}] {done:5.1%} step {event['step']}/{event['total_steps']}"
                         f" loss {event['loss']:.4f} lr {event['lr']:.2e} eta {eta:4.1f}s")
    else:
        sys.stderr.write(f"\n  epoch {event['epoch']}: val loss {event['val_loss']:.4f} "
                         f"val acc {event['val_acc']:.2%}\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    config = _parse_args(argv)
    try:
        result = start_run(config, callback=_progress_bar)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if result.run_dir is not None:
        print(f"\ntest accuracy {result.test_accuracy:.2%} on {result.device}"
              f"{'' if result.stopped_reason is None else ' — ' + result.stopped_reason}\n"
              f"run folder: {result.run_dir}")
    if torch.distributed.is_initialized():
        torch.distributed.destroy_process_group()
    return 1 if result.stopped_reason and result.stopped_reason.startswith("diverged") else 0


if __name__ == "__main__":
    sys.exit(main())
