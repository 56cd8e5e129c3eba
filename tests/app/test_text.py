"""ui.text.md: hostile strings come out of Streamlit's markdown elements escaped (AppTest), and
the escapes undo to the exact original (what the browser shows; tests/e2e/test_tsne.py checks
that no link or image is drawn)."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st_
from streamlit.testing.v1 import AppTest

from ui.text import LIMIT, md

NASTY = [
    "[click](http://evil.example/x)![](http://evil.example/p.png)",
    "<img src=http://evil.example/p.png onerror=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "**bold** _it_ ~~gone~~ `code` ***",
    "# heading", "- item", "1. first", "> quote", "---", "===",
    "$x^2$ and $$\\int$$",
    ":material/home: :red[red] :blue-background[b] :streamlit: :smile: :rainbow[x]",
    "a\nb\r\n\n# h\tc",
    "    four spaces: code block",
    "www.evil.example and http://evil.example and me@evil.example",
    "&amp; &lt;b&gt; &#60;",
    "=cmd|' /C calc'!A0",
    "\\[not a link\\](x)",
    "名前 [ü](ü) 🙂",
    "",
]


def unescape(text: str) -> str:
    """What CommonMark shows for md()'s output: escapes and word joiners undone."""
    text = text.replace("\\:\u2060", "\\:").replace("\\@\u2060", "\\@").replace("&#32;", " ")
    text = re.sub(r"(?i)(www)\u2060(?=\\\.)", r"\1", text)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def shown(original: str) -> str:
    """The literal text md() promises: one line, cut to LIMIT characters."""
    one_line = re.sub(r"[\r\n\t\v\f\x85\u2028\u2029]+", " ", original)
    if len(one_line) > LIMIT:
        one_line = f"{one_line[:LIMIT]}… ({len(one_line):,} characters)"
    return one_line


def unescaped_punctuation(text: str) -> list[str]:
    """ASCII punctuation in md()'s output not preceded by its escaping backslash."""
    bare, i = [], 0
    while i < len(text):
        if text[i] == "\\" or text.startswith("&#32;", i):
            i += 2 if text[i] == "\\" else len("&#32;")
            continue
        if re.match(r"[!-/:-@\[-`{-~]", text[i]):
            bare.append(text[i])
        i += 1
    return bare


@pytest.mark.parametrize("text", NASTY)
def test_every_markup_character_is_escaped_and_undoes_to_the_original(text):
    escaped = md(text)
    assert unescape(escaped) == shown(text)
    assert unescaped_punctuation(escaped) == []
    assert "\n" not in escaped and not escaped.startswith(" ")


@given(st_.text(st_.characters(blacklist_characters="\u2060"), max_size=300))
def test_any_string_round_trips(text):
    """(md adds U+2060 itself, so a text holding one cannot be told apart here.)"""
    escaped = md(text)
    assert unescape(escaped) == shown(text)
    assert unescaped_punctuation(escaped) == []


def test_autolinks_and_shortcodes_are_broken_after_the_escapes_are_undone():
    """GFM autolinks (http://, www., name@host), :streamlit: (a logo image) and :smile: are
    found in the *unescaped* text, so an invisible word joiner must break each pattern
    (the browser check is tests/e2e/test_tsne.py)."""
    original = ":streamlit: :smile: http://evil.example WWW.evil.example me@evil.example"
    escaped = md(original)
    text_node = escaped.replace("\\", "")              # what those rewrites see
    assert ":streamlit:" not in text_node and ":smile:" not in text_node
    assert not re.search(r"https?://|www\.|\w@\w", text_node, re.IGNORECASE)
    assert unescape(escaped) == original
    assert ":material/" not in md(":material/home:")     # Streamlit rewrites this raw text


def test_long_text_is_cut_with_its_length():
    escaped = md("a" * 10_000_000)
    assert len(escaped) < LIMIT + 50 and "10,000,000 characters" in unescape(escaped)


def _page(texts):
    import streamlit as st

    from ui.text import md
    for text in texts:
        st.error(f"{md(text)} was refused")
        st.caption(md(text))
        st.markdown(f"**File**: {md(text)}")
        st.metric(md(text), 1)


def test_markdown_elements_carry_the_escaped_text():
    at = AppTest.from_function(_page, args=(NASTY,)).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [f"{md(t)} was refused".strip() for t in NASTY]
    assert [c.value for c in at.caption] == [md(t) for t in NASTY]
    assert [m.value for m in at.markdown] == [f"**File**: {md(t)}".strip() for t in NASTY]
    assert [m.label for m in at.metric] == [md(t) for t in NASTY]
    assert not any(unescaped_punctuation(e[:-len("was refused")]) for e in errors)


def test_a_hostile_file_name_is_escaped_in_an_upload_error():
    """The issue's case: an image named like a markdown link and image, refused on upload."""
    from tests.app.apptest import open_page
    name = "[x](http://evil.example)![](http://evil.example/p.png).png"
    at = open_page("augmentation").run()
    next(r for r in at.radio if r.label == "Image source").set_value("upload").run()
    at.file_uploader[0].set_value([(name, b"not an image", "image/png")]).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith(md(name)) and name not in error
