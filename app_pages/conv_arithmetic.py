"""Conv arithmetic: output sizes, receptive fields, costs per layer, the 1×1 saving, a
step-by-step convolution; every number checked against real torch layers. The tabs live in
ui/conv_arithmetic_views.py."""
import streamlit as st

from ui import conv_arithmetic_views as views
from ui import i18n, links, notes_panel
from ui.i18n import _

st.title(_("Conv arithmetic"))
st.caption(_("How big is a layer's output, how much of the image does one output see, and "
             "what does a layer cost? The formulas of {note1} and {note4}, each checked live "
             "against PyTorch.",
             note1=i18n.note_name("001"),
             note4=i18n.note_name("004")))

tabs = links.tabs(
    [_("Output size"), _("Receptive field"), _("Params & FLOPs"),
     _("1×1 bottleneck & separable"), _("Convolution step by step")],
    ["size", "field", "cost", "saving", "walk"], key="tab")
settings = {}
for tab, view in zip(tabs, (views.output_size, views.receptive_field, views.costs,
                            views.saving, views.walkthrough)):
    with tab:
        settings |= view()

notes_panel.show("app_pages/conv_arithmetic.py", **settings)
