"""GPU check, a few minutes: the CUDA (and MPS) paths no 2-core CPU machine can exercise.

    python benchmarks/gpu_check.py              # every accelerator present; says so when none
    python benchmarks/gpu_check.py --device cpu --quick   # the same code paths on the CPU (tests)

1. ``fit()`` on the device: LeNet-5 on digits with the Training lab's first-run settings
   (AMP with GradScaler and channels_last on CUDA), its test accuracy and time.
2. DDP through ``fit()``: with 2+ GPUs, 2 ranks over nccl; with one, a process group of world
   size 1 started here (``fit`` uses a group it finds, at any size), so the DDP wrapper,
   sharding and all-reduce run. gloo on the CPU.
3. Throughput: ``fit()`` against the textbook DataLoader loop of ``bench_train`` (target ≥ 3×
   its samples/s on CUDA).
4. Time to 97 % test accuracy on digits after the device is initialised (target < 0.3 s on
   CUDA).
5. Feature maps of resnet18 (random weights: no download) at 224×224, every node, one image:
   time per forward through the extractor, on the device.

Imports torch, torchvision, scikit-learn and numpy only (the GPU machine has no streamlit or
plotly and reaches no registry).
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_train import our_fit, textbook_loop, time_to_accuracy  # noqa: E402
from explorer.data import load_dataset  # noqa: E402
from explorer.train import FIRST_RUN, fit  # noqa: E402

TARGET_RATIO, TARGET_TIME_TO_97 = 3.0, 0.3


def devices(asked: str | None) -> list[str]:
    if asked:
        return [asked]
    found = ["cuda"] if torch.cuda.is_available() else []
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        found.append("mps")
    return found


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()
    elif device == "mps":
        torch.mps.synchronize()


def check_fit(device: str, epochs: int) -> None:
    splits = load_dataset("digits")
    config = replace(FIRST_RUN, device=device, epochs=epochs)
    start = time.perf_counter()
    result = fit(config, splits=splits)
    synchronize(device)
    print(f"  fit(): {result.device}, {epochs} epochs in {time.perf_counter() - start:.2f} s, "
          f"test accuracy {result.test_accuracy:.1%}, amp {config.amp and device == 'cuda'}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ddp_rank(rank: int, world: int, device: str, epochs: int, port: int) -> None:
    backend = "nccl" if device == "cuda" else "gloo"
    os.environ.update(LOCAL_RANK=str(rank), RANK=str(rank), WORLD_SIZE=str(world))
    if device == "cuda":
        torch.cuda.set_device(rank)
    torch.distributed.init_process_group(backend, init_method=f"tcp://127.0.0.1:{port}",
                                         rank=rank, world_size=world)
    try:
        config = replace(FIRST_RUN, device=device, epochs=epochs)
        start = time.perf_counter()
        result = fit(config, splits=load_dataset("digits"))
        synchronize(device)
        if rank == 0:
            print(f"  DDP over {backend}, world size {world}: {epochs} epochs in "
                  f"{time.perf_counter() - start:.2f} s, test accuracy "
                  f"{result.test_accuracy:.1%}")
    finally:
        torch.distributed.destroy_process_group()


def check_ddp(device: str, epochs: int) -> None:
    if device == "mps":
        print("  DDP: not on MPS (no nccl or gloo device support)")
        return
    world = 2 if device == "cuda" and torch.cuda.device_count() >= 2 else 1
    port = _free_port()
    if world == 1:
        _ddp_rank(0, 1, device, epochs, port)
    else:
        torch.multiprocessing.spawn(_ddp_rank, args=(world, device, epochs, port), nprocs=world)


def check_throughput(device: str, epochs: int) -> None:
    splits, dev = load_dataset("digits"), torch.device(device)
    our_fit(splits, dev, 1), textbook_loop(splits, dev, 1)          # warm-up
    ours, theirs = our_fit(splits, dev, epochs), textbook_loop(splits, dev, epochs)
    verdict = "OK" if ours / theirs >= TARGET_RATIO else "under target"
    print(f"  throughput: fit() {ours:,.0f} samples/s, textbook loop {theirs:,.0f}, ratio "
          f"{ours / theirs:.2f} (target >= {TARGET_RATIO:g} on CUDA: {verdict})")


def check_time_to_97(device: str, epochs: int) -> None:
    splits = load_dataset("digits")
    config = replace(FIRST_RUN, device=device, epochs=epochs)
    time_to_accuracy(splits, replace(config, epochs=1))             # device and kernels warm
    seconds, epoch = time_to_accuracy(splits, config)
    where = f"epoch {epoch}" if epoch else "not reached"
    print(f"  time to 97 % on digits: {seconds:.3f} s ({where}; target < "
          f"{TARGET_TIME_TO_97:g} s on CUDA)")


def check_feature_maps(device: str, repeats: int) -> None:
    import torchvision

    from explorer.featuremaps import extractor, feature_maps, map_nodes
    model = torchvision.models.resnet18(weights=None).eval()
    nodes = map_nodes(model, (3, 224, 224))
    extract = extractor(model, nodes).to(device)
    x = torch.randn(1, 3, 224, 224)
    feature_maps(extract, x)                                         # warm-up
    synchronize(device)
    start = time.perf_counter()
    for _ in range(repeats):
        maps = feature_maps(extract, x)                              # includes the copy back
    synchronize(device)
    per = (time.perf_counter() - start) / repeats
    print(f"  feature maps: resnet18 at 224x224, {len(maps)} nodes, {per * 1000:.1f} ms per "
          f"image (maps copied back to the CPU)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=["cuda", "mps", "cpu"],
                        help="check this device only (cpu: the same code paths, for tests)")
    parser.add_argument("--quick", action="store_true", help="1 epoch, 1 repeat (tests)")
    args = parser.parse_args()
    epochs = 1 if args.quick else 10
    if args.device == "cpu":
        torch.set_num_threads(1)    # tiny models, as the Training lab runs them (threads.py)
    print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, "
          f"{torch.cuda.device_count()} CUDA device(s)")
    found = devices(args.device)
    if not found:
        print("no CUDA or MPS device on this machine: nothing measured (run with --device cpu "
              "to exercise the code paths)")
        return
    for device in found:
        name = torch.cuda.get_device_name(0) if device == "cuda" else device
        print(f"== {device}: {name}")
        check_fit(device, epochs)
        check_ddp(device, 1 if args.quick else 3)
        check_throughput(device, 1 if args.quick else 5)
        check_time_to_97(device, epochs if args.quick else 20)
        check_feature_maps(device, 1 if args.quick else 20)


if __name__ == "__main__":
    main()
