"""Fault suite for run folders: a SIGKILLed trainer, every corruption of tests/test_runs.py at
once next to a good run, hostile checkpoints, and every page that lists runs opened under
AppTest on that runs folder (``EXPLORER_RUNS``): no exception, the damage named."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from explorer import runs
from explorer.train import TrainConfig, start_run
from tests.app.apptest import open_page
from tests.data.make_bad_weights import zip_bomb
from tests.test_runs import DAMAGE, damage

ROOT = Path(__file__).resolve().parents[1]


def _wait_for(condition, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


def test_a_sigkilled_cli_training_is_listed_as_interrupted(tmp_path):
    env = {**os.environ, "EXPLORER_RUNS": str(tmp_path), "PYTHONPATH": str(ROOT)}
    trainer = subprocess.Popen([sys.executable, "-m", "explorer.train", "--model", "mlp",
                                "--epochs", "500"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        owner = _wait_for(lambda: next(tmp_path.glob(f"*/{runs.OWNER}"), None))
        run_dir = owner.parent
        assert json.loads(owner.read_text())["pid"] == trainer.pid
        assert runs.read_run(run_dir).status == runs.RUNNING
    finally:
        trainer.send_signal(signal.SIGKILL)
        trainer.wait()
    run = runs.read_run(run_dir)
    assert run.status == runs.INTERRUPTED
    assert run.problem == f"its training process ({trainer.pid}) is gone"
    assert run.label == f"{run_dir.name} (interrupted)" and run.session is None
    with pytest.raises(ValueError, match="not made from the dashboard"):   # the CLI's run
        runs.delete_run(run_dir.name, root=tmp_path, session="anyone")


# --------------------------------------------------------------------------- a damaged folder
@pytest.fixture(scope="module")
def damaged_root(tmp_path_factory):
    """A runs folder with one good LeNet run, the same run copied and damaged once per row of
    DAMAGE, a NaN checkpoint, a zip-bomb checkpoint, and an interrupted run owned by a session
    that the Training lab test adopts."""
    root = tmp_path_factory.mktemp("damaged-runs")
    mp = pytest.MonkeyPatch()
    mp.setenv("EXPLORER_RUNS", str(root))
    good = start_run(TrainConfig(model="lenet", epochs=1), session="owner").run_dir
    mp.undo()
    for i, (file, contents, _) in enumerate(DAMAGE):
        copy = root / f"damaged-{i:02d}"
        shutil.copytree(good, copy)
        damage(copy, file, contents)
    state = torch.load(good / runs.CHECKPOINT, weights_only=True)
    for name, checkpoint in [("nan-weights", {k: v.fill_(float("nan")) for k, v in
                                               state.items()}), ("zip-bomb", None)]:
        shutil.copytree(good, root / name)
        if checkpoint is None:
            (root / name / runs.CHECKPOINT).write_bytes(zip_bomb(state, 2**28))
        else:
            runs.save_checkpoint(root / name, checkpoint)
    interrupted = root / "interrupted-mine"
    shutil.copytree(good, interrupted)
    (interrupted / runs.SUMMARY).unlink()
    runs.write_json(interrupted / runs.OWNER, {"pid": 2**22 + 1, "host": os.uname().nodename,
                                               "session": "adopted", "heartbeat": time.time()})
    return root, good.name


def test_every_corruption_is_listed_as_damaged_and_the_good_run_is_unaffected(damaged_root):
    root, good = damaged_root
    listed = {r.id: r for r in runs.list_runs(root)}
    assert listed[good].status == "finished" and listed[good].usable
    for i, (file, _, problem) in enumerate(DAMAGE):
        run = listed[f"damaged-{i:02d}"]
        assert run.status == runs.DAMAGED and problem in run.problem, (file, run.problem)
    assert listed["interrupted-mine"].status == runs.INTERRUPTED
    for name, words in [("nan-weights", "NaN or inf values"), ("zip-bomb", "would unpack to")]:
        assert listed[name].usable          # its zip directory reads; loading says what is wrong
        with pytest.raises(ValueError, match=words):
            runs.load_model(name, root)


@pytest.fixture
def on_damaged(damaged_root, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(damaged_root[0]))
    return damaged_root


def _plain(elements):
    """Element texts without ui.text.md's escapes (backslashes, word joiners)."""
    return [e.value.replace("\\", "").replace("\u2060", "") for e in elements]


def _run_ref(option: str) -> str:
    """The run id behind a model menu's label "Run <id> (...)": menus hold model references
    (explorer.refs) and show labels."""
    return option.split(" ", 2)[1]


def test_predict_offers_usable_runs_and_names_the_rest(on_damaged):
    root, good = on_damaged
    at = open_page("predict").run()
    assert not at.exception
    options = next(w for w in at.selectbox if w.label == "Model").options
    offered = [o for o in options if o.startswith("Run ")]    # labels
    assert any(good in o for o in offered)
    left_out = next(c for c in _plain(at.caption) if c.startswith("Not offered"))
    for i, (file, _, problem) in enumerate(DAMAGE):   # a model that cannot load: named instead
        unusable = file in (runs.CONFIG, runs.CHECKPOINT)
        assert (f"damaged-{i:02d} (damaged: {problem}" in left_out) == unusable
        assert any(o.startswith(f"Run damaged-{i:02d} ") for o in offered) != unusable
    for option in offered:
        at = next(w for w in at.selectbox if w.label == "Model").set_value(
            _run_ref(option)).run()
        assert not at.exception, (option, at.exception)
        if "nan-weights" in option or "zip-bomb" in option:
            assert "cannot be used here" in at.error[0].value


def test_feature_maps_and_tsne_open_on_a_damaged_runs_folder(on_damaged):
    root, good = on_damaged
    at = open_page("feature_maps").run()
    assert not at.exception
    model = next(w for w in at.selectbox if w.label == "Model")
    for name in (good, "nan-weights", "zip-bomb", "damaged-00"):
        option = next(o for o in model.options if o.startswith(f"Run {name}"))
        at = model.set_value(_run_ref(option)).run()
        assert not at.exception, (name, at.exception)
        model = next(w for w in at.selectbox if w.label == "Model")
    assert not at.error                 # damaged-00 (summary.json [1]): its model still loads
    at = open_page("tsne").run()
    at = next(r for r in at.radio if r.label == "Points").set_value("network").run()
    assert not at.exception
    checkpoint = next(w for w in at.selectbox if w.label.startswith("Checkpoint"))
    at = checkpoint.set_value("zip-bomb").run()
    assert not at.exception and any("would unpack to" in e for e in _plain(at.error))


def test_training_lab_lists_troubled_runs_and_deletes_its_own(on_damaged):
    root, good = on_damaged
    at = open_page("train")
    at.session_state["training_session"] = "adopted"     # the session owning interrupted-mine
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    troubled = dict(zip(table["run"], table["problem"]))
    assert troubled["interrupted-mine"].startswith("its training process")
    for i, (_, _, problem) in enumerate(DAMAGE):
        assert problem in troubled[f"damaged-{i:02d}"]
    doomed = next(w for w in at.multiselect if w.label == "Runs to delete")
    assert len(doomed.options) == 1 and doomed.options[0].startswith("interrupted-mine")
    doomed.set_value(doomed.options).run()
    next(b for b in at.button if b.label == "Delete for good").click().run()
    assert not at.exception and not (root / "interrupted-mine").exists()
    assert (root / good).is_dir()


def test_a_damaged_default_run_is_trained_again(tmp_path, monkeypatch):
    """The default digits model is regenerable: a damaged folder is replaced, not shown."""
    from explorer import predict
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    folder = tmp_path / predict.DEFAULT_RUN
    folder.mkdir()
    runs.write_json(folder / runs.SUMMARY, [1])
    (folder / runs.CHECKPOINT).write_bytes(b"cut")
    classifier = predict.default_digits()
    run = runs.read_run(folder)
    assert run.status == "finished" and run.usable and classifier.trained
    assert "lenet on digits, test accuracy" in classifier.title
