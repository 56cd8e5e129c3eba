"""explorer.image_folder: zips and server folders laid out class/image become datasets that
load_dataset splits and fit() trains on; every hostile zip of tests/data/make_bad_zips.py is
refused with its own code and leaves nothing on disk."""
import functools
import io
import os
import zipfile

import numpy as np
import pytest
import torch

from explorer import budget, image_folder
from explorer.data import load_dataset, unavailable_reason
from explorer.image_folder import FolderError, prepare_folder, prepare_zip
from tests.data.make_bad_zips import corpus, folder_zip, png

CORPUS = functools.cache(corpus)


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    return tmp_path / "data"


def everything(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_a_zip_becomes_a_dataset_that_imagefolder_reads_the_same(data):
    info = prepare_zip(folder_zip(per_class=12, side=16, top="pets"), "pets", size=None,
                       filename="pets.zip")
    assert info.dataset == "folder-pets" and info.classes == ("cat", "dog")
    assert info.counts == (12, 12) and (info.size, info.channels) == (16, 3)
    folder = data / "folders" / "pets"
    assert sorted(p.name for p in folder.iterdir()) == ["images", "meta.json", "tensors.npz"]
    from torchvision import datasets, transforms
    theirs = datasets.ImageFolder(str(folder / "images"), transform=transforms.PILToTensor())
    assert theirs.classes == list(info.classes)
    x, y, classes, fractions = image_folder.load_arrays("folder-pets")
    np.testing.assert_array_equal(y, theirs.targets)
    expected = torch.stack([theirs[i][0] for i in range(len(theirs))]).numpy() / 255.0
    np.testing.assert_allclose(x, expected, atol=1e-7)
    assert classes == ["cat", "dog"] and fractions == (0.7, 0.2, 0.1)
    assert [p for p in (data / "folders").iterdir()] == [folder]    # no temporary left
    assert unavailable_reason("folder-pets") is None


def test_load_dataset_splits_it_as_chosen_and_fit_trains_on_it(data):
    prepare_zip(folder_zip(classes=("a", "b", "c"), per_class=20, side=12), "abc", size=16,
                fractions=(0.5, 0.25, 0.25))
    s = load_dataset("folder-abc", seed=0)
    assert s.input_shape == (3, 16, 16) and s.classes == ["a", "b", "c"] and s.is_image
    assert (len(s.y_train), len(s.y_val), len(s.y_test)) == (30, 15, 15)
    for y in (s.y_train, s.y_val, s.y_test):
        assert torch.bincount(y, minlength=3).min() > 0
    from explorer.train import TrainConfig, fit
    result = fit(TrainConfig(dataset="folder-abc", model="lenet", epochs=1, batch_size=8,
                             device="cpu", amp=False))
    assert len(result.epochs) == 1 and 0 <= result.test_accuracy <= 1


def test_sizes_and_modes_are_converted_when_chosen(data):
    extra = {f"dog/small{i}.png": png(24, "L", seed=i) for i in range(2)}
    extra["cat/wide.png"] = png(32, "RGBA", height=20)
    zipped = folder_zip(extra=extra)
    with pytest.raises(FolderError) as err:
        prepare_zip(zipped, "mixed", size=None, colour="rgb")
    assert err.value.code == "folder_sizes" and "choose an input size" in str(err.value)
    assert "16×16 × 24" in str(err.value)
    with pytest.raises(FolderError, match="mixes grayscale and colour"):
        prepare_zip(zipped, "mixed", size=32)
    info = prepare_zip(zipped, "mixed", size=32, colour="gray")
    assert info.channels == 1 and info.size == 32 and info.counts == (13, 14)
    assert any("resized to 32×32" in n for n in info.notes)
    assert load_dataset("folder-mixed").input_shape == (1, 32, 32)


def test_transparent_pixels_become_white(data):
    from PIL import Image
    clear = io.BytesIO()
    Image.new("RGBA", (16, 16), (255, 0, 0, 0)).save(clear, "PNG")
    zipped = folder_zip(mode="RGBA", extra={"cat/clear.png": clear.getvalue()})
    prepare_zip(zipped, "alpha", size=16)
    x, y, _, _ = image_folder.load_arrays("folder-alpha")
    assert x.shape == (25, 3, 16, 16)
    np.testing.assert_array_equal(x[12], 1.0)    # cat: 000..011, then clear.png


@pytest.mark.parametrize("case", sorted(CORPUS()))
def test_every_hostile_zip_is_refused_and_leaves_nothing(case, data):
    zipped, code, words = CORPUS()[case]
    with pytest.raises(FolderError) as err:
        prepare_zip(zipped, "hostile", size=16, filename=f"{case}.zip")
    assert err.value.code == code, str(err.value)
    assert words in str(err.value)
    assert everything(data / "folders") == []
    assert not (data.parent / "evil.png").exists() and not (data / "evil.png").exists()


def test_every_refusal_has_a_chinese_template_that_fits_its_fields(data):
    from ui.strings import ERRORS_ZH
    for case, (zipped, code, _) in CORPUS().items():
        with pytest.raises(FolderError) as err:
            prepare_zip(zipped, "hostile", size=None if case == "mixed_sizes" else 16)
        text = ERRORS_ZH[err.value.code].format(**err.value.params)
        assert any("\u4e00" <= c <= "\u9fff" for c in text), (case, text)


def test_too_many_files_are_refused_from_the_directory(data, monkeypatch):
    monkeypatch.setattr(budget, "MAX_FOLDER_FILES", 20)
    with pytest.raises(FolderError) as err:
        prepare_zip(folder_zip(per_class=12), "many")
    assert err.value.code == "budget" and "MAX_FOLDER_FILES" in str(err.value)
    assert everything(data / "folders") == []


def test_the_unpacked_size_and_tensor_budget_are_checked(data, monkeypatch):
    monkeypatch.setattr(budget, "MAX_FOLDER_BYTES", 10_000)
    with pytest.raises(FolderError, match="MAX_FOLDER_BYTES"):
        prepare_zip(folder_zip(), "big")
    monkeypatch.setattr(budget, "MAX_FOLDER_BYTES", 10**9)
    monkeypatch.setattr(budget, "MAX_ELEMENTS", 1000)
    with pytest.raises(ValueError, match="smaller input size"):
        prepare_zip(folder_zip(), "big", size=128)
    assert everything(data / "folders") == []


def test_what_zip_tools_add_is_ignored(data):
    extra = {"__MACOSX/cat/._000.png": b"\0\5\26\7", "cat/.DS_Store": b"junk",
             "dog/Thumbs.db": b"junk"}
    info = prepare_zip(folder_zip(extra=extra), "mac")
    assert info.counts == (12, 12)


def test_names_options_and_replacing(data):
    good = folder_zip()
    for name in ("", "Pets", "../x", "a" * 33, "a b", None, "folder-x"):
        with pytest.raises(FolderError) as err:
            prepare_zip(good, name)
        assert err.value.code == "folder_name"
    with pytest.raises(ValueError):
        prepare_zip(good, "ok", size=4)
    with pytest.raises(ValueError):
        prepare_zip(good, "ok", colour="cmyk")
    with pytest.raises(ValueError, match="summing to 1"):
        prepare_zip(good, "ok", fractions=(0.5, 0.5, 0))
    prepare_zip(good, "ok")
    with pytest.raises(FolderError) as err:
        prepare_zip(folder_zip(classes=("x", "y")), "ok")
    assert err.value.code == "folder_exists"
    assert image_folder.list_folders()[0].classes == ("cat", "dog")   # the first kept
    prepare_zip(folder_zip(classes=("x", "y")), "ok", replace=True)
    assert image_folder.list_folders()[0].classes == ("x", "y")
    assert [p.name for p in (data / "folders").iterdir()] == ["ok"]      # the old one gone
    assert image_folder.suggest_name("My Pets (2).zip") == "my_pets_2"
    assert image_folder.suggest_name("猫.zip") == "my_images"


def test_splits_that_miss_a_class_are_refused(data):
    with pytest.raises(FolderError) as err:
        prepare_zip(folder_zip(classes=tuple("abcdefghij"), per_class=10), "tight",
                    fractions=(0.9, 0.05, 0.05))
    assert err.value.code == "folder_split" and "every class" in str(err.value)


def test_a_deleted_folder_is_unavailable_with_a_reason(data):
    prepare_zip(folder_zip(), "gone")
    image_folder.delete_folder("gone")
    assert "not on this machine" in unavailable_reason("folder-gone")
    with pytest.raises(ValueError, match="not on this machine"):
        load_dataset("folder-gone")
    with pytest.raises(ValueError, match="unknown dataset"):
        load_dataset("folder-../etc")


def test_a_server_folder_is_read_in_place_and_symlinks_are_refused(data, tmp_path):
    source = tmp_path / "photos"
    with zipfile.ZipFile(io.BytesIO(folder_zip(per_class=10))) as z:
        z.extractall(source)
    info = prepare_folder(source, "photos", size=16)
    assert info.counts == (10, 10) and info.source == str(source)
    assert sorted(p.name for p in (data / "folders" / "photos").iterdir()) == ["meta.json",
                                                                               "tensors.npz"]
    os.symlink("/etc/passwd", source / "cat" / "link.png")
    with pytest.raises(FolderError, match="symbolic link"):
        prepare_folder(source, "photos2")
    assert image_folder.main([str(tmp_path / "nowhere"), "x"]) == 1


def test_the_data_cap_is_checked_before_anything_is_extracted(data, monkeypatch):
    monkeypatch.setattr(budget, "MAX_DATA_BYTES", 10_000)
    with pytest.raises(ValueError, match="MAX_DATA_BYTES") as err:
        prepare_zip(folder_zip(), "capped")
    assert err.value.code == "budget" and everything(data / "folders") == []


def test_a_dataset_made_meanwhile_under_the_same_name_is_not_overwritten(data, monkeypatch):
    real = image_folder._check_free
    calls = []

    def racing(name, replace):           # the early check passes; another session then wins
        calls.append(name)
        if len(calls) == 2:
            prepare_zip(folder_zip(classes=("x", "y")), name)
        real(name, replace)
    monkeypatch.setattr(image_folder, "_check_free", lambda n, r: racing(n, r))
    with pytest.raises(FolderError) as err:
        prepare_zip(folder_zip(), "race")
    assert err.value.code == "folder_exists"
    assert image_folder.list_folders()[0].classes == ("x", "y")
    assert [p.name for p in (data / "folders").iterdir()] == ["race"]


def test_temporary_folders_of_killed_processes_are_removed(data):
    stale, fresh = data / "folders" / ".dead.tmp", data / "folders" / ".busy.tmp"
    for folder in (stale, fresh):
        (folder / "images").mkdir(parents=True)
    os.utime(stale, (0, 0))
    prepare_zip(folder_zip(), "after")
    assert not stale.exists() and fresh.exists()
