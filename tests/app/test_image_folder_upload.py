"""Training lab's "Your own images" under AppTest: a zip through the real uploader becomes a
dataset that the form selects and a training runs on; a hostile zip gets its message and
leaves nothing (the Chinese templates are checked in tests/test_image_folder.py)."""
import pytest

from explorer import jobs
from tests.app.apptest import open_page
from tests.data.make_bad_zips import folder_zip, lying_sizes
from ui.text import md


@pytest.fixture
def at(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    return open_page("train").run()


def _upload(at, data: bytes, filename: str, name: str = "",
            labels=("Zip of class folders", "Dataset name", "Make the dataset")):
    next(u for u in at.file_uploader if u.label == labels[0]).set_value(
        (filename, data, "application/zip"))
    next(t for t in at.text_input if t.label == labels[1]).set_value(name)
    next(b for b in at.button if b.label == labels[2]).click().run()
    return at


def test_an_uploaded_zip_is_selected_and_trained_on(at, tmp_path):
    _upload(at, folder_zip(classes=("cat", "dog", "fox"), per_class=12, side=20),
            "My Pets.zip")
    assert not at.exception and not at.error
    assert any("Dataset folder-my_pets: 36 images in 3 classes at 32×32" in s.value
               for s in at.success)
    assert at.selectbox(key="data").value == "folder-my_pets"
    assert (tmp_path / "data" / "folders" / "my_pets" / "tensors.npz").is_file()
    next(b for b in at.button if b.label == "Start training").click().run()
    job = jobs.JOBS.get(at.session_state["training_session"])
    assert job.config.dataset == "folder-my_pets"
    job.join(180)
    snap = job.snapshot()
    assert snap.state == jobs.FINISHED and snap.test_accuracy is not None, snap.message
    at.run()
    assert not at.exception
    # a folder of images is explored like the built-in image sets (it was called 2-D points)
    assert any(b.label == "Explore this run" for b in at.button)
    assert any(h.value.startswith("Most confident mistakes (") for h in at.subheader)


def test_a_hostile_zip_gets_its_message_and_leaves_nothing(at, tmp_path):
    _upload(at, folder_zip(extra={"../evil.png": b"x"}), "evil.zip", "evil")
    assert not at.exception
    assert md("climbs out of the folder with '..'") in at.error[0].value
    _upload(at, lying_sizes(), "lying.zip", "lying")
    assert md("lying.zip cannot be extracted") in at.error[0].value
    assert at.selectbox(key="data").value == "digits"
    folders = tmp_path / "data" / "folders"
    assert not folders.exists() or list(folders.iterdir()) == []
