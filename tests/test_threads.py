"""Thread counts for training workers: tiny data on one thread, the rest share the cores."""
import os

import pytest

from explorer import threads
from explorer.data import TOY_SETS
from explorer.jobs import JobRegistry
from explorer.train import TrainConfig


@pytest.mark.parametrize("dataset", ["digits", *TOY_SETS])
def test_tiny_data_stays_on_one_thread_on_any_machine(dataset):
    assert threads.training_threads(dataset, running=1, cores=64) == 1


@pytest.mark.parametrize("cores, running, expected", [
    (1, 1, 1), (2, 1, 2), (16, 1, threads.MAX_THREADS), (16, 2, 8), (16, 3, 5), (16, 5, 3),
    (4, 8, 1), (3, 0, 3)])
def test_larger_data_shares_the_cores_among_the_trainings(cores, running, expected):
    assert threads.training_threads("cifar10", running, cores) == expected


def test_machine_cores_follow_the_affinity_mask_not_omp_num_threads(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert threads.machine_cores() == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("n, text", [(1, "1 thread"), (2, "2 threads"), (16, "16 threads")])
def test_label_grammar(n, text):
    assert threads.threads_label(n) == text


def test_a_worker_trains_on_the_chosen_thread_count(tmp_path, monkeypatch):
    """The worker's device label reports its own torch.get_num_threads(): 1 for digits."""
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    registry = JobRegistry(capacity=1)
    job = registry.start("s", TrainConfig(model="mlp", epochs=1, device="cpu"))
    assert job.join(120)
    snapshot = job.snapshot()
    assert snapshot.state == "finished", snapshot.message
    assert snapshot.device == "CPU (1 thread)"
