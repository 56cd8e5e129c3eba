"""The "What the notes say / 笔记怎么说" panel at the end of every page.

``show("app_pages/<page>.py", **settings)`` lists that page's claims (``explorer.notes``) with
a badge for the current settings (✓ holds, ✗ does not, – does not apply or could not be
checked), the claim in the reader's language, the note's readable name and anchor term, the
measured figure, the one-line why, and a link that opens the page on the settings that show it
best. Pages pass their current widget values under their URL names; each check ignores names
it does not use.

The panel is an expander that starts collapsed and computes nothing until it is opened
(Streamlit's lazy expander: ``on_change="rerun"``), so it never slows a page down; once open,
every check is cached by (claim id, settings), so a rerun that changes nothing costs nothing;
at a claim's defaults the verdict is kept on disk, so only the first visitor ever computes it.
A check that raises shows "–" with its message and never breaks the page.
"""
from __future__ import annotations

import streamlit as st

from explorer.notes import Verdict, at_defaults, by_id, claims_for, default_verdict
from ui.i18n import _, error_text, language, pick
from ui.text import md

KEY = "notes_panel"   # session-state key of the expander's open state
BADGES = {True: ":green[**✓**]", False: ":red[**✗**]", None: ":gray[**–**]"}


def _hashable(value):
    """Settings as cache-key material: lists and tuples (a range slider, a multiselect) become
    tuples, numpy scalars plain numbers; anything else as it is."""
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    item = getattr(value, "item", None)
    return item() if callable(item) and getattr(value, "shape", None) == () else value


@st.cache_data(max_entries=1024, show_spinner=False)
def verdict(claim_id: str, settings: tuple[tuple[str, object], ...]) -> Verdict:
    """The claim's check under ``settings`` (sorted (name, value) pairs); raises what it
    raises (not cached then). At the claim's defaults it comes from the disk cache
    (``explorer.notes.default_verdict``: computed once per installation, ``python -m
    explorer.warm`` computes them all)."""
    claim = by_id(claim_id)
    if at_defaults(claim, dict(settings)):
        return default_verdict(claim)
    return claim.check(**dict(settings))


def _one(claim, settings) -> None:
    try:
        result = verdict(claim.id, settings)
        badge, figure, why = BADGES.get(result.holds, BADGES[None]), \
            pick(result.figure, result.figure_zh or result.figure), \
            pick(result.why_en, result.why_zh)
    except Exception as err:   # noqa: BLE001 - a failing check must never break the page
        badge, figure, why = BADGES[None], "", _("Could not check: {error}",
                                                 error=error_text(err))
    name = pick(claim.note.name_en, claim.note.name_zh)
    with st.container(border=True):
        st.markdown(f"{badge}  {md(pick(claim.claim_en, claim.claim_zh))}")
        st.caption(f"{md(name)} · 「{md(claim.anchor_zh)}」")
        if figure:
            st.markdown(f"**{md(figure)}**")
        st.caption(md(why))
        if claim.link:   # an empty one would only reopen this page as it is
            query = dict(claim.link)
            if language() != "en":
                query["lang"] = language()
            st.page_link(claim.page, label=_("Show it with the settings that show it best"),
                         icon=":material/link:", query_params=query)


def show(page: str, **settings) -> None:
    """The panel for ``page`` ("app_pages/<name>.py") under the page's current ``settings``."""
    claims = claims_for(page)
    if not claims:
        return
    box = st.expander(_("What the notes say") + " · " + _("{n} claims", n=len(claims)),
                      icon=":material/menu_book:", key=KEY, on_change="rerun")
    if not box.open:
        return
    key = tuple(sorted((name, _hashable(value)) for name, value in settings.items()))
    with box:
        st.caption(_("✓ holds with the settings above · ✗ does not hold with them · – does "
                     "not apply here or could not be checked"))
        for claim in claims:
            _one(claim, key)
