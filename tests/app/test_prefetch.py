"""The first run of a session asks the browser to load plotly's, the tables' and KaTeX's code."""
from pathlib import Path

import streamlit as st

from tests.app.apptest import open_page
from ui import prefetch

STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"


def test_each_chunk_is_found_once_in_the_installed_streamlit():
    files = prefetch.chunk_files()
    # one file per chunk: a Streamlit upgrade that renames one makes this fail, not go silent
    assert sorted(f.split(".")[0] for f in files) == sorted(prefetch.CHUNKS)
    assert all((STATIC_JS / f).is_file() for f in files)


def _scripts(at):
    return [h.proto.body for h in at.get("html") if "import(" in h.proto.body]


def test_the_first_run_of_a_session_carries_the_script_and_later_runs_do_not():
    at = open_page("home")     # runs once already (the app's entry point)
    scripts = _scripts(at)
    assert len(scripts) == 1 and all(f in scripts[0] for f in prefetch.chunk_files())
    assert at.get("html")[0].proto.unsafe_allow_javascript
    at.switch_page("app_pages/activations.py").run()
    assert not at.exception and not _scripts(at)


def test_the_script_imports_from_the_bundle_folder_when_idle():
    text = prefetch.script(("PlotlyChart.abc.js",))
    assert '["PlotlyChart.abc.js"]' in text
    assert "new URL(name, bundle)" in text and "requestIdleCallback" in text
