"""How many CPU threads a training may use: the machine's cores shared among the trainings
running at once, except for tiny work, which stays on one thread.

torch's intra-op threads help when one operation is large (a 3×3 convolution over a batch of
32×32 images) and hurt when it is tiny (an 8×8 digit, a 2-D point): the hand-offs between
OpenMP workers then cost more than the work. ``benchmarks/bench_train.py`` measures both cases
at one thread and at the chosen count on the machine it runs on.
"""
from __future__ import annotations

import os

from explorer.data import TOY_SETS

TINY_DATASETS = frozenset({"digits", *TOY_SETS})   # 8×8 images or 2-D points
MAX_THREADS = 8   # beyond this, these small networks gain little and starve the other users


def machine_cores() -> int:
    """The cores this process may run on (its affinity mask on Linux), at least 1; unlike
    ``OMP_NUM_THREADS``, which the server sets to 1 for its own small computations."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def training_threads(dataset: str, running: int, cores: int | None = None) -> int:
    """Intra-op threads for one training worker: 1 on a tiny dataset, else
    ``cores // running`` (``running`` counts this training too), between 1 and MAX_THREADS."""
    if dataset in TINY_DATASETS:
        return 1
    cores = machine_cores() if cores is None else max(1, int(cores))
    return max(1, min(MAX_THREADS, cores // max(1, int(running))))


def threads_label(threads: int) -> str:
    """"1 thread", "4 threads"."""
    return f"{threads} thread{'' if threads == 1 else 's'}"
