"""Default views kept on disk: verdicts to and from JSON, which settings are a claim's
defaults, default verdicts computed once (explorer.notes.default_verdict, the notes panel),
and ``python -m explorer.warm``."""
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer import disk_cache, notes, predict, runs, smoothing_comparison, warm
from explorer.claims import note004 as n4
from explorer.notes import Verdict

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def default_run(tmp_path, monkeypatch):
    """A runs folder whose default digits model looks trained (its summary is there)."""
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    folder = tmp_path / "runs" / predict.DEFAULT_RUN
    folder.mkdir(parents=True)
    (folder / runs.SUMMARY).write_text("{}")
    return folder


@pytest.fixture(autouse=True)
def pair_trainings(monkeypatch):
    """Label smoothing's default pair, counted instead of trained (test_smoothing_comparison
    trains the real one)."""
    trainings = []
    monkeypatch.setattr(smoothing_comparison, "default_pair", lambda: trainings.append(1))
    return trainings


@pytest.fixture(autouse=True)
def tsne_maps(monkeypatch):
    """The t-SNE page's default map, counted instead of computed (test_embedding computes and
    persists the real one)."""
    from explorer import embedding
    maps = []
    monkeypatch.setattr(embedding, "persisted_tsne", lambda x: maps.append(len(x)))
    return maps


@pytest.fixture
def counted(monkeypatch):
    """Two claims (the real inception checks, counting their calls, one that can be made to
    fail) in place of the catalogue."""
    calls = {"sum": 0, "88": 0}
    fail = {"88": False}

    def counting(key, check):
        def run(cin: int = 192, hw: int = 28, cout: int = 32, sk: int = 5, cmid: int = 16,
                **_):
            calls[key] += 1
            if fail.get(key):
                raise RuntimeError("broken check")
            return check(cin=cin, hw=hw, cout=cout, sk=sk, cmid=cmid)
        return run

    base = n4.CLAIMS[0]
    claims = (dataclasses.replace(base, id="t.sum", check=counting("sum", n4.inception_sum)),
              dataclasses.replace(base, id="t.88", check=counting("88", n4.inception_channels)))
    monkeypatch.setattr(notes, "_gather", lambda: claims)
    return calls, fail


# --- Verdict <-> JSON ---
@pytest.mark.parametrize("verdict", [
    Verdict(True, "×1.2e-05", "why", "为什么", "图"),
    Verdict(None, "–", "n/a", "不适用"),
    Verdict(False, "", "", ""),
])
def test_verdict_json_round_trip(verdict):
    assert Verdict.from_json(json.loads(json.dumps(verdict.to_json()))) == verdict


def test_real_verdict_round_trips():
    verdict = n4.inception_sum()
    assert Verdict.from_json(json.loads(json.dumps(verdict.to_json()))) == verdict


# --- which settings are a claim's defaults ---
@pytest.mark.parametrize("settings, expected", [
    ({}, True),
    ({"cin": 192, "hw": 28}, True),
    ({"tab": "saving", "unrelated": [1, 2]}, True),     # names the check ignores
    ({"cin": 100}, False),
    ({"cin": 192.0}, False),                            # same value, another type
    ({"cin": "192"}, False),
])
def test_at_defaults(settings, expected):
    assert notes.at_defaults(notes.by_id("004.inception_sum"), settings) is expected


def test_at_defaults_sees_through_a_wrapper():
    """note001 wraps checks with functools.wraps (one_thread): their defaults still count."""
    claim = notes.by_id("act.sigmoid_vanishes")
    assert notes.at_defaults(claim, {"depth": 30, "tab": "depth"})
    assert not notes.at_defaults(claim, {"depth": 10})


# --- default verdicts, once ---
def test_default_verdict_computed_once_and_equal_to_the_check(counted, cache_dir):
    calls, _ = counted
    first = notes.default_verdict(notes.by_id("t.sum"))
    assert first == n4.inception_sum()
    assert notes.default_verdict(notes.by_id("t.sum")) == first
    assert calls["sum"] == 1
    assert len(list(cache_dir.glob("verdict-*.json"))) == 1


def test_panel_uses_the_disk_at_defaults_only(counted):
    from ui.notes_panel import verdict
    calls, _ = counted
    verdict.clear()
    at_defaults = verdict("t.sum", (("cin", 192), ("tab", "saving")))
    verdict.clear()                                    # a new server process: memory empty
    assert verdict("t.sum", ()) == at_defaults == n4.inception_sum()
    assert calls["sum"] == 1
    other = verdict("t.sum", (("cin", 100),))
    assert other == n4.inception_sum(cin=100) and calls["sum"] == 2
    verdict.clear()


# --- python -m explorer.warm ---
def test_warm_computes_each_once_then_reads_back(counted, default_run, pair_trainings,
                                                 tsne_maps, capsys):
    calls, _ = counted
    assert warm.warm() is True
    text = capsys.readouterr().out
    assert "t.sum" in text and "t.88" in text and "2 claims' verdicts" in text
    assert "already in runs/" in text and "label smoothing's default pair" in text
    assert warm.warm() is True
    again = capsys.readouterr().out
    assert "t.sum" not in again and "ready" in again
    assert calls == {"sum": 1, "88": 1} and pair_trainings == [1] and tsne_maps == [1797]
    assert "t-SNE of the digits at the default settings" in text


def test_a_failing_check_is_reported_and_tried_again(counted, default_run, capsys):
    calls, fail = counted
    fail["88"] = True
    assert warm.warm() is False
    text = capsys.readouterr().out
    assert "t.88: failed" in text and "RuntimeError: broken check" in text
    assert "1 check(s) failed" in text
    fail["88"] = False
    assert warm.warm() is True
    assert calls == {"sum": 1, "88": 2}        # the good one was kept, the broken one retried


def test_warm_trains_the_default_model_when_missing(counted, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "empty-runs"))
    trained = []
    monkeypatch.setattr(predict, "default_digits", lambda: trained.append(1))
    assert warm.warm() is True
    assert trained == [1]
    assert "default digits model (runs/" in capsys.readouterr().out


def test_second_run_of_the_module_is_quick(counted, default_run, cache_dir):
    """Once warm, ``python -m explorer.warm`` reads one manifest and imports neither torch
    nor the claims (the real catalogue is not computed here: the manifest is written from the
    two counted claims)."""
    assert warm.warm() is True
    env = {"EXPLORER_CACHE": str(cache_dir), "EXPLORER_RUNS": str(default_run.parent),
           "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "explorer.warm"],
                          env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    assert "2 claims' verdicts at their defaults: ready" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "torch" not in imported and "explorer.claims" not in imported
    assert elapsed < 30   # ~0.2 s on an idle machine; generous for a loaded one
