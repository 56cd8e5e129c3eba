"""Home page under AppTest; it must stay torch-free (checked in a fresh interpreter)."""
import subprocess
import sys
import textwrap

from tests.app.apptest import ROOT, open_page
from ui.catalogue import PAGES


def test_home_lists_every_page_and_the_offline_table():
    at = open_page("home").run()
    assert not at.exception
    assert at.title[0].value == "Deep-learning explorer"
    table = at.table[0].value
    assert "digits (scikit-learn)" in table.index
    assert {"mnist", "cifar10", "resnet18"} <= set(table.index)


def test_home_in_chinese_translates_the_cards_and_the_table():
    at = open_page("home")
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "深度学习探索器"
    assert {"基本组件", "离线数据与权重"} <= {s.value for s in at.subheader}
    assert any(c.value.startswith("从 Sigmoid 到 Mish") for c in at.caption)
    table = at.table[0].value
    assert "digits（scikit-learn）" in table.index and set(table["可用"]) <= {"是", "否"}


def test_home_reports_a_dataset_placed_in_the_data_folder(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for prefix in ("train", "t10k"):   # complete IDX files of one image: header + pixels
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(
            bytes([0, 0, 8, 3]) + (1).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
            + bytes(28 * 28))
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(
            bytes([0, 0, 8, 1]) + (1).to_bytes(4, "big") + bytes(1))
    (tmp_path / "FashionMNIST" / "raw").mkdir(parents=True)
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                 "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):   # empty: not present
        (tmp_path / "FashionMNIST" / "raw" / name).write_bytes(b"")
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path))
    at = open_page("home").run()
    table = at.table[0].value
    assert table.loc["mnist", "available"] == "yes"
    assert table.loc["fashion_mnist", "available"] == "no"
    assert "train-images-idx3-ubyte (empty)" in table.loc["fashion_mnist", "missing files"]
    assert table.loc["cifar10", "available"] == "no"


def test_home_does_not_import_torch():
    code = textwrap.dedent("""
        import sys
        from tests.app.apptest import open_page
        at = open_page("home").run()
        assert not at.exception, at.exception
        print("torch" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_catalogue_paths_exist():
    for page in PAGES:
        assert (ROOT / page.path).is_file(), page.path
