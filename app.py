"""Entry point: `streamlit run app.py`. Builds the grouped navigation from ui.catalogue."""
import streamlit as st

from ui.catalogue import GROUPS, PAGES

st.set_page_config(page_title="Deep-learning explorer", page_icon=":material/hub:",
                   layout="wide")

navigation = {
    group: [st.Page(p.path, title=p.title, icon=p.icon, default=p.path == "app_pages/home.py")
            for p in PAGES if p.group == group]
    for group in GROUPS
}
st.navigation({g: pages for g, pages in navigation.items() if pages}).run()
