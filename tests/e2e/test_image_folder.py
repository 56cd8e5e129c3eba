"""Journey: a zip of class folders through the Training lab's uploader in a real browser; the
new dataset is selected in the Dataset menu and listed as this session's to delete."""
import shutil

import pytest
from playwright.sync_api import expect

from tests.data.make_bad_zips import folder_zip
from tests.e2e.conftest import ROOT, assert_no_exception, open_from_sidebar, screenshot, wait_for_app

pytestmark = pytest.mark.e2e
NAME = "e2e_pets"


@pytest.fixture
def zipped(tmp_path):
    path = tmp_path / "pets.zip"
    path.write_bytes(folder_zip(classes=("cat", "dog", "fox"), per_class=12, side=24))
    yield path
    shutil.rmtree(ROOT / "data" / "folders" / NAME, ignore_errors=True)   # the server's ./data


def test_upload_a_zip_and_train_on_it(page, app_url, zipped):
    open_from_sidebar(page, app_url, "Training lab")
    page.get_by_text("Your own images: a zip of class folders").click()
    page.locator('input[type="file"]').first.set_input_files(str(zipped))
    expect(page.get_by_text("pets.zip")).to_be_visible()
    page.get_by_role("textbox", name="Dataset name").fill(NAME)
    page.get_by_role("button", name="Make the dataset").click()
    wait_for_app(page, 1000)
    expect(page.get_by_text(f"Dataset folder-{NAME}: 36 images in 3 classes at 32×32")
           ).to_be_visible()
    chosen = page.get_by_role("combobox", name="Dataset", exact=True)   # above the form
    expect(chosen).to_have_value(f"folder-{NAME}")
    assert_no_exception(page)
    screenshot(page, "training_lab_image_folder")
