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
