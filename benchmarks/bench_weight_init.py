"""Weight-init page compute: depth 100, width 512, batch 256, forward + backward statistics.

    python benchmarks/bench_weight_init.py

Ours: explorer.weight_init.propagate (draw the weights with torch.nn.init, one forward, one
backward, std of z_l and ∂/∂z_l per layer, mean-field theory), and the same with the weights
already drawn (the page caches them by depth/width/init/gain/seed). Reference: the usual way, an nn.Sequential with forward hooks
storing every activation, retain_grad() on each, loss.backward(), then the statistics with
one .item() per layer. Target: < 200 ms per rerun on CPU (issue 7).
"""
from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from explorer.weight_init import Setup, draw_weights, propagate  # noqa: E402
from timing import best_of  # noqa: E402

DEPTH, WIDTH, BATCH = 100, 512, 256


def reference() -> None:
    torch.manual_seed(0)
    layers = []
    for _ in range(DEPTH):
        linear = nn.Linear(WIDTH, WIDTH, bias=False)
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        layers += [linear, nn.ReLU()]
    net = nn.Sequential(*layers)
    saved = []

    def keep(module, inputs, output):
        output.retain_grad()
        saved.append(output)
    hooks = [m.register_forward_hook(keep) for m in net if isinstance(m, nn.Linear)]
    out = net(torch.randn(BATCH, WIDTH))
    (out * torch.randn_like(out)).sum().backward()
    _ = [(z.std().item(), z.grad.std().item()) for z in saved]
    for h in hooks:
        h.remove()


def main() -> None:
    setup = Setup(depth=DEPTH, width=WIDTH, batch=BATCH, activation="relu", init="Kaiming normal")
    ours = best_of(lambda: propagate(setup, (1, 25, 50, 100)))
    weights = draw_weights(setup)
    ours_cached = best_of(lambda: propagate(setup, (1, 25, 50, 100), weights))
    theirs = best_of(reference)
    print(f"depth {DEPTH}, width {WIDTH}, batch {BATCH}, ReLU + He, CPU "
          f"({torch.get_num_threads()} threads), best of 5")
    print(f"ours (propagate + theory)         {ours * 1e3:8.1f} ms   (target < 200 ms)")
    print(f"ours, weights cached (the page)   {ours_cached * 1e3:8.1f} ms   "
          f"(a rerun that changes activation, BN, residual, input or batch)")
    print(f"reference (hooks + retain_grad)   {theirs * 1e3:8.1f} ms")
    print(f"ratio ours / reference            {ours / theirs:8.2f}")


if __name__ == "__main__":
    main()
