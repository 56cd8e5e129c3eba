"""explorer: the compute package behind the dashboard.

Plain Python (numpy, torch, torchvision, scikit-learn, openTSNE, plotly); it never
imports streamlit, so every function can be used from a notebook and is unit-tested.
Importing the package itself is cheap: torch is imported only by the modules that need it.
"""
