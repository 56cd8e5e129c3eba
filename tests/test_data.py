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


def _mnist_files(root):
    """100 train and 30 test MNIST-format images with labels under ``root``."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 100), ("t10k", 30)):
        _write_idx(raw / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28)))
        _write_idx(raw / f"{prefix}-labels-idx1-ubyte", np.arange(n) % 10)
    return raw


def test_mnist_files_on_disk_are_loaded(tmp_path, monkeypatch):
    _mnist_files(tmp_path)
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


@pytest.mark.parametrize("damage, why", [
    (lambda p: p.write_bytes(b""), "(empty)"),
    (lambda p: p.write_bytes(p.read_bytes()[:-1]), "bytes where its header says"),
    (lambda p: p.write_bytes(p.read_bytes() + b"x"), "bytes where its header says"),
    (lambda p: p.write_bytes(b"\x01\x02\x03\x04junk"), "not an IDX file"),
    (lambda p: p.rename(p.with_name(p.name + ".gz")), "gzipped: unpack it with gunzip"),
    (lambda p: p.unlink(), "(missing)"),
])
def test_incomplete_mnist_files_make_the_dataset_unavailable(tmp_path, monkeypatch, damage, why):
    from explorer.data import unavailable_reason
    raw = _mnist_files(tmp_path)
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    assert unavailable_reason("mnist") is None
    damage(raw / "t10k-images-idx3-ubyte")
    reason = unavailable_reason("mnist")
    assert "MNIST/raw/t10k-images-idx3-ubyte" in reason and why in reason
    assert "missing or incomplete" in reason
    with pytest.raises(DatasetUnavailable, match="t10k-images") as refused:
        load_dataset("mnist")
    assert refused.value.code == "file"


def test_a_cifar_batch_cut_short_is_unavailable(tmp_path, monkeypatch):
    """CIFAR-10's batches are pickles: complete only when they end with the STOP opcode."""
    import pickle

    from explorer.data import unavailable_reason
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    batch = pickle.dumps({"data": np.zeros((2, 3072), np.uint8), "labels": [0, 1]})
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]:
        (folder / name).write_bytes(batch)
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    assert unavailable_reason("cifar10") is None
    (folder / "data_batch_3").write_bytes(batch[:-10])
    assert "data_batch_3 (cut short (no pickle end mark))" in unavailable_reason("cifar10")
    (folder / "batches.meta").unlink()
    assert "batches.meta (missing)" in unavailable_reason("cifar10")


def test_files_that_torchvision_still_rejects_are_explained(tmp_path, monkeypatch):
    """Complete by size but wrong inside (CIFAR-10's MD5 check): DatasetUnavailable, not
    torchvision's RuntimeError."""
    import pickle
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]:
        (folder / name).write_bytes(pickle.dumps({"data": []}))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    with pytest.raises(DatasetUnavailable, match="could not be read by torchvision"):
        load_dataset("cifar10")
