"""Fixtures for browser tests: a real `streamlit run` on a free loopback port, driven by
Playwright in Debian's Chromium. Screenshots land in ./screenshots (git-ignored)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    port = _free_port()
    runs = tmp_path_factory.mktemp("runs")
    env = {**os.environ, "EXPLORER_RUNS": str(runs)}
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError(f"streamlit did not become healthy on {url}")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright
    expect.set_options(timeout=60_000)  # a first page load imports torch on a busy 2-core box
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


def wait_for_app(page, settle_ms: int = 200) -> None:
    """Wait until the app is connected and its script run has finished.

    Same signal as Streamlit's own e2e tests: the stApp element's data-test-script-state
    becomes "notRunning" (it is "initial" before the first run). The short settle wait lets a
    rerun triggered by the last interaction start before we look for its end.
    """
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=120_000)
    page.wait_for_timeout(100)  # let the last delta paint


def assert_no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_from_sidebar(page, app_url: str, title: str) -> None:
    """Start on Home, click ``title`` in the sidebar navigation, wait for the page."""
    from playwright.sync_api import expect
    page.goto(app_url)
    wait_for_app(page)
    more = page.get_by_test_id("stSidebarNavViewButton")   # "View N more": a long page list
    if more.count() and "more" in more.inner_text():
        more.click()
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").first).to_be_visible()


def click_tab(page, name: str) -> None:
    """Open the tab ``name`` and wait for the rerun: tabs kept in the link (ui.links.tabs) rerun
    the page, and a widget used before that rerun ends can lose its input."""
    page.get_by_role("tab", name=name).click()
    wait_for_app(page)


def type_number(page, label: str, value) -> None:
    """Type into the number input labelled ``label`` and wait for the rerun."""
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    wait_for_app(page)


def fill_number(page, label: str, value) -> None:
    """Type ``value`` into the (first) number input named ``label``, press Enter, wait."""
    box = page.get_by_role("spinbutton", name=label, exact=True).first
    box.fill(str(value))
    box.press("Enter")
    wait_for_app(page)


def open_tab(page, name: str) -> None:
    """Open the tab named exactly ``name`` and wait for the rerun it starts."""
    page.get_by_role("tab", name=name, exact=True).click()
    wait_for_app(page)


def pick_radio(page, name: str) -> None:
    page.get_by_test_id("stRadio").get_by_text(name, exact=True).click()
    wait_for_app(page)


def flip_switch(page, name: str) -> None:
    page.get_by_test_id("stCheckbox").get_by_text(name, exact=True).click()
    wait_for_app(page)


def pick_option(page, label: str, option: str) -> None:
    """Choose ``option`` in the (first) select box whose text holds ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)
