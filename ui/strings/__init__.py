"""The Chinese catalogue: every module here holds ``ZH = {English: 中文}`` for its page or area,
and optionally ``ERRORS_ZH = {error code: template}`` (fields as in ``explorer.errors``) and
``MESSAGES_ZH = {English template of a message explorer builds: Chinese template}`` (see
``ui.i18n.message``; the Chinese names the same fields, without format specs).

Modules are merged at import; one English text translated two ways in two modules is a
mistake that ``tests/test_i18n.py`` reports.
"""
from __future__ import annotations

import importlib
import pkgutil


def _modules():
    return [importlib.import_module(f"{__name__}.{m.name}")
            for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]


def _merge(attribute: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in _modules():
        merged.update(getattr(module, attribute, {}))
    return merged


ZH: dict[str, str] = _merge("ZH")
ERRORS_ZH: dict[str, str] = _merge("ERRORS_ZH")
MESSAGES_ZH: dict[str, str] = _merge("MESSAGES_ZH")
