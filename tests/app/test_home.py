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
    assert {"MNIST", "CIFAR-10", "torchvision ImageNet weights"} <= set(table.index)


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
    assert "digits（scikit-learn）" in table.index
    assert set(table["可用"].drop("torchvision ImageNet 预训练权重")) <= {"是", "否"}
    assert table.loc["torchvision ImageNet 预训练权重", "可用"].startswith("40 个中有 ")


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


def test_home_counts_the_torchvision_weights_in_a_fake_hub_cache(tmp_path, monkeypatch):
    """One row for the 40 classifiers Predict, Feature maps and t-SNE offer: how many have
    their ImageNet weights in the hub cache, named (an empty file does not count)."""
    from explorer.offline import TV_WEIGHT_FILES
    folder = tmp_path / "hub" / "checkpoints"
    folder.mkdir(parents=True)
    for arch in ("squeezenet1_1", "resnet18", "convnext_tiny"):
        (folder / TV_WEIGHT_FILES[arch]).write_bytes(b"weights")
    (folder / TV_WEIGHT_FILES["resnet50"]).write_bytes(b"")      # a failed download
    (folder / "unrelated.pth").write_bytes(b"x")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    at = open_page("home").run()
    assert not at.exception
    row = at.table[0].value.loc["torchvision ImageNet weights"]
    total = len(TV_WEIGHT_FILES)
    assert row["available"] == f"3 of {total} (convnext_tiny, resnet18, squeezenet1_1)"
    assert row["folder"] == str(folder)
    assert row["missing files"].startswith(f"the other {total - 3}: download one on Predict")
    for arch in ("resnet34", "swin_t"):
        (folder / TV_WEIGHT_FILES[arch]).write_bytes(b"weights")
    at.run()
    row = at.table[0].value.loc["torchvision ImageNet weights"]
    assert row["available"] == f"5 of {total} (convnext_tiny, resnet18, resnet34, squeezenet1_1, …)"


def test_the_torch_free_weights_table_matches_torchvision():
    """offline.TV_WEIGHT_FILES (Home reads it without torch) names the same architectures and
    files as tv_models, which asks torchvision."""
    from explorer import offline, tv_models
    assert offline.TV_WEIGHT_FILES == {a: tv_models.catalogue()[a].file
                                       for a in tv_models.architectures()}
