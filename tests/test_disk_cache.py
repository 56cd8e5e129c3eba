"""explorer.disk_cache: round trips, code-version keys, one computation across processes,
damaged entries recomputed, oversized values not kept."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from explorer import budget, disk_cache


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value
    return compute, calls


def test_json_round_trip_computes_once():
    value = {"holds": True, "figure": "×1.2e-05", "n": [1, 2.5, None], "why": "鞍点"}
    compute, calls = counting(value)
    assert disk_cache.cached("verdict", {"claim": "a.b"}, compute) == value
    assert disk_cache.cached("verdict", {"claim": "a.b"}, compute) == value
    assert len(calls) == 1
    # other arguments are another entry
    assert disk_cache.cached("verdict", {"claim": "a.c"}, compute) == value
    assert len(calls) == 2


def test_arrays_round_trip_without_pickle(cache_dir):
    rng = np.random.default_rng(0)
    value = {"xy": rng.normal(size=(50, 2)).astype(np.float32), "labels": np.arange(50)}
    compute, calls = counting(value)
    first = disk_cache.cached("map", {"seed": 0}, compute, arrays=True)
    again = disk_cache.cached("map", {"seed": 0}, compute, arrays=True)
    assert len(calls) == 1
    for got in (first, again):
        assert set(got) == {"xy", "labels"}
        np.testing.assert_array_equal(got["xy"], value["xy"])
        assert got["xy"].dtype == np.float32
        np.testing.assert_array_equal(got["labels"], value["labels"])
    stored = list(cache_dir.glob("map-*.npz"))
    assert len(stored) == 1
    np.load(stored[0], allow_pickle=False)["xy"]   # readable without pickle


def test_code_change_misses(monkeypatch):
    compute, calls = counting([1, 2])
    disk_cache.cached("x", {}, compute)
    monkeypatch.setattr(disk_cache, "code_version", lambda: "another version")
    assert disk_cache.cached("x", {}, compute) == [1, 2]
    assert len(calls) == 2


def test_code_version_hashes_the_package_source():
    version = disk_cache.code_version()
    assert len(version) == 16 and version == disk_cache.code_version()


@pytest.mark.parametrize("damage", [b"", b"{not json", b"\x00\xff" * 10])
def test_damaged_entry_is_recomputed(damage):
    compute, calls = counting({"a": 1})
    disk_cache.cached("x", {"k": 1}, compute)
    path = disk_cache.entry_path("x", {"k": 1})
    path.write_bytes(damage)
    assert disk_cache.cached("x", {"k": 1}, compute) == {"a": 1}
    assert len(calls) == 2
    assert json.loads(path.read_bytes()) == {"a": 1}   # replaced by a good one


def test_damaged_arrays_entry_is_recomputed():
    compute, calls = counting({"a": np.ones(3)})
    disk_cache.cached("m", {}, compute, arrays=True)
    path = disk_cache.entry_path("m", {}, arrays=True)
    path.write_bytes(path.read_bytes()[:40])           # cut short
    np.testing.assert_array_equal(disk_cache.cached("m", {}, compute, arrays=True)["a"],
                                  np.ones(3))
    assert len(calls) == 2


def test_oversized_value_is_returned_not_kept(monkeypatch, cache_dir):
    monkeypatch.setattr(budget, "MAX_CACHE_ENTRY_BYTES", 100)
    compute, calls = counting("x" * 200)
    assert disk_cache.cached("big", {}, compute) == "x" * 200
    assert disk_cache.cached("big", {}, compute) == "x" * 200
    assert len(calls) == 2
    assert not list(cache_dir.glob("big-*.json"))


def test_failing_compute_keeps_nothing(cache_dir):
    def boom():
        raise RuntimeError("no")
    with pytest.raises(RuntimeError):
        disk_cache.cached("f", {}, boom)
    assert not list(cache_dir.glob("f-*.json"))
    assert disk_cache.cached("f", {}, lambda: 3) == 3


def test_concurrent_processes_compute_once(tmp_path, cache_dir):
    """Two processes ask for the same entry at once; the compute (slow, counting its calls in
    a file) runs once and both get its value."""
    counter = tmp_path / "calls"
    script = textwrap.dedent(f"""
        import time
        from explorer import disk_cache

        def compute():
            with open({str(counter)!r}, "a") as out:
                out.write("call\\n")
            time.sleep(1.5)
            return {{"answer": 42}}

        print(disk_cache.cached("slow", {{"n": 1}}, compute)["answer"])
    """)
    env = {"EXPLORER_CACHE": str(cache_dir), "PYTHONPATH": str(Path(__file__).parents[1])}
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == ["42", "42"]
    assert counter.read_text().count("call") == 1


def test_concurrent_threads_compute_once():
    """Two sessions of one server (threads) asking at once: one computes, the other waits."""
    import threading
    import time
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.5)
        return [7]
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        disk_cache.cached("slow", {}, compute))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [[7]] * 3 and len(calls) == 1


def test_unwritable_cache_folder_computes_and_keeps_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EXPLORER_CACHE", str(blocker / "cache"))
    compute, calls = counting({"a": [1]})
    assert disk_cache.cached("x", {}, compute) == {"a": [1]}
    assert disk_cache.cached("x", {}, compute) == {"a": [1]}
    assert len(calls) == 2
    arrays = disk_cache.cached("m", {}, lambda: {"v": np.arange(3)}, arrays=True)
    np.testing.assert_array_equal(arrays["v"], np.arange(3))
