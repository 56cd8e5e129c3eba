"""explorer.download, offline: a local http.server serves small files in torchvision's formats,
EXPLORER_MIRROR points at it and the tables are patched with those files' checksums. The
whole path: progress, checksum failure, interruption and resume, restart, no network, the
switch and the disk cap; then torchvision's own dataset classes read the result."""
import dataclasses
import fcntl
import subprocess
import sys

import numpy as np
import pytest

from explorer import budget, download
from explorer.download import DownloadError, get
from explorer.offline import dataset_status, weights_status
from tests.data.file_server import cifar_archive, isolate, md5, mnist_files, serve


@pytest.fixture
def folders(tmp_path, monkeypatch):
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def mnist(folders, monkeypatch):
    files, arrays = mnist_files()
    with serve(monkeypatch, files, "mnist") as server:
        yield server, arrays


def leftovers(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name.endswith((".part", ".tmp")))


def test_tables_are_torchvisions():
    from torchvision import datasets, models
    for item, cls in (("mnist", datasets.MNIST), ("fashion_mnist", datasets.FashionMNIST)):
        ours = download.ITEMS[item]
        assert [(r.name, r.md5) for r in ours] == [tuple(x) for x in cls.resources]
        assert all(r.urls == tuple(m + r.name for m in cls.mirrors) for r in ours)
    (cifar,) = download.ITEMS["cifar10"]
    assert cifar.urls == (datasets.CIFAR10.url,) and cifar.md5 == datasets.CIFAR10.tgz_md5
    assert cifar.target == datasets.CIFAR10.base_folder
    theirs = dict(datasets.CIFAR10.train_list + datasets.CIFAR10.test_list)
    theirs[datasets.CIFAR10.meta["filename"]] = datasets.CIFAR10.meta["md5"]
    assert download.CIFAR10_MEMBERS == theirs
    for item, weights in (("resnet18", models.ResNet18_Weights.IMAGENET1K_V1),
                          ("mobilenet_v3_small", models.MobileNet_V3_Small_Weights.IMAGENET1K_V1)):
        (remote,) = download.ITEMS[item]
        assert remote.urls == (weights.url,) and remote.target == remote.name
        assert remote.name.rsplit("-", 1)[1] == remote.sha256_prefix + ".pth"


def test_mnist_arrives_with_progress_and_torchvision_reads_it(mnist, folders):
    server, arrays = mnist
    seen = []
    fetched = get("mnist", lambda f, done, total: seen.append((f, done, total)))
    assert fetched == [r.name for r in download.ITEMS["mnist"]]
    assert dataset_status("mnist").available
    for name in {f for f, _, _ in seen}:
        steps = [(d, t) for f, d, t in seen if f == name]
        assert [d for d, _ in steps] == sorted(d for d, _ in steps)
        assert steps[-1][0] == steps[-1][1] == len(server.files[name])
    assert {name for name, _ in server.requests} == set(server.files)
    assert leftovers(folders) == [] and not list((folders / "data").rglob("*.gz"))
    from torchvision import datasets
    train = datasets.MNIST(str(folders / "data"), train=True, download=False)
    test = datasets.MNIST(str(folders / "data"), train=False, download=False)
    np.testing.assert_array_equal(train.data.numpy(), arrays["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(test.targets.numpy(), arrays["t10k-labels-idx1-ubyte"])
    assert get("mnist") == [] and len(server.requests) == 4   # complete: nothing fetched again


def test_a_checksum_failure_keeps_nothing(folders, monkeypatch):
    files, _ = mnist_files()
    with serve(monkeypatch, files, "mnist", md5="0" * 32) as server:
        with pytest.raises(DownloadError) as err:
            get("mnist")
        assert err.value.code == "download_checksum" and "nothing was kept" in str(err.value)
        assert err.value.params["expected"] == "0" * 32
        assert len(server.requests) == 1                    # no retry of a damaged file
    assert leftovers(folders) == [] and not dataset_status("mnist").available
    assert not [p for p in (folders / "data").rglob("*") if p.is_file()]


def test_an_interrupted_file_resumes_from_where_it_stopped(mnist, folders):
    server, _ = mnist
    name = "train-images-idx3-ubyte.gz"
    server.cut[name] = 1                                    # first try: half the file
    get("mnist")
    ranges = [r for n, r in server.requests if n == name]
    assert ranges[0] is None and ranges[1] == f"bytes={len(server.files[name]) // 2}-"
    assert dataset_status("mnist").available and leftovers(folders) == []


def test_a_download_cut_every_time_keeps_its_part_and_a_retry_finishes(mnist, folders):
    server, arrays = mnist
    name = "train-images-idx3-ubyte.gz"
    server.cut[name] = download.ATTEMPTS
    with pytest.raises(DownloadError) as err:
        get("mnist")
    assert err.value.code == "download_interrupted" and "run it again to resume" in str(err.value)
    part = folders / "data" / "MNIST" / "raw" / (name + ".part")
    assert 0 < part.stat().st_size < len(server.files[name])
    assert not dataset_status("mnist").available           # the page sees it as missing
    assert not (folders / "data" / "MNIST" / "raw" / name).exists()
    kept = part.stat().st_size
    get("mnist")                                            # the retry resumes the part
    assert [r for n, r in server.requests if n == name][-1] == f"bytes={kept}-"
    assert dataset_status("mnist").available and leftovers(folders) == []
    from torchvision import datasets
    got = datasets.MNIST(str(folders / "data"), train=True, download=False).data.numpy()
    np.testing.assert_array_equal(got, arrays["train-images-idx3-ubyte"])


def test_a_server_that_ignores_ranges_gets_a_clean_restart(mnist, folders):
    server, _ = mnist
    server.ignore_range = True
    name = "train-images-idx3-ubyte.gz"
    server.cut[name] = 1
    get("mnist")
    assert dataset_status("mnist").available


def test_a_stale_part_from_another_file_restarts_from_zero(mnist, folders):
    server, _ = mnist
    name = "train-images-idx3-ubyte.gz"
    raw = folders / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    (raw / (name + ".part")).write_bytes(b"not this file" * 100)
    get("mnist")
    assert [r for n, r in server.requests if n == name] == ["bytes=1300-", None]
    assert dataset_status("mnist").available and leftovers(folders) == []


def test_no_network_says_so_and_writes_nothing(folders, monkeypatch):
    monkeypatch.setenv(download.MIRROR_ENV, "http://127.0.0.1:9")     # discard port: refused
    with pytest.raises(DownloadError) as err:
        get("fashion_mnist")
    assert err.value.code == "download_offline" and "127.0.0.1:9" in str(err.value)
    assert "bundled digits" in str(err.value)
    assert leftovers(folders) == []


def test_the_switch_and_the_disk_cap_refuse_before_any_request(mnist, folders, monkeypatch):
    server, _ = mnist
    monkeypatch.setenv(download.SWITCH_ENV, "off")
    with pytest.raises(DownloadError, match="switched off") as err:
        get("mnist")
    assert err.value.code == "download_off"
    monkeypatch.setenv(download.SWITCH_ENV, "on")
    monkeypatch.setattr(budget, "MAX_DATA_BYTES", 1000)
    with pytest.raises(DownloadError, match="MAX_DATA_BYTES") as err:
        get("mnist")
    assert err.value.code == "budget" and server.requests == []


def test_a_file_another_session_is_fetching_is_not_written_twice(mnist, folders):
    raw = folders / "data" / "MNIST" / "raw"
    raw.mkdir(parents=True)
    with (raw / "train-images-idx3-ubyte.gz.part").open("ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(DownloadError) as err:
            get("mnist")
    assert err.value.code == "download_busy"


def test_http_errors_and_unknown_names(mnist, folders):
    server, _ = mnist
    del server.files["t10k-labels-idx1-ubyte.gz"]
    with pytest.raises(DownloadError, match="HTTP 404") as err:
        get("mnist")
    assert err.value.code == "download_http"
    assert leftovers(folders) == []
    with pytest.raises(ValueError, match="unknown download"):
        get("imagenet")


def test_cifar10_is_unpacked_safely_and_read_by_torchvision(folders, monkeypatch):
    archive, members = cifar_archive()
    monkeypatch.setattr(download, "CIFAR10_MEMBERS", {n: md5(d) for n, d in members.items()})
    from torchvision import datasets
    monkeypatch.setattr(datasets.CIFAR10, "train_list",
                        [[f"data_batch_{i}", md5(members[f"data_batch_{i}"])] for i in range(1, 6)])
    monkeypatch.setattr(datasets.CIFAR10, "test_list", [["test_batch", md5(members["test_batch"])]])
    monkeypatch.setitem(datasets.CIFAR10.meta, "md5", md5(members["batches.meta"]))
    with serve(monkeypatch, {"cifar-10-python.tar.gz": archive}, "cifar10"):
        get("cifar10")
    root = folders / "data"
    assert sorted(p.name for p in (root / "cifar-10-batches-py").iterdir()) == sorted(members)
    assert not (folders / "escaped").exists() and not (root / "escaped").exists()
    assert leftovers(folders) == [] and not (root / "cifar-10-python.tar.gz").exists()
    assert dataset_status("cifar10").available
    train = datasets.CIFAR10(str(root), train=True, download=False)
    assert train.data.shape == (20, 32, 32, 3) and train.classes[0] == "airplane"


def test_a_cifar_archive_with_a_wrong_member_leaves_no_folder(folders, monkeypatch):
    archive, members = cifar_archive()
    monkeypatch.setattr(download, "CIFAR10_MEMBERS", {**{n: md5(d) for n, d in members.items()},
                                                      "test_batch": "0" * 32})
    with serve(monkeypatch, {"cifar-10-python.tar.gz": archive}, "cifar10"):
        with pytest.raises(DownloadError, match="test_batch") as err:
            get("cifar10")
    assert err.value.code == "download_archive"
    assert list((folders / "data").iterdir()) == []          # no folder, no archive, no temp


def test_weights_are_checked_by_their_sha256_prefix(folders, monkeypatch):
    blob = b"weights" * 1000
    with serve(monkeypatch, {"resnet18-f37072fd.pth": blob}, "resnet18"):
        get("resnet18")
    assert weights_status("resnet18").available
    path = folders / "torch" / "hub" / "checkpoints" / "resnet18-f37072fd.pth"
    assert path.read_bytes() == blob
    path.unlink()
    with serve(monkeypatch, {"resnet18-f37072fd.pth": blob}, "resnet18",
               sha256_prefix="00000000"):
        with pytest.raises(DownloadError, match="00000000"):
            get("resnet18")
    assert not weights_status("resnet18").available and leftovers(folders) == []


def test_command_line_gets_and_lists(mnist, folders, capsys):
    assert download.main(["get"]) == 2
    assert download.main(["list"]) == 0
    assert "mnist" in capsys.readouterr().out
    assert download.main(["get", "mnist", "nothing"]) == 1
    err = capsys.readouterr().err
    assert "mnist: fetched" in err and "nothing: unknown download" in err
    assert dataset_status("mnist").available


def test_python_m_explorer_data_get(folders):
    """The documented command, in a fresh interpreter, with the switch off (no network)."""
    out = subprocess.run([sys.executable, "-m", "explorer.data", "get", "mnist"],
                         capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, download.SWITCH_ENV: "off"})
    assert out.returncode == 1 and "switched off" in out.stderr


def test_every_refusal_has_a_chinese_template_that_fits_its_fields(mnist, folders, monkeypatch):
    from ui.strings import ERRORS_ZH
    server, _ = mnist
    errors = []

    def refusal(**env):
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        with pytest.raises(DownloadError) as err:
            get("mnist")
        errors.append(err.value)

    server.cut["train-images-idx3-ubyte.gz"] = download.ATTEMPTS
    refusal()                                                           # interrupted
    labels = server.files.pop("t10k-labels-idx1-ubyte.gz")
    refusal()                                                           # http 404
    server.files["t10k-labels-idx1-ubyte.gz"] = labels
    monkeypatch.setitem(download.ITEMS, "mnist", tuple(
        dataclasses.replace(r, md5="0" * 32) for r in download.ITEMS["mnist"]))
    refusal()                                                           # checksum
    refusal(**{download.MIRROR_ENV: "http://127.0.0.1:9"})              # offline
    refusal(**{download.SWITCH_ENV: "off"})                             # switched off
    assert [e.code for e in errors] == ["download_interrupted", "download_http",
                                        "download_checksum", "download_offline", "download_off"]
    for err in errors:
        text = ERRORS_ZH[err.code].format(**err.params)
        assert any("\u4e00" <= c <= "\u9fff" for c in text), text


# ----------------------------------------------------------------------------- tv:<arch> weights
def test_every_offered_torchvision_model_has_an_item_from_torchvisions_enum():
    from torch.hub import HASH_REGEX
    from torchvision import models

    from explorer.tv_models import architectures
    assert len(architectures()) >= 30
    for arch in architectures():
        (remote,) = download.remotes(f"tv:{arch}")
        weights = models.get_model_weights(arch).DEFAULT
        assert remote.urls == (weights.url,) and remote.target == remote.name
        assert remote.root == "weights"
        assert remote.sha256_prefix == HASH_REGEX.search(remote.name).group(1) != ""
        assert abs(remote.size - weights.meta["_file_size"] * 2**20) < 2**20 / 1000
    for item in ("resnet18", "mobilenet_v3_small"):          # Home's two agree with them
        (static,), (lazy,) = download.ITEMS[item], download.remotes(f"tv:{item}")
        assert (static.urls, static.target, static.sha256_prefix) == \
            (lazy.urls, lazy.target, lazy.sha256_prefix)


def test_home_imports_no_torch_for_the_downloader():
    code = ("import sys; from explorer import download; download.used_bytes(); "
            "[download.is_present(n) for n in download.ITEM_NAMES]; "
            "assert 'torch' not in sys.modules, 'torch imported'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr


def test_unknown_and_refused_architectures(folders):
    for name, code in (("tv:nope", "choice"), ("tv:../../etc/passwd", "choice"),
                       ("tv:", "choice"), ("tv:vit_h_14", "budget"), ("tv:googlenet", "other"),
                       (["mnist"], "choice"), (None, "choice")):
        with pytest.raises(ValueError) as err:
            get(name)
        assert err.value.code == code, name
    assert leftovers(folders) == [] and not (folders / "torch").exists()


@pytest.fixture
def squeezenet():
    """A random squeezenet1_1 state dict as a .pth file (torch.save), and the dict."""
    import io

    import torch

    from explorer.tv_models import build
    state = build("squeezenet1_1").state_dict()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    return buffer.getvalue(), state


def test_tv_weights_land_where_tv_models_and_torchvision_read_them(folders, monkeypatch,
                                                                   squeezenet):
    import torch
    from torchvision import models

    from explorer import tv_models
    blob, state = squeezenet
    file = tv_models.catalogue()["squeezenet1_1"].file
    with pytest.raises(ValueError, match="not on this machine"):
        tv_models.load("tv:squeezenet1_1")
    seen = []
    with serve(monkeypatch, {file: blob}, "tv:squeezenet1_1") as server:
        assert get("tv:squeezenet1_1", lambda f, d, t: seen.append((f, d, t))) == [file]
        assert get("tv:squeezenet1_1") == [] and len(server.requests) == 1
    assert seen[-1] == (file, len(blob), len(blob))
    path = folders / "torch" / "hub" / "checkpoints" / file
    assert path.read_bytes() == blob and leftovers(folders) == []
    assert path.parent == __import__("pathlib").Path(torch.hub.get_dir()) / "checkpoints"
    assert download.is_present("tv:squeezenet1_1")
    loaded = tv_models.load("tv:squeezenet1_1")                 # the page's loader
    assert loaded.trained and "ImageNet weights" in loaded.title
    theirs = models.SqueezeNet1_1_Weights.DEFAULT.get_state_dict(progress=False)  # torchvision's
    for key, tensor in state.items():
        torch.testing.assert_close(loaded.model.state_dict()[key].cpu(), tensor)
        torch.testing.assert_close(theirs[key], tensor)


def test_tv_weights_with_a_wrong_checksum_are_not_kept(folders, monkeypatch, squeezenet):
    from explorer import tv_models
    blob, _ = squeezenet
    file = tv_models.catalogue()["squeezenet1_1"].file
    with serve(monkeypatch, {file: blob}, "tv:squeezenet1_1", sha256_prefix="00000000"):
        with pytest.raises(DownloadError) as err:
            get("tv:squeezenet1_1")
    assert err.value.code == "download_checksum" and "00000000" in str(err.value)
    assert leftovers(folders) == [] and not download.is_present("tv:squeezenet1_1")
    assert not [p for p in folders.rglob("*") if p.is_file()]
    with pytest.raises(ValueError, match="not on this machine"):
        tv_models.load("tv:squeezenet1_1")


def test_tv_weights_count_against_the_cap_and_respect_the_switch(folders, monkeypatch,
                                                                 squeezenet):
    from explorer import tv_models
    blob, _ = squeezenet
    file = tv_models.catalogue()["squeezenet1_1"].file
    with serve(monkeypatch, {file: blob}, "tv:squeezenet1_1") as server:
        monkeypatch.setenv(download.SWITCH_ENV, "off")
        with pytest.raises(DownloadError) as err:
            get("tv:squeezenet1_1")
        assert err.value.code == "download_off"
        monkeypatch.setenv(download.SWITCH_ENV, "on")
        monkeypatch.setattr(budget, "MAX_DATA_BYTES", len(blob) * 3 // 2)
        get("tv:squeezenet1_1")
        assert download.used_bytes() == len(blob)               # the checkpoints folder counts
        other = tv_models.catalogue()["squeezenet1_0"].file
        server.files[other] = blob
        monkeypatch.setitem(download.ITEMS, "tv:squeezenet1_0", (dataclasses.replace(
            download.remotes("tv:squeezenet1_1")[0], urls=("x/" + other,), target=other),))
        with pytest.raises(DownloadError, match="MAX_DATA_BYTES") as err:
            get("tv:squeezenet1_0")
        assert err.value.code == "budget" and len(server.requests) == 1


def test_command_line_gets_tv_weights(folders, monkeypatch, squeezenet, capsys):
    from explorer import tv_models
    blob, _ = squeezenet
    file = tv_models.catalogue()["squeezenet1_1"].file
    with serve(monkeypatch, {file: blob}, "tv:squeezenet1_1"):
        assert download.main(["get", "tv:squeezenet1_1", "tv:nope"]) == 1
    err = capsys.readouterr().err
    assert f"tv:squeezenet1_1: fetched {file}" in err and "tv:nope: unknown torchvision" in err
    assert download.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "tv:squeezenet1_1" in out and "tv:convnext_tiny" in out
    assert [line.split()[1] for line in out.splitlines()
            if line.startswith("tv:squeezenet1_1 ")] == ["present"]
