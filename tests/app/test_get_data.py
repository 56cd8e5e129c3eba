"""Home's "Get data" section under AppTest, offline: the mirror points at a local server with
small files in MNIST's format and the tables carry their checksums."""
import dataclasses

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
