"""Playground: a small real-torch network learns 2-D points live; every neuron's map.
The parts (settings, live frame, charts) are in ui/playground_views.py."""
import uuid

import streamlit as st

from ui import notes_panel
from ui import playground_views as views
from ui.i18n import _

st.title(_("Playground"))
st.caption(_("A small network, trained live with real torch on 2-D points: the decision "
             "boundary, every hidden neuron's map, the losses, the gradient of every layer and "
             "its weights, as they form. Two configurations can run side by side on the same "
             "data and seed; the sidebar's link keeps every setting."))
owner = st.session_state.setdefault("pg_owner", uuid.uuid4().hex)

data = views.data_settings()
setups = views.configurations()
adder = views.point_form()
state = views.live_state(data, setups)
views.click_map(adder, state)
views.controls(state, owner)
views.live(state, owner)
views.charts(state)

notes_panel.show("app_pages/playground.py", data=data["dataset"], noise=data["noise"],
                 n=data["points"], train=round(data["train_fraction"] * 100),
                 lnoise=data["label_noise"], dseed=data["seed"], depth=setups[0].depth,
                 width=setups[0].width, act=setups[0].activation)
