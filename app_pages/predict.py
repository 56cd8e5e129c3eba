"""Predict: upload or draw images, see what the model sees (preprocessing, CAM) and decides.
The parts are ``ui/predict_views.py``'s."""
import streamlit as st

from explorer.images import ImageError
from ui import i18n, links, model_picker, notes_panel
from ui import predict_views as views
from ui.i18n import _
from ui.image_source import image_source
from ui.text import md

st.title(_("Predict"))
st.caption(_("Give a model an image and follow it: the safe decode, the preprocessing that "
             "turns it into the tensor the model was trained on, the class probabilities at a "
             "softmax temperature, and where the model looked (class activation maps)."))

model_key, classifier, temperature, k = views.model_row()
views.import_weights_form()
model_picker.import_form()

chosen = image_source("predict", multiple=True)
if chosen and chosen[0].source in ("Upload", "Draw"):
    st.caption(_(links.IMAGE_NOT_IN_LINK))
if not chosen:
    st.info(_("Choose an image above: upload one or many, draw a digit, or pick a sample."))
    st.stop()
if len(chosen) > 1:
    views.batch(chosen, classifier, model_key, temperature)
item = views.pick_image(chosen)

try:
    analysis = views.analyse(classifier, model_key, item.data, item.name)
except ImageError as err:
    st.error(md(i18n.error_text(err), 1000))
else:
    views.what_it_sees(analysis, classifier)
    best = views.what_it_predicts(analysis, classifier, item, temperature, k)
    views.where_it_looked(classifier, model_key, item, best)

notes_panel.show("app_pages/predict.py", t=temperature, k=k)
