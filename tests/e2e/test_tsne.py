"""Browser journey on the t-SNE page: the default digits map and its scores, a point inspected
by number (no lasso needed) showing its image and neighbours, and a bad CSV explained."""
import re

import pytest
from playwright.sync_api import expect
from sklearn.datasets import load_digits

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_inspect_a_point_then_upload_a_bad_csv(page, app_url):
    page.goto(f"{app_url}/tsne")
    trust = page.locator('[data-testid="stMetric"]').filter(has_text="trustworthiness").first
    # the first t-SNE of a fresh server takes seconds alone, minutes on a loaded 2-core box
    expect(trust).to_be_visible(timeout=600_000)
    wait_for_app(page)
    assert_no_exception(page)
    assert float(trust.locator('[data-testid="stMetricValue"]').inner_text()) >= 0.95

    box = page.get_by_role("spinbutton", name=re.compile("Inspect point"))
    box.fill("1000")
    box.press("Enter")
    wait_for_app(page)
    label = str(load_digits().target[1000])
    shown = page.get_by_text(re.compile(r"and its 8 nearest neighbours"))
    expect(page.get_by_text("Point #1000")).to_be_visible()
    expect(shown).to_contain_text(f"{label} ×")
    expect(page.get_by_text(f"#1000: {label}")).to_be_visible()   # its image's caption
    assert page.locator('[data-testid="stImage"] img').count() >= 9
    assert_no_exception(page)
    screenshot(page, "tsne-inspect")

    page.get_by_text("Upload a CSV").click()
    wait_for_app(page)
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv",
                "buffer": b"a,b,kind\n1,2,cat\n3,4,dog\n"}])
    wait_for_app(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(
        "column 'kind' holds text")
    assert_no_exception(page)
    screenshot(page, "tsne-bad-csv")


def test_hostile_names_render_as_plain_text(page, app_url):
    """Class names and a column name made of markdown links, images and shortcodes show as
    the characters typed: no link, no image (the browser fetches nothing), in the map's
    summary and in the error."""
    from tests.data.make_bad_csv import HOSTILE_NAMES, bad_csv_files
    page.goto(f"{app_url}/tsne")
    page.get_by_text("Upload a CSV").click()
    wait_for_app(page)
    page.locator('input[type="file"]').set_input_files(files=[{
        "name": "[x](http://evil.example).csv", "mimeType": "text/csv",
        "buffer": bad_csv_files()["markdown_labels.csv"]}])
    summary = page.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text="and its 8 nearest neighbours")
    expect(summary).to_be_visible(timeout=600_000)
    wait_for_app(page)
    assert_no_exception(page)
    # every link or image in markdown, less the title's own anchor ("#t-sne-embeddings")
    markdown = page.locator('[data-testid="stMarkdownContainer"]')
    planted = markdown.locator('a:not([href^="#"]), img')
    assert planted.count() == 0, [a.evaluate("e => e.outerHTML") for a in planted.all()]
    shown = summary.inner_text().replace("\u2060", "")   # md's invisible joiners
    assert sum(name in shown for name in HOSTILE_NAMES) >= 2, shown
    screenshot(page, "tsne-hostile-labels")

    header = "![](http://evil.example/p.png)[a](http://e.x)"
    page.locator('input[type="file"]').set_input_files(files=[{
        "name": "bad.csv", "mimeType": "text/csv",
        "buffer": f"f1,f2,{header}\n1,2,x\n3,4,y\n".encode()}])
    wait_for_app(page)
    alert = page.locator('[data-testid="stAlertContentError"]')
    expect(alert).to_contain_text("holds text")
    assert header[:38] in alert.inner_text().replace("\u2060", "")   # cut at 40 with quotes
    assert alert.locator("a, img").count() == 0 and planted.count() == 0
    assert_no_exception(page)


def test_stop_ends_a_long_run(page, app_url):
    """A 200,000-row CSV: the page says only the first 10,000 rows are used, the t-SNE shows
    its progress, and Stop ends it (the script finishes, no map, no exception)."""
    from tests.data.make_bad_csv import bad_csv_files
    page.goto(f"{app_url}/tsne")
    page.get_by_text("Upload a CSV").click()       # also interrupts the digits map, if running
    wait_for_app(page)
    page.locator('input[type="file"]').set_input_files(files=[{
        "name": "rows_200000.csv", "mimeType": "text/csv",
        "buffer": bad_csv_files()["rows_200000.csv"]}])
    expect(page.locator('[data-testid="stAlertContentWarning"]')).to_contain_text(
        "the first 10,000 are used")
    progress = page.locator('[data-testid="stProgress"]').first
    expect(progress).to_contain_text(re.compile(r"iteration \d+ / 350"), timeout=300_000)
    page.get_by_role("button", name="Stop t-SNE").click()
    expect(page.get_by_text("Stopped.")).to_be_visible()
    wait_for_app(page)
    assert_no_exception(page)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stProgress"]').count() == 0
