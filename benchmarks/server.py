"""A real ``streamlit run`` for the browser benchmarks (not a benchmark itself)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, log: Path, env: dict | None = None, cwd: Path = ROOT):
    """``streamlit run script`` on a free loopback port; yields (process, base URL) once
    ``/_stcore/health`` answers, and stops the server afterwards."""
    port = free_port()
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--browser.gatherUsageStats", "false"],
            cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"streamlit did not answer on {url}; see {log}")
            yield server, url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _tree(pid: int):
    """``/proc/<pid>`` of ``pid`` and all its descendants (worker processes)."""
    stack = [pid]
    while stack:
        proc = Path(f"/proc/{stack.pop()}")
        try:
            for task in (proc / "task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        yield proc


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (worker processes), in MB."""
    total = 0.0
    for proc in _tree(pid):
        try:
            status = dict(line.split(":", 1) for line in
                          (proc / "status").read_text().splitlines())
            total += int(status["VmRSS"].split()[0]) / 1024
        except (OSError, KeyError):
            continue
    return total


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its living descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in _tree(pid):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks   # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total
