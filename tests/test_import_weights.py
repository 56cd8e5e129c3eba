"""train.import_weights: a state dict trained elsewhere becomes a run; bad files change nothing."""
import io

import pytest
import torch

from explorer import runs, train
from explorer.data import load_dataset
from explorer.models import build_model

CONFIG = train.TrainConfig(dataset="digits", model="mlp")


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def trained():
    """An MLP trained for two epochs, outside any run folder."""
    return train.fit(train.TrainConfig(dataset="digits", model="mlp", epochs=2)).model


def _bytes(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def test_imported_weights_become_a_run_with_their_test_accuracy(root, trained):
    run_id = train.import_weights(_bytes(trained.state_dict()), CONFIG)
    (run,) = runs.list_runs(with_checkpoint=True)
    assert run.id == run_id and run.summary["status"] == "imported"
    model, config = runs.load_model(run_id)
    for name, value in trained.state_dict().items():
        torch.testing.assert_close(model.state_dict()[name], value)
    splits = load_dataset("digits", seed=config.seed)
    _, accuracy = train.evaluate(trained, splits.x_test, splits.y_test)
    assert run.summary["test_accuracy"] == pytest.approx(accuracy) and accuracy > 0.8
    assert "imported, test acc" in run.label


def test_wrapped_and_ddp_prefixed_state_dicts_are_accepted(root, trained):
    ddp = {f"module.{k}": v for k, v in trained.state_dict().items()}
    run_id = train.import_weights(_bytes({"state_dict": ddp, "epoch": 3}), CONFIG)
    model, _ = runs.load_model(run_id)
    torch.testing.assert_close(model.state_dict(), trained.state_dict())


@pytest.mark.parametrize("data, config, message", [
    (b"not a checkpoint", CONFIG, "not a file written by torch.save"),
    (b"junk\n", CONFIG, "not a file written by torch.save"),
    (b"", CONFIG, "not a file written by torch.save"),
    (_bytes(build_model("mlp", (64,), 10).state_dict())[:5000], CONFIG, "cut short"),
    (_bytes({"net": build_model("mlp", (64,), 10)}), CONFIG,
     "holds a pickled explorer.models.MLP"),
    (_bytes([torch.zeros(3)]), CONFIG, "holds no state dict"),
    (_bytes(build_model("lenet", (1, 8, 8), 10).state_dict()), CONFIG,
     "does not fit the model"),
    (b"0" * (train.MAX_IMPORT_BYTES + 1), CONFIG, "over the 20 MB limit"),
    (b"", train.TrainConfig(dataset="moons", model="lenet"), "lenet"),
])
def test_unusable_files_are_refused_and_nothing_is_written(root, data, config, message):
    with pytest.raises(ValueError, match=message):
        train.import_weights(data, config)
    assert runs.list_runs() == []
