"""Home's "Get data" section and Predict's "Get ImageNet weights" button under AppTest,
offline: the mirror points at a local server with small files in MNIST's format (or a random
squeezenet1_1 state dict) and the tables carry their checksums."""
import dataclasses
import io

import pytest

from explorer import download
from tests.app.apptest import open_page
from tests.data.file_server import isolate, mnist_files, serve
from ui.text import md


@pytest.fixture
def folders(tmp_path, monkeypatch):
    return isolate(tmp_path, monkeypatch)


@pytest.fixture
def server(folders, monkeypatch):
    files, _ = mnist_files()
    with serve(monkeypatch, files, "mnist") as server:
        yield server


def get_button(at, name):
    return next(b for b in at.button if b.key == f"get_{name}")


def test_get_mnist_from_home_then_the_table_says_available(server):
    at = open_page("home").run()
    assert not at.exception
    assert at.table[0].value.loc["MNIST", "available"] == "no"
    assert "Get data" in [h.value for h in at.subheader]
    get_button(at, "mnist").click().run()
    assert not at.exception and not at.error
    assert at.table[0].value.loc["MNIST", "available"] == "yes"
    assert any("MNIST: 4 file(s) fetched and checked." in s.value for s in at.success)
    assert not any(b.key == "get_mnist" for b in at.button)       # present: no button
    assert len(server.requests) == 4


def test_a_checksum_failure_is_shown_in_chinese_and_nothing_is_kept(server, monkeypatch, folders):
    monkeypatch.setitem(download.ITEMS, "mnist", tuple(
        dataclasses.replace(r, md5="0" * 32) for r in download.ITEMS["mnist"]))
    at = open_page("home")
    at.session_state["lang"] = "zh"
    at.run()
    get_button(at, "mnist").click().run()
    assert not at.exception
    assert "校验和" in at.error[0].value and "没有保留任何文件" in at.error[0].value
    assert not [p for p in (folders / "data").rglob("*") if p.is_file()]


def test_no_network_and_switched_off(folders, monkeypatch):
    monkeypatch.setenv(download.MIRROR_ENV, "http://127.0.0.1:9")
    at = open_page("home").run()
    get_button(at, "fashion_mnist").click().run()
    assert not at.exception and md("cannot reach 127.0.0.1:9") in at.error[0].value
    assert "bundled digits" in at.error[0].value
    monkeypatch.setenv(download.SWITCH_ENV, "off")
    at = open_page("home").run()
    assert all(get_button(at, n).disabled for n in download.ITEM_NAMES)
    assert any("switched off" in i.value for i in at.info)


@pytest.fixture
def squeezenet(folders, monkeypatch):
    """The server holds a random squeezenet1_1 state dict under torchvision's file name; the
    downloader's tv:squeezenet1_1 item carries its size and sha256 prefix."""
    import torch

    from explorer import tv_models
    monkeypatch.setenv("EXPLORER_RUNS", str(folders / "runs"))
    state = tv_models.build("squeezenet1_1").state_dict()
    buffer = io.BytesIO()
    torch.save(state, buffer)
    file = tv_models.catalogue()["squeezenet1_1"].file
    with serve(monkeypatch, {file: buffer.getvalue()}, "tv:squeezenet1_1") as server:
        yield server, file, state


def _plain(text: str) -> str:
    return text.replace("\\", "").replace("\u2060", "")


def test_predict_gets_a_torchvision_models_imagenet_weights(squeezenet, folders):
    import torch
    server, file, state = squeezenet
    at = open_page("predict")
    at.query_params["model"] = "tv:squeezenet1_1"
    at.run()
    assert not at.exception and not at.error
    menu = next(w for w in at.selectbox if w.label == "Model")
    assert menu.value == "tv:squeezenet1_1"
    assert menu.format_func("tv:squeezenet1_1") == \
        "squeezenet1_1 (torchvision, ImageNet weights to download)"
    assert any(f"squeezenet1_1's ImageNet weights ({file}, " in _plain(w.value)
               and "default model stands in" in w.value for w in at.warning)
    button = next(b for b in at.button if b.key == "get_tv_weights")
    size = len(server.files[file]) / 1e6
    assert button.label == f"Get ImageNet weights ({size:,.1f} MB)"
    assert server.requests == []                            # nothing until it is pressed
    button.click().run()
    assert not at.exception and not at.error
    assert len(server.requests) == 1
    assert (folders / "torch" / "hub" / "checkpoints" / file).is_file()
    assert not any(b.key == "get_tv_weights" for b in at.button)
    captions = [_plain(c.value) for c in at.caption]
    assert any("Model: squeezenet1_1: ImageNet weights (IMAGENET1K_V1)." in c for c in captions)
    from ui.predict_views import _classifier_from
    model = _classifier_from("tv:squeezenet1_1", __import__("explorer").tv_models.stamp(
        "tv:squeezenet1_1")).model
    for key, tensor in state.items():
        torch.testing.assert_close(model.state_dict()[key].cpu(), tensor)


def test_predict_weights_with_a_wrong_checksum_or_downloads_off(squeezenet, folders,
                                                                monkeypatch):
    server, file, _ = squeezenet
    (remote,) = download.ITEMS["tv:squeezenet1_1"]
    monkeypatch.setitem(download.ITEMS, "tv:squeezenet1_1",
                        (dataclasses.replace(remote, sha256_prefix="00000000"),))
    at = open_page("predict")
    at.query_params["model"] = "tv:squeezenet1_1"
    at.run()
    next(b for b in at.button if b.key == "get_tv_weights").click().run()
    assert not at.exception
    assert "checksum" in at.error[0].value and "00000000" in at.error[0].value
    assert not (folders / "torch" / "hub" / "checkpoints" / file).exists()
    assert any(b.key == "get_tv_weights" for b in at.button)          # it can be tried again
    monkeypatch.setenv(download.SWITCH_ENV, "off")
    at = open_page("predict")
    at.query_params["model"] = "tv:squeezenet1_1"
    at.run()
    assert not at.exception and not at.error
    assert not any(b.key == "get_tv_weights" for b in at.button)
    info = _plain(at.info[0].value)
    assert "switched off" in info and "put https://download.pytorch.org/models/" in info


def test_predict_offers_the_weights_in_chinese(squeezenet):
    server, file, _ = squeezenet
    at = open_page("predict")
    at.session_state["lang"] = "zh"
    at.query_params["model"] = "tv:squeezenet1_1"
    at.run()
    assert not at.exception and not at.error
    size = len(server.files[file]) / 1e6
    assert next(b for b in at.button if b.key == "get_tv_weights").label == \
        f"下载 ImageNet 预训练权重（{size:,.1f} MB）"
    assert any("还不在这台机器上" in w.value for w in at.warning)
    menu = next(w for w in at.selectbox if w.key == "model")
    assert menu.format_func("tv:squeezenet1_1") == "squeezenet1_1（torchvision，ImageNet 权重，需下载）"
