"""Notes: every claim of the study notes, by note and section, checked at default settings."""
import pandas as pd
import streamlit as st

from explorer.notes import CLAIMS, NOTES
from ui import links
from ui.catalogue import GROUPS, PAGES
from ui.i18n import _, error_text, language, pick
from ui.notes_panel import BADGES, verdict
from ui.text import md

st.title(_("Notes"))
st.caption(_("The course map: every claim of the five study notes, restated and checked live "
             "by the same code the pages run, at default settings. Each claim "
             "names the term to search for in its note and links to the page that shows it, "
             "opened on the settings that show it best."))

PAGE_OF = {p.path: p for p in PAGES}
ORDER = {p.path: i for i, p in enumerate(PAGES)}


def checked(claim):
    """(holds, figure, why) of the claim at its defaults; a check that raises gives None and
    its message, so one broken check never hides the rest."""
    try:
        result = verdict(claim.id, ())
    except Exception as err:   # noqa: BLE001 - the map shows every claim whatever happens
        return None, "", _("Could not check: {error}", error=error_text(err))
    return (result.holds, pick(result.figure, result.figure_zh or result.figure),
            pick(result.why_en, result.why_zh))


summary_box = st.container()   # filled last: the chosen note's claims show first
st.caption(_("✓ holds at the default settings · ✗ does not hold there (the note is wrong or "
             "imprecise, or right only in another regime: the link shows where) · – does not "
             "apply there or could not be checked"))

seed = links.choice(st.segmented_control, _("Note"), list(NOTES), key="note",
                    format_func=lambda s: pick(NOTES[s].name_en, NOTES[s].name_zh),
                    required=True)
note = NOTES[seed]
st.header(pick(note.name_en, note.name_zh))
ours = sorted((c for c in CLAIMS if c.seed == seed), key=lambda c: ORDER[c.page])
for group in GROUPS:
    in_group = [c for c in ours if PAGE_OF[c.page].group == group]
    if not in_group:
        continue
    st.subheader(_(group))
    for claim in in_group:
        holds, figure, why = checked(claim)
        with st.container(border=True):
            text, go = st.columns([3, 1], vertical_alignment="center")
            text.markdown(f"{BADGES[holds]}  {md(pick(claim.claim_en, claim.claim_zh))}")
            text.caption(f"「{md(claim.anchor_zh)}」 · "
                         + (f"**{md(figure)}** · " if figure else "") + md(why))
            query = dict(claim.link) | ({"lang": language()} if language() != "en" else {})
            go.page_link(claim.page, label=_(PAGE_OF[claim.page].title),
                         icon=PAGE_OF[claim.page].icon, query_params=query)

with summary_box, st.spinner(_("Checking {n} claims (the first visit computes them; later "
                               "ones are instant)…", n=len(CLAIMS))):
    results = {c.id: checked(c)[0] for c in CLAIMS}
    st.dataframe(pd.DataFrame([{
        _("note"): pick(each.name_en, each.name_zh),
        _("claims"): sum(c.seed == key for c in CLAIMS),
        "✓": sum(c.seed == key and results[c.id] is True for c in CLAIMS),
        "✗": sum(c.seed == key and results[c.id] is False for c in CLAIMS),
        "–": sum(c.seed == key and results[c.id] is None for c in CLAIMS)}
        for key, each in NOTES.items()]), hide_index=True, width="stretch")
