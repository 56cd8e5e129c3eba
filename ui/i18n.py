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

Free text that ``explorer`` produces (a run's divergence reason, an image's caveats and loading
notes, a fit's note) is built there from an English template held as a plain string literal,
``TEMPLATE.format(**fields)``; the text often travels as plain text (a run's summary.json, the
training process's pipe), so ``message`` recognises it by matching it against the templates of
``ui/strings/*.MESSAGES_ZH`` and refills the Chinese template with the same field values (each
value itself translated when it is such a message).
"""
from __future__ import annotations

import re
import string
from functools import lru_cache

import streamlit as st

from ui.strings import ERRORS_ZH, MESSAGES_ZH, ZH

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


def join(items) -> str:
    """Names listed in the reader's language: "a, b, c" or "a、b、c" (the enumeration comma)."""
    return pick(", ", "、").join(map(str, items))


def note_name(*seeds: str) -> str:
    """The readable names of study notes ``seeds`` ("001", …) in the current language, joined
    by "; " (Chinese "；"): how a page cites a note instead of its file number."""
    from explorer.notes import NOTES
    return pick("; ", "；").join(pick(NOTES[s].name_en, NOTES[s].name_zh) for s in seeds)


def _fields(template: str) -> list[tuple[str, str]]:
    """(literal text, field name or "") pairs of a ``str.format`` template."""
    return [(literal, name or "") for literal, name, _spec, _conv
            in string.Formatter().parse(template)]


@lru_cache(maxsize=None)
def _patterns() -> list[tuple[re.Pattern, str]]:
    """(regex of an English message template, its Chinese template), the most specific (most
    literal text) first. A field matches any text up to the first place where the template's
    next literal text follows (an atomic group: never revisited, so matching takes time linear
    in the text's length times the fields, not a power of it); the last field runs to the end.
    A field named twice must hold the same text."""
    out = []
    for english, chinese in MESSAGES_ZH.items():
        pieces = _fields(english)
        parts, seen = [re.escape(pieces[0][0])], set()
        for i, (_literal, name) in enumerate(pieces):
            if not name:
                continue
            after = re.escape(pieces[i + 1][0]) if i + 1 < len(pieces) else ""
            if name in seen:
                parts.append(f"(?P={name}){after}")
            elif i + 1 == len(pieces) or not after:     # the last field, or one right before
                parts.append(f"(?P<{name}>.*?){after}")  # another: lazy, may backtrack
            else:
                parts.append(f"(?>(?P<{name}>.*?){after})")
            seen.add(name)
        literal_chars = sum(len(literal) for literal, _ in pieces)
        out.append((literal_chars, re.compile("".join(parts), re.DOTALL), chinese))
    return [(pattern, chinese) for _, pattern, chinese in sorted(out, key=lambda o: -o[0])]


MAX_MESSAGE_CHARS = 2_000


def translate_message(text: str) -> str:
    """``text`` (English, built by explorer from a template of ``MESSAGES_ZH``) in Chinese:
    the Chinese template filled with the values read out of ``text``; ``text`` unchanged when
    no template matches, or when it is longer than ``MAX_MESSAGE_CHARS`` (the lazy fields
    backtrack: matching grows with a power of the length, 65 s for 50,000 characters of a
    hostile file name). Language-independent, for tests; pages call ``message``."""
    if not isinstance(text, str) or not text or len(text) > MAX_MESSAGE_CHARS:
        return text
    if text in ZH:
        return ZH[text]
    for pattern, chinese in _patterns():
        found = pattern.fullmatch(text)
        if found:
            values = {k: translate_message(v) for k, v in found.groupdict().items()}
            return "".join(literal + (values[name] if name else "")
                           for literal, name in _fields(chinese))
    return text


def message(text: str | None) -> str | None:
    """A free-text message from ``explorer`` in the current language (see the module). Plain
    text: escape it with ``ui.text.md`` before putting it into markdown."""
    return translate_message(text) if is_zh() and text else text


def error_text(err: Exception) -> str:
    """The message of ``err`` in the current language: its English text when that matches a
    message template (which keeps the advice the text gives), else an ``InputError`` with a
    Chinese template for its code is rewritten from its params; anything else keeps its
    English text. A code whose refusals say more than its template can (a file's problem, a
    budget's advice) ends its template with the English text itself. The result is plain
    text: escape it with ``ui.text.md`` before putting it into markdown."""
    if not is_zh():
        return str(err)
    translated = translate_message(str(err))
    if translated != str(err):
        return translated
    template = ERRORS_ZH.get(getattr(err, "code", None))
    if template is None:
        return str(err)
    try:   # {english}: the whole English text, for templates that cannot say what it says
        return template.format(**{"english": str(err), **getattr(err, "params", {})})
    except (KeyError, IndexError, ValueError):
        return str(err)


def error_sentence(err: Exception) -> str:
    """``error_text(err)`` ended as a sentence of the reader's language ("." or "。")."""
    return error_text(err) + pick(".", "。")


def figure(fig):
    """``fig`` (a plotly Figure) with its title, axis titles, legend names, hover templates and
    annotation texts
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
        if getattr(trace, "hovertemplate", None):
            trace.hovertemplate = _(trace.hovertemplate)
    return out
