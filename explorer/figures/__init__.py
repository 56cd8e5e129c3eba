"""Plotly figure builders, one module per area. No streamlit here, no maths either:
builders take the numbers explorer computed and only draw them."""
