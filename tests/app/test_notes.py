"""The Notes page: every claim of every note, in both languages, with its page link."""
import pytest

from explorer.notes import CLAIMS, NOTES
from tests.app.apptest import open_page

TIMEOUT = 600   # the first run checks every claim (a few trainings' worth on a loaded box)


def shown_text(at) -> str:
    """The page's markdown and captions as read: without ui.text.md's escapes."""
    text = "\n".join(m.value for m in [*at.markdown, *at.caption])
    return text.replace("\\", "").replace("\u2060", "")


def open_note(seed: str, lang: str = "en"):
    """The Notes page opened on ``seed`` through its link (?note=…&lang=…)."""
    at = open_page("notes")
    at.query_params["lang"] = lang
    at.session_state["lang"] = lang
    at.query_params["note"] = seed
    return at.run(timeout=TIMEOUT)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lists_every_claim_of_every_note(lang):
    at = open_note("000", lang)
    assert not at.exception, at.exception
    summary = at.dataframe[0].value
    assert summary.iloc[:, 1].tolist() == [sum(c.seed == s for c in CLAIMS) for s in NOTES]
    assert (summary.iloc[:, 2:].sum(axis=1) == summary.iloc[:, 1]).all()   # ✓ + ✗ + – = all
    for seed in NOTES:
        at = open_note(seed, lang)
        assert not at.exception, at.exception
        assert at.header[0].value == (NOTES[seed].name_zh if lang == "zh" else NOTES[seed].name_en)
        text = shown_text(at)
        for claim in (c for c in CLAIMS if c.seed == seed):
            assert (claim.claim_zh if lang == "zh" else claim.claim_en) in text, claim.id
            assert claim.anchor_zh in text, claim.id


def test_the_inception_sum_is_marked_wrong_with_the_correct_figure():
    text = shown_text(open_note("004"))
    line = next(m for m in text.splitlines() if "12,433,648 multiplications" in m)
    assert "✗" in line
    assert "= 12,443,648" in text


def test_note_in_the_url_opens_that_note_and_garbage_falls_back():
    assert open_note("002").header[0].value == NOTES["002"].name_en
    at = open_note("no-such-note")
    assert not at.exception
    assert at.header[0].value == NOTES["000"].name_en
