"""User text (file names, CSV headers and cells, class names, run ids) shown literally.

Streamlit renders ``st.error``, ``st.warning``, ``st.info``, ``st.success``, ``st.caption``,
``st.markdown``, ``st.write`` and metric labels as markdown, plus its own syntax: links and
images ``[]()`` ``![]()``, emphasis ``* _ ~``, code spans, headings, HTML ``<...>``, LaTeX
``$...$``, ``:material/icon:``, ``:red[...]`` and ``:emoji:`` shortcodes. A file named
``[x](http://evil)![](http://evil/p.png)`` would become a link and a remote image. So every
user string goes through ``md`` before it is put into markdown::

    st.error(f"{md(upload.name)} was not imported: {md(str(err))}")

The page's own markdown around it keeps working; only the user's part is made literal.
"""
from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation character, and then shows the
# character itself; escaping all of them is simpler and safer than choosing.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Some rewrites run on the text *after* the escapes are undone: GFM autolinks (http://, www.,
# name@host), :streamlit: (a logo <img>) and :emoji: shortcodes. An invisible word joiner
# (U+2060) after every colon and @, and inside "www.", breaks their patterns.
_AFTER_COLON_AT = re.compile(r"\\([:@])")
_WWW = re.compile(r"(www)(?=\\\.)", re.IGNORECASE)
_WORD_JOINER = "\u2060"
# A line break in user text would start new markdown blocks (lists, headings, code).
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
# Four leading spaces would make an indented code block; an entity keeps the space as text.
_LEADING_SPACES = re.compile(r"^ +")
LIMIT = 1000  # characters shown: a whole message fits, a megabyte CSV header does not


def md(text, limit: int = LIMIT) -> str:
    """``text`` (anything; ``str()`` is taken) escaped so that Streamlit markdown shows it
    literally, on one line: ASCII punctuation ``c`` -> ``\\c`` (plus an invisible U+2060 after
    ``:`` and ``@`` and inside ``www.``), line breaks -> a space, and cut to ``limit``
    characters with "… (N characters)" when longer."""
    text = _LINE_BREAKS.sub(" ", str(text))
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text):,} characters)"
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _LEADING_SPACES.sub(lambda m: "&#32;" * len(m.group()), text)
    text = _AFTER_COLON_AT.sub(lambda m: m.group() + _WORD_JOINER, text)
    return _WWW.sub(lambda m: m.group() + _WORD_JOINER, text)


def show_read_notes(notes: list[str]) -> None:
    """The notes of ``explorer.tables.read_csv``: rows left out as a warning, the rest (encoding,
    separator) as captions; every note escaped."""
    import streamlit as st
    from explorer.tables import is_cut
    from ui.i18n import message
    for note in notes:
        (st.warning if is_cut(note) else st.caption)(md(message(note)))
