"""Playground speed: server training steps per second, and browser updates per second.

    python benchmarks/bench_playground.py            # both
    python benchmarks/bench_playground.py --server   # the server figure only

Server. Ours: ``explorer.playground.Trainer.step`` on the page's default, a 2×8 tanh MLP
(explorer.models) trained with Adam (lr 0.03, batch 10) on 500 moons points (250 to train),
one CPU thread. Reference: a bare torch loop doing the same steps (nn.Sequential of the same
layers, the same fused Adam, the same random batches), nothing recorded. Target: ≥ 1,000 steps/s.

Browser. Headless Chromium opens the page, presses Play, and a MutationObserver in the page
counts how often the "Steps" number changes over 10 s (each change is one frame: a training
chunk, the boundary, the network diagram and the curves redrawn). Target: ≥ 5 updates/s.
Alongside, the CPU time per update of the browser's processes and of the server's: on a
shared box the updates per second follow the load, the CPU per update much less.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from explorer import playground as pg  # noqa: E402
from timing import best_of  # noqa: E402

STEPS = 500
CHROMIUM = "/usr/bin/chromium"
SECONDS = 10

COUNT_UPDATES = """async (seconds) => {
    const value = () => {
        const metric = [...document.querySelectorAll('[data-testid="stMetric"]')]
            .find(m => m.innerText.startsWith('Steps'));
        return metric ? metric.querySelector('[data-testid="stMetricValue"]').innerText : null;
    };
    let last = value(), changes = 0;
    const first = last;
    const observer = new MutationObserver(() => {
        const now = value();
        if (now !== null && now !== last) { changes += 1; last = now; }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    await new Promise(r => setTimeout(r, seconds * 1000));
    observer.disconnect();
    return [changes, first, last];
}"""


def reference(data: pg.Data, setup: pg.Setup):
    """A bare torch loop over the same network, optimizer and batches: a function of k."""
    x = torch.from_numpy(pg.feature_matrix(data.points, setup.features))[data.train]
    y = torch.from_numpy(data.labels)[data.train]
    torch.manual_seed(setup.seed)
    net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2))
    optimizer = torch.optim.Adam(net.parameters(), lr=setup.lr, fused=True)
    generator = torch.Generator().manual_seed(setup.seed)

    def run(k: int) -> None:
        order = torch.empty(0, dtype=torch.long)
        for _ in range(k):
            if len(order) < setup.batch_size:
                order = torch.randperm(len(y), generator=generator)
            batch, order = order[:setup.batch_size], order[setup.batch_size:]
            optimizer.zero_grad(set_to_none=True)
            F.cross_entropy(net(x[batch]), y[batch]).backward()
            optimizer.step()
    return run


def server() -> None:
    torch.set_num_threads(1)
    data, setup = pg.make_data("moons", 500, 0.2, 0.5), pg.Setup()
    trainer = pg.Trainer(setup, data)
    bare = reference(data, setup)
    ours = best_of(lambda: trainer.step(STEPS))
    theirs = best_of(lambda: bare(STEPS))
    print(f"2×{setup.width} {setup.activation} MLP, Adam, batch {setup.batch_size}, 500 moons "
          f"points (250 train), CPU (1 thread), {STEPS} steps, best of 5")
    print(f"ours (Trainer.step, with a record)  {STEPS / ours:8.0f} steps/s  (target ≥ 1,000)")
    print(f"reference (bare torch loop)         {STEPS / theirs:8.0f} steps/s")
    print(f"ratio ours / reference              {theirs / ours:8.2f}  (speed; 1 = as fast)")


def cpu_seconds(pid: int, name: str = "") -> float:
    """User + system CPU seconds of ``pid`` and its descendants (those whose command line
    contains ``name``)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack += [int(c) for c in children.read().split()]
            with open(f"/proc/{current}/cmdline", "rb") as command:
                if name.encode() not in command.read():
                    continue
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:           # ended meanwhile
            continue
    return total / os.sysconf("SC_CLK_TCK")


def browser() -> None:
    from playwright.sync_api import sync_playwright

    from server import serve
    log = Path(tempfile.mkdtemp()) / "streamlit.log"
    with serve(Path(__file__).resolve().parents[1] / "app.py", log) as (server, url), \
            sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM,
                                      args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(180_000)
        page.goto(f"{url}/playground")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for()
        page.wait_for_timeout(2000)          # the first frames import plotly's validators
        load = os.getloadavg()[0]
        cpu = cpu_seconds(os.getpid(), "chromium"), cpu_seconds(server.pid)
        changes, first, last = page.evaluate(COUNT_UPDATES, SECONDS)
        cpu = [(after - before) / max(changes, 1) * 1000 for before, after in
               zip(cpu, (cpu_seconds(os.getpid(), "chromium"), cpu_seconds(server.pid)))]
        steps = int(last.replace(",", "")) - int(first.replace(",", ""))
        chromium.close()
    print(f"browser: {changes} updates in {SECONDS} s = {changes / SECONDS:.1f} updates/s "
          f"(target ≥ 5) at load {load:.1f}; the page trained {steps / SECONDS:.0f} steps/s "
          f"meanwhile; CPU per update: browser {cpu[0]:.0f} ms, server {cpu[1]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", action="store_true", help="only the server figure")
    args = parser.parse_args()
    server()
    if not args.server:
        browser()


if __name__ == "__main__":
    main()
