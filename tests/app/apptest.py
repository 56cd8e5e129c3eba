"""Helper for page tests: AppTest on the real app.py navigation, switched to one page."""
from pathlib import Path

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
