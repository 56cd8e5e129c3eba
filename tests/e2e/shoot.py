"""Screenshots of views by link, for looking at pages at their extreme settings.

    python -m tests.e2e.shoot --url http://127.0.0.1:8600 --out /tmp/shots \\
        "activations?depth=100&mean=3" "weight_init?lang=zh" --widths 1280 1920

Each view is a page's URL path plus its link query (every page keeps its widgets in the URL,
ui/links.py); a view is shot once per width in a tall window (Streamlit scrolls an inner element, so a
full-page shot of a short window shows only its first screen), after its charts are drawn. The file
names say the view and the width; exceptions shown on a page are printed.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, wait_for_app


def file_name(view: str, width: int) -> str:
    """'activations?depth=100&mean=3', 1280 -> 'activations_depth-100_mean-3_1280.png'."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", view.replace("=", "-")).strip("_") + f"_{width}.png"


def shoot(url: str, views: list[str], widths: list[int], out: Path,
          height: int = 2600) -> list[Path]:
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.set_default_timeout(180_000)
            for view in views:
                page.goto(f"{url.rstrip('/')}/{view.lstrip('/')}")
                wait_for_app(page, settle_ms=500)
                page.wait_for_timeout(1500)   # plotly draws after the script has ended
                path = out / file_name(view, width)
                page.screenshot(path=str(path), full_page=True)
                paths.append(path)
                errors = page.locator('[data-testid="stException"]')
                note = f"  EXCEPTION: {errors.first.inner_text()[:300]}" if errors.count() else ""
                print(f"{path}{note}", flush=True)
            context.close()
        browser.close()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("views", nargs="+", help="page path plus link query")
    parser.add_argument("--url", required=True, help="a running streamlit server")
    parser.add_argument("--widths", type=int, nargs="+", default=[1280, 1920])
    parser.add_argument("--height", type=int, default=2600)
    parser.add_argument("--out", type=Path, default=Path("screenshots/audit"))
    args = parser.parse_args()
    shoot(args.url, args.views, args.widths, args.out, args.height)


if __name__ == "__main__":
    main()
