"""On the Chinese app, the free text explorer writes reads in Chinese: a run's divergence
reason in the Training lab, an uploaded photo's caveat and loading notes in Predict."""
import io

import pytest
from PIL import Image

from explorer import jobs
from tests.app.apptest import open_page
from ui import i18n


def _chinese(name, monkeypatch):
    """The page in Chinese; AppTest formats a widget's options again in the test's own thread
    (which has no session state) when it sends a value, so the language is fixed there too."""
    monkeypatch.setattr(i18n, "language", lambda: "zh")
    at = open_page(name)
    at.query_params["lang"] = "zh"
    at.session_state["lang"] = "zh"
    return at.run()


def test_a_diverged_run_says_why_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    at = _chinese("train", monkeypatch)
    at.select_slider(key="lr").set_value("100")
    at.slider(key="epochs").set_value(2)
    next(b for b in at.button if b.label == "开始训练").click().run()
    assert jobs.JOBS.get(at.session_state["training_session"]).join(120)
    at.run()
    error = at.error[0].value
    assert "已发散" in error and "损失在第 10 步发散：达到 " in error, error
    assert "（学习率过高？）" in error and "diverged" not in error, error


def test_a_photo_on_the_digits_model_gets_its_caveat_and_loading_notes_in_chinese(
        tmp_path_factory, monkeypatch):
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path_factory.getbasetemp() / "predict-runs"))
    at = _chinese("predict", monkeypatch)
    at.radio(key="img").set_value("upload").run()
    buffer = io.BytesIO()
    photo = Image.new("RGBA", (3000, 200), (220, 40, 40, 128))     # wide, half transparent
    photo.paste((20, 200, 20, 255), (0, 0, 1500, 200))
    photo.save(buffer, "PNG")
    at.file_uploader(key="predict.upload").set_value(("照片.png", buffer.getvalue(), "image/png"))
    at.run()
    assert not at.exception, at.exception
    caveat = next(w.value for w in at.warning if "它是彩色的（色彩度 " in w.value)
    assert "it is in colour" not in caveat
    notes = next(c.value for c in at.caption if "解码时从 3000×200 缩小到 " in c.value)
    assert "透明像素已合成到白色背景上" in notes and "composited" not in notes


def test_the_runs_tab_lists_damaged_files_in_chinese(tmp_path, monkeypatch):
    """train?tab=runs&lang=zh: a run with a truncated metrics.csv and one with a config.json of
    the wrong shape are listed with their problems in Chinese (no English left)."""
    from explorer import runs
    from tests.app.test_run_menu import fake_run
    root = tmp_path / "runs"
    monkeypatch.setenv("EXPLORER_RUNS", str(root))
    fake_run(root, "1-metrics", "digits", "lenet")
    (root / "1-metrics" / runs.METRICS).write_text("epoch,val_loss,val_acc\n1,0.5\n")
    fake_run(root, "2-config", "digits", "lenet")
    (root / "2-config" / runs.CONFIG).write_text("[1, 2]")
    monkeypatch.setattr(i18n, "language", lambda: "zh")
    at = open_page("train")
    at.query_params.update({"lang": "zh", "tab": "runs"})
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "1-metrics" in d.value.iloc[:, 0].tolist())
    problems = dict(zip(table.iloc[:, 0], table["问题"]))
    assert problems["1-metrics"] == "metrics.csv：第 2 行有 2 个单元格，表头有 3 个"
    assert problems["2-config"] == "config.json：应为对象，实际是列表"
