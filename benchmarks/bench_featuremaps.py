"""Feature maps of resnet18 on CPU: rerun time and memory over many layer changes.

1. Rerun time at 224×224 (targets < 300 ms): the page caches the traced extractor per model
   (st.cache_resource); a rerun on a new image runs it once for every map node, then
   computes statistics and tiles for the chosen layer. Reference: a bare ``model(x)``, the
   least any look inside the network costs. A layer change alone reuses the cached maps.
2. Memory: 200 reruns at 224×224, each on a different layer, the page's way: the cached
   extractor, the maps recomputed every time (as for a new image), the chosen layer's
   statistics and tiles. Target: RSS growth < 50 MB. Reference: the same reruns without the
   cache, a fresh ``create_feature_extractor`` (a traced copy of the model) per rerun, left
   to Python's garbage collector.

Run: ``python benchmarks/bench_featuremaps.py`` (torch, torchvision, numpy, scikit-learn).
"""
from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import torch
import torchvision

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer import featuremaps as fm  # noqa: E402

REPEATS = 5
RERUNS = 200


def rss_mb() -> float:
    """Current resident set size from /proc (Linux), in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def median_ms(fn) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def one_layer_view(maps, layer):
    stats = fm.channel_stats(maps[layer])
    order = fm.channel_order(stats, "mean")
    return fm.channel_grid(fm.tiles(maps[layer], order), order)


def main() -> None:
    torch.manual_seed(0)
    model = torchvision.models.resnet18().eval()     # weights do not change the timing
    x = torch.randn(1, 3, 224, 224)
    nodes = fm.map_nodes(model, (3, 224, 224))
    extract = fm.extractor(model, nodes)              # cached by the page
    fm.feature_maps(extract, x)                       # warm-up
    layer = "layer1.0.relu_1"

    def new_image_rerun():
        one_layer_view(fm.feature_maps(extract, x), layer)

    def bare_forward():
        with torch.no_grad():
            model(x)

    ours, reference = median_ms(new_image_rerun), median_ms(bare_forward)
    maps = fm.feature_maps(extract, x)
    switch = median_ms(lambda: one_layer_view(maps, "layer2.0.conv1"))
    print(f"resnet18 224x224 feature-maps rerun (all {len(nodes)} map nodes + stats + tiles), "
          f"median of {REPEATS}: ours {ours:.0f} ms, reference bare forward {reference:.0f} ms, "
          f"ratio {ours / reference:.2f} (target < 300 ms)")
    print(f"layer change with cached maps (stats + tiles): ours {switch:.1f} ms, reference bare "
          f"forward {reference:.0f} ms, ratio {switch / reference:.3f} (target < 300 ms)")

    names = [n.name for n in nodes]

    def reruns(cached: bool) -> float:
        start = rss_mb()
        for i in range(RERUNS):
            name = names[i % len(names)]
            if cached:
                one_layer_view(fm.feature_maps(extract, x), name)
            else:
                single = fm.extractor(model, [fm.Node(name, (0, 0, 0))])
                one_layer_view(fm.feature_maps(single, x), name)
        return rss_mb() - start

    ours_mb = reruns(cached=True)
    hooks_left = sum(len(m._forward_hooks) + len(m._forward_pre_hooks) for m in model.modules())
    uncached_mb = reruns(cached=False)
    print(f"RSS growth over {RERUNS} reruns with different layers at 224x224: ours "
          f"{ours_mb:.1f} MB ({hooks_left} hooks on the model afterwards), reference fresh "
          f"extractor per rerun {uncached_mb:.1f} MB, ratio {ours_mb / uncached_mb:.3f} "
          f"(target < 50 MB)")

if __name__ == "__main__":
    main()
