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
    assert {"MNIST", "CIFAR-10", "resnet18 ImageNet weights"} <= set(table.index)


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
    assert "resnet18 ImageNet 预训练权重" in table.index


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
    assert table.loc["MNIST", "available"] == "yes" and table.loc["MNIST", "missing files"] == "—"
    assert table.loc["Fashion-MNIST", "available"] == "no"
    assert "train-images-idx3-ubyte (empty)" in table.loc["Fashion-MNIST", "missing files"]
    assert table.loc["CIFAR-10", "available"] == "no"
    absent = table.loc["CIFAR-10", "missing files"]         # absent files: by name only
    assert "cifar-10-batches-py/data_batch_1, " in absent and "(missing)" not in absent


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


def test_missing_files_name_absent_files_and_say_why_the_others_are_unusable(monkeypatch):
    from ui import home_views, i18n
    entries = ("MNIST/raw/a (missing)", "MNIST/raw/b (empty)",
               "c (cut short (no pickle end mark))", "weights.pth")
    assert home_views.missing_files(entries) == \
        "MNIST/raw/a, MNIST/raw/b (empty), c (cut short (no pickle end mark)), weights.pth"
    assert home_views.missing_files(()) == "—"
    monkeypatch.setattr(i18n, "is_zh", lambda: True)
    assert home_views.missing_files(entries[1:3]) == \
        "MNIST/raw/b (文件为空)、c (文件被截断（没有 pickle 结束标记）)"
