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
import math
import os
import random
import re
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
from explorer.data import (TOY_SETS, DatasetUnavailable, Splits, check_dataset, load_dataset,
                           unavailable_reason)
from explorer.divergence import DivergenceWatch
from explorer.errors import InputError, check_choice, check_int, check_number, check_seed
from explorer.models import IMAGE_ONLY, MODEL_NAMES, build_model

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop")
SCHEDULES = ("constant", "step", "exponential", "cosine", "polynomial", "onecycle")
LOSSES = ("ce", "focal")
# refusals a page's menus can reach (templates the UI translates)
CNN_ON_POINTS = ("{model} is a convolutional network for images; {dataset} is a set of 2-D "
                 "points: use the mlp")


# a refusal the Training lab's settings reach (its Chinese: ui/strings/messages.py)
WARMUP_TOO_LONG = "warmup ({warmup} epochs) must be shorter than training ({epochs} epochs)"


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
        """InputError (naming the setting and its allowed range) for anything fit() cannot
        use; whole numbers given as floats (3.0 epochs) become ints."""
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_choice("schedule", self.schedule, SCHEDULES)
        check_choice("loss", self.loss, LOSSES)
        check_choice("model", self.model, MODEL_NAMES)
        check_dataset(self.dataset)
        if not isinstance(self.model_options, dict):
            raise InputError("other", f"model options must be a mapping such as "
                             f'{{"depth": 3}}, got {self.model_options!r}', name="model_options")
        check_number("learning rate", self.lr, 0, low_open=True)
        check_number("momentum", self.momentum, 0, 1)
        check_number("weight decay", self.weight_decay, 0)
        self.batch_size = check_int("batch size", self.batch_size, 1)  # 64.0 -> 64
        self.epochs = check_int("epochs", self.epochs, 1)
        self.patience = check_int("patience", self.patience, 0)
        self.seed = check_seed(self.seed)
        check_number("label smoothing", self.label_smoothing, 0, 1, high_open=True)
        check_number("label noise", self.label_noise, 0, 1)
        check_number("gradient clipping", self.grad_clip, 0)
        if check_number("warmup", self.warmup_epochs, 0) >= self.epochs:
            raise InputError("out_of_range", WARMUP_TOO_LONG.format(
                warmup=self.warmup_epochs, epochs=self.epochs), name="warmup",
                             value=self.warmup_epochs, low=0, high=self.epochs)
        if not isinstance(self.amp, bool):
            raise InputError("other", f"amp must be true or false, got {self.amp!r}", name="amp")
        if not isinstance(self.device, str) or not re.fullmatch(r"auto|cpu|cuda(:\d+)?",
                                                                 self.device):
            raise InputError("choice", f"unknown device {self.device!r}; expected auto, cpu, "
                             f"cuda or cuda:N", name="device", value=self.device,
                             options=("auto", "cpu", "cuda", "cuda:N"))
        if self.model in IMAGE_ONLY and self.dataset in TOY_SETS:
            raise InputError("other", CNN_ON_POINTS.format(model=self.model, dataset=self.dataset),
                             name="model", model=self.model, dataset=self.dataset)
        if self.model == "note4_cnn" and self.dataset == "digits":
            raise InputError("out_of_range", "note 4's CNN needs images of at least 16×16 "
                             "(two unpadded 5×5 convs, two pools); digits are 8×8: use lenet, "
                             "or MNIST", name="model", value=self.model, low=16, high=None)
        unavailable = unavailable_reason(self.dataset)
        if unavailable:
            raise DatasetUnavailable(unavailable, self.dataset)


# The Training lab's defaults: a student's first run ends in a clear success. LeNet-5 on
# digits, Adam 1e-2, cosine, 10 epochs, batch 32 and label smoothing 0.1 (note 001): test
# accuracy 97.8, 97.2, 98.3, 97.2, 98.9 % for seeds 0-4 on one CPU thread (batch 64 without
# smoothing: 96.1 % at seed 0, 94.4 % at worst).
FIRST_RUN = TrainConfig(batch_size=32, label_smoothing=0.1)


def first_model(dataset: str) -> str:
    """The model the Training lab offers first for ``dataset``: note 4's CNN for MNIST (the
    network the note trains on it), the MLP for 2-D points (a CNN cannot take them), else
    FIRST_RUN's LeNet-5 (note 4's CNN needs 16×16 inputs; digits are 8×8)."""
    if dataset in TOY_SETS:
        return "mlp"
    return "note4_cnn" if dataset == "mnist" else FIRST_RUN.model


@dataclass
class FitResult:
    model: nn.Module                 # eval mode, the kept weights: those of best_epoch
    steps: list[dict]                # step, epoch, loss, accuracy, lr, grad_norm, samples_per_s
    epochs: list[dict]               # epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds
    stopped_reason: str | None       # None | "stopped" | "diverged: ..." | "early stopping"
    test_accuracy: float
    test_loss: float
    splits: Splits
    run_dir: Path | None
    device: str
    best_epoch: int                  # lowest validation loss; 0 = the initial weights


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
        raise InputError("other", "CUDA was asked for but no GPU is available: use device "
                         "'cpu'", name="device", value=name)
    return torch.device(name)


def device_label(device: torch.device) -> str:
    if device.type == "cuda":
        return f"GPU: {torch.cuda.get_device_name(device)}"
    threads = torch.get_num_threads()
    return f"CPU ({threads} thread{'' if threads == 1 else 's'})"


def make_optimizer(config: TrainConfig, params, fused: bool | None = None
                   ) -> torch.optim.Optimizer:
    """``fused=True``: torch's fused kernel (SGD, Adam, AdamW; RMSprop has none), one call a
    step instead of one per parameter: what dominates a tiny network's step (the
    playground's 2×8 MLP steps ~2x faster)."""
    o, lr, wd = config.optimizer, config.lr, config.weight_decay
    if o in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, weight_decay=wd,
                               momentum=0.0 if o == "sgd" else config.momentum,
                               nesterov=o == "nesterov", fused=fused)
    if o == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=wd, fused=fused)
    if o == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=wd, fused=fused)
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


def _distributed() -> tuple[int, int, bool]:
    """(rank, world size, DDP on): under torchrun (WORLD_SIZE > 1) a process group is started
    here; one started by the caller is used at any size, even 1 (benchmarks/gpu_check.py checks
    the DDP path on one GPU that way); (0, 1, False) otherwise."""
    available = torch.distributed.is_available()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and available and not torch.distributed.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        torch.distributed.init_process_group(backend)
    if available and torch.distributed.is_initialized():
        return torch.distributed.get_rank(), torch.distributed.get_world_size(), True
    return 0, 1, False


def fit(config: TrainConfig, callback: Callable[[dict], None] | None = None,
        stop_event=None, run_dir: Path | str | None = None,
        splits: Splits | None = None, log_every: int = 10,
        init: Callable[[nn.Module], None] | None = None) -> FitResult:
    """Train ``config``; return the model with the weights it keeps, its curves and why it
    stopped.

    ``callback(event)`` gets {"kind": "step", ...} every ``log_every`` steps and
    {"kind": "epoch", ...} after each epoch. Setting ``stop_event`` (anything with
    ``is_set()``: a threading or multiprocessing Event) ends the run at the next step.
    ``init(model)`` re-initialises the freshly built model (the Weight-init page's comparisons).

    The run keeps the weights of its epoch with the lowest validation loss (the initial
    weights when no epoch was validated), whether it finishes, stops early, is stopped or
    diverges ("diverged: ...", see explorer.divergence): those are returned, checkpointed and
    scored on the test split. With ``run_dir`` the run folder is written as it goes: the
    metrics after each epoch, the checkpoint whenever the best epoch changes, summary.json
    (saying which weights it kept) at the end.
    """
    config.validate()
    rank, world, ddp = _distributed()
    device = pick_device(config.device)
    if ddp and device.type == "cuda":
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
    if ddp:  # each process trains on its own shard; DDP averages the gradients
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
    watch = DivergenceWatch(start_val_loss=evaluate(model, data.x_val, data.y_val)[0])
    best_state, best_epoch, best_val = copy.deepcopy(model.state_dict()), 0, math.inf
    since_best, reason = 0, None
    generator = torch.Generator(device="cpu").manual_seed(config.seed)
    step, logged, window_start, start = 0, 0, time.perf_counter(), time.perf_counter()

    def flush() -> str | None:
        """Log the window of steps logged+1..step; the divergence reason, if any (the window
        is logged all the same: the curve shows the loss that ended the run)."""
        nonlocal logged, window_start
        n, first = step - logged, logged + 1
        losses = window_loss[:n].float().cpu().tolist()
        logged = step
        diverged = watch.train_window(first, losses)
        now = time.perf_counter()
        record = {"kind": "step", "step": step, "epoch": step / steps_per_epoch,
                  "loss": sum(losses) / n, "accuracy": float(window_acc[:n].mean()),
                  "lr": optimizer.param_groups[0]["lr"], "grad_norm": last_grad_norm,
                  "samples_per_s": n * config.batch_size * world / (now - window_start),
                  "total_steps": total_steps, "elapsed": now - start}
        window_start = now
        step_log.append(record)
        if callback and rank == 0:
            callback(record)
        return diverged

    last_grad_norm = float("nan")
    model.train()
    for epoch in range(1, config.epochs + 1):
        epoch_start, first_step = time.perf_counter(), step
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
            if (config.grad_clip or step + 1 - logged == log_every   # the window's last step
                    or i == steps_per_epoch - 1):    # (an epoch of 3 steps ends its window)
                scaler.unscale_(optimizer)
                norm = nn.utils.clip_grad_norm_(model.parameters(),
                                                config.grad_clip or math.inf)
                last_grad_norm = float(norm)
            scaler.step(optimizer)
            scaler.update()
            scheduler.step()
            window_loss[step - logged] = loss.detach()
            window_acc[step - logged] = (logits.argmax(1) == yb).float().mean()
            step += 1
            if step - logged == log_every or i == steps_per_epoch - 1:
                reason = flush()
                if reason:
                    break
        if reason == "stopped" and step == first_step:
            break  # stopped before this epoch's first step: nothing new to validate
        if reason and reason != "stopped":
            break  # diverged mid-epoch: these weights are not worth validating
        val_loss, val_acc = evaluate(model, data.x_val, data.y_val)
        diverged = watch.validation(epoch, val_loss)
        if diverged:
            reason = diverged
            break
        window = [r for r in step_log if r["epoch"] > epoch - 1]
        record = {"kind": "epoch", "epoch": epoch,
                  "train_loss": float(np.mean([r["loss"] for r in window])) if window else None,
                  "train_acc": float(np.mean([r["accuracy"] for r in window])) if window else None,
                  "val_loss": val_loss, "val_acc": val_acc,
                  "lr": optimizer.param_groups[0]["lr"],
                  "seconds": time.perf_counter() - epoch_start}
        epoch_log.append(record)
        if val_loss < best_val:
            best_state, best_epoch, best_val = copy.deepcopy(model.state_dict()), epoch, val_loss
            since_best = 0
            if writer:
                runs.save_checkpoint(run_dir, best_state)
        else:
            since_best += 1
        if writer:
            runs.write_metrics(run_dir, [{k: v for k, v in r.items() if k != "kind"}
                                         for r in epoch_log])
        if callback and rank == 0:
            callback(record)
        if reason == "stopped":
            break
        if config.patience and since_best >= config.patience:
            reason = "early stopping"
            break

    model.load_state_dict(best_state)
    test_loss, test_acc = evaluate(model, data.x_test, data.y_test)
    model = model.cpu().eval()
    if writer:
        runs.save_checkpoint(run_dir, model.state_dict())
        runs.write_json(run_dir / runs.SUMMARY, {
            "status": "finished" if reason is None else reason.split(":")[0],
            "reason": reason, "test_accuracy": test_acc, "test_loss": test_loss,
            "kept": kept_label(best_epoch), "best_epoch": best_epoch,
            "epochs_done": len(epoch_log), "steps_done": step, "device": device_label(device),
            "seconds": time.perf_counter() - start})
    return FitResult(model, step_log, epoch_log, reason, test_acc, test_loss, splits, run_dir,
                     device_label(device), best_epoch)


KEPT_EPOCH = "best validation epoch {epoch}"   # a template: ui.i18n.message translates it


def kept_label(best_epoch: int) -> str:
    """Which weights a run keeps, in words: "best validation epoch 3" or "initial weights"."""
    return (KEPT_EPOCH.format(epoch=best_epoch) if best_epoch else
            "initial weights (no epoch was validated)")


def run_config(config: TrainConfig, splits: Splits) -> dict:
    """What a run folder's config.json holds: the config plus what rebuilding the model needs."""
    return {**config.to_dict(), "input_shape": list(splits.input_shape),
            "classes": splits.classes}


def start_run(config: TrainConfig, on_start: Callable[[Path], None] | None = None,
              session: str | None = None, **fit_kwargs) -> FitResult:
    """fit() into a new run folder under runs_root() (rank 0 writes it), owned by browser
    ``session`` (None from the command line). owner.json records this process and a heartbeat
    thread refreshes it while fit runs, so a killed run reads as interrupted; an exception
    leaves summary.json with status "failed" and the error. ``on_start(run_dir)`` is called
    once the folder exists. InputError when the runs folder is full."""
    config.validate()
    splits = load_dataset(config.dataset, seed=config.seed)
    if int(os.environ.get("RANK", "0")) != 0:
        return fit(config, splits=splits, **fit_kwargs)
    run_dir = runs.new_run(run_config(config, splits))
    with runs.owned(run_dir, session):
        if on_start:
            on_start(run_dir)
        try:
            return fit(config, splits=splits, run_dir=run_dir, **fit_kwargs)
        except Exception as err:
            runs.write_json(run_dir / runs.SUMMARY, {"status": "failed",
                                                     "reason": f"{type(err).__name__}: {err}"})
            raise


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
