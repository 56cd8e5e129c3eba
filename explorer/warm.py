"""Compute once per installation what the heavy pages show first, so no visitor waits for it.

    python -m explorer.warm

trains (or loads) the default digits model (``explorer.predict.default_digits``, kept in
``runs/``) and computes every claim's verdict at its defaults (``explorer.notes.
default_verdict``, kept in the disk cache, ``explorer.disk_cache``) and the Label smoothing
page's default trained pair (``explorer.smoothing_comparison.default_pair``, kept there
too), printing each step and its time. What is already there is only read back, so a second
run is quick; a code change (the cache is keyed by the ``explorer`` package's source)
computes them again. ``make run`` runs it before starting the server. A check that raises is
reported and skipped (the page shows its message) and the next run tries it again; the exit
status is 0 all the same, the server must start.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable


def _timed(label: str, step: Callable[[], object], out) -> bool:
    """Runs ``step``, printing ``label``, its time and whether it failed; True when it ran."""
    start = time.perf_counter()
    try:
        step()
    except Exception as err:   # noqa: BLE001 - one failing step must not stop the others
        print(f"  {label}: failed after {time.perf_counter() - start:.1f} s: "
              f"{type(err).__name__}: {err}", file=out, flush=True)
        return False
    print(f"  {label}: {time.perf_counter() - start:.1f} s", file=out, flush=True)
    return True


class _Failed(Exception):
    """Some verdicts could not be computed: the run is not recorded as complete."""


def _verdicts(out) -> list[str]:
    """Every claim's verdict at its defaults (each kept in the disk cache); the claims' ids,
    or ``_Failed`` when any check raised."""
    from explorer.notes import CLAIMS, default_verdict
    print(f"  {len(CLAIMS)} claims' verdicts at their defaults:", file=out, flush=True)
    failed = sum(not _timed("  " + claim.id, lambda c=claim: default_verdict(c), out)
                 for claim in CLAIMS)
    if failed:
        raise _Failed(f"{failed} check(s) failed")
    return [claim.id for claim in CLAIMS]


def _label_smoothing_pair() -> bool:
    """The Label smoothing page's default trained pair, kept in the disk cache."""
    from explorer.smoothing_comparison import default_pair
    default_pair()
    return True


def _tsne_default() -> bool:
    """The t-SNE page's default map (digits pixels at the default settings), kept in the disk
    cache (``explorer.embedding.persisted_tsne``)."""
    from explorer import embedding
    embedding.persisted_tsne(embedding.digits_pixels().x)
    return True


def warm(out=None) -> bool:
    """Computes every default view this module covers; True when all of them are ready.

    Once a run has computed every verdict at this code version, a manifest entry in the disk
    cache says so and later runs only read it back (without importing torch or the claims)."""
    from explorer import disk_cache, runs
    from explorer.refs import DEFAULT_RUN
    out = out or sys.stdout
    start = time.perf_counter()
    print(f"Warming the default views into {disk_cache.root()} "
          f"(code version {disk_cache.code_version()})", file=out, flush=True)
    ok = True
    if (runs.runs_root() / DEFAULT_RUN / runs.SUMMARY).exists():
        print(f"  default digits model: already in runs/{DEFAULT_RUN}", file=out, flush=True)
    else:
        from explorer import predict
        ok = _timed(f"default digits model (runs/{DEFAULT_RUN})", predict.default_digits, out)
    try:
        ids = disk_cache.cached("warm", {}, lambda: _verdicts(out))
        print(f"  {len(ids)} claims' verdicts at their defaults: ready", file=out, flush=True)
    except _Failed as err:
        print(f"  {err}: the pages compute them on the first visit", file=out, flush=True)
        ok = False
    # a manifest entry, as for the verdicts: a second run reads it without importing torch
    ok = _timed("label smoothing's default pair (ε = 0 and ε = 0.1)",
                lambda: disk_cache.cached("warm.label_smoothing", {}, _label_smoothing_pair),
                out) and ok
    ok = _timed("t-SNE of the digits at the default settings",
                lambda: disk_cache.cached("warm.tsne", {}, _tsne_default), out) and ok
    print(f"Done in {time.perf_counter() - start:.1f} s", file=out, flush=True)
    return ok


if __name__ == "__main__":
    warm()
