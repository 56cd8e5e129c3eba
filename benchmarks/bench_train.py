"""Training speed: our fit() vs a textbook DataLoader loop, and time to 97 % on digits.

    python benchmarks/bench_train.py            # CPU, and CUDA too when a GPU is present

1. Throughput (samples/s) of LeNet-5 on the digits train split, same model, optimizer,
   batch size and epochs: ``explorer.train.fit`` (data resident on the device, index slices
   of a permutation, one host sync per 10 steps) vs the loop most tutorials write
   (TensorDataset + DataLoader(shuffle=True), ``loss.item()`` every step).
2. Wall time from calling fit() until the test accuracy first reaches 97 % (the test split
   stands in for validation here, so the epoch callback sees test accuracy; the 180 test
   images make 97 % = 175 right).
3. Start-up of a Training-lab job: seconds from ``JobRegistry.start`` until the page sees the
   first logged step, in a worker process (explorer.jobs; the first job also starts the
   forkserver, which imports torch) vs the same ``start_run`` in a thread of this process (how
   jobs ran before they had processes of their own).
4. Threads (explorer.threads): samples/s of LeNet-5 on digits and of the small ResNet on
   generated 3×32×32 inputs (CIFAR-10's shape; throughput only, the accuracy of random data
   means nothing) at one intra-op thread and at the count a Training-lab worker gets alone on
   this machine.
Importable with torch, torchvision, scikit-learn and numpy alone (no streamlit/plotly).
"""
from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.data import Splits, load_dataset  # noqa: E402
from explorer.models import build_model  # noqa: E402
from explorer.jobs import JobRegistry  # noqa: E402
from explorer.threads import machine_cores, threads_label, training_threads  # noqa: E402
from explorer.train import TrainConfig, fit, setup_seed, start_run  # noqa: E402

EPOCHS, BATCH = 10, 64


def textbook_loop(splits: Splits, device: torch.device, epochs: int) -> float:
    """The usual tutorial loop; returns samples/s."""
    from torch.utils.data import DataLoader, TensorDataset
    setup_seed(0)
    model = build_model("lenet", splits.input_shape, splits.num_classes).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    loader = DataLoader(TensorDataset(splits.x_train, splits.y_train), batch_size=BATCH,
                        shuffle=True)
    criterion = nn.CrossEntropyLoss()
    start, seen = time.perf_counter(), 0
    for _ in range(epochs):
        model.train()
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            _ = loss.item()  # what a tutorial logs every step
            seen += len(x)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return seen / (time.perf_counter() - start)


def our_fit(splits: Splits, device: torch.device, epochs: int) -> float:
    """fit() with the same model/optimizer/batch; samples/s over the training steps."""
    config = TrainConfig(model="lenet", optimizer="adam", lr=1e-2, batch_size=BATCH,
                         epochs=epochs, schedule="constant", device=device.type)
    result = fit(config, splits=splits)
    train_seconds = sum(e["seconds"] for e in result.epochs)  # includes per-epoch validation
    return epochs * len(splits.y_train) / train_seconds


def fit_throughput(model: str, splits: Splits, threads: int, epochs: int = 1) -> float:
    """samples/s of fit() on the CPU at ``threads`` intra-op threads."""
    torch.set_num_threads(threads)
    config = TrainConfig(model=model, optimizer="adam", lr=1e-3, batch_size=BATCH,
                         epochs=epochs, schedule="constant", device="cpu")
    fit(config, splits=splits)   # warm-up
    result = fit(config, splits=splits)
    return epochs * len(splits.y_train) / sum(e["seconds"] for e in result.epochs)


def shaped_like(shape: tuple[int, int, int], n: int = 2048, seed: int = 0) -> Splits:
    """Random images of ``shape`` with 10 labels, split like the real sets (throughput only:
    the accuracy of random data means nothing)."""
    g = torch.Generator().manual_seed(seed)
    x, y = torch.randn(n, *shape, generator=g), torch.randint(0, 10, (n,), generator=g)
    cut = n * 3 // 4
    return Splits(x[:cut], y[:cut], x[cut:], y[cut:], x[cut:], y[cut:],
                  [str(i) for i in range(10)], (0.0,) * shape[0], (1.0,) * shape[0],
                  f"random {shape}")


def thread_table() -> None:
    cases = {"lenet on digits (8x8)": ("lenet", load_dataset("digits"), "digits"),
             "resnet_small on 3x32x32": ("resnet_small", shaped_like((3, 32, 32)), "cifar10"),
             "note4_cnn on 1x28x28": ("note4_cnn", shaped_like((1, 28, 28)), "mnist")}
    print(f"\nthreads ({machine_cores()} cores on this machine): samples/s at 1 thread vs the "
          f"count a worker gets alone")
    for name, (model, splits, dataset) in cases.items():
        chosen = training_threads(dataset, running=1)
        one = fit_throughput(model, splits, 1)
        many = fit_throughput(model, splits, chosen) if chosen > 1 else one
        print(f"  {name:<26}1 thread {one:>9,.0f}   {threads_label(chosen):>10} {many:>9,.0f}"
              f"   ratio {many / one:.2f}")
    torch.set_num_threads(1)
    note4_on_mnist()


def note4_on_mnist() -> None:
    """Note 4's CNN on MNIST: time to 98 % test accuracy on the CPU, when MNIST is on disk."""
    from explorer.data import unavailable_reason
    if unavailable_reason("mnist"):
        print("\nnote 4's CNN on MNIST: MNIST is not on this machine (python -m explorer.data "
              "get mnist); throughput on data of its shape is in the table above")
        return
    torch.set_num_threads(training_threads("mnist", running=1))
    config = TrainConfig(dataset="mnist", model="note4_cnn", optimizer="sgd", lr=0.01,
                         momentum=0.5, batch_size=64, epochs=10, device="cpu")
    seconds, epoch = time_to_accuracy(load_dataset("mnist"), config, target=0.98)
    where = f"epoch {epoch}" if epoch else "not reached in 10 epochs"
    print(f"\nnote 4's CNN on MNIST (SGD 0.01, momentum 0.5, batch 64, as in the note's "
          f"lecture): 98 % test accuracy after {seconds:.1f} s ({where}), "
          f"{threads_label(torch.get_num_threads())}")
    torch.set_num_threads(1)


def time_to_accuracy(splits: Splits, config: TrainConfig, target: float = 0.97):
    """(seconds, epoch) until the per-epoch accuracy on the test split first reaches target."""
    on_test = Splits(**{**vars(splits), "x_val": splits.x_test, "y_val": splits.y_test})
    start, hit = time.perf_counter(), []

    def watch(event):
        if event["kind"] == "epoch" and event["val_acc"] >= target and not hit:
            hit.append((time.perf_counter() - start, event["epoch"]))
    fit(config, splits=on_test, callback=watch)
    return hit[0] if hit else (float("nan"), None)


def first_step_in_worker(registry: JobRegistry, config: TrainConfig) -> float:
    """Seconds from queuing ``config`` (a free slot) to the first step record in its snapshot."""
    start = time.perf_counter()
    job = registry.start("bench", config)
    while not job.snapshot().steps:
        time.sleep(0.001)
    seconds = time.perf_counter() - start
    job.join()
    return seconds


def first_step_in_thread(config: TrainConfig) -> float:
    """The same run started in a thread of this process: seconds to its first step record."""
    first = threading.Event()
    start = time.perf_counter()
    thread = threading.Thread(target=start_run, args=(config,),
                              kwargs={"callback": lambda event: first.set()})
    thread.start()
    first.wait()
    seconds = time.perf_counter() - start
    thread.join()
    return seconds


def main() -> None:
    splits = load_dataset("digits")
    devices = [torch.device("cpu")] + ([torch.device("cuda")] if torch.cuda.is_available() else [])
    print(f"digits: {len(splits.y_train)} train images 8x8, LeNet-5, batch {BATCH}, "
          f"{EPOCHS} epochs, torch {torch.__version__}, {torch.get_num_threads()} CPU threads")
    print(f"{'device':<8}{'ours (samples/s)':>18}{'textbook (samples/s)':>22}{'ratio':>8}")
    for device in devices:
        our_fit(splits, device, 1), textbook_loop(splits, device, 1)  # warm-up
        ours, theirs = our_fit(splits, device, EPOCHS), textbook_loop(splits, device, EPOCHS)
        print(f"{device.type:<8}{ours:>18,.0f}{theirs:>22,.0f}{ours / theirs:>8.2f}")
    if not torch.cuda.is_available():
        print("cuda    no CUDA device on this machine: GPU figures not measured")
    recipes = {"mlp 2x128, adam 3e-3": TrainConfig(model="mlp", lr=3e-3, epochs=15),
               "vgg_small, adam 1e-2": TrainConfig(model="vgg_small", epochs=8),
               "lenet, adam 1e-2 (page default)": TrainConfig(epochs=20)}
    print("\ntime to 97 % test accuracy on digits, CPU (target < 5 s):")
    for name, config in recipes.items():
        config.device = "cpu"
        seconds, epoch = time_to_accuracy(splits, config)
        where = f"epoch {epoch}" if epoch else "not reached"
        print(f"  {name:<34}{seconds:8.2f} s  ({where})")

    os.environ["EXPLORER_RUNS"] = tempfile.mkdtemp(prefix="bench-train-runs-")
    config = TrainConfig(model="mlp", epochs=1, device="cpu")
    registry = JobRegistry(capacity=1)
    cold = first_step_in_worker(registry, config)
    warm = min(first_step_in_worker(registry, config) for _ in range(5))
    torch.set_num_threads(1)   # as the served app (app.py) and the workers run
    thread = min(first_step_in_thread(config) for _ in range(5))
    print("\nTraining-lab job start -> first logged step (MLP on digits, CPU, best of 5):")
    print(f"  worker process, forkserver cold (first job){cold:8.2f} s")
    print(f"  worker process, forkserver warm           {warm:8.2f} s")
    print(f"  thread of this process (reference)        {thread:8.2f} s"
          f"   ratio {warm / thread:.2f}")
    thread_table()


if __name__ == "__main__":
    main()
