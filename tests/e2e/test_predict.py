"""Browser journeys of Predict: the first visit trains the default digits model behind a
spinner; files set on the real file input are predicted (a drawn-looking "1" and a bad file
in one batch) and the class activation maps are shown; a digit drawn with the mouse on the
canvas goes through the same preprocessing to a prediction."""
import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def open_predict(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Predict", exact=True).click()


def test_upload_predicts_and_shows_cam(page, app_url, tmp_path):
    open_predict(page, app_url)
    # the default model is trained behind a spinner on the server's first need of it (another
    # journey may have needed it first, so the spinner itself is not required here)
    wait_for_app(page)
    expect(page.get_by_text("lenet on digits, test accuracy")).to_be_visible()
    assert_no_exception(page)

    one = np.full((300, 300), 255, np.uint8)
    one[60:240, 140:165] = 0                                  # a dark upright bar on white
    Image.fromarray(one).save(tmp_path / "one.png")
    (tmp_path / "empty.png").write_bytes(b"")
    page.get_by_test_id("stRadioGroup").get_by_text("Upload", exact=True).click()
    wait_for_app(page)
    images = page.get_by_test_id("stFileUploader").filter(has_text="Images")
    images.locator('input[type="file"]').set_input_files(
        [str(tmp_path / "one.png"), str(tmp_path / "empty.png")])
    wait_for_app(page)

    expect(page.get_by_text("Batch: 2 images")).to_be_visible()
    # the file name and message go through ui.text.md: an invisible word joiner follows the colon
    expect(page.get_by_test_id("stAlert").filter(
        has_text="empty.png:\u2060 the file is empty (0 bytes)")).to_be_visible()
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


def test_a_digit_drawn_on_the_canvas_is_predicted(page, app_url):
    open_predict(page, app_url)
    wait_for_app(page)
    page.get_by_text("Draw", exact=True).click()
    wait_for_app(page)
    canvas = page.locator("canvas").last                     # fabric.js's top (drawing) layer
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"]
    page.mouse.move(x0 + 50, y0 + 45)                        # a "7": a bar, then a diagonal
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x0 + 50 + 10 * i, y0 + 45)
    for i in range(1, 13):
        page.mouse.move(x0 + 150 - 6 * i, y0 + 45 + 11 * i)
    page.mouse.up()
    wait_for_app(page, 1000)
    expect(page.get_by_text("ink cropped and centred")).to_be_visible()
    expect(page.get_by_text("model input 8×8")).to_be_visible()
    value = page.get_by_test_id("stMetric").filter(has_text="Top-1").get_by_test_id(
        "stMetricValue")
    expect(value).to_have_text("7")
    assert_no_exception(page)
    screenshot(page, "predict-draw")


def test_weights_trained_elsewhere_are_imported_and_chosen(page, app_url, tmp_path):
    import torch

    from explorer.models import build_model
    torch.manual_seed(0)
    torch.save(build_model("mlp", (1, 8, 8), 10).state_dict(), tmp_path / "mine.pt")
    open_predict(page, app_url)
    expect(page.get_by_text("Import weights trained elsewhere (.pt)")).to_be_visible(
        timeout=120_000)
    page.get_by_text("Import weights trained elsewhere (.pt)").click()
    # the torchvision import form beside it has its own Architecture, file and Import button
    form = page.get_by_test_id("stExpander").filter(
        has_text="Import weights trained elsewhere (.pt)")
    form.get_by_test_id("stSelectbox").filter(has_text="Architecture").click()
    page.get_by_role("option", name="mlp", exact=True).click()
    uploader = form.get_by_test_id("stFileUploader").filter(has_text="Weights file")
    uploader.locator('input[type="file"]').set_input_files(str(tmp_path / "mine.pt"))
    form.get_by_role("button", name="Import", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Imported as run")).to_be_visible()
    expect(page.get_by_text("mlp on digits, test accuracy")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "predict-imported")
