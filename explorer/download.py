"""Datasets and weights on request: a small downloader on torchvision's own URL and hash tables.

Nothing is downloaded unless asked (the Home page's "Get data" buttons, Predict's "Get
ImageNet weights" button, or the command line)::

    python -m explorer.data get mnist            # or fashion_mnist, cifar10, resnet18, all
    python -m explorer.data get tv:convnext_tiny # any torchvision classifier the app offers
    python -m explorer.data list

Each file goes to ``<final name>.part`` (resumed with an HTTP Range request when a previous try
was cut off, restarted from zero when the server ignores the range), and is renamed to its
final name only once its MD5 (datasets) or SHA-256 prefix (torchvision weights, the 8 hex
digits in the file name) matches. Archives are unpacked into a temporary folder or name and
renamed when complete, so no page ever reads a half-written file.

Two settings, both environment variables:

``EXPLORER_MIRROR``     a base URL: every file is fetched from ``<mirror>/<file name>`` (the
                        last part of torchvision's URL) instead, for machines behind a firewall.
``EXPLORER_DOWNLOADS``  ``off`` switches downloads off (a served instance); anything else, or
                        unset, allows them.

Items are the static ``ITEMS`` (datasets, and the two weights Home offers) and ``tv:<arch>``
for every architecture ``explorer.tv_models`` offers: that item is built on request from
torchvision's weights enum (its URL, the SHA-256 prefix in its file name as torch.hub checks it,
its ``_file_size``), so torch is imported only when such an item is asked for, never by Home.
Tests patch the tables: an entry of ``ITEMS`` under a ``tv:`` name stands in for torchvision's.

The data folder plus torch's hub checkpoints folder are capped at ``budget.MAX_DATA_BYTES``.
"""
from __future__ import annotations

import errno
import fcntl
import gzip
import hashlib
import http.client
import os
import queue
import re
import shutil
import sys
import tarfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from explorer import budget
from explorer.errors import InputError
from explorer.offline import DATASET_FILES, WEIGHT_FILES, data_root, dataset_status, weights_dir

MIRROR_ENV = "EXPLORER_MIRROR"
SWITCH_ENV = "EXPLORER_DOWNLOADS"
CHUNK = 1 << 18              # 256 KiB per read
TIMEOUT_S = 30               # per connection and per read
ATTEMPTS = 3                 # tries per file in one call, each resuming the last
FREE_MARGIN = 100 * 2**20    # leave this much of the disk free


@dataclass(frozen=True)
class Remote:
    """One file to fetch: torchvision's URLs (tried in order) and its published hash."""
    urls: tuple[str, ...]
    target: str               # path under its root, as torchvision reads it
    size: int                 # bytes to download (torchvision's files; for the disk check)
    unpacked: int             # bytes it takes once unpacked (= size when not an archive)
    md5: str = ""             # datasets: torchvision's MD5 table
    sha256_prefix: str = ""   # weights: the hex digits torch.hub checks (from the file name)
    root: str = "data"        # "data" (EXPLORER_DATA) or "weights" (torch's hub cache)
    unpack: str = ""          # "gunzip", "untar" or "" (kept as downloaded)

    @property
    def name(self) -> str:
        return self.urls[0].rsplit("/", 1)[-1]


def _mnist(folder: str, mirrors: tuple[str, ...], table) -> tuple[Remote, ...]:
    return tuple(Remote(tuple(m + f for m in mirrors), f"{folder}/raw/{f}", size, unpacked,
                        md5=md5, unpack="gunzip") for f, md5, size, unpacked in table)


_IDX = (47_040_016, 60_008, 7_840_016, 10_008)   # MNIST and Fashion-MNIST unpacked sizes
# torchvision 0.29's tables (datasets.MNIST.mirrors/.resources, FashionMNIST, CIFAR10.url/
# .tgz_md5/.train_list/.test_list/.meta, models.*_Weights.IMAGENET1K_V1.url), copied so the
# Home page need not import torch; tests/test_download.py checks they still agree.
ITEMS: dict[str, tuple[Remote, ...]] = {
    "mnist": _mnist("MNIST", ("https://ossci-datasets.s3.amazonaws.com/mnist/",
                              "http://yann.lecun.com/exdb/mnist/"), (
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422, _IDX[0]),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881, _IDX[1]),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877, _IDX[2]),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542, _IDX[3]))),
    "fashion_mnist": _mnist("FashionMNIST", (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",), (
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", 26_421_880, _IDX[0]),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", 29_515, _IDX[1]),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", 4_422_102, _IDX[2]),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", 5_148, _IDX[3]))),
    "cifar10": (Remote(("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",),
                       "cifar-10-batches-py", 170_498_071, 186_214_130,
                       md5="c58f30108f718f92721af3b95e74349a", unpack="untar"),),
    "resnet18": (Remote(("https://download.pytorch.org/models/resnet18-f37072fd.pth",),
                        WEIGHT_FILES["resnet18"], 46_830_571, 46_830_571,
                        sha256_prefix="f37072fd", root="weights"),),
    "mobilenet_v3_small": (Remote(
        ("https://download.pytorch.org/models/mobilenet_v3_small-047dcff4.pth",),
        WEIGHT_FILES["mobilenet_v3_small"], 10_306_551, 10_306_551,
        sha256_prefix="047dcff4", root="weights"),),
}
# The files of CIFAR-10's archive that torchvision checks, with their MD5s.
CIFAR10_MEMBERS: dict[str, str] = {
    "data_batch_1": "c99cafc152244af753f735de768cd75f",
    "data_batch_2": "d4bba439e000b95fd0a9bffe97cbabec",
    "data_batch_3": "54ebc095f3ab1f0389bbae665268c751",
    "data_batch_4": "634d18415352ddfa80567beed471001a",
    "data_batch_5": "482c414d41f54cd18b22e5b47cb7c3cb",
    "test_batch": "40351d587109b95175f43aff81a1287e",
    "batches.meta": "5ff9c542aee3614f3951f8cda6e48888",
}
ITEM_NAMES = tuple(ITEMS)
TV_PREFIX = "tv:"
HUB_HASH = re.compile(r"-([a-f0-9]*)\.")    # torch.hub.HASH_REGEX: the hash in a file name

Progress = Callable[[str, int, "int | None"], None]   # (file name, bytes done, bytes expected)


class DownloadError(InputError):
    """A download that could not finish; ``code`` says why (see ``ui/strings/get_data.py``):
    download_off, download_offline, download_http, download_checksum, download_interrupted,
    download_busy, download_archive, budget."""


def downloads_enabled() -> bool:
    return os.environ.get(SWITCH_ENV, "").strip().lower() not in ("off", "0", "no", "false")


def mirror() -> str:
    return os.environ.get(MIRROR_ENV, "").strip().rstrip("/")


def _root(remote: Remote) -> Path:
    return weights_dir() if remote.root == "weights" else data_root()


def tv_remote(arch: str) -> Remote:
    """The ImageNet weights of the offered torchvision architecture ``arch`` (InputError when
    it is not offered), from torchvision's weights enum: imports torch."""
    from explorer import tv_models
    found = tv_models.check_arch(arch)
    prefix = HUB_HASH.search(found.file)
    if not prefix or not prefix.group(1):
        raise InputError("other", f"{found.file} carries no hash in its name, so it could not "
                         f"be checked: place it by hand", name=found.file)
    return Remote((found.url,), found.file, found.file_bytes, found.file_bytes,
                  sha256_prefix=prefix.group(1), root="weights")


def remotes(name: str) -> tuple[Remote, ...]:
    """The files of item ``name``: a key of ``ITEMS`` or ``tv:<arch>``; InputError otherwise."""
    if isinstance(name, str) and name in ITEMS:
        return ITEMS[name]
    if isinstance(name, str) and name.startswith(TV_PREFIX):
        return (tv_remote(name.removeprefix(TV_PREFIX)),)
    raise InputError("choice", f"unknown download {name!r}; expected one of "
                     f"{', '.join(ITEM_NAMES)} or tv:<architecture>", name="download",
                     value=name, options=ITEM_NAMES)


def is_present(name: str) -> bool:
    """Whether item ``name`` is complete on disk, by offline's rules (a weights file: there)."""
    if name in DATASET_FILES:
        return dataset_status(name).available
    return all((_root(r) / r.target).is_file() for r in remotes(name))


def _folder_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total


def used_bytes() -> int:
    """Bytes the capped area holds now: the data folder and torch's hub checkpoints folder
    (where every weights file goes; others' files there count too)."""
    return _folder_bytes(data_root()) + _folder_bytes(weights_dir())


# Refusals, as templates (a page translates them: ui.i18n.message).
OVER_DATA_BUDGET = ("{what} needs {needed:,.1f} MB, and the data folder and weights already hold "
                    "{used:,.1f} MB of the {limit:,.1f} MB allowed (budget.MAX_DATA_BYTES): delete "
                    "data you no longer use")
DISK_FULL = ("{what} needs {needed:,.1f} MB but the disk has {free:,.1f} MB free: make room on "
             "the server's disk")
HTTP_ERROR = ("{url} answered HTTP {status} ({reason}): check the address, or the mirror in "
              "EXPLORER_MIRROR")


def check_room(needed: int, what: str) -> None:
    """InputError("budget") when ``needed`` more bytes would pass MAX_DATA_BYTES or leave less
    than FREE_MARGIN free on the disk of the data folder."""
    used = used_bytes()
    if used + needed > budget.MAX_DATA_BYTES:
        raise DownloadError("budget", OVER_DATA_BUDGET.format(
            what=what, needed=needed / 1e6, used=used / 1e6, limit=budget.MAX_DATA_BYTES / 1e6),
                            what=what, needed=f"{needed / 1e6:,.1f} MB",
                            limit=f"{budget.MAX_DATA_BYTES / 1e6:,.1f} MB")
    probe = data_root()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if needed + FREE_MARGIN > free:
        raise DownloadError("budget", DISK_FULL.format(what=what, needed=needed / 1e6,
                                                       free=free / 1e6), what=what,
                            needed=f"{needed / 1e6:,.1f} MB", limit=f"{free / 1e6:,.1f} MB")


def _urls(remote: Remote) -> tuple[str, ...]:
    base = mirror()
    return (f"{base}/{remote.name}",) if base else remote.urls


class _Hasher:
    """The file's MD5 or SHA-256, computed in a thread while it downloads (hashlib releases
    the GIL on large blocks): checking 170 MB no longer adds a second pass after the last
    byte. It starts with the ``offset`` bytes a resumed part already holds."""

    def __init__(self, remote: Remote, part: Path, offset: int) -> None:
        self.hash = hashlib.md5() if remote.md5 else hashlib.sha256()
        self.blocks: queue.Queue = queue.Queue(maxsize=64)
        self.thread = threading.Thread(target=self._run, args=(part, offset), daemon=True)
        self.thread.start()

    def _run(self, part: Path, offset: int) -> None:
        with part.open("rb") as f:
            while offset > 0 and (block := f.read(min(1 << 20, offset))):
                self.hash.update(block)
                offset -= len(block)
        while (block := self.blocks.get()) is not None:
            self.hash.update(block)

    def add(self, block: bytes) -> None:
        self.blocks.put(block)

    def hexdigest(self) -> str:
        self.blocks.put(None)
        self.thread.join()
        return self.hash.hexdigest()


def _matches(remote: Remote, got: str) -> bool:
    return got == remote.md5 if remote.md5 else got.startswith(remote.sha256_prefix)


def _unreachable(url: str, reason) -> DownloadError:
    host = urllib.request.urlparse(url).netloc
    return DownloadError("download_offline", f"cannot reach {host} ({reason}): check the "
                         f"network, or set {MIRROR_ENV} to a mirror that holds the files. "
                         f"Everything else keeps working on the bundled digits.",
                         host=host, reason=str(reason))


def _open(url: str, start: int):
    """The response for ``url`` from byte ``start``: (response, offset it starts at, total)."""
    request = urllib.request.Request(url, headers={"User-Agent": "explorer-downloader"})
    if start:
        request.add_header("Range", f"bytes={start}-")
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as err:
        if err.code == 416 and start:       # the part is already as long as the file, or more
            return None, 0, None
        raise DownloadError("download_http", HTTP_ERROR.format(url=url, status=err.code,
                                                               reason=err.reason),
                            url=url, status=err.code) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
        raise _unreachable(url, getattr(err, "reason", err)) from None
    length = response.headers.get("Content-Length")
    length = int(length) if length and length.isdigit() else None
    if response.status == 206:
        first = response.headers.get("Content-Range", "").split(" ")[-1].split("-")[0]
        if first.isdigit() and int(first) == start:
            total = response.headers.get("Content-Range", "").rsplit("/", 1)[-1]
            return response, start, int(total) if total.isdigit() else None
        response.close()
        return _open(url, 0)
    return response, 0, length


def _fetch_once(url: str, part: Path, remote: Remote, progress: Progress | None) -> str:
    """One try: append to ``part`` from where it ends (or restart it when the server ignores
    the range); returns the whole part's hex digest. DownloadError("download_interrupted")
    when the connection ends early."""
    response, offset, total = _open(url, part.stat().st_size)
    if response is None:                     # 416: the part cannot be resumed
        response, offset, total = _open(url, 0)
    limit = max(2 * remote.size, remote.size + (64 << 20))   # a server that never stops
    done = offset
    with response, part.open("r+b") as f:
        f.seek(offset)
        f.truncate()
        hasher = _Hasher(remote, part, offset)
        try:
            while block := response.read(CHUNK):
                f.write(block)
                hasher.add(block)
                done += len(block)
                if done > limit:
                    raise DownloadError("download_http", f"{url} sent over {limit:,} bytes "
                                        f"for a file of {remote.size:,}: stopped", url=url,
                                        status="too long")
                if progress:
                    progress(remote.name, done, total)
        except (http.client.IncompleteRead, OSError) as err:   # reset, timeout
            raise DownloadError("download_interrupted", f"{remote.name}: the connection ended "
                                f"after {done:,} of {total or remote.size:,} bytes "
                                f"({type(err).__name__}); run it again to resume",
                                file=remote.name, done=done, total=total or remote.size
                                ) from None
        finally:
            got = hasher.hexdigest()
    if total is not None and done < total:
        raise DownloadError("download_interrupted", f"{remote.name}: the connection ended "
                            f"after {done:,} of {total:,} bytes; run it again to resume",
                            file=remote.name, done=done, total=total)
    return got


def _checksum_error(remote: Remote, got: str) -> DownloadError:
    expected = remote.md5 or remote.sha256_prefix + "…"
    return DownloadError("download_checksum", f"{remote.name} arrived but its checksum is "
                         f"{got}, not the published {expected}: the file was damaged or "
                         f"replaced on the way (a proxy, or a wrong mirror?); nothing was kept",
                         file=remote.name, expected=expected, got=got)


def _fetch(remote: Remote, dest: Path, progress: Progress | None) -> None:
    """Download ``remote`` to ``dest`` through ``dest``.part (locked, so two sessions never
    write one file), checked, then renamed. A failed try keeps the part to resume; a part
    with a wrong checksum is emptied, and an empty part is removed."""
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with part.open("ab") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise DownloadError("download_busy", f"{remote.name} is being downloaded by "
                                f"another session; wait for it to finish",
                                file=remote.name) from None
        try:
            _fetch_locked(remote, part, dest, progress)
        finally:
            if part.is_file() and part.stat().st_size == 0:
                part.unlink()


def _fetch_locked(remote: Remote, part: Path, dest: Path, progress: Progress | None) -> None:
    fresh = part.stat().st_size == 0
    urls = _urls(remote)
    tries = ATTEMPTS * len(urls)
    for attempt in range(tries):
        try:
            got = _fetch_once(urls[attempt % len(urls)], part, remote, progress)
        except DownloadError as err:
            if err.code not in ("download_interrupted", "download_offline") \
                    or attempt == tries - 1:
                raise
            time.sleep(min(0.2 * 2 ** attempt, 2.0))
            continue
        if _matches(remote, got):
            os.replace(part, dest)
            return
        part.open("wb").close()              # a bad file is never kept, nor resumed
        if fresh:
            raise _checksum_error(remote, got)
        fresh = True                         # a stale part from an older try: once from zero
    raise _checksum_error(remote, "not checked")


def _gunzip(archive: Path, dest: Path, limit: int) -> None:
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with gzip.open(archive, "rb") as src, tmp.open("wb") as out:
            written = 0
            while block := src.read(1 << 20):
                written += len(block)
                if written > limit:
                    raise DownloadError("download_archive", f"{archive.name} unpacks to more "
                                        f"than the expected {limit:,} bytes", file=archive.name,
                                        reason="too large")
                out.write(block)
        os.replace(tmp, dest)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise DownloadError("download_archive", f"{archive.name} cannot be unpacked: {err}",
                            file=archive.name, reason=str(err)) from None
    finally:
        tmp.unlink(missing_ok=True)


def _untar_cifar(archive: Path, dest: Path, limit: int) -> None:
    """CIFAR-10's archive: only the expected regular files, checked against torchvision's
    MD5s in a temporary folder that is renamed to ``dest`` when complete."""
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.mkdir(parents=True)
    try:
        total = 0
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                folder, _, name = member.name.partition("/")
                if folder != dest.name or not member.isfile() or "/" in name or name in ("", ".", ".."):
                    continue                                  # folders, links, extras
                total += member.size
                if total > limit:
                    raise DownloadError("download_archive", f"{archive.name} unpacks to more "
                                        f"than the expected {limit:,} bytes",
                                        file=archive.name, reason="too large")
                with tar.extractfile(member) as src, (tmp / name).open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        for name, md5 in CIFAR10_MEMBERS.items():
            path = tmp / name
            got = hashlib.md5(path.read_bytes()).hexdigest() if path.is_file() else "missing"
            if got != md5:
                raise DownloadError("download_archive", f"{archive.name}: {name} is {got}, "
                                    f"not torchvision's {md5}", file=archive.name,
                                    reason=f"{name}: {got}")
        if dest.exists():
            shutil.rmtree(dest)                      # an incomplete earlier copy
        os.replace(tmp, dest)
    except (OSError, EOFError, tarfile.TarError) as err:
        raise DownloadError("download_archive", f"{archive.name} cannot be unpacked: {err}",
                            file=archive.name, reason=str(err)) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _place(remote: Remote, progress: Progress | None) -> None:
    root = _root(remote)
    final = root / remote.target
    if not remote.unpack:
        _fetch(remote, final, progress)
        return
    archive = final.parent / remote.name if remote.unpack == "gunzip" else root / remote.name
    try:
        if not archive.is_file():
            _fetch(remote, archive, progress)
        elif progress:
            progress(remote.name, remote.size, remote.size)
        if remote.unpack == "gunzip":
            _gunzip(archive, final.with_suffix("") if final.suffix == ".gz" else final,
                    remote.unpacked)
        else:
            _untar_cifar(archive, final, remote.unpacked)
    except DownloadError as err:
        if err.code == "download_archive":
            archive.unlink(missing_ok=True)          # checked, yet unusable: fetch it afresh
        raise
    archive.unlink(missing_ok=True)                  # unpacked: the archive is not needed


def missing(name: str) -> tuple[Remote, ...]:
    """The files of ``name`` still to fetch (complete ones are skipped)."""
    if name in DATASET_FILES:
        status = dataset_status(name)
        gone = {m.split(" (")[0] for m in status.missing}
        if name == "cifar10":
            return ITEMS[name] if gone else ()
        return tuple(r for r in ITEMS[name] if r.target.removesuffix(".gz") in gone)
    return () if is_present(name) else remotes(name)


def get(name: str, progress: Progress | None = None) -> list[str]:
    """Fetch ``name`` (a key of ITEMS, or ``tv:<arch>``) into torchvision's layout; returns
    the files fetched (empty when it was already complete). DownloadError says why it could
    not; InputError names an unknown item."""
    remotes(name)
    if not downloads_enabled():
        raise DownloadError("download_off", f"downloads are switched off on this server "
                            f"({SWITCH_ENV}=off); ask whoever runs it to place the files",
                            setting=SWITCH_ENV)
    todo = missing(name)
    if not todo:
        return []
    needed = sum(r.size + (r.unpacked if r.unpack else 0) for r in todo)
    check_room(needed, name)
    for remote in todo:
        _place(remote, progress)
    return [r.name for r in todo]


def main(argv: list[str]) -> int:
    """``get NAME...`` (or ``get all``) and ``list``; progress and errors on stderr."""
    if not argv or argv[0] not in ("get", "list") or (argv[0] == "get" and len(argv) < 2):
        print(f"usage: python -m explorer.data get {{{','.join(ITEM_NAMES)},all,"
              f"tv:<architecture>}} ... | list", file=sys.stderr)
        return 2
    if argv[0] == "list":
        from explorer.tv_models import architectures
        for name in ITEM_NAMES + tuple(TV_PREFIX + a for a in architectures()):
            files = remotes(name)
            where = weights_dir() if files[0].root == "weights" else data_root()
            size = sum(r.size for r in files) / 1e6
            state = "present" if is_present(name) else f"{size:,.1f} MB to download"
            print(f"{name:24s} {state:24s} {where}")
        return 0
    names = ITEM_NAMES if argv[1:] == ["all"] else argv[1:]
    last = [0.0]

    def report(file: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] > 0.5 or (total and done >= total):
            last[0] = now
            share = f" {done / total:6.1%}" if total else ""
            print(f"\r{file}: {done / 1e6:8.1f} MB{share}", end="", file=sys.stderr)

    status = 0
    for name in names:
        try:
            fetched = get(name, report)
        except InputError as err:
            print(f"\n{name}: {err}", file=sys.stderr)
            status = 1
            continue
        print(f"\n{name}: " + (f"fetched {', '.join(fetched)}" if fetched else "already present"),
              file=sys.stderr)
    return status
