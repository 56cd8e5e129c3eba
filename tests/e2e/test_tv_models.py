"""Browser journey: a resnet18 fine-tuned elsewhere to 5 classes (its state dict is 45 MB, over
the server's 20 MB upload cap, under the weights uploader's own limit) is uploaded on Predict
with its classes.json, predicts with those names, then is the model Feature maps opens on."""
import json

import pytest
import torch
import torchvision
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_from_sidebar, screenshot, wait_for_app

pytestmark = pytest.mark.e2e
PETS = ["cat", "dog", "rabbit", "hamster", "parrot"]


def test_fine_tuned_resnet18_uploaded_on_predict_then_opened_on_feature_maps(page, app_url,
                                                                              tmp_path):
    torch.manual_seed(5)
    torch.save(torchvision.models.resnet18(num_classes=5).state_dict(), tmp_path / "pets.pt")
    (tmp_path / "classes.json").write_text(json.dumps(PETS))
    assert (tmp_path / "pets.pt").stat().st_size > 20 * 2**20

    open_from_sidebar(page, app_url, "Predict")
    page.get_by_text("Import weights for any torchvision classifier (.pt, .pth)").click()
    page.get_by_test_id("stFileUploader").filter(has_text="State dict").locator(
        'input[type="file"]').set_input_files(str(tmp_path / "pets.pt"))
    page.get_by_test_id("stFileUploader").filter(has_text="Class names").locator(
        'input[type="file"]').set_input_files(str(tmp_path / "classes.json"))
    page.get_by_role("button", name="Import these weights").click()
    wait_for_app(page)
    expect(page.get_by_text("Imported: resnet18 (your weights")).to_be_visible(timeout=180_000)
    expect(page.get_by_text("5 classes: cat, dog, rabbit, hamster, parrot")).to_be_visible()
    top1 = page.get_by_test_id("stMetric").filter(has_text="Top-1")
    assert top1.get_by_test_id("stMetricValue").inner_text() in PETS
    assert_no_exception(page)
    screenshot(page, "tv-predict-imported")

    # the same session (no reload): Feature maps opens on the current model
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Feature maps", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Model: resnet18: your weights pets.pt")).to_be_visible(
        timeout=180_000)
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text("Shapes along the network")).to_be_visible()
    screenshot(page, "tv-feature-maps-imported")
