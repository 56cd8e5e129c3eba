"""Latency in a real browser: first visit and widget change -> settled page, for every page.

Headless Chromium (Playwright) drives ``streamlit run app.py``. A change is a click on a number
input's step button (+ then −, so the value stays in range), the next value typed into a number
input whose step buttons are hidden (narrow columns), or an arrow key on a slider when the page
has no number input. It is timed inside the page, as a user sees it: from the click to
the app's ``data-test-script-state`` going to "running" and back to "notRunning", then two
animation frames (the browser has painted). First visit: from ``goto`` to the same settled state,
cold (first visitor since the server started) and warm (a second visitor).

Each page gets its own floor, measured in the same run: a minimal Streamlit page that draws the
same number of plotly figures with the same number of points (read from the page's DOM) from
precomputed arrays, plus one number input; the plain floor is one 800-point line. The ratio
page/floor says how much of a change's time is the page's own work.

Run: ``python benchmarks/bench_browser.py`` (every page, 10 changes each),
``--pages activations,schedules`` (some), ``--changes N``,
``--sessions 1,5,10`` (N concurrent browser sessions on the heavy pages: median and p95 change
latency and the server's memory, worker processes included).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.server import serve, tree_rss_mb  # noqa: E402

# Pages whose change starts a training or a t-SNE recompute: measured, but not held to the
# light-page targets.
HEAVY = {"train", "tsne", "label_smoothing", "playground"}
TARGET_MEDIAN, TARGET_P95 = 1.5, 2.0
SESSION_PAGES = ("activations", "feature_maps", "predict")

SETTLED = """() => new Promise(resolve => {
  const app = document.querySelector('[data-testid="stApp"]');
  const done = () => requestAnimationFrame(() => requestAnimationFrame(resolve));
  if (app && app.getAttribute('data-test-script-state') === 'notRunning') { done(); return; }
  const watch = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'notRunning') { watch.disconnect(); done(); }
  });
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})"""

# Click (or key press) -> running -> notRunning -> two frames, timed with performance.now().
CHANGE = """async ([index, up]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const steppers = main.querySelectorAll(
      up ? '[data-testid="stNumberInputStepUp"]' : '[data-testid="stNumberInputStepDown"]');
  const fields = main.querySelectorAll('input[type="number"]');   // steppers hidden when narrow
  const thumbs = main.querySelectorAll('[role="slider"]');
  if (!steppers.length && !fields.length && !thumbs.length) return null;   // Home
  const finished = new Promise(resolve => {
    let running = false;
    const watch = new MutationObserver(() => {
      const state = app.getAttribute('data-test-script-state');
      if (state === 'running') running = true;
      if (running && state === 'notRunning') { watch.disconnect(); resolve(); }
    });
    watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  });
  const t0 = performance.now();
  if (steppers.length) {
    steppers[Math.min(index, steppers.length - 1)].click();
  } else if (fields.length) {      // type the next value and press Enter, as a user would
    const field = fields[Math.min(index, fields.length - 1)];
    const step = Number(field.step) || 1;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setValue.call(field, String(Number(field.value) + (up ? step : -step)));
    field.dispatchEvent(new Event('input', {bubbles: true}));
    field.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  } else {
    const thumb = thumbs[Math.min(index, thumbs.length - 1)];
    thumb.focus();
    const key = up ? 'ArrowRight' : 'ArrowLeft';
    thumb.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
    thumb.dispatchEvent(new KeyboardEvent('keyup', {key, bubbles: true}));
  }
  // a change that starts no rerun (a step button at its limit) ends the measurement as NaN
  const ran = await Promise.race([finished.then(() => true),
                                  new Promise(r => setTimeout(() => r(false), 20000))]);
  if (!ran) return NaN;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""

# The plotly figures on the page: [[points per trace, ...], ...] (what the floor must draw; a
# heatmap's cells count as points and the floor draws them as a line of as many points).
FIGURES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(
  div => (div._fullData || []).map(t => {
    const size = v => (v && v.length) ? (Array.isArray(v[0]) || ArrayBuffer.isView(v[0])
        ? Array.from(v).reduce((n, row) => n + row.length, 0) : v.length) : 0;
    return Math.max(size(t.x), size(t.y), size(t.z), size(t.values));
  }))"""

FLOOR_APP = textwrap.dedent('''
    import json, os
    import numpy as np
    import plotly.graph_objects as go
    import streamlit as st

    SPEC = json.loads(os.environ["FLOOR_SPEC"])

    @st.cache_resource
    def arrays():
        rng = np.random.default_rng(0)
        return [[(np.arange(n), rng.standard_normal(n).cumsum()) for n in traces]
                for traces in SPEC]

    value = st.number_input("value", 0, 1000, 10)
    for traces in arrays():
        fig = go.Figure([go.Scatter(x=x, y=y * (1 + value / 1000), mode="lines")
                         for x, y in traces])
        st.plotly_chart(fig)
''')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def settle(page) -> None:
    """Connected, something drawn in the main area, and the script run finished."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]')
    page.wait_for_timeout(200)
    page.evaluate(SETTLED)
    page.wait_for_function("!document.querySelector('[data-testid=\"stMain\"] "
                           "[data-testid=\"stSkeleton\"]')")   # lazy plotly loaded


def first_visit(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(300_000)
    start = time.perf_counter()
    page.goto(url)
    settle(page)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def changes(page, n: int) -> list[float]:
    """``n`` timed changes in ms (alternating up and down); none on a page without a number
    input or slider."""
    if page.evaluate(CHANGE, [0, True]) is None:   # untimed: warms the caches it fills
        return []
    times = [page.evaluate(CHANGE, [0, i % 2 == 1]) for i in range(n)]
    return [t for t in times if t == t]           # NaN: the change started no rerun


def measure_page(browser, url: str, n: int) -> dict:
    cold = first_visit(browser, url)
    warm = first_visit(browser, url)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(300_000)
    page.goto(url)
    settle(page)
    figures = page.evaluate(FIGURES)
    times = changes(page, n)
    context.close()
    return {"cold_s": cold, "warm_s": warm, "figures": figures, "ms": times}


def measure_floor(browser, spec: list[list[int]], n: int, folder: Path) -> list[float]:
    script = folder / "floor.py"
    script.write_text(FLOOR_APP)
    with serve(script, folder / "floor.log", {"FLOOR_SPEC": json.dumps(spec or [[800]])},
               cwd=folder) as (_, url):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(300_000)
        page.goto(url)
        settle(page)
        times = changes(page, n)
        context.close()
    return times


def page_names(selected: str | None) -> list[str]:
    from ui.catalogue import PAGES
    names = [p.path.removeprefix("app_pages/").removesuffix(".py") for p in PAGES]
    return [n for n in names if selected is None or n in selected.split(",")]


def single(args, folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        plain = measure_floor(browser, [[800]], args.changes, folder)
        print(f"plain floor (one number input, one 800-point line): median "
              f"{statistics.median(plain):.0f} ms, p95 {percentile(plain, 0.95):.0f} ms")
        print(f"{'page':<18}{'first cold':>11}{'warm':>7}{'figs':>5}{'points':>8}"
              f"{'median':>8}{'p95':>7}{'floor':>7}{'ratio':>7}{'p95 r':>7}  target")
        with serve(ROOT / "app.py", folder / "app.log",
                   {"EXPLORER_RUNS": str(folder / "runs")}) as (server, url):
            for name in page_names(args.pages):
                path = "" if name == "home" else name
                result = measure_page(browser, f"{url}/{path}", args.changes)
                if not result["ms"]:
                    print(f"{name:<18}{result['cold_s']:>10.1f}s{result['warm_s']:>6.1f}s"
                          f"   no number input or slider to change", flush=True)
                    continue
                floor = measure_floor(browser, result["figures"] or [[800]], args.changes,
                                      folder)
                median, p95 = statistics.median(result["ms"]), percentile(result["ms"], 0.95)
                f_median, f_p95 = statistics.median(floor), percentile(floor, 0.95)
                ratio, ratio95 = median / f_median, p95 / f_p95
                verdict = ("heavy: not held" if name in HEAVY else
                           "OK" if ratio <= TARGET_MEDIAN and ratio95 <= TARGET_P95
                           and result["warm_s"] < 3 else "MISSED")
                points = sum(sum(f) for f in result["figures"])
                print(f"{name:<18}{result['cold_s']:>10.1f}s{result['warm_s']:>6.1f}s"
                      f"{len(result['figures']):>5}{points:>8}{median:>6.0f}ms{p95:>5.0f}ms"
                      f"{f_median:>5.0f}ms{ratio:>6.2f}×{ratio95:>6.2f}×  {verdict}",
                      flush=True)
            print(f"server memory after all pages: {tree_rss_mb(server.pid):.0f} MB")


def _session(url: str, n: int, out) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(600_000)
        times = []
        for name in SESSION_PAGES:
            page.goto(f"{url}/{name}")
            settle(page)
            times += changes(page, n)
        browser.close()
    out.put(times)


def sessions(args, folder: Path) -> None:
    print(f"concurrent sessions on {', '.join(SESSION_PAGES)} ({args.changes} changes each)")
    with serve(ROOT / "app.py", folder / "app.log",
               {"EXPLORER_RUNS": str(folder / "runs")}) as (server, url):
        _session_warmup = multiprocessing.Queue()
        _session(url, 1, _session_warmup)       # defaults computed once, as after `make run`
        for count in (int(c) for c in args.sessions.split(",")):
            queue = multiprocessing.Queue()
            workers = [multiprocessing.Process(target=_session, args=(url, args.changes, queue))
                       for _ in range(count)]
            peak = 0.0
            for worker in workers:
                worker.start()
            results = []
            while len(results) < count:
                peak = max(peak, tree_rss_mb(server.pid))
                try:
                    results.append(queue.get(timeout=0.5))
                except Exception:
                    continue
            for worker in workers:
                worker.join()
            times = [t for r in results for t in r]
            print(f"N = {count:>2}: median {statistics.median(times):.0f} ms, "
                  f"p95 {percentile(times, 0.95):.0f} ms over {len(times)} changes; server "
                  f"memory peak {peak:.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--sessions", help="e.g. 1,5,10: concurrent sessions instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (sessions if args.sessions else single)(args, Path(tmp))


if __name__ == "__main__":
    main()
