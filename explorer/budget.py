"""The resource budget: every size an input can choose is checked here *before* allocating.

One place for the limits, so a teacher serving a class can read (and change) them together.
Each refusal is an ``InputError("budget", ...)`` naming the limit and what to do.

    check_elements("feature maps", 64 * 112 * 112, advice="pick a smaller input size")
"""
from __future__ import annotations

import os

from explorer.errors import InputError

# Any single array an input sizes (float32 elements): 64 M elements = 256 MB.
MAX_ELEMENTS = 64_000_000
# Decoded images: pixels and the ratio of the long side to the short one.
MAX_IMAGE_PIXELS = 40_000_000
MAX_ASPECT_RATIO = 50
# Every image is decoded reduced to at most this long side (JPEG: scaled in the decoder)
# before any processing: plenty for the models here (inputs <= 224²) and for the screen.
MAX_WORKING_SIDE = 1024
# Uploaded tables (t-SNE CSV): rows and cells.
MAX_CSV_ROWS = 10_000
MAX_CSV_CELLS = 10_000_000
MAX_CSV_COLUMNS = 4096             # pandas slows per column: 100,000 columns × 100 rows took 28 s
# Uploaded weights: the whole archive once inflated, relative to the chosen model's own size.
MAX_WEIGHTS_INFLATION = 4          # x the architecture's state-dict bytes (+ 1 MB of slack)
# torchvision classifiers offered (explorer.tv_models): those whose ImageNet weights file is
# at most this large (its meta's _file_size, so no download is needed to decide): resnet18 is
# 45 MB, convnext_tiny 109 MB, vit_b_16 330 MB, vit_h_14 2.4 GB. Uploaded weights for them may
# be this large too (their uploader's own limit).
MAX_TV_WEIGHTS_BYTES = 150 * 2**20
# Updates a demo runs while the user waits (optimizer steps, warm-up batches, training steps).
MAX_STEPS = 10_000
# Layers one model may stack (MLP depth, residual blocks per stage).
MAX_LAYERS = 100
# Classes of one classification problem (label smoothing's N, calibration, one-vs-rest).
MAX_CLASSES = 1000
# Boxes of one detection scene or evaluation: Soft-NMS builds their [N, N] IoU matrix, COCO
# matching loops over them in Python.
MAX_BOXES = 5000
# Weight-init simulations of one page rerun together, each depth × (width² weights + 3 × batch
# × width saved values): the page's largest single one (100 layers, width 512, batch 256) is
# 65.5 M values (~+250 MB while it runs, ~0.8 s of one core); all ten inits fit at 100 layers
# of width 256 (10 × 26.2 M, ~5 s of one core).
MAX_SIMULATION_ELEMENTS = 270_000_000
# The data folder and downloaded weights together (datasets fetched on request, image folders
# made from zips): downloads and new folders are refused beyond. CIFAR-10 takes 356 MB while
# it is unpacked, MNIST 66 MB, resnet18's weights 47 MB.
MAX_DATA_BYTES = 2 * 2**30        # 2 GiB
# Image folders (a zip of class/image files, explorer.image_folder): images, their bytes once
# unpacked, how many times one zip member may inflate (PNG and JPEG hardly compress: 1-2x; a
# zip bomb inflates 1000x), and the images each class needs (its share of the val/test splits).
MAX_FOLDER_FILES = 20_000
MAX_FOLDER_BYTES = 500_000_000
MAX_ZIP_RATIO = 100
MIN_CLASS_IMAGES = 10
# The runs folder (every run's files together): new trainings and imports are refused beyond.
MAX_RUNS_BYTES = 2**30             # 1 GiB: hundreds of runs of the models here (< 2 MB each)
# One entry of the on-disk cache of default views (explorer.disk_cache): a claim's verdict is
# < 1 kB; anything larger than this is computed but not kept.
MAX_CACHE_ENTRY_BYTES = 4 * 2**20  # 4 MiB
# Trainings running at once on the server, each a worker process on one CPU thread; more wait
# in a queue. One per core this process may use, at most 8 (measured on digits: a worker's own
# memory is ~40 MB; torch's ~650 MB is shared with the forkserver it is forked from).
MAX_CONCURRENT_TRAININGS = min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1)

# Playground (explorer.playground): the network and data one session trains live, and how many
# sessions may train at once. Each running playground trains for PLAYGROUND_FRAME_S of every
# frame (5 frames a second), half a core; one per core leaves the other pages room.
MAX_PLAYGROUND_POINTS = 2000
MAX_PLAYGROUND_DEPTH = 8
MAX_PLAYGROUND_WIDTH = 16
MAX_PLAYGROUND_GRID = 128          # side of the grid each neuron's map is evaluated on
MAX_RUNNING_PLAYGROUNDS = MAX_CONCURRENT_TRAININGS
PLAYGROUND_FRAME_S = 0.1           # training time per frame of one running playground
PLAYGROUND_LEASE_S = 5.0           # a running playground not seen for this long frees its slot


# The refusals, as templates (a page translates them, and the advice: ui.i18n.message).
TOO_MANY_ELEMENTS = "{what} would need {elements:,} values, over the limit of {limit:,}: {advice}"
TOO_MANY_STEPS = "{what}: {steps:,} updates, over the limit of {limit:,}: {advice}"


def check_elements(what: str, elements: int, limit: int = MAX_ELEMENTS,
                   advice: str = "choose smaller settings") -> int:
    """Refuse an allocation of more than ``limit`` elements before it is made."""
    if elements > limit:
        raise InputError("budget", TOO_MANY_ELEMENTS.format(what=what, elements=elements,
                                                            limit=limit, advice=advice),
                         what=what, needed=elements, limit=limit)
    return elements


def check_steps(what: str, steps: int, advice: str, limit: int = MAX_STEPS) -> int:
    """Refuse a loop of more than ``limit`` updates (``MAX_STEPS``) before it starts."""
    if steps > limit:
        raise InputError("budget", TOO_MANY_STEPS.format(what=what, steps=steps, limit=limit,
                                                         advice=advice),
                         what=what, needed=steps, limit=limit)
    return steps
