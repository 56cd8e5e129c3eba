"""A link for every view: a page's settings live in the URL query, so a teacher can send one.

Only values that differ from the default appear (``?depth=30&fn=tanh``), under short stable
names, and URL values are language-independent ids, never display labels.

- Numbers and switches use Streamlit's own binding (``bind="query-params"``) through
  ``slider``, ``number_input``, ``checkbox`` and ``toggle`` below: Streamlit reads the value
  at load, writes it on change, and silently drops a bad one; the wrapper checks the raw value
  first, so a bad one also gets a short notice (a toast) naming it and the range.
- Choices (``choice``, ``choices``) and ``tabs`` are kept by this module under their ids,
  since a bound selectbox or tab would put its translated label into the URL.

Every wrapper takes the widget's usual arguments; ``key`` is the URL name and must be unique on
the page. An uploaded or drawn image cannot travel in a link: pages say so next to their
image picker (``IMAGE_NOT_IN_LINK``). ``copy_link`` (drawn by ``app.py`` in the sidebar on every
page) shows the current view's URL with a copy button.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

import streamlit as st

from ui.i18n import _

BIND = "query-params"
IMAGE_NOT_IN_LINK = "A link opens on the default sample: an uploaded or drawn image cannot travel in it."
_NOTICED = "_links_noticed"   # session-state set of (page, key, raw) already reported


def _notice(key: str, raw, expected: str, template: str | None = None) -> None:
    """A toast, once per session for one bad value: ``?key=raw`` was ignored (``expected``
    says what would have been read; ``template``, a translated text with the same fields,
    says what happened instead). Public as ``notice`` for checks a page makes itself."""
    seen = st.session_state.setdefault(_NOTICED, set())
    token = (key, str(raw))
    if token in seen:
        return
    seen.add(token)
    template = template or _("Link setting {key}={raw} ignored ({expected}); the default is "
                             "shown.")
    st.toast(template.format(key=key, raw=str(raw)[:40], expected=expected),
             icon=":material/link_off:")


notice = _notice


def _raw(key: str) -> list[str]:
    return st.query_params.get_all(key) if key in st.query_params else []


def _number_ok(text: str, low, high, integer: bool) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    if not math.isfinite(value) or (integer and value != int(value)):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _check_numbers(key: str, low, high, integer: bool) -> None:
    """A bad ``?key=`` gets a notice; Streamlit then shows the default, except for a fraction
    in range for a whole-number widget (?depth=7.5), whose whole part it keeps (7)."""
    for text in _raw(key):
        if not _number_ok(text, low, high, integer):
            span = f"{low if low is not None else '-∞'} … {high if high is not None else '∞'}"
            if integer and _number_ok(text, low, high, False):
                _notice(key, text, _("a whole number in {span}", span=span),
                        template=_("Link setting {key}={raw} is not a whole number "
                                   "({expected}); its whole part is shown."))
            else:
                _notice(key, text, _("a number in {span}", span=span) if not integer
                        else _("a whole number in {span}", span=span))
            return


def _is_int(*values) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values if v is not None)


def slider(label: str, min_value, max_value, value, step=None, *, key: str, **kwargs):
    """``st.slider`` bound to ``?key=`` (a range slider: ``?key=lo&key=hi``)."""
    sample = value[0] if isinstance(value, (tuple, list)) else value
    _check_numbers(key, min_value, max_value, _is_int(sample, min_value, max_value, step))
    return st.slider(label, min_value, max_value, value, step, key=key, bind=BIND, **kwargs)


def number_input(label: str, min_value=None, max_value=None, value="min", step=None, *,
                 key: str, **kwargs):
    """``st.number_input`` bound to ``?key=``."""
    sample = min_value if value == "min" else value
    _check_numbers(key, min_value, max_value, _is_int(sample, step))
    return st.number_input(label, min_value, max_value, value, step, key=key, bind=BIND,
                           **kwargs)


def _check_bool(key: str) -> None:
    for text in _raw(key):
        if text.lower() not in ("true", "false"):
            _notice(key, text, "true / false")
            return


def checkbox(label: str, value: bool = False, *, key: str, **kwargs) -> bool:
    """``st.checkbox`` bound to ``?key=true|false``."""
    _check_bool(key)
    return st.checkbox(label, value, key=key, bind=BIND, **kwargs)


def toggle(label: str, value: bool = False, *, key: str, **kwargs) -> bool:
    """``st.toggle`` bound to ``?key=true|false``."""
    _check_bool(key)
    return st.toggle(label, value, key=key, bind=BIND, **kwargs)


def _write(key: str, values: list[str] | None) -> None:
    """Put ``values`` under ``?key=`` (remove it when None: the default)."""
    if values is None:
        if key in st.query_params:
            del st.query_params[key]
    elif _raw(key) != values:
        st.query_params[key] = values if len(values) > 1 else values[0]


def _initial(key: str, ids: list[str], default: list[str], multi: bool) -> list[str]:
    raw = _raw(key)
    if not raw:
        return default
    good = [r for r in raw if r in ids]
    bad = [r for r in raw if r not in ids]
    if bad or (not multi and len(raw) > 1):
        _notice(key, ",".join(bad or raw), _("one of: {ids}", ids=", ".join(ids[:12])))
    if not good:
        return default
    return good if multi else good[:1]


def choice(widget: Callable, label: str, options: Sequence, *, key: str, default=None,
           format_func: Callable = str, **kwargs):
    """A one-of-many widget (``st.selectbox``, ``st.radio``, ``st.segmented_control``,
    ``st.pills``) over ``options`` (ids: str or int), shown through ``format_func`` (the
    translated label), kept under ``?key=<id>``. Returns the chosen option."""
    options = list(options)
    ids = [str(o) for o in options]
    default = options[0] if default is None else default
    if key in st.session_state and st.session_state[key] not in options + [None]:
        st.session_state[key] = default   # options that depend on other widgets lost it
    if key not in st.session_state:
        first = _initial(key, ids, [str(default)], multi=False)[0]
        st.session_state[key] = options[ids.index(first)]
    else:   # sent again: the browser keeps a choice by its label, lost when labels change
        st.session_state[key] = st.session_state[key]   # (a language switch)
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    _write(key, None if value == default or value is None else [str(value)])
    return value


def choices(widget: Callable, label: str, options: Sequence, *, key: str, default=(),
            format_func: Callable = str, **kwargs) -> list:
    """A many-of-many widget (``st.multiselect``, ``st.pills(selection_mode="multi")``) kept
    under repeated ``?key=<id>&key=<id>``; ``?key=`` alone means an empty selection. A
    multiselect wraps its chips onto more rows (in a column Streamlit keeps them on one row that
    scrolls, so the chosen names read "uniform U…" with the rest hidden)."""
    options = list(options)
    if widget is st.multiselect:
        kwargs.setdefault("wrap", True)
    ids = [str(o) for o in options]
    default = list(default)
    if key in st.session_state:      # options that depend on other widgets may have shrunk
        kept = [v for v in st.session_state[key] or [] if v in options]
        if kept != list(st.session_state[key] or []):
            st.session_state[key] = kept
    if key not in st.session_state:
        raw = _raw(key)
        if raw == [""]:
            st.session_state[key] = []
        else:
            chosen = _initial(key, ids, [str(d) for d in default], multi=True)
            st.session_state[key] = [options[ids.index(c)] for c in dict.fromkeys(chosen)]
    value = list(widget(label, options, key=key, format_func=format_func, **kwargs) or [])
    if value == default:
        _write(key, None)
    else:
        _write(key, [str(v) for v in value] or [""])
    return value


def tabs(labels: Sequence[str], ids: Sequence[str], *, key: str):
    """``st.tabs`` whose open tab is kept under ``?key=<id>`` (the first tab is the default and
    leaves no parameter). Returns the tab containers, as ``st.tabs`` does."""
    ids = list(ids)
    state = f"_tab_{key}"
    if st.session_state.get(state) not in ids:   # unset, or another page's tab of this key
        st.session_state[state] = _initial(key, ids, [ids[0]], multi=False)[0]
    opened = st.session_state[state]
    containers = st.tabs(list(labels), default=labels[ids.index(opened)], key=key,
                         on_change="rerun")
    now = next((i for i, c in zip(ids, containers) if c.open), opened)
    st.session_state[state] = now
    _write(key, None if now == ids[0] else [now])
    return containers


def current_url() -> str:
    """This view's address: the page's URL and its query (language included)."""
    base = str(st.context.url or "").split("?")[0]
    query = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(query)}" if query else base


def copy_link(place) -> None:
    """A "Copy link" control in ``place`` (an ``st.empty``, redrawn in place): the view's URL in
    a code box (its copy button copies it)."""
    with place.container(), st.popover(_("Copy link"), icon=":material/link:", width="stretch"):
        st.caption(_("This address opens the same view: send it, or bookmark it."))
        st.code(current_url(), language=None, wrap_lines=True)
