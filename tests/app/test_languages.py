"""Every page runs in both languages; in Chinese its title shows CJK text."""
import re

import pytest

from tests.app.apptest import open_page
from ui.catalogue import PAGES

CJK = re.compile(r"[\u4e00-\u9fff]")
NAMES = [p.path.removeprefix("app_pages/").removesuffix(".py") for p in PAGES]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES)
def test_page_runs_in_both_languages(name, lang):
    at = open_page(name)
    at.query_params["lang"] = lang
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    title = at.title[0].value
    assert bool(CJK.search(title)) == (lang == "zh"), title
