"""The Chinese catalogue is complete and has no dead entries.

Every ``_("literal")`` in the app (app.py, app_pages/, ui/) has a Chinese entry; every entry is
used: its English text occurs as a string literal somewhere in the app or in ``explorer``
(figure titles and axis labels are translated from explorer's text by ``ui.i18n.figure``).
"""
import ast
from pathlib import Path

import pytest

from ui.strings import ERRORS_ZH, ZH, _modules

ROOT = Path(__file__).resolve().parents[1]
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
             *sorted(p for p in (ROOT / "ui").rglob("*.py") if "strings" not in p.parts)]
EXPLORER_FILES = sorted((ROOT / "explorer").rglob("*.py"))


def _translated_literals(path: Path) -> set[str]:
    """First arguments of ``_("...")`` calls that are plain string literals."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "_" and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def _all_literals(paths) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_translated_text_has_a_chinese_entry(path):
    missing = sorted(t for t in _translated_literals(path) if t not in ZH)
    assert not missing, f"{len(missing)} texts of {path.name} lack Chinese: {missing[:10]}"


def test_every_chinese_entry_is_used():
    used = _all_literals(APP_FILES + EXPLORER_FILES)
    unused = sorted(k for k in ZH if k not in used)
    assert not unused, f"{len(unused)} unused catalogue entries: {unused[:10]}"


def test_no_text_is_translated_two_ways():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for module in _modules():
        for english, chinese in getattr(module, "ZH", {}).items():
            if english in seen and seen[english][1] != chinese:
                clashes.append((english, seen[english][0], module.__name__))
            seen[english] = (module.__name__, chinese)
    assert not clashes, clashes[:10]


def test_templates_keep_their_fields():
    """A Chinese template has exactly the English template's {fields}."""
    import string
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    wrong = [k for k, v in ZH.items() if "{" in k and fields(k) != fields(v)]
    assert not wrong, wrong[:10]


def test_error_templates_cover_the_codes_explorer_uses():
    from explorer import errors
    codes = {line.split()[0] for line in errors.__doc__.split("Codes used across the package:")[1]
             .strip().splitlines() if line.strip()}
    assert codes - {"other"} <= set(ERRORS_ZH), sorted(codes - set(ERRORS_ZH))


@pytest.mark.parametrize("zh, expected", [(False, "ReLU, GELU, 全零"), (True, "ReLU、GELU、全零")])
def test_names_are_listed_with_the_readers_comma(monkeypatch, zh, expected):
    from ui import i18n
    monkeypatch.setattr(i18n, "is_zh", lambda: zh)
    assert i18n.join(["ReLU", "GELU", "全零"]) == expected
    assert i18n.join([]) == ""
