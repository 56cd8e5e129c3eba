"""Page speed under Streamlit's AppTest: first run, and reruns after one widget change.

For every page in ui.catalogue: the first run (fresh AppTest: app.py then the page), the rerun
after changing one widget to a value never seen (cache miss), and the median rerun when
toggling between two seen values (cache hits). Plus the cold start of the app in a fresh
interpreter. Targets (issue 3): Activation page rerun < 100 ms, Home first render < 3 s cold.
Run: .venv/bin/python benchmarks/bench_pages.py [page-stem ...]
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.app.apptest import open_page  # noqa: E402
from ui.catalogue import PAGES  # noqa: E402

TARGET_RERUN_S = {"activations": 0.100}
DEFAULT_TARGET_RERUN_S = 0.200
# The widget whose change is timed, where the first slider is not a representative one.
WIDGET = {"activations": "std σ"}
TARGET_HOME_COLD_S = 3.0


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception[0].message}")
    return elapsed


def _two_values(at, label: str | None = None):
    """The widget labelled ``label``, else the first slider, else select box, else number
    input; with its current value and another one."""
    if label is not None:
        widget = _find(at, label)
        other = widget.min if widget.value != widget.min else widget.max
        return widget, widget.value, other
    for widget in at.slider:
        lo, hi = widget.min, widget.max
        if not isinstance(widget.value, tuple) and lo != hi:
            other = lo if widget.value != lo else hi
            return widget, widget.value, other
    for widget in at.selectbox:
        if len(widget.options) > 1:
            other = next(o for o in widget.options if o != widget.value)
            return widget, widget.value, other
    for widget in at.number_input:
        return widget, widget.value, widget.value + (widget.step or 1)
    return None, None, None


def bench_page(stem: str, toggles: int = 6) -> dict:
    at = open_page(stem)
    first = _timed_run(at)
    widget, a, b = _two_values(at, WIDGET.get(stem))
    if widget is None:
        return {"page": stem, "first": first, "miss": None, "hit": None, "widget": "-"}
    label = widget.label
    widget.set_value(b)
    miss = _timed_run(at)
    hits = []
    for i in range(toggles):
        _find(at, label).set_value(a if i % 2 == 0 else b)
        hits.append(_timed_run(at))
    return {"page": stem, "first": first, "miss": miss, "hit": statistics.median(hits),
            "widget": label}


def _find(at, label):
    for kind in (at.slider, at.selectbox, at.number_input):
        for widget in kind:
            if widget.label == label:
                return widget
    raise LookupError(label)


def cold_home() -> float:
    """Fresh interpreter: import streamlit's test harness, run app.py (Home renders)."""
    code = ("import time; t = time.perf_counter();"
            "from tests.app.apptest import open_page; at = open_page('home');"
            "assert not at.exception; print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cold_import_app() -> float:
    code = ("import time; t = time.perf_counter(); import streamlit, ui.catalogue,"
            " explorer.offline; print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip())


def main(stems: list[str]) -> None:
    print(f"cold import of app modules: {cold_import_app() * 1000:8.0f} ms")
    home = cold_home()
    print(f"cold Home first render:     {home * 1000:8.0f} ms   target {TARGET_HOME_COLD_S:.1f} s"
          f"   ratio {home / TARGET_HOME_COLD_S:.2f}")
    print(f"\n{'page':<22}{'first run':>11}{'rerun miss':>12}{'rerun hit':>11}"
          f"{'target':>9}{'ratio':>7}  widget changed")
    for stem in stems:
        r = bench_page(stem)
        target = TARGET_RERUN_S.get(stem, DEFAULT_TARGET_RERUN_S)
        miss = "-" if r["miss"] is None else f"{r['miss'] * 1000:.0f} ms"
        hit = "-" if r["hit"] is None else f"{r['hit'] * 1000:.0f} ms"
        ratio = "-" if r["miss"] is None else f"{r['miss'] / target:.2f}"
        print(f"{stem:<22}{r['first'] * 1000:>8.0f} ms{miss:>12}{hit:>11}"
              f"{target * 1000:>6.0f} ms{ratio:>7}  {r['widget']}")
    print("\nratio = rerun after a change to an unseen value / target (< 1 meets the target)")


if __name__ == "__main__":
    chosen = sys.argv[1:] or [Path(p.path).stem for p in PAGES]
    main(chosen)
