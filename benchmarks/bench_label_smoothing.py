"""The Label smoothing page's default comparison, end to end on CPU (target < 60 s).

    python benchmarks/bench_label_smoothing.py

Ours: ``smoothing_comparison.train_pair`` (two ``explorer.train.fit`` runs of LeNet-5 on
digits, ε = 0 and ε = 0.1, 10 epochs, Adam 1e-2, cosine schedule, validation every epoch)
then ``evaluate`` for both (temperature fitted on val, ECE, template-plane projection).
``train_pair`` runs fit on 1 CPU thread (tiny steps; see its docstring).
Reference: the same two trainings written as the textbook loop (TensorDataset +
DataLoader(shuffle=True), ``loss.item()`` every step, the same model, optimizer, schedule and
per-epoch validation), followed by the same evaluation, on torch's default number of
threads and on 1.
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


def ours(config: TrainConfig = CONFIG) -> list:
    results = sc.train_pair(config, sc.DEFAULT_EPSILON)
    return [sc.evaluate(r, e) for r, e in zip(results, (0.0, sc.DEFAULT_EPSILON))]


def reference(config: TrainConfig = CONFIG) -> list:
    splits = load_dataset(config.dataset, seed=config.seed)
    return [sc.evaluate(textbook_fit(c, splits), c.label_smoothing)
            for c in sc.configs(config, sc.DEFAULT_EPSILON)]


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def warm_up() -> None:
    """One epoch of each first: sklearn's loader, torch's first kernels, L-BFGS."""
    one_epoch = replace(CONFIG, epochs=1)
    ours(one_epoch), reference(one_epoch)


def main() -> None:
    default_threads = torch.get_num_threads()
    print(f"digits, LeNet-5, ε = 0 and ε = {sc.DEFAULT_EPSILON}, {CONFIG.epochs} epochs each, "
          f"batch {CONFIG.batch_size}, CPU, torch {torch.__version__}")
    warm_up()
    rows = [("ours (train_pair: fit on 1 thread)", *timed(ours))]
    # the textbook loop as a tutorial runs it (torch's default threads), then on 1 thread
    for threads in dict.fromkeys((default_threads, 1)):
        torch.set_num_threads(threads)
        rows.append((f"textbook DataLoader loop, {threads} thread(s)", *timed(reference)))
    ours_s = rows[0][1]
    for name, seconds, reports in rows:
        scores = ", ".join(f"ε={r.epsilon:g}: acc {r.before.accuracy:.3f} "
                           f"ECE {r.before.ece:.3f}->{r.after.ece:.3f}" for r in reports)
        ratio = "" if seconds is ours_s else f"   ratio reference / ours {seconds / ours_s:.2f}"
        print(f"{name:<42}{seconds:8.2f} s{ratio}\n    {scores}")
    print(f"target: ours < 60 s end to end -> {'met' if ours_s < 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
