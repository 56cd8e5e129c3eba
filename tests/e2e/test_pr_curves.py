"""Browser journeys of the Evaluate pages: PR curves react to the threshold, a bad CSV is
explained, several classes get the averages table; Detection's tabs draw and NMS reacts."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (assert_no_exception, click_tab, open_from_sidebar, screenshot,
                                wait_for_app)

pytestmark = pytest.mark.e2e


def press(page, slider_label, key, times):
    """Move a slider with the keyboard, then wait for the rerun."""
    thumb = page.locator('[data-testid="stSlider"]').filter(
        has_text=slider_label).get_by_role("slider")
    thumb.focus()
    for _ in range(times):
        thumb.press(key)
    wait_for_app(page)


def metric_value(page, label):
    box = page.get_by_test_id("stMetric").filter(has_text=label).first
    return box.get_by_test_id("stMetricValue")


def metric(page, label):
    return metric_value(page, label).inner_text()


def changed(page, label, before):
    """The metric's text once it differs from ``before``: a slider sends its value after a
    debounce, so the rerun may start only after wait_for_app has already returned."""
    expect(metric_value(page, label)).not_to_have_text(before)
    wait_for_app(page)
    return metric(page, label)


def test_threshold_csv_and_classes_journey(page, app_url, tmp_path):
    open_from_sidebar(page, app_url, "PR curves & metrics")
    assert_no_exception(page)
    expect(page.get_by_test_id("stMetric")).to_have_count(5)
    precision, recall = metric(page, "precision"), metric(page, "recall")
    screenshot(page, "pr_curves")

    # Raise the threshold with the keyboard: precision goes up, recall down.
    press(page, "Threshold t", "ArrowRight", 60)
    assert float(changed(page, "precision", precision)) > float(precision)
    assert float(changed(page, "recall", recall)) < float(recall)

    # A CSV with one class only is explained, and the page keeps working.
    page.get_by_text("Upload CSV", exact=True).click()
    wait_for_app(page)
    bad = tmp_path / "one_class.csv"
    bad.write_text("y_true,score\n1,0.9\n1,0.4\n")
    page.locator('input[type="file"]').set_input_files(str(bad))
    wait_for_app(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="only the class 1")).to_be_visible()
    assert_no_exception(page)

    # Several classes: per-class table with the three averages.
    page.get_by_text("Synthetic, several classes", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("three ways to average them")).to_be_visible()
    expect(page.get_by_text("while scikit-learn's macro F1 averages")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "pr_curves-classes")


def test_detection_tabs_journey(page, app_url):
    open_from_sidebar(page, app_url, "Detection: IoU, NMS, mAP")
    assert_no_exception(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()      # the two boxes
    click_tab(page, "NMS vs Soft-NMS")
    kept = page.get_by_test_id("stMetric").filter(has_text="NMS (torchvision): boxes kept")
    expect(kept).to_be_visible()
    before = metric(page, "NMS (torchvision): boxes kept")
    press(page, "IoU threshold", "ArrowLeft", 8)         # N_t 0.50 -> 0.10: suppress more
    after = changed(page, "NMS (torchvision): boxes kept", before)
    assert int(after.split("/")[0]) < int(before.split("/")[0])
    screenshot(page, "detection-nms")
    click_tab(page, "mAP@0.5 and COCO mAP")
    expect(page.get_by_test_id("stMetric").filter(has_text="COCO mAP@[.5:.95]")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "detection-map")
