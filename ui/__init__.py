"""Streamlit-side helpers shared by the pages (widgets, error display). Maths lives in explorer/."""
