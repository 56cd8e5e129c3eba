"""Training lab: configure a small network, train it in the background, watch it learn."""
import streamlit as st

from explorer.notes import NOTES
from ui import i18n, links, notes_panel, train_form, train_views
from ui import image_folder as own_images
from ui.i18n import _

st.title(_("Training lab"))
st.caption(_("The training loop of {notes}: data → model → loss → optimizer → LR schedule → "
             "validation every epoch → early stopping. It runs in a process of its own: switch "
             "pages and come back, it keeps going. A run keeps the weights of its epoch with "
             "the lowest validation loss.",
             notes=i18n.join(i18n.pick(NOTES[n].name_en, NOTES[n].name_zh)
                             for n in ("000", "002", "004"))))

tab_train, tab_runs = links.tabs([_("Train"), _("Runs")], ["train", "runs"], key="tab")
with tab_train:
    train_views.start_worker_pool()
    st.caption(_("Device: **{device}**", device=train_views.device_text()))
    own_images.upload_section(select_key="data")
    train_views.training(train_form.config_form())
with tab_runs:
    train_views.runs_view()

notes_panel.show("app_pages/train.py", **{  # the form's widgets live in ui/train_form.py
    k: st.session_state[k] for k in ("data", "net", "opt", "lr", "epochs", "batch", "sched",
                                     "warmup", "loss", "eps", "seed") if k in st.session_state})
