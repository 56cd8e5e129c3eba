"""Load the browser code of charts, tables and formulas while the reader is on the first page.

Streamlit's front end loads an element's JavaScript the first time a page shows one. Plotly's
chunk alone is 4.7 MB, and parsing it made the first chart page opened from the sidebar take
about 2.5 s where later visits take under 1 s (``benchmarks/bench_browser.py``, "nav"). So the
first script run of a session adds a small script that imports those chunks once the browser is
idle: the same URLs the front end imports later, so it finds them already loaded.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

# The front end's lazily loaded chunks that most pages need: plotly, st.dataframe, KaTeX.
CHUNKS = ("PlotlyChart", "DataFrame", "katex")
SESSION_KEY = "_prefetched"


@functools.cache
def chunk_files() -> tuple[str, ...]:
    """The chunks' file names in the installed Streamlit (``PlotlyChart.<hash>.js``, ...)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    return tuple(sorted(path.name for prefix in CHUNKS for path in folder.glob(f"{prefix}.*.js")))


def script(files: tuple[str, ...]) -> str:
    """A script that imports ``files`` from the folder of the page's own bundle when idle."""
    return f"""<script>
(() => {{
  const bundle = [...document.scripts].map(s => s.src).find(s => /static\\/js\\/index\\./.test(s));
  if (!bundle) return;
  const load = () => {json.dumps(list(files))}.forEach(
      name => import(new URL(name, bundle).href).catch(() => {{}}));
  (window.requestIdleCallback || (f => setTimeout(f, 500)))(load, {{timeout: 3000}});
}})();
</script>"""


def warm_browser() -> None:
    """On a session's first run, ask the browser to load the chunks (nothing when none found)."""
    if st.session_state.get(SESSION_KEY) or not chunk_files():
        return
    st.session_state[SESSION_KEY] = True
    st.sidebar.html(script(chunk_files()), unsafe_allow_javascript=True)
