"""The "What the notes say / 笔记怎么说" panel under AppTest on the Losses page: collapsed and
idle by default, one badge per claim once opened, in both languages, and a check that raises
shows "–" with its message instead of breaking the page."""
import re

import pytest

from explorer.errors import InputError
from explorer.notes import Claim, claims_for
from tests.app.apptest import open_page
from ui import notes_panel

PAGE = "app_pages/losses.py"
BADGE = re.compile(r"^:(green|red|gray)\[\*\*(✓|✗|–)\*\*\]")


def _badges(at) -> list[str]:
    return [BADGE.match(m.value).group(2) for m in at.markdown if BADGE.match(m.value)]


@pytest.fixture(scope="module")
def losses_page():
    at = open_page("losses")
    at.run()
    assert not at.exception, at.exception
    return at


def test_collapsed_by_default_and_nothing_checked(losses_page):
    at = losses_page
    labels = [e.label for e in at.expander]
    claims = claims_for(PAGE)
    assert f"What the notes say · {len(claims)} claims" in labels
    assert not _badges(at)


def test_open_panel_shows_one_badge_per_claim(losses_page):
    at = losses_page
    at.session_state[notes_panel.KEY] = True
    at.run()
    assert not at.exception, at.exception
    claims = claims_for(PAGE)
    badges = _badges(at)
    assert len(badges) == len(claims) >= 2
    # the focal-loss claim holds at the page's γ = 2; BCEWithLogits vs sigmoid + BCELoss not
    order = [c.id for c in claims]
    assert badges[order.index("loss.focal_gamma")] == "✓"
    assert badges[order.index("loss.bce_with_logits")] == "✗"
    captions = " ".join(c.value for c in at.caption)
    assert "Note 1 · Deep" in captions and "调制因子" in captions


def test_a_check_that_raises_shows_a_dash(losses_page, monkeypatch, tmp_path):
    at = losses_page
    monkeypatch.setenv("EXPLORER_CACHE", str(tmp_path))   # no default verdict kept on disk
    real = notes_panel.by_id

    def broken(claim_id):
        claim = real(claim_id)

        def fail(**_):
            raise InputError("out_of_range", "γ = 99 must lie in [0, 10]", name="γ", value=99,
                             low=0, high=10)
        return Claim(claim.id, claim.seed, claim.anchor_zh, claim.claim_en, claim.claim_zh,
                     claim.page, fail, claim.link)

    monkeypatch.setattr(notes_panel, "by_id", broken)
    notes_panel.verdict.clear()
    at.session_state[notes_panel.KEY] = True
    at.run()
    assert not at.exception, at.exception
    badges = _badges(at)
    assert badges and set(badges) == {"–"}
    assert any("Could not check" in c.value for c in at.caption)
    monkeypatch.undo()
    notes_panel.verdict.clear()


def test_chinese_panel():
    at = open_page("losses")
    at.session_state["lang"] = "zh"
    at.session_state[notes_panel.KEY] = True
    at.run()
    assert not at.exception, at.exception
    assert any(e.label.startswith("笔记怎么说") for e in at.expander)
    claims = claims_for(PAGE)
    assert len(_badges(at)) == len(claims)
    texts = " ".join(m.value for m in at.markdown)
    assert "调制因子" in texts   # the focal claim in Chinese


def test_badge_follows_the_depth_slider():
    """Issue 19's example: on Activations, "sigmoid gradients vanish" turns from ✗ to ✓ as
    the depth slider moves from 3 to 30 layers."""
    page = "app_pages/activations.py"
    at = open_page("activations")
    at.session_state[notes_panel.KEY] = True
    at.run()
    order = [c.id for c in claims_for(page)]
    at.slider(key="depth").set_value(3).run()
    assert not at.exception, at.exception
    assert _badges(at)[order.index("act.sigmoid_vanishes")] == "✗"
    at.slider(key="depth").set_value(30).run()
    assert _badges(at)[order.index("act.sigmoid_vanishes")] == "✓"

