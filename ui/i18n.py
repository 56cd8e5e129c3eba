"""中文 / English: the app's text in the reader's language, gettext style.

The English text is the key: a page writes ``_("Depth")`` and shows "深度" when Chinese is
chosen. Translations live in ``ui/strings/<area>.py`` as ``ZH = {"English": "中文", ...}``, one
module per page (or shared area), merged by ``ui.strings``. A text with fields is formatted
after translation, so both languages keep the same fields::

    _("Std of z at layer {layer}", layer=50)

The language is chosen once per run by ``app.py`` (``?lang=zh``, then the sidebar switch, then
the browser's ``st.context.locale``, English otherwise) and read here with ``language()``.
Technical names (ReLU, Adam, AP) stay as they are in both languages.

Errors from ``explorer`` are translated from their code (``explorer.errors.InputError``) by
``error_text``; figure text built by ``explorer.figures`` is translated by ``figure``.
"""
from __future__ import annotations

import streamlit as st

from ui.strings import ERRORS_ZH, ZH

LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"
STATE_KEY = "lang"   # st.session_state key and URL query parameter


def language() -> str:
    """"en" or "zh": the language of this run (``app.py`` sets it before the page runs)."""
    lang = st.session_state.get(STATE_KEY, DEFAULT)
    return lang if lang in LANGUAGES else DEFAULT


def is_zh() -> bool:
    return language() == "zh"


def _(text: str, **fields) -> str:
    """``text`` in the current language, then ``str.format(**fields)`` when fields are given
    (so a template with fields must double any literal brace: ``{{`` ``}}``)."""
    out = ZH.get(text, text) if is_zh() else text
    return out.format(**fields) if fields else out


def pick(en: str, zh: str) -> str:
    """One of two texts already written in both languages (e.g. a note claim's en/zh)."""
    return zh if is_zh() else en


def note_name(*seeds: str) -> str:
    """The readable names of study notes ``seeds`` ("001", …) in the current language, joined
    by "; " (Chinese "；"): how a page cites a note instead of its file number."""
    from explorer.notes import NOTES
    return pick("; ", "；").join(pick(NOTES[s].name_en, NOTES[s].name_zh) for s in seeds)


def error_text(err: Exception) -> str:
    """The message of ``err`` in the current language: an ``InputError`` with a Chinese
    template for its code is rewritten from its params; anything else keeps its English text.
    The result is plain text: escape it with ``ui.text.md`` before putting it into markdown."""
    template = ERRORS_ZH.get(getattr(err, "code", None)) if is_zh() else None
    if template is None:
        return str(err)
    try:
        return template.format(**getattr(err, "params", {}))
    except (KeyError, IndexError, ValueError):
        return str(err)


def figure(fig):
    """``fig`` (a plotly Figure) with its title, axis titles, legend names and annotation texts
    translated where the catalogue has them; the same object when English is chosen. Figures
    are often cached whole, so this works on a copy."""
    if not is_zh():
        return fig
    import plotly.graph_objects as go
    out = go.Figure(fig)
    layout = out.layout
    if layout.title and layout.title.text:
        layout.title.text = _(layout.title.text)
    for name in dir(layout):
        if name.startswith(("xaxis", "yaxis")) and not name.endswith("src"):
            axis = getattr(layout, name, None)
            if axis is not None and getattr(axis, "title", None) is not None and axis.title.text:
                axis.title.text = _(axis.title.text)
    if layout.legend and layout.legend.title and layout.legend.title.text:
        layout.legend.title.text = _(layout.legend.title.text)
    for annotation in layout.annotations or ():
        if annotation.text:
            annotation.text = _(annotation.text)
    for trace in out.data:
        if getattr(trace, "name", None):
            trace.name = _(trace.name)
    return out
