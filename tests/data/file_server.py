"""A local HTTP server for the downloader's tests and benchmark, and small files in
torchvision's formats (made at test time; nothing binary is committed).

    with FileServer({"a.gz": data}) as server:     # server.url -> http://127.0.0.1:PORT
        server.cut["a.gz"] = 1                     # the next request for a.gz stops half-way
        ...
        server.requests                            # [(name, Range header or None), ...]

The server answers Range requests (206) unless ``ignore_range`` is set, 404 for unknown names,
and ``cut[name]`` times closes the connection after half of the file (the full Content-Length
having been announced).
"""
from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np


class FileServer:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.cut: dict[str, int] = {}
        self.ignore_range = False
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                wanted = self.headers.get("Range")
                server.requests.append((name, wanted))
                if name not in server.files:
                    self.send_error(404)
                    return
                data = server.files[name]
                start = 0
                if wanted and not server.ignore_range:
                    start = int(wanted.removeprefix("bytes=").split("-")[0])
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range",
                                     f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut.get(name, 0) > 0:
                    server.cut[name] -= 1
                    self.wfile.write(body[:len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FileServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def idx(array: np.ndarray) -> bytes:
    """``array`` (uint8) as an IDX file, MNIST's format: 0 0 8 ndim, big-endian sizes, data."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big")
                                                     for n in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def mnist_files(train: int = 30, test: int = 10, seed: int = 0):
    """MNIST's four gzipped IDX files: {name: gz bytes}, and the arrays they hold."""
    rng = np.random.default_rng(seed)
    arrays = {"train-images-idx3-ubyte": rng.integers(0, 256, (train, 28, 28), dtype=np.uint8),
              "train-labels-idx1-ubyte": rng.integers(0, 10, train, dtype=np.uint8),
              "t10k-images-idx3-ubyte": rng.integers(0, 256, (test, 28, 28), dtype=np.uint8),
              "t10k-labels-idx1-ubyte": rng.integers(0, 10, test, dtype=np.uint8)}
    files = {f"{name}.gz": gzip.compress(idx(a), mtime=0) for name, a in arrays.items()}
    return files, arrays


def cifar_archive(per_batch: int = 4, seed: int = 0, extra: bool = True):
    """cifar-10-python.tar.gz with small batches: (archive bytes, {member: bytes}). With
    ``extra`` it also holds what the unpacker must skip: a ``../`` name, a symlink, a folder."""
    rng = np.random.default_rng(seed)
    members = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        members[name] = pickle.dumps({
            "data": rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8),
            "labels": rng.integers(0, 10, per_batch).tolist()}, protocol=2)
    members["batches.meta"] = pickle.dumps({"label_names": [
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
        "truck"]}, protocol=2)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if extra:
            evil = tarfile.TarInfo("cifar-10-batches-py/../../escaped")
            evil.size = 4
            tar.addfile(evil, io.BytesIO(b"evil"))
            link = tarfile.TarInfo("cifar-10-batches-py/passwd")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(link)
    return buffer.getvalue(), members


def isolate(tmp_path, monkeypatch):
    """Data and torch caches under ``tmp_path``, downloads switched on, no retry waits."""
    from explorer import download
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.delenv(download.SWITCH_ENV, raising=False)
    monkeypatch.setattr(download.time, "sleep", lambda s: None)
    return tmp_path


def serve(monkeypatch, files: dict[str, bytes], item: str, **fields) -> FileServer:
    """A server for ``files`` (to start with ``with``), the mirror pointed at it, and
    ITEMS[item] patched to their sizes and checksums (``fields`` override, e.g. a wrong md5);
    ``item`` may be ``tv:<arch>``, whose entry in ITEMS then stands in for torchvision's."""
    import dataclasses

    from explorer import download
    server = FileServer(files)
    monkeypatch.setenv(download.MIRROR_ENV, server.url + "/")
    remotes = []
    for r in download.remotes(item):
        data = files[r.name]
        hashes = ({"md5": md5(data)} if r.md5 else
                  {"sha256_prefix": hashlib.sha256(data).hexdigest()[:8]})
        remotes.append(dataclasses.replace(r, size=len(data), unpacked=max(10 * len(data), 1 << 20),
                                           **{**hashes, **fields}))
    monkeypatch.setitem(download.ITEMS, item, tuple(remotes))
    return server
