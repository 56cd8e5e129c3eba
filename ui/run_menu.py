"""Training-lab runs in model menus: the usable ones, and a word about those left out.

Every page that lists runs (Predict, Feature maps, t-SNE, the Training lab) reads them through
``explorer.runs.list_runs``, which never raises for what a run folder holds; a damaged run is
left out of the menus here and named with its problem, so it never vanishes without a word.
"""
from __future__ import annotations

import uuid

import streamlit as st

from explorer import runs
from ui.text import md

SESSION_KEY = "training_session"   # owner of the runs this browser session makes


def session_id() -> str:
    """This browser session's owner key, stored in owner.json of the runs it makes (only it
    may delete them). It lives as long as the Streamlit session: a reload starts a new one."""
    return st.session_state.setdefault(SESSION_KEY, uuid.uuid4().hex)


def usable_runs(container=st, exclude: tuple[str, ...] = ()) -> list[runs.RunInfo]:
    """Runs whose model can be loaded, newest first (minus ``exclude``). Damaged and
    interrupted runs without a usable checkpoint get one caption in ``container``."""
    listed = [r for r in runs.list_runs() if r.id not in exclude]
    left_out = [r for r in listed if not r.usable and r.status in (runs.DAMAGED,
                                                                   runs.INTERRUPTED)]
    if left_out:
        container.caption("Not offered: " + "; ".join(
            f"{md(r.id)} ({r.status}: {md(r.problem or 'no checkpoint')})" for r in left_out)
            + ". The Training lab's Runs tab lists them.")
    return [r for r in listed if r.usable]
