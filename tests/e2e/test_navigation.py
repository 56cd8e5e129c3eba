"""Browser journeys: every page opens from the sidebar; Activations reacts to a widget."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, click_tab, screenshot, wait_for_app
from ui.catalogue import PAGES

pytestmark = pytest.mark.e2e


def test_every_page_opens_from_the_navigation(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert_no_exception(page)
    screenshot(page, "home")
    for info in PAGES[1:]:
        page.locator('[data-testid="stSidebarNav"]').get_by_text(info.title, exact=True).click()
        name = info.path.removeprefix("app_pages/").removesuffix(".py")
        page.wait_for_url(re.compile(rf"/{name}(\?.*)?$"))   # a page may add its link query
        wait_for_app(page)
        expect(page.locator("h1").first).to_be_visible()  # the page drew its title
        assert_no_exception(page)
        screenshot(page, name)


def test_activation_chart_follows_the_function_picker(page, app_url):
    page.goto(f"{app_url}/activations")
    wait_for_app(page)
    legend = page.locator(".js-plotly-plot").first.locator(".legendtext")
    expect(legend).to_have_text(["Sigmoid", "Tanh", "ReLU", "GELU"])
    # remove "Tanh" from the multiselect: its tag has a delete button
    page.get_by_role("button", name="Remove Tanh").click()
    wait_for_app(page)
    expect(legend).to_have_text(["Sigmoid", "ReLU", "GELU"])
    assert_no_exception(page)


def test_softmax_tab_shows_overflow_for_large_logits(page, app_url):
    page.goto(f"{app_url}/activations")
    wait_for_app(page)
    click_tab(page, "Softmax")
    page.get_by_test_id("stRadioGroup").get_by_text("large logits").click()
    wait_for_app(page)
    expect(page.get_by_text("Naive softmax overflowed")).to_be_visible()
    screenshot(page, "activations-softmax")


def test_a_deep_link_gets_the_app_navigation_and_layout(page, app_url):
    # A `pages/` folder would make Streamlit serve /train without app.py on a fresh server
    # (its file-name sidebar, no wide layout); the pages live in app_pages/ for that reason.
    page.goto(f"{app_url}/train")
    wait_for_app(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_text("Train & predict", exact=True)).to_be_visible()
    expect(nav.get_by_text("app", exact=True)).to_have_count(0)
    assert_no_exception(page)


def test_home_loads_the_chart_table_and_formula_code_while_idle(page, app_url):
    """ui.prefetch: the chunks the first chart page needs are fetched while Home is read."""
    from ui import prefetch
    page.goto(app_url)
    wait_for_app(page)
    assert not page.locator(".js-plotly-plot").count()         # Home itself draws no chart
    fetched = """names => names.every(name => performance.getEntriesByType('resource')
                                                .some(entry => entry.name.endsWith(name)))"""
    page.wait_for_function(fetched, arg=list(prefetch.chunk_files()), timeout=15_000)
