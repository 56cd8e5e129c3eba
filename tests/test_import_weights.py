"""explorer.weights: a state dict trained elsewhere becomes a run; every hostile file of
tests/data/make_bad_weights.py is refused with its reason, through import_weights and through
Predict's real "Weights file" uploader, and nothing is written."""
import io
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from explorer import runs, train, weights
from explorer.budget import MAX_WEIGHTS_INFLATION
from explorer.data import load_dataset
from explorer.errors import InputError
from explorer.models import build_model
from tests.app.apptest import open_page
from tests.data.make_bad_weights import corpus, saved, zip_bomb

ROOT = Path(__file__).resolve().parents[1]
CONFIG = train.TrainConfig(dataset="digits", model="mlp")
CORPUS = corpus(build_model("mlp", (1, 8, 8), 10).state_dict(),
                build_model("lenet", (1, 8, 8), 10).state_dict())


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def trained():
    """An MLP trained for two epochs, outside any run folder."""
    return train.fit(train.TrainConfig(dataset="digits", model="mlp", epochs=2)).model


def test_imported_weights_become_a_run_with_their_test_accuracy(root, trained):
    run_id = weights.import_weights(saved(trained.state_dict()), CONFIG, session="s1")
    (run,) = runs.list_runs(usable_only=True)
    assert run.id == run_id and run.status == "imported" and run.session == "s1"
    model, config = runs.load_model(run_id)
    for name, value in trained.state_dict().items():
        torch.testing.assert_close(model.state_dict()[name], value)
    splits = load_dataset("digits", seed=config.seed)
    _, accuracy = train.evaluate(trained, splits.x_test, splits.y_test)
    assert run.summary["test_accuracy"] == pytest.approx(accuracy) and accuracy > 0.8
    assert "imported, test acc" in run.label


def test_wrapped_and_ddp_prefixed_state_dicts_are_accepted(root, trained):
    ddp = {f"module.{k}": v for k, v in trained.state_dict().items()}
    run_id = weights.import_weights(saved({"state_dict": ddp, "epoch": 3}), CONFIG)
    model, _ = runs.load_model(run_id)
    torch.testing.assert_close(model.state_dict(), trained.state_dict())


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_files_are_refused_with_their_reason_and_nothing_is_written(root, name):
    data, words = CORPUS[name]
    with pytest.raises(InputError) as refused:
        weights.import_weights(data, CONFIG)
    assert words in str(refused.value) and refused.value.code in ("file", "budget", "not_finite")
    assert runs.list_runs() == []


def test_a_full_runs_folder_refuses_imports(root, trained, monkeypatch):
    monkeypatch.setattr(runs, "MAX_RUNS_BYTES", 0)
    with pytest.raises(InputError, match="is full .* delete runs") as full:
        weights.import_weights(saved(trained.state_dict()), CONFIG)
    assert full.value.code == "budget" and runs.list_runs() == []


def test_a_dataset_the_model_cannot_take_is_refused(root):
    with pytest.raises(ValueError, match="lenet"):
        weights.import_weights(b"", train.TrainConfig(dataset="moons", model="lenet"))


def test_archive_limit_is_the_models_own_size_times_the_inflation_factor():
    model = build_model("mlp", (1, 8, 8), 10)
    own = sum(p.numel() * 4 for p in model.state_dict().values())
    assert weights.state_dict_bytes(model) == own
    limit = MAX_WEIGHTS_INFLATION * own + weights.SLACK_BYTES
    weights.check_archive(zip_bomb(model.state_dict(), 2**20), own, "x")   # 1 MB: under
    with pytest.raises(InputError) as refused:
        weights.check_archive(zip_bomb(model.state_dict(), 2**22), own, "x")
    assert refused.value.params["limit"] == limit and refused.value.params["needed"] > 2**22


BOMB_PROBE = """
import resource
from explorer.models import build_model
from explorer.weights import load_weights
from tests.data.make_bad_weights import legacy_huge_storage, zip_bomb
model = build_model("mlp", (1, 8, 8), 10)
for data in (zip_bomb(model.state_dict(), 2**31), legacy_huge_storage("head.weight")):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        load_weights(model, data, "the uploaded file")
    except ValueError as err:
        print(len(data), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, err)
"""


def test_a_2_gb_zip_bomb_and_a_4_gb_legacy_storage_are_refused_without_the_memory():
    """A 2 MB file whose one storage DEFLATEs to 2 GB (refused from the zip directory alone),
    and a legacy-format file declaring a 4 GiB storage: in a fresh process, the peak RSS
    (ru_maxrss, KiB) grows by less than 100 MB for each."""
    out = subprocess.run([sys.executable, "-c", BOMB_PROBE], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.splitlines()
    (bomb_size, bomb_growth, bomb), (_, legacy_growth, legacy) = [o.split(" ", 2) for o in out]
    assert int(bomb_size) < 3 * 2**20 and int(bomb_growth) < 100 * 1024
    assert "would unpack to 2,048.1 MB" in bomb and "nothing was unpacked" in bomb
    assert int(legacy_growth) < 100 * 1024 and "not a file written by torch.save" in legacy


def test_the_corpus_is_hostile_to_torch_itself():
    """Without our checks, torch.load inflates the bomb and loads NaN and integer keys: the
    corpus tests something real."""
    loaded = torch.load(io.BytesIO(CORPUS["nan.pt"][0]), weights_only=True)
    assert any(torch.isnan(t).any() for t in loaded.values())
    assert list(torch.load(io.BytesIO(CORPUS["integer_keys.pt"][0]), weights_only=True)) == [1]
    with pytest.raises(RuntimeError, match="record size"):   # inflated, then found too long
        torch.load(io.BytesIO(zip_bomb(build_model("mlp", (1, 8, 8), 10).state_dict(),
                                       2**24)), weights_only=True)


# --------------------------------------------------------------------------- the real uploader
@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """Predict under AppTest with an empty runs folder of its own."""
    mp = pytest.MonkeyPatch()
    mp.setenv("EXPLORER_RUNS", str(tmp_path_factory.mktemp("uploader-runs")))
    try:
        yield open_page("predict").run()
    finally:
        mp.undo()


def _plain(text: str) -> str:
    """Text shown through ui.text.md, without its escapes."""
    return text.replace("\\", "").replace("\u2060", "")


def _tree(root: Path) -> dict[str, tuple[int, int] | None]:
    """Every file under ``root`` -> (size, mtime_ns), every folder -> None (hidden included)."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            if p.is_file() else None for p in root.rglob("*")}


def test_every_hostile_file_through_the_uploader_is_explained(page):
    # The folder holds the default run only if this process had not loaded the default model
    # before: Predict's st.cache_resource is per process and keyed on the ref, not the folder,
    # so after an earlier Predict page test the default run is not written here. Hence the
    # files before the uploads, not a fixed list, are what must be left unchanged.
    before = _tree(runs.runs_root())
    assert {r.id for r in runs.list_runs()} <= {"default-digits-lenet"}
    at = page
    next(w for w in at.selectbox if w.label == "Architecture").set_value("mlp")
    for name, (data, words) in CORPUS.items():
        next(u for u in at.file_uploader if u.label == "Weights file").set_value(
            (name, data, "application/octet-stream"))
        next(b for b in at.button if b.label == "Import").click()
        at = at.run()
        assert not at.exception, (name, at.exception)
        shown = [_plain(e.value) for e in at.error]
        assert any(f"{name} was not imported" in e and words in e for e in shown), (name, shown)
    assert _tree(runs.runs_root()) == before   # no run was added, nothing was written
