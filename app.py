"""Entry point: `streamlit run app.py`. Builds the grouped navigation from ui.catalogue."""
import os

# One intra-op CPU thread per computation, set before any page imports torch: the server runs
# many small computations at once (sessions, background trainings), and OpenMP workers spinning
# between them made a digits training in the Training lab 3.6x slower on 2 cores (measured 5.1 s
# with torch's default, 3.6 s with OMP_WAIT_POLICY=PASSIVE, 1.4 s with one thread).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import streamlit as st  # noqa: E402

from ui import current, i18n, links, prefetch  # noqa: E402
from ui.catalogue import GROUPS, PAGES  # noqa: E402
from ui.i18n import _  # noqa: E402

st.set_page_config(page_title="Deep-learning explorer", page_icon=":material/hub:",
                   layout="wide")

browser = str(st.context.locale or "").lower()
with st.sidebar:
    links.choice(st.segmented_control, _("Language"), list(i18n.LANGUAGES), key=i18n.STATE_KEY,
                 default="zh" if browser.startswith("zh") else i18n.DEFAULT,
                 format_func=i18n.LANGUAGES.get, required=True, label_visibility="collapsed")

navigation = {
    _(group): [st.Page(p.path, title=_(p.title), icon=p.icon,
                       default=p.path == "app_pages/home.py")
               for p in PAGES if p.group == group]
    for group in GROUPS
}
# expanded: every page listed (Streamlit hides all but the first 12 behind "View N more", a
# label it shows in English only)
page = st.navigation({g: pages for g, pages in navigation.items() if pages}, expanded=True)
current.visit(page.url_path)
# The current model and image, and Copy link: drawn before the page (what a page that ends with
# st.stop() leaves shown: nothing written after a stop reaches the browser), then redrawn in
# place once the page has run, with what it chose and the URL it wrote.
shelf, link = st.sidebar.empty(), st.sidebar.empty()
current.sidebar(shelf)
links.copy_link(link)
prefetch.warm_browser()
page.run()
current.sidebar(shelf)
links.copy_link(link)
