"""The study notes' claims, each checked live with ``explorer``: the course map of the app.

A ``Claim`` names where it is in the notes (``seed``: the note's file-name prefix; ``anchor_zh``:
a term of that note, verbatim, under 20 characters, so a reader can find the passage), restates
it in both languages, names the catalogue page that demonstrates it, and ``check(**settings)``
computes whether it holds under that page's settings (its defaults when none are given).

The claims themselves live in ``explorer.claims.note<N>`` (one module per note, each exporting
``CLAIMS``), gathered here in note order. ``NOTES`` gives every note its readable name, used
wherever the app cites a note instead of the bare file number.
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Note:
    seed: str       # file-name prefix in ../shared/seeds, "000" … "004"
    title_en: str
    title_zh: str

    @property
    def name_en(self) -> str:
        return f"Note {int(self.seed)} · {self.title_en}"

    @property
    def name_zh(self) -> str:
        return f"笔记{int(self.seed)} · {self.title_zh}"


NOTES: dict[str, Note] = {n.seed: n for n in (
    Note("000", "Deep-learning overview", "深度学习资料梳理"),
    Note("001", "Deep-learning basics and interview questions", "深度学习基础与面试题"),
    Note("002", "PyTorch reading notes", "深入浅出PyTorch阅读笔记"),
    Note("003", "Deep-learning algorithms: detection and vision tasks", "深度学习算法"),
    Note("004", "CNN basics and gradient descent", "卷积神经网络与梯度下降"),
)}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: ``holds`` True / False, or None when the settings do not
    apply; ``figure`` the measured number(s) as short text (``figure_zh`` its Chinese, when it
    has words; empty when ``figure`` reads the same in both); ``why_en`` / ``why_zh`` one
    line."""
    holds: bool | None
    figure: str
    why_en: str
    why_zh: str
    figure_zh: str = ""

    def __post_init__(self):   # numpy's bool_ (a comparison of arrays) becomes a real bool
        if self.holds is not None:
            object.__setattr__(self, "holds", bool(self.holds))

    def to_json(self) -> dict:
        return {"holds": self.holds, "figure": self.figure, "why_en": self.why_en,
                "why_zh": self.why_zh, "figure_zh": self.figure_zh}

    @classmethod
    def from_json(cls, data: dict) -> Verdict:
        return cls(**data)


def not_applicable(figure: str, why_en: str, why_zh: str, figure_zh: str = "") -> Verdict:
    """The verdict of a check whose claim does not apply under the given settings."""
    return Verdict(None, figure, why_en, why_zh, figure_zh)


@lru_cache(maxsize=1)
def digits():
    """The bundled digits' default splits (explorer.data.load_dataset), loaded once for the
    checks that look at the data."""
    from explorer.data import load_dataset
    return load_dataset("digits")


def training_splits(data: str):
    """The splits of data set ``data`` (the Training lab's ``data``), or None when it is not
    available on this machine or not a data set at all."""
    from explorer.errors import InputError
    if data == "digits":
        return digits()
    from explorer.data import load_dataset
    try:
        return load_dataset(data)
    except InputError:
        return None


@dataclass(frozen=True)
class Claim:
    id: str                      # stable, short, unique: "act.sigmoid_vanishes"
    seed: str                    # "000" … "004"
    anchor_zh: str               # verbatim in that note, < 20 characters
    claim_en: str                # the claim in our own words
    claim_zh: str
    page: str                    # "app_pages/<name>.py", the page that demonstrates it
    check: Callable[..., Verdict] = field(repr=False, compare=False)
    link: dict[str, str] = field(default_factory=dict)   # URL query that shows it best

    @property
    def note(self) -> Note:
        return NOTES[self.seed]


@lru_cache(maxsize=1)
def _gather() -> tuple[Claim, ...]:
    """Every note's claims, imported on first use (so a claim module can import this one)."""
    claims: list[Claim] = []
    for seed in NOTES:
        name = f"explorer.claims.note{seed}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:     # the module exists but something it imports does not
                raise
            continue
        claims.extend(module.CLAIMS)
    return tuple(claims)


def __getattr__(name: str):
    """``CLAIMS``: a tuple of every ``Claim``, in note order (gathered on first access)."""
    if name == "CLAIMS":
        return _gather()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def claims_for(page: str) -> tuple[Claim, ...]:
    """The claims shown on ``page`` (``"app_pages/<name>.py"``), in note order."""
    return tuple(c for c in _gather() if c.page == page)


def by_id(claim_id: str) -> Claim:
    for claim in _gather():
        if claim.id == claim_id:
            return claim
    raise KeyError(claim_id)


def at_defaults(claim: Claim, settings: dict) -> bool:
    """Whether ``settings`` (a page's values under their URL names) are the claim's defaults:
    every parameter its check names that ``settings`` holds has its default value, of the same
    type (1.0 for a default 1 could print differently); names the check ignores do not
    matter."""
    parameters = inspect.signature(claim.check).parameters
    for name, value in settings.items():
        parameter = parameters.get(name)
        if parameter is None or parameter.kind is parameter.VAR_KEYWORD:
            continue
        default = parameter.default
        if type(value) is not type(default) or not isinstance(value == default, bool) \
                or value != default:
            return False
    return True


def default_verdict(claim: Claim) -> Verdict:
    """The claim's check at its defaults, computed once per installation and code version and
    kept on disk under the claim's id (``explorer.disk_cache``); a process asking while another
    computes it waits for that one. A check that raises keeps nothing and raises."""
    from explorer import disk_cache
    return Verdict.from_json(disk_cache.cached(
        "verdict", {"claim": claim.id}, lambda: claim.check().to_json()))
