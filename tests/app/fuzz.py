"""Widget fuzzer: seeded random *allowed* values for every widget AppTest can set, on any page.

One trial changes 1–3 widgets of the page as it stands (widgets that appeared after an earlier
change included), reruns it and records what went wrong: an exception (uncaught, or shown with
``st.exception``), a rerun past the time limit, a NaN/inf shown as a metric, or a number input
without bounds (a user can type any value up to ±9,007,199,254,740,991 there, so the fuzzer
refuses to guess one and reports the missing ``min_value``/``max_value`` instead).

Values are what a browser can send: min, max, their neighbours and values in between for
number inputs and sliders; every option (and subsets) for option widgets, sent as the
formatted strings the browser sends; hostile text for text inputs. File uploaders, data
editors and the drawing canvas are exempt (AppTest cannot set them; uploads have their own
tests). A form's widgets are only changed together with a press of its submit button.
"""
from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass, field

import numpy as np
from streamlit.proto.NumberInput_pb2 import NumberInput as NumberInputProto
from streamlit.proto.Slider_pb2 import Slider as SliderProto
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget

HOSTILE_TEXT = ("", " ", "0", "-1", "1e309", "nan", "x" * 300, "😀\u202e\u0000",
                "[link](http://example.invalid)![img](http://example.invalid/i.png)",
                "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "../../etc/passwd")

# Every button is pressed ("Start training", "Train the comparison" too); instead, the widgets
# that decide how long a press runs are capped so a trial stays short: (page, label) -> highest
# value. A training's epoch count decides its length; the cap keeps one press to seconds.
CAPS: dict[tuple[str, str], float] = {
    ("train", "Epochs"): 2,
    ("label_smoothing", "epochs"): 2,
    ("tsne", "iterations"): 500,    # 1,000 only doubles the optimisation's length
}

# Buttons that start a deliberately long computation, announced on the page and tested on
# their own (tests/app/test_tsne.py): not pressed, or one trial would run for many minutes.
NOT_PRESSED: set[tuple[str, str]] = {
    ("tsne", "Compute the map of 70,000 points"),
}

NAN_TEXT = re.compile(r"\b(nan|inf)\b|∞", re.IGNORECASE)


@dataclass
class Failure:
    trial: int
    what: str                       # exception / timeout / nan / unbounded
    detail: str
    changes: list[str]              # what this trial set
    widgets: list[str] = field(default_factory=list)   # every widget's value before it

    def __str__(self) -> str:
        if not self.changes and not self.widgets:
            return f"trial {self.trial}: {self.what}: {self.detail}"
        return (f"trial {self.trial}: {self.what}: {self.detail}\n"
                f"    changed: {'; '.join(self.changes) or '(default run)'}\n"
                f"    before:  {'; '.join(self.widgets)}")


@dataclass
class LazyTabs:
    """``st.tabs(..., key=k, on_change="rerun")``: only the open tab runs; AppTest shows the
    tabs as blocks, and the open one is chosen through ``session_state[k]``."""
    at: AppTest
    key: str
    options: list[str]
    type: str = "tabs"

    @property
    def label(self) -> str:
        return self.key

    @property
    def value(self) -> str:
        return self.at.session_state[self.key] if self.key in self.at.session_state else ""


def _blocks(block):
    yield block
    for child in getattr(block, "children", {}).values():
        yield from _blocks(child)


def settable(at: AppTest) -> list:
    """Every widget of the current run the fuzzer can set (not disabled, not exempt), and
    every keyed lazy tab bar."""
    found = []
    for root in (at.main, at.sidebar):
        for node in _blocks(root):
            if (isinstance(node, Widget) and not getattr(node.proto, "disabled", False)
                    and node.type in CHOOSERS):
                found.append(node)
            elif getattr(node, "type", None) == "tab_container" and node.proto.tab_container.id:
                key = user_key_from_element_id(node.proto.tab_container.id)
                if key:
                    found.append(LazyTabs(at, key, [tab.label for tab in node.children.values()]))
    return found


def describe(widget: Widget) -> str:
    label = getattr(widget, "label", None) or widget.key or widget.id[-12:]
    return f"{widget.type} {label!r}"


def _force(widget: Widget, fill) -> None:
    """Send ``fill``'s state for ``widget`` on the next run, exactly as the browser sends it
    (option widgets send formatted option strings, which AppTest's set_value cannot take)."""
    state = WidgetState()
    state.id = widget.id
    fill(state)
    widget.__class__ = type(type(widget).__name__, (type(widget),),
                            {"_widget_state": property(lambda self: state)})


def _grid(rng, low, high, step, integer):
    """A value of [low, high]: an end, an end's neighbour, or one in between."""
    kind = rng.integers(6)
    if kind == 0:
        value = low
    elif kind == 1:
        value = high
    elif kind == 2:
        value = min(low + step, high)
    elif kind == 3:
        value = max(high - step, low)
    elif kind == 4:
        value = low + (high - low) * rng.random()
    else:  # skewed towards the small end, where ranges spanning decades are interesting
        value = low + (high - low) * rng.random() ** 4
    if integer:
        return int(round(value))
    if step and kind >= 4:   # on the step grid, as slider handles are
        value = min(high, low + step * round((value - low) / step))
    return float(value)


def _number(widget, rng, cap):
    high = widget.max if cap is None else min(widget.max, cap)
    integer = widget.proto.data_type == NumberInputProto.INT
    value = _grid(rng, widget.min, high, widget.step or 1, integer)
    widget.set_value(value)
    return value


def _slider(widget, rng, cap):
    if widget.proto.data_type not in (SliderProto.INT, SliderProto.FLOAT):
        return None   # date/time sliders: none in the app today
    integer = widget.proto.data_type == SliderProto.INT
    high = widget.max if cap is None else min(widget.max, cap)
    pick = [_grid(rng, widget.min, high, widget.step, integer) for _ in range(2)]
    value = sorted(pick) if isinstance(widget.value, (list, tuple)) else pick[0]
    widget.set_value(value)
    return value


def _other(options, current, rng):
    """One of ``options``, other than ``current`` when there is a choice."""
    others = [o for o in options if o != current] or options
    return others[rng.integers(len(others))]


def _one_option(widget, rng):
    if not widget.options:
        return None
    option = _other(widget.options, widget.options[widget.index]
                    if widget.index is not None else None, rng)
    _force(widget, lambda s: setattr(s, "string_value", option))
    return option


def _at_most(option: str, cap) -> bool:
    try:
        return cap is None or float(option) <= cap
    except ValueError:
        return True


def _select_slider(widget, rng, cap):
    allowed = sum(_at_most(o, cap) for o in widget.options)   # options are sorted
    indices = sorted(rng.integers(allowed, size=2))
    ranged = isinstance(widget.value, (list, tuple))
    chosen = [widget.options[i] for i in (indices if ranged else indices[:1])]
    _force(widget, lambda s: s.string_array_value.data.extend(chosen))
    return chosen if ranged else chosen[0]


def _multiselect(widget, rng, _cap):
    most = widget.max_selections or len(widget.options)
    size = int(rng.integers(0, min(most, len(widget.options)) + 1))
    chosen = [widget.options[i] for i in sorted(rng.choice(len(widget.options), size,
                                                           replace=False))]
    _force(widget, lambda s: s.string_array_value.data.extend(chosen))
    return chosen


def _checkbox(widget, _rng, _cap):
    value = not widget.value
    widget.set_value(value)
    return value


def _text(widget, rng, _cap):
    value = HOSTILE_TEXT[rng.integers(len(HOSTILE_TEXT))]
    if widget.max_chars:
        value = value[:widget.max_chars]
    widget.set_value(value)
    return value


def _colour(widget, rng, _cap):
    value = "#" + "".join(f"{c:02x}" for c in rng.integers(256, size=3))
    widget.set_value(value)
    return value


def _tab(tabs, rng, _cap):
    label = _other(tabs.options, tabs.value, rng)
    tabs.at.session_state[tabs.key] = label
    return label


def _button(widget, _rng, _cap):
    widget.click()
    return "click"


CHOOSERS = {
    "number_input": _number, "slider": _slider, "select_slider": _select_slider,
    "selectbox": lambda w, rng, _cap: _one_option(w, rng),
    "radio": lambda w, rng, _cap: _one_option(w, rng),
    "multiselect": _multiselect, "checkbox": _checkbox, "toggle": _checkbox,
    "text_input": _text, "text_area": _text, "color_picker": _colour, "button": _button,
    "tabs": _tab,
}


def unbounded(widgets: list[Widget]) -> list[str]:
    """Number inputs a user can push to ±9e15 (no min_value or no max_value)."""
    return [f"{describe(w)} has no " + " and no ".join(
                name for name, bound in (("min_value", w.min), ("max_value", w.max))
                if bound is None)
            for w in widgets if w.type == "number_input" and (w.min is None or w.max is None)]


def _snapshot(at: AppTest) -> list[str]:
    shown = []
    for w in settable(at):
        if w.type != "button":
            try:
                shown.append(f"{describe(w)}={w.value!r}")
            except Exception:  # noqa: BLE001 - a widget whose value AppTest cannot read
                shown.append(f"{describe(w)}=?")
    return shown


def _problems(at: AppTest) -> list[tuple[str, str]]:
    found = [("exception", f"{e.message} | {' / '.join(e.stack_trace[-3:])}")
             for e in at.exception]
    found += [("nan", f"metric {m.label!r} shows {m.value!r} ({m.proto.delta!r})")
              for m in at.metric if NAN_TEXT.search(f"{m.value} {m.proto.delta}")]
    return found


def _trial(page: str, at: AppTest, rng) -> list[str]:
    """Set 1–3 random widgets (and submit their form); what was set, as text."""
    usable = [w for w in settable(at)
              if (w.type != "number_input" or (w.min is not None and w.max is not None))
              and not (w.type == "button" and (page, w.label) in NOT_PRESSED)]
    if not usable:
        return []
    changes, forms = [], set()
    for i in rng.choice(len(usable), min(len(usable), int(rng.integers(1, 4))), replace=False):
        widget = usable[i]
        value = CHOOSERS[widget.type](widget, rng, CAPS.get((page, widget.label)))
        changes.append(f"{describe(widget)}={value!r}")
        if getattr(widget, "form_id", ""):
            forms.add(widget.form_id)
    for widget in usable:   # a form's values count only when it is submitted
        if (widget.type == "button" and widget.proto.is_form_submitter
                and widget.form_id in forms and widget.value is not True):
            widget.click()
            changes.append(f"{describe(widget)}='click'")
    return changes


def fuzz_page(page: str, open_app, trials: int, seed: int, timeout: float,
              durations: list[float]) -> list[Failure]:
    """``trials`` random trials on the AppTest ``open_app()`` returns (already run once; it is
    opened again after a run that timed out); every failure found. Rerun times go to
    ``durations``."""
    rng = np.random.default_rng([seed, zlib.crc32(page.encode())])
    at = open_app()
    failures = [Failure(0, what, detail, [], _snapshot(at)) for what, detail in _problems(at)]
    failures += [Failure(0, "unbounded", problem, []) for problem in unbounded(settable(at))]
    reported = {f.detail for f in failures}
    for trial in range(1, trials + 1):
        before = _snapshot(at)
        changes = _trial(page, at, rng)
        if not changes:
            break
        start = time.perf_counter()
        try:
            at.run(timeout=timeout)
        except RuntimeError as err:   # AppTest: "script run timed out"
            failures.append(Failure(trial, "timeout", str(err), changes, before))
            at = open_app()
            continue
        finally:
            durations.append(time.perf_counter() - start)
        failures += [Failure(trial, what, detail, changes, before)
                     for what, detail in _problems(at)]
        for problem in unbounded(settable(at)):   # inputs shown only after a change
            if problem not in reported:
                reported.add(problem)
                failures.append(Failure(trial, "unbounded", problem, changes))
    return failures


def report(page: str, seed: int, trials: int, failures: list[Failure]) -> str:
    """The assertion message: how to replay, then every failure (the first 12 in full)."""
    head = (f"{page}: {len(failures)} problem(s) in {trials} trials; replay with "
            f"EXPLORER_FUZZ_SEED={seed} EXPLORER_FUZZ_TRIALS={trials} (trial n depends on the "
            f"trials before it)")
    return "\n".join([head] + [str(f) for f in failures[:12]]
                     + ([f"... and {len(failures) - 12} more"] if len(failures) > 12 else []))
