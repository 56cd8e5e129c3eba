"""Training-lab runs in model menus: the ones a page can use, and a word about those left out.

Every page that lists runs (Predict, Feature maps, t-SNE, the Training lab) reads them through
``explorer.runs.list_runs``, which never raises for what a run folder holds. A menu offers
only the runs that work on its page: a damaged run, an interrupted one without a checkpoint,
or one whose model the page cannot use (``unfit``: a 2-D moons MLP on Predict, any MLP on
Feature maps) is left out and named, with why, in one caption, so it never vanishes without a
word and never fails only after it is picked.
"""
from __future__ import annotations

import uuid

import streamlit as st

from explorer import runs
from ui.i18n import _, message, pick
from ui.text import md

SESSION_KEY = "training_session"   # owner of the runs this browser session makes
IMAGES, CONV = "images", "conv"    # what a page needs: a model of images, or one with convs


def session_id() -> str:
    """This browser session's owner key, stored in owner.json of the runs it makes (only it
    may delete them). It lives as long as the Streamlit session: a reload starts a new one."""
    return st.session_state.setdefault(SESSION_KEY, uuid.uuid4().hex)


def unfit(run: runs.RunInfo, need: str | None) -> str | None:
    """Why ``run``'s model cannot serve a page that needs ``need`` (None: any model;
    ``IMAGES``: trained on images; ``CONV``: images and convolution layers; any page: its data
    set on this machine), or None."""
    from explorer.data import is_image_set, unavailable_reason
    from explorer.models import IMAGE_ONLY
    dataset, model = run.config.get("dataset"), run.config.get("model")
    if need in (IMAGES, CONV) and not is_image_set(dataset):
        return _("trained on {dataset}, 2-D points, not images", dataset=dataset)
    if need == CONV and model not in IMAGE_ONLY:
        return _("{model} has no convolution layers, so no feature maps", model=model)
    if dataset and unavailable_reason(dataset):    # its classes and test split come from it
        return _("its data set {dataset} is not on this machine", dataset=dataset)
    return None


def usable_runs(container=st, exclude: tuple[str, ...] = (), need: str | None = None
                ) -> list[runs.RunInfo]:
    """Runs whose model loads and suits ``need`` (see ``unfit``), newest first, minus
    ``exclude``. The others, except those still training, get one caption in ``container``
    naming each with why it is not offered."""
    listed = [r for r in runs.list_runs() if r.id not in exclude]
    reasons = {}
    for r in listed:
        if not r.usable and r.status in (runs.DAMAGED, runs.INTERRUPTED):
            reasons[r.id] = f"{status_name(r.status)}: {problem_text(r) or _('no checkpoint')}"
        elif r.usable and unfit(r, need):
            reasons[r.id] = unfit(r, need)
    if reasons:
        container.caption(_("Not offered here: {runs}. The Training lab's Runs tab lists every "
                            "run.", runs="; ".join(f"{md(rid)} ({md(why)})"
                                                   for rid, why in reasons.items())))
    return [r for r in listed if r.usable and r.id not in reasons]


def status_name(status: str) -> str:
    """A run status (``explorer.runs``) in the reader's language."""
    names = {"running": _("running"), "interrupted": _("interrupted"), "damaged": _("damaged"),
             "finished": _("finished"), "stopped": _("stopped"), "diverged": _("diverged"),
             "early stopping": _("early stopping"), "imported": _("imported"),
             "failed": _("failed"), "cancelled": _("cancelled")}
    return names.get(status, status)


def problem_text(run: runs.RunInfo) -> str | None:
    """Why ``run`` is damaged or interrupted (``RunInfo.problem``), in the reader's language:
    each damaged file's problem translated on its own."""
    if run.problems:
        return pick("; ", "；").join(message(p) for p in run.problems)
    return message(run.problem)


def run_label(run: runs.RunInfo) -> str:
    """``RunInfo.label`` in the reader's language: "<id> (finished, test acc 97.5%)"."""
    acc = run.summary.get("test_accuracy")
    state = (_("damaged: {problem}", problem=problem_text(run)) if run.status == runs.DAMAGED
             else status_name(run.status))
    if acc is None:
        return f"{run.id} ({state})"
    return _("{id} ({state}, test acc {acc})", id=run.id, state=state, acc=f"{acc:.1%}")
