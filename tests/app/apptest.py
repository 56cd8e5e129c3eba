"""Helper for page tests: AppTest on the real app.py navigation, switched to one page."""
import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_page(name: str, timeout: float = 60) -> AppTest:
    """AppTest switched to ``app_pages/<name>.py``; call ``.run()`` on it.

    The app's entry point runs first (it registers the pages with st.navigation, which
    st.page_link and st.switch_page need), so this starts on Home, then switches.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout).run()
    assert not at.exception, at.exception
    if name != "home":
        at.switch_page(f"app_pages/{name}.py")
    return at


def plotly_traces(at: AppTest, index: int = 0) -> list[dict]:
    """The traces of the page's ``index``-th plotly chart, as sent to the browser."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)["data"]


def plotly_array(data) -> np.ndarray:
    """A plotly array as sent to the browser: a list (None for a gap), or base64 'bdata' of a
    numpy dtype; gaps come back as nan."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.array([np.nan if v is None else v for v in data], dtype=float)
