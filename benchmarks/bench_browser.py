"""Latency in a real browser: first visit and widget change -> settled page, for every page.

Headless Chromium (Playwright) drives ``streamlit run app.py``. A change acts on the first
visible control of the main area: a click on a number input's step button (+ then −, so the value
stays in range), the next value typed into a number input whose step buttons are hidden (narrow
columns), or else an arrow key on a slider. It is timed inside the page, as a user sees it: from
the input event to the app's ``data-test-script-state`` going to "running" and back to
"notRunning", then two animation frames (the browser has painted). First visit: from ``goto`` to
the same settled state (and lazy plotly loaded; the page must then stay settled for 0.3 s, which
is not counted), cold (first visitor since the server started) and warm (a second visitor).

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

from benchmarks.server import serve, tree_cpu_s, tree_rss_mb  # noqa: E402

# Pages whose change starts a training or a t-SNE recompute: measured, but not held to the
# light-page targets.
HEAVY = {"train", "tsne", "label_smoothing", "playground"}
TARGET_MEDIAN, TARGET_P95 = 1.5, 2.0
SESSION_PAGES = ("activations", "feature_maps", "predict")
HOME_DWELL_MS = 3000   # a reader's moment on Home before the first page is opened from the sidebar

SETTLED = """() => new Promise(resolve => {
  const app = document.querySelector('[data-testid="stApp"]');
  const done = () => requestAnimationFrame(() => requestAnimationFrame(resolve));
  if (app && app.getAttribute('data-test-script-state') === 'notRunning') { done(); return; }
  const watch = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'notRunning') { watch.disconnect(); done(); }
  });
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})"""

# Timed actions. A page action (a change, or a click on a navigation link) is timed with
# performance.now() from its input event to the app's script state going to "running" and back to
# "notRunning", the lazy plotly loaded, then two animation frames. WATCH_RUN (pasted into the
# arming function) starts watching; SETTLE_ACTION waits, giving NaN when no rerun starts within
# 20 s (a step button at its limit, a field inside a form). A fast run can go to "running" and
# back within one task, so the watcher reads the mutation records' old values.
WATCH_RUN = """
  const app = document.querySelector('[data-testid="stApp"]');
  window.__finished = new Promise(resolve => {
    let running = false;
    const watch = new MutationObserver(records => {
      const state = app.getAttribute('data-test-script-state');
      if (state === 'running' || records.some(r => r.oldValue === 'running')) running = true;
      if (running && state === 'notRunning') { watch.disconnect(); resolve(true); }
    });
    watch.observe(app, {attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
  });"""
SETTLE_ACTION = """async () => {
  const ran = await Promise.race([window.__finished,
                                  new Promise(r => setTimeout(() => r(false), 20000))]);
  if (!ran) return NaN;
  const main = document.querySelector('[data-testid="stMain"]');
  while (main.querySelector('[data-testid="stSkeleton"]'))        // lazy plotly still loading
    await new Promise(r => requestAnimationFrame(r));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - window.__t0;
}"""

# A change acts on the first *visible* control of the main area: a number input's step button,
# else the number field itself when its buttons are hidden in a narrow column, else a slider.
# A step button is clicked and a field typed into here; a slider gets a real arrow key from
# Playwright (its react-aria input ignores synthetic keys), stamped by a capturing keydown
# listener. Returns the kind, or null when there is nothing to change.
ARM_CHANGE = """([up]) => {
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const visible = selector => [...main.querySelectorAll(selector)].filter(
      e => e.checkVisibility() || (e.type === 'range' && e.closest('[data-testid="stSlider"]')
                                   .checkVisibility()));
  const steppers = visible(up ? '[data-testid="stNumberInputStepUp"]'
                              : '[data-testid="stNumberInputStepDown"]');
  const fields = visible('[data-testid="stNumberInput"] input[type="number"]');
  const sliders = visible('[data-testid="stSlider"] input[type="range"]');
  if (!steppers.length && !fields.length && !sliders.length) return null;   // Home""" + WATCH_RUN + """
  if (steppers.length) {
    window.__t0 = performance.now();
    steppers[0].click();
    return 'stepper';
  }
  if (fields.length) {             // type the next value and press Enter, as a user would
    const field = fields[0];
    const step = Number(field.step) || 1;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    window.__t0 = performance.now();
    setValue.call(field, String(Number(field.value) + (up ? step : -step)));
    field.dispatchEvent(new Event('input', {bubbles: true}));
    field.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    return 'field';
  }
  const slider = sliders[0];
  slider.focus();
  slider.addEventListener('keydown', () => { window.__t0 = performance.now(); },
                          {capture: true, once: true});
  return 'slider';
}"""

# A click on a page's link in the sidebar navigation: moving between pages of an open app.
ARM_NAVIGATE = """([path]) => {
  const link = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
      .find(a => new URL(a.href).pathname.replace(/[/]$/, '').endsWith('/' + path));
  if (!link) return false;""" + WATCH_RUN + """
  window.__t0 = performance.now();
  link.click();
  return true;
}"""


def navigate(page, path: str) -> float:
    """Seconds from a click on ``path``'s sidebar link to the settled page (NaN: no link)."""
    if not page.evaluate(ARM_NAVIGATE, [path]):
        return float("nan")
    return page.evaluate(SETTLE_ACTION) / 1000


def change(page, up: bool) -> float | None:
    """One timed change in ms (NaN: it started no rerun; None: nothing to change)."""
    kind = page.evaluate(ARM_CHANGE, [up])
    if kind is None:
        return None
    if kind == "slider":
        page.keyboard.press("ArrowRight" if up else "ArrowLeft")
    return page.evaluate(SETTLE_ACTION)


# What the page shows, for its floors: plotly figures as [[points per trace, ...], ...] (a
# heatmap's cells count as points, drawn by the floor as a line of as many points), images as
# [width, height], tables (st.dataframe) as [rows, columns], and the number of formulas (KaTeX).
CONTENT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const size = v => (v && v.length) ? (Array.isArray(v[0]) || ArrayBuffer.isView(v[0])
      ? Array.from(v).reduce((n, row) => n + row.length, 0) : v.length) : 0;
  return {
    figures: [...main.querySelectorAll('.js-plotly-plot')].map(div => (div._fullData || []).map(
        t => Math.max(size(t.x), size(t.y), size(t.z), size(t.values)))),
    images: [...main.querySelectorAll('[data-testid="stImageContainer"] img')].map(
        img => [img.naturalWidth || 1, img.naturalHeight || 1]),
    tables: [...main.querySelectorAll('[data-testid="stDataFrame"] table')].map(
        t => [Number(t.getAttribute('aria-rowcount')) || 1,
              Number(t.getAttribute('aria-colcount')) || 1]),
    latex: main.querySelectorAll('.katex-display').length,
  };
}"""

# A floor page: one number input, then what the spec lists, redrawn from precomputed arrays at
# each change (every figure, image, table and formula depends on the value, as on a real page).
FLOOR_APP = textwrap.dedent('''
    import json, os
    import numpy as np
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    SPEC = json.loads(os.environ["FLOOR_SPEC"])

    @st.cache_resource
    def arrays():
        rng = np.random.default_rng(0)
        return ([[(np.arange(n), rng.standard_normal(n).cumsum()) for n in traces]
                 for traces in SPEC["figures"]],
                [rng.integers(0, 256, (h, w, 3), dtype=np.uint8) for w, h in SPEC["images"]],
                [rng.standard_normal((r, c)) for r, c in SPEC["tables"]])

    value = st.number_input("value", 0, 1000, 10)
    figures, images, tables = arrays()
    for traces in figures:
        fig = go.Figure([go.Scatter(x=x, y=y * (1 + value / 1000), mode="lines")
                         for x, y in traces])
        st.plotly_chart(fig)
    for image in images:
        st.image(np.roll(image, value, axis=1))
    for table in tables:
        st.dataframe(pd.DataFrame(table * (1 + value / 1000)))
    for i in range(SPEC["latex"]):
        st.latex(rf"y_{{{i}}} = {value} \\cdot x^2")
''')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# After a settle: note whether the script runs again within the next moments (a page that
# reruns itself, such as a link parameter written back, is not settled yet).
WATCH_RERUN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__reran = false;
  new MutationObserver(records => {
    if (app.getAttribute('data-test-script-state') === 'running'
        || records.some(r => r.oldValue === 'running')) window.__reran = true;
  }).observe(app, {attributes: true, attributeOldValue: true,
                   attributeFilter: ['data-test-script-state']});
}"""
NO_SKELETON = "!document.querySelector('[data-testid=\"stMain\"] [data-testid=\"stSkeleton\"]')"


def settle(page) -> float:
    """Wait until the page is connected, has drawn its main area, has finished its script run
    and loaded its lazy plotly, and stays so for 0.3 s; returns ``time.perf_counter()`` at the
    moment it settled (the 0.3 s of watching is not counted)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]')
    while True:
        page.evaluate(SETTLED)
        page.wait_for_function(NO_SKELETON)
        settled = time.perf_counter()
        page.evaluate(WATCH_RERUN)
        page.wait_for_timeout(300)
        if not page.evaluate("window.__reran"):
            return settled


def first_visit(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(300_000)
    start = time.perf_counter()
    page.goto(url)
    seconds = settle(page) - start
    context.close()
    return seconds


def changes(page, n: int) -> list[float]:
    """``n`` timed changes in ms (alternating up and down); none on a page without a visible
    number input or slider, or whose first control starts no rerun (it sits in a form)."""
    warm_up = change(page, True)      # untimed: warms the caches it fills
    if warm_up != warm_up:            # the first click after a load is now and then lost
        warm_up = change(page, True)
    if warm_up is None or warm_up != warm_up:
        return []
    times = [change(page, i % 2 == 1) for i in range(n)]
    return [t for t in times if t == t]           # NaN: the change started no rerun


def measure_page(browser, url: str, n: int) -> dict:
    cold = first_visit(browser, url)
    warm = first_visit(browser, url)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(300_000)
    home, _, path = url.rpartition("/")
    page.goto(home)                    # the app open on Home, then this page from the sidebar
    settle(page)
    page.wait_for_timeout(HOME_DWELL_MS)
    navigation = navigate(page, path) if path else float("nan")
    settle(page)
    content = page.evaluate(CONTENT)
    times = changes(page, n)
    context.close()
    return {"cold_s": cold, "warm_s": warm, "nav_s": navigation, "content": content,
            "ms": times}


def floor_spec(figures=((800,),), images=(), tables=(), latex=0) -> dict:
    """What a floor page draws (see CONTENT); the default is the plain floor's one line."""
    return {"figures": [list(f) for f in figures] or [[800]], "images": list(images),
            "tables": list(tables), "latex": latex}


def measure_floor(browser, spec: dict, n: int, folder: Path,
                  visits: list[float] | None = None) -> list[float]:
    """``n`` change times on the floor page of ``spec`` (``floor_spec``); its first visit, cold
    then warm, is appended to ``visits`` when one is given."""
    script = folder / "floor.py"
    script.write_text(FLOOR_APP)
    with serve(script, folder / "floor.log", {"FLOOR_SPEC": json.dumps(spec)},
               cwd=folder) as (_, url):
        if visits is not None:
            visits += [first_visit(browser, url), first_visit(browser, url)]
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
        visits: list[float] = []
        plain = measure_floor(browser, floor_spec(), args.changes, folder, visits)
        print(f"plain floor (one number input, one 800-point line): median "
              f"{statistics.median(plain):.0f} ms, p95 {percentile(plain, 0.95):.0f} ms; "
              f"first visit cold {visits[0]:.1f} s, warm {visits[1]:.1f} s")
        print("first visit: a fresh browser opens the page's address (cold: the server's first "
              "visitor; warm: the next); nav: a click on the page in the sidebar, 3 s after "
              "Home was opened in a fresh browser. "
              "floor: the same figures and points (the target's floor); content: the same "
              "figures, images, tables and formulas (visit: its warm first visit)")
        print(f"{'page':<18}{'first cold':>11}{'warm':>7}{'nav':>7}{'figs':>5}{'points':>8}"
              f"{'median':>8}{'p95':>7}{'floor':>7}{'ratio':>7}{'p95 r':>7}"
              f"{'content':>9}{'ratio':>7}{'visit':>7}  target")
        with serve(ROOT / "app.py", folder / "app.log",
                   {"EXPLORER_RUNS": str(folder / "runs")}) as (server, url):
            for name in page_names(args.pages):
                path = "" if name == "home" else name
                result = measure_page(browser, f"{url}/{path}", args.changes)
                nav = "–" if result["nav_s"] != result["nav_s"] else f"{result['nav_s']:.1f}s"
                visit = (f"{name:<18}{result['cold_s']:>10.1f}s{result['warm_s']:>6.1f}s"
                         f"{nav:>7}")
                if not result["ms"]:
                    print(f"{visit}   no visible number input or slider that reruns the page",
                          flush=True)
                    continue
                content = result["content"]
                floor = measure_floor(browser, floor_spec(content["figures"]), args.changes,
                                      folder)
                same_visits: list[float] = []
                same = measure_floor(browser, floor_spec(**content), args.changes, folder,
                                     same_visits)
                median, p95 = statistics.median(result["ms"]), percentile(result["ms"], 0.95)
                f_median, f_p95 = statistics.median(floor), percentile(floor, 0.95)
                ratio, ratio95 = median / f_median, p95 / f_p95
                missed = [what for what, ok in (
                    ("change", ratio <= TARGET_MEDIAN and ratio95 <= TARGET_P95),
                    ("first visit", result["warm_s"] < 3)) if not ok]
                verdict = ("heavy: not held" if name in HEAVY else
                           f"MISSED ({', '.join(missed)})" if missed else "OK")
                points = sum(sum(f) for f in content["figures"])
                print(f"{visit}{len(content['figures']):>5}{points:>8}{median:>6.0f}ms"
                      f"{p95:>5.0f}ms{f_median:>5.0f}ms{ratio:>6.2f}×{ratio95:>6.2f}×"
                      f"{statistics.median(same):>7.0f}ms{median / statistics.median(same):>6.2f}×"
                      f"{same_visits[1]:>6.1f}s  {verdict}", flush=True)
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
            peak, cpu = 0.0, tree_cpu_s(server.pid)
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
            cpu = tree_cpu_s(server.pid) - cpu
            times = [t for r in results for t in r]
            print(f"N = {count:>2}: median {statistics.median(times):.0f} ms, "
                  f"p95 {percentile(times, 0.95):.0f} ms over {len(times)} changes; server "
                  f"memory peak {peak:.0f} MB; server CPU {cpu:.1f} s in all, "
                  f"{1000 * cpu / max(len(times), 1):.0f} ms a change (page visits included)",
                  flush=True)


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
