"""The Label smoothing page's default comparison, end to end on CPU (target < 60 s).

    python benchmarks/bench_label_smoothing.py

Ours: ``smoothing_comparison.train_pair`` (two ``explorer.train.fit`` runs of LeNet-5 on
digits, ε = 0 and ε = 0.1, 10 epochs, Adam 1e-2, cosine schedule, validation every epoch)
then ``evaluate`` for both (temperature fitted on val, ECE, template-plane projection).
Reference: the same two trainings written as the textbook loop (TensorDataset +
DataLoader(shuffle=True), ``loss.item()`` every step, the same model, optimizer, schedule and
per-epoch validation), followed by the same evaluation.
Importable with torch, torchvision, scikit-learn and numpy alone (no streamlit/plotly).
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer import smoothing_comparison as sc  # noqa: E402
from explorer.data import Splits, load_dataset  # noqa: E402
from explorer.models import build_model  # noqa: E402
from explorer.train import TrainConfig, evaluate, setup_seed  # noqa: E402

CONFIG = replace(sc.DEFAULT_CONFIG, device="cpu")


def textbook_fit(config: TrainConfig, splits: Splits) -> SimpleNamespace:
    """One training the way most tutorials write it; a FitResult-like namespace."""
    from torch.utils.data import DataLoader, TensorDataset
    setup_seed(config.seed)
    model = build_model(config.model, splits.input_shape, splits.num_classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    loader = DataLoader(TensorDataset(splits.x_train, splits.y_train),
                        batch_size=config.batch_size, shuffle=True)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer,
                                                           T_max=config.epochs * len(loader))
    criterion = nn.CrossEntropyLoss(label_smoothing=config.label_smoothing)
    for _ in range(config.epochs):
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step()
            _ = loss.item()  # what a tutorial logs every step
        evaluate(model, splits.x_val, splits.y_val)  # validation every epoch, as fit does
    return SimpleNamespace(model=model.eval(), splits=splits, stopped_reason=None)


def ours() -> list:
    results = sc.train_pair(CONFIG, sc.DEFAULT_EPSILON)
    return [sc.evaluate(r, e) for r, e in zip(results, (0.0, sc.DEFAULT_EPSILON))]


def reference() -> list:
    splits = load_dataset(CONFIG.dataset, seed=CONFIG.seed)
    return [sc.evaluate(textbook_fit(config, splits), config.label_smoothing)
            for config in sc.configs(CONFIG, sc.DEFAULT_EPSILON)]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    print(f"digits, LeNet-5, ε = 0 and ε = {sc.DEFAULT_EPSILON}, {CONFIG.epochs} epochs each, "
          f"batch {CONFIG.batch_size}, CPU, torch {torch.__version__}")
    load_dataset(CONFIG.dataset)  # warm-up: sklearn's loader and torch's first ops
    # torch's default intra-op threads, then 1: on a shared, loaded CPU the default's
    # OpenMP threads wait on each other and these tiny steps get much slower
    for threads in dict.fromkeys((torch.get_num_threads(), 1)):
        torch.set_num_threads(threads)
        ours_s, our_reports = timed(ours)
        ref_s, ref_reports = timed(reference)
        print(f"{threads} CPU thread(s):")
        for name, seconds, reports in (("ours (fit)", ours_s, our_reports),
                                       ("textbook DataLoader loop", ref_s, ref_reports)):
            scores = ", ".join(f"ε={r.epsilon:g}: acc {r.before.accuracy:.3f} "
                               f"ECE {r.before.ece:.3f}->{r.after.ece:.3f}" for r in reports)
            print(f"  {name:<26}{seconds:8.2f} s   ({scores})")
        print(f"  ratio reference / ours  {ref_s / ours_s:8.2f}   "
              "(target: ours < 60 s end to end)")


if __name__ == "__main__":
    main()
