"""ui.links under AppTest: every wrapper restores its value from the URL, leaves no parameter
at its default, and turns a bad value into its default with a notice (a toast)."""
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.apptest import ROOT

SCRIPT = '''
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from ui import links

n = links.slider("n", 0, 10, 3, key="n")
r = links.slider("r", 0.0, 1.0, (0.2, 0.8), key="r")
x = links.number_input("x", 0.0, 5.0, 1.0, 0.5, key="x")
c = links.checkbox("c", key="c")
t = links.toggle("t", True, key="t")
ch = links.choice(st.selectbox, "ch", ["a", "b", "c"], key="ch", format_func=str.upper)
pick = links.choice(st.radio, "pick", [1, 2, 4], key="pick", default=2)
shown = links.choice(st.selectbox, "shown", [o for o in ["a", "b", "c"] if o != ch],
                     key="shown")
m = links.choices(st.multiselect, "m", ["a", "b", "c"], key="m", default=["a"])
tabs = links.tabs(["A", "B", "C"], ["a", "b", "c"], key="tab")
st.markdown("open=" + ",".join(i for i, tab in zip("abc", tabs) if tab.open))
'''.format(root=str(ROOT))
KEYS = {"n", "r", "x", "c", "t", "ch", "pick", "shown", "m", "tab"}


def _app(**params) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.query_params.update(params)
    return at.run()


def _values(at) -> dict:
    return {"n": at.slider[0].value, "r": at.slider[1].value, "x": at.number_input[0].value,
            "c": at.checkbox[0].value, "t": at.toggle[0].value, "ch": at.selectbox[0].value,
            "pick": at.radio[0].value, "shown": at.selectbox[1].value,
            "m": at.multiselect[0].value, "tab": at.markdown[0].value.removeprefix("open=")}


DEFAULTS = {"n": 3, "r": (0.2, 0.8), "x": 1.0, "c": False, "t": True, "ch": "a", "pick": 2,
            "shown": "b", "m": ["a"], "tab": "a"}


def test_defaults_leave_no_parameter_and_no_notice():
    at = _app()
    assert not at.exception
    assert _values(at) == DEFAULTS
    assert not KEYS & set(at.query_params) and not at.toast


def test_a_link_restores_every_wrapper_including_repeated_parameters():
    at = _app(n="7", r=["0.3", "0.6"], x="2.5", c="true", t="false", ch="c", pick="4",
              shown="b", m=["b", "c"], tab="c")
    assert not at.exception and not at.toast
    assert _values(at) == {"n": 7, "r": (0.3, 0.6), "x": 2.5, "c": True, "t": False,
                           "ch": "c", "pick": 4, "shown": "b", "m": ["b", "c"], "tab": "c"}
    assert at.selectbox[0].format_func("c") == "C"   # label through format_func, id in URL


def test_an_empty_multiselect_travels_as_a_bare_key():
    at = _app(m="")
    assert at.multiselect[0].value == [] and not at.toast


@pytest.mark.parametrize("key, raw", [
    ("n", "lots"), ("n", "11"), ("n", "nan"), ("r", ["0.3", "inf"]), ("x", "-1"),
    ("x", "1e999"), ("c", "maybe"), ("t", "2"), ("ch", "z"), ("pick", "3"), ("m", ["b", "zz"]),
    ("tab", "nope"), ("ch", ["a", "b"])])
def test_garbage_falls_back_with_a_notice(key, raw):
    at = _app(**{key: raw})
    assert not at.exception
    assert len(at.toast) == 1 and f"Link setting {key}=" in at.toast[0].value
    expected = dict(DEFAULTS)
    if key == "m":
        expected["m"] = ["b"]   # the good id is kept
    if (key, raw) == ("ch", ["a", "b"]):
        expected["ch"] = "a"    # one of many: the first good one
    assert _values(at) == expected


def test_a_fraction_for_a_whole_number_says_its_whole_part_is_kept():
    at = _app(n="7.5")
    assert not at.exception
    assert at.slider[0].value == 7
    assert "not a whole number" in at.toast[0].value


def test_a_choice_whose_options_shrink_falls_back_to_its_first_option():
    at = _app(shown="c")
    assert at.selectbox[1].value == "c"
    at.selectbox[0].set_value("c").run()     # "c" leaves the second menu's options
    assert not at.exception
    assert at.selectbox[1].value == "a" and "shown" not in at.query_params


def test_changing_a_kept_choice_writes_the_url_and_the_default_removes_it():
    at = _app()
    at.selectbox[0].set_value("b").run()
    at.multiselect[0].set_value(["c", "a"]).run()
    assert at.query_params["ch"] == ["b"] or at.query_params["ch"] == "b"
    assert list(at.query_params.get("m")) == ["c", "a"]
    at.selectbox[0].set_value("a").run()
    at.multiselect[0].set_value(["a"]).run()
    assert "ch" not in at.query_params and "m" not in at.query_params
