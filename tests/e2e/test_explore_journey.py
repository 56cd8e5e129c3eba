"""Browser journey of one model and one image across pages (issue 18 item 2): train a small
run in the Training lab -> Explore this run -> Predict a digit drawn with the mouse -> the
same model and image on Feature maps -> the image placed into the t-SNE map of the run's
learned features -> the PR curves of the run's test split. The sidebar names the model and
shows the image on every page."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def draw_seven(page) -> None:
    """A "7" on the drawing canvas: a bar, then a diagonal."""
    canvas = page.locator("canvas").last                     # fabric.js's top (drawing) layer
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"]
    page.mouse.move(x0 + 50, y0 + 45)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x0 + 50 + 10 * i, y0 + 45)
    for i in range(1, 13):
        page.mouse.move(x0 + 150 - 6 * i, y0 + 45 + 11 * i)
    page.mouse.up()
    wait_for_app(page, 1000)


def menu(page, label: str):
    """A select box's input, whose value is the shown option."""
    return page.get_by_role("combobox", name=label)


def open_in_sidebar(page, title: str) -> None:
    """Click ``title`` in the sidebar navigation (the same session, so the same current model
    and image), opening its "View N more" first when the page is folded away."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    more = nav.get_by_text(re.compile(r"^View \d+ more$"))
    if not nav.get_by_text(title, exact=True).is_visible() and more.count():
        more.click()
    nav.get_by_text(title, exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_be_visible()


def test_train_explore_predict_feature_maps_tsne_pr_curves(page, app_url):
    # a small training: 2 epochs of the lab's LeNet on digits, set through the link
    page.goto(f"{app_url}/train?epochs=2")
    wait_for_app(page)
    page.get_by_role("button", name="Start training").click()
    finished = page.locator('[data-testid="stAlertContentSuccess"]')
    expect(finished).to_contain_text("finished", timeout=180_000)
    wait_for_app(page)
    run_id = re.search(r"Run (\S+) finished", finished.inner_text()).group(1)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Model: run {run_id}")).to_be_visible()   # current at once

    page.get_by_role("button", name="Explore this run").click()
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    for title in ("Predict", "Feature maps", "t-SNE embeddings", "PR curves & metrics"):
        expect(main.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "journey-1-explore")
    main.get_by_role("link", name="Predict").click()
    wait_for_app(page)

    # Predict opens on the run (?model=<run>); a drawn digit becomes the current image
    assert f"model={run_id}" in page.url
    expect(menu(page, "Model")).to_have_value(re.compile(re.escape(run_id)))
    expect(page.get_by_text(f"run {run_id}: lenet on digits")).to_be_visible()
    page.get_by_test_id("stRadio").filter(has_text="Image source").get_by_text(
        "Draw", exact=True).click()
    wait_for_app(page)
    draw_seven(page)
    expect(page.get_by_text("model input 8×8")).to_be_visible()
    top1 = page.get_by_test_id("stMetric").filter(has_text="Top-1").get_by_test_id(
        "stMetricValue")
    expect(top1).to_have_text(re.compile(r"^\d$"))
    expect(sidebar.get_by_text("drawing.png")).to_be_visible()
    expect(sidebar.get_by_role("img")).to_have_count(1)                 # the thumbnail
    assert_no_exception(page)
    screenshot(page, "journey-2-predict")

    # Feature maps: the same model, the same image
    open_in_sidebar(page, "Feature maps")
    expect(menu(page, "Model")).to_have_value(re.compile(re.escape(run_id)))
    expect(page.get_by_role("radio", name="Current image")).to_be_checked()
    expect(page.get_by_text("drawing.png (draw), chosen earlier.")).to_be_visible()
    expect(page.get_by_text("model input 1×8×8 (grey)")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "journey-3-feature-maps")

    # t-SNE: the run's raw vs learned features, and the drawn digit placed into both maps
    open_in_sidebar(page, "t-SNE embeddings")
    expect(page.get_by_role("radio", name="A trained network: raw vs learned")).to_be_checked()
    expect(menu(page, "Checkpoint (Training lab runs)")).to_have_value(
        re.compile(re.escape(run_id)))
    page.get_by_role("tab", name="Place a new image").click()
    wait_for_app(page)
    expect(page.get_by_text("drawing.png (draw), chosen earlier.")).to_be_visible(
        timeout=180_000)
    expect(page.locator(".js-plotly-plot .gtitle").filter(has_text="drawing.png placed into")
           ).to_have_count(2, timeout=180_000)
    assert_no_exception(page)
    screenshot(page, "journey-4-tsne")

    # PR curves: the run's scores on its test split
    open_in_sidebar(page, "PR curves & metrics")
    expect(page.get_by_role("radio", name="Trained checkpoint")).to_be_checked()
    expect(menu(page, "Run (Training lab)")).to_have_value(re.compile(re.escape(run_id)))
    expect(page.get_by_text("Average precision, five ways")).to_be_visible()
    expect(sidebar.get_by_text(f"Model: run {run_id}")).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "journey-5-pr-curves")
