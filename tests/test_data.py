"""explorer.data: splits, train-only normalisation, torchvision files on disk, no downloads."""
import struct

import numpy as np
import pytest
import torch

from explorer.data import DatasetUnavailable, denormalize, load_dataset


def test_digits_split_is_stratified_70_20_10_and_seeded():
    s = load_dataset("digits", seed=0)
    sizes = np.array([len(s.y_train), len(s.y_val), len(s.y_test)])
    assert sizes.sum() == 1797
    np.testing.assert_allclose(sizes / 1797, [0.7, 0.2, 0.1], atol=0.01)
    assert s.input_shape == (1, 8, 8) and s.classes == [str(i) for i in range(10)]
    for y in (s.y_train, s.y_val, s.y_test):  # every class in every split, in proportion
        counts = torch.bincount(y, minlength=10).float() / len(y)
        assert counts.min() > 0.08 and counts.max() < 0.12
    again = load_dataset("digits", seed=0)
    assert torch.equal(s.x_train, again.x_train)
    assert not torch.equal(s.x_train, load_dataset("digits", seed=1).x_train)


def test_normalisation_uses_train_statistics_only():
    s = load_dataset("digits", seed=0)
    assert abs(float(s.x_train.mean())) < 1e-5 and abs(float(s.x_train.std()) - 1) < 1e-3
    assert abs(float(s.x_test.mean())) > 1e-4  # test set is not re-centred on itself
    from sklearn.datasets import load_digits
    raw = load_digits().images / 16.0
    restored = denormalize(s.x_train, s).squeeze(1).numpy()
    # every de-normalised training image is one of the original images
    first = restored[0]
    assert np.abs(raw - first).reshape(len(raw), -1).max(1).min() < 1e-5


@pytest.mark.parametrize("name", ["moons", "circles", "spirals"])
def test_toy_sets_are_2d_binary(name):
    s = load_dataset(name)
    assert s.input_shape == (2,) and s.num_classes == 2 and not s.is_image


def test_missing_torchvision_set_names_folder_and_files(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    with pytest.raises(DatasetUnavailable) as err:
        load_dataset("mnist")
    message = str(err.value)
    assert str(tmp_path) in message and "train-images-idx3-ubyte" in message
    assert not any(tmp_path.iterdir())  # nothing downloaded


def _write_idx(path, array):
    dims = array.shape
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(f">{len(dims)}I", *dims)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def test_mnist_files_on_disk_are_loaded(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 100), ("t10k", 30)):
        _write_idx(raw / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28)))
        _write_idx(raw / f"{prefix}-labels-idx1-ubyte", np.arange(n) % 10)
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    s = load_dataset("mnist")
    assert s.input_shape == (1, 28, 28) and len(s.y_test) == 30  # official test set kept
    assert len(s.y_train) + len(s.y_val) == 100
    assert s.classes[0].startswith("0")


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown dataset"):
        load_dataset("imagenet")
    with pytest.raises(ValueError, match="summing to 1"):
        load_dataset("digits", fractions=(0.5, 0.5, 0.5))
