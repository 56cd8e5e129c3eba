"""A small persistent cache: what a heavy page shows first, computed once per installation.

``cached(name, args, compute)`` returns ``compute()``'s value, kept on disk under
``EXPLORER_CACHE`` (default ``<repo>/.cache/``) and keyed by ``name``, ``args`` (JSON-able) and
the code's version (a hash of the ``explorer`` package's source, computed once per process), so
a code change computes afresh. Values are JSON-able (``arrays=False``) or a dict of numpy
arrays (``arrays=True``, stored as .npz and read back without pickle).

Entries are written atomically (a temporary file renamed into place), and an exclusive file
lock (fcntl) per entry makes a second process asking for the same entry wait for the first
one's computation instead of starting its own. An entry that cannot be read (damaged, cut
short, of the wrong kind) is computed again and replaced, never raised. A value larger than
``budget.MAX_CACHE_ENTRY_BYTES`` is returned but not kept, and so is every value when the
cache folder cannot be written (read-only, a file in its place, a full disk).
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from explorer import budget
from explorer.runs import atomic_write

PACKAGE = Path(__file__).resolve().parent
DEFAULT_ROOT = PACKAGE.parent / ".cache"


def root() -> Path:
    """The cache folder: ``$EXPLORER_CACHE`` or ``<repo>/.cache``."""
    return Path(os.environ.get("EXPLORER_CACHE") or DEFAULT_ROOT)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every .py file of the ``explorer`` package (path and content), once per
    process."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def entry_path(name: str, args: dict, arrays: bool = False) -> Path:
    """Where the entry for ``name`` and ``args`` at the current code version lives."""
    key = json.dumps({"name": name, "args": args, "version": code_version()}, sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:60]
    return root() / f"{stem}-{digest}.{'npz' if arrays else 'json'}"


def _encode(value, arrays: bool) -> bytes:
    if not arrays:
        return json.dumps(value, allow_nan=True).encode()
    buffer = io.BytesIO()
    np.savez(buffer, **{k: np.asarray(v) for k, v in value.items()})
    return buffer.getvalue()


def _decode(data: bytes, arrays: bool):
    """The value as a later hit reads it back (JSON's lists, not tuples)."""
    return json.loads(data) if not arrays else dict(np.load(io.BytesIO(data), allow_pickle=False))


def _read(path: Path, arrays: bool):
    """The stored value, or None when the entry is missing or cannot be read."""
    try:
        if not arrays:
            return {"value": json.loads(path.read_bytes())}
        with np.load(path, allow_pickle=False) as stored:
            return {"value": {k: stored[k] for k in stored.files}}
    except Exception:   # noqa: BLE001 - missing, or damaged (bad JSON, bad zip, cut short)
        return None


def cached(name: str, args: dict, compute: Callable[[], object], *, arrays: bool = False):
    """``compute()``'s value for ``name`` and ``args``, from disk when an earlier call (in any
    process) computed it at this code version; computed once otherwise, other callers waiting.
    ``compute`` raising stores nothing and raises."""
    path = entry_path(name, args, arrays)
    hit = _read(path, arrays)
    if hit is not None:
        return hit["value"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_suffix(path.suffix + ".lock"), "a")
    except OSError:   # a read-only or misplaced cache folder: computed each time, kept nowhere
        return _decode(_encode(compute(), arrays), arrays)
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)        # released when the file closes
        hit = _read(path, arrays)               # computed while we waited
        if hit is not None:
            return hit["value"]
        data = _encode(compute(), arrays)
        if len(data) <= budget.MAX_CACHE_ENTRY_BYTES:
            try:
                atomic_write(path, data)
            except OSError:                     # a full disk: not kept
                pass
    return _decode(data, arrays)
