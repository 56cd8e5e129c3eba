"""Browser journey of Predict: the first visit trains the default digits model behind a
spinner; files set on the real file input are predicted (a drawn-looking "1" and a bad file
in one batch) and the class activation maps are shown."""
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_upload_predicts_and_shows_cam(page, app_url, tmp_path):
    page.goto(app_url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Predict", exact=True).click()
    # the session's runs folder is empty: the default model is trained now, with a message
    expect(page.get_by_text("training the default digits model once")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_text("lenet on digits, test accuracy")).to_be_visible()
    assert_no_exception(page)

    one = np.full((300, 300), 255, np.uint8)
    one[60:240, 140:165] = 0                                  # a dark upright bar on white
    Image.fromarray(one).save(tmp_path / "one.png")
    (tmp_path / "empty.png").write_bytes(b"")
    page.get_by_text("Upload", exact=True).click()
    wait_for_app(page)
    page.locator('input[type="file"]').set_input_files(
        [str(tmp_path / "one.png"), str(tmp_path / "empty.png")])
    wait_for_app(page)

    expect(page.get_by_text("Batch: 2 images")).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="empty.png: the file is empty")
           ).to_be_visible()
    top1 = page.get_by_test_id("stMetric").filter(has_text="Top-1")
    expect(top1.get_by_test_id("stMetricValue")).to_have_text("1")
    for method in ("Grad-CAM", "Grad-CAM++"):
        caption = page.get_by_text(f"{method} for class 1", exact=True)
        expect(caption).to_be_visible()
    cams = page.get_by_test_id("stImage").filter(has_text="for class 1").locator("img")
    expect(cams).to_have_count(2)
    assert cams.first.evaluate("img => img.naturalWidth") >= 200   # drawn, not a broken link
    assert_no_exception(page)
    screenshot(page, "predict-upload")
