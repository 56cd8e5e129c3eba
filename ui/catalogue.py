"""The one list of pages: app.py builds the navigation from it, Home shows a card per entry.

Add a page by appending one ``PageInfo`` here; nothing else needs to know about it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    path: str      # page file, relative to the repository root
    title: str
    icon: str      # a Material Symbols name, shown in the navigation
    group: str     # navigation section
    teaches: str   # one sentence for the Home card


GROUPS = ("Start", "Building blocks", "Look inside a network", "Train & predict",
          "Optimise & regularise", "Evaluate")

PAGES: tuple[PageInfo, ...] = (
    PageInfo("app_pages/home.py", "Home", ":material/home:", "Start",
             "What each page teaches and what runs offline on this machine."),
    PageInfo("app_pages/notes.py", "Notes", ":material/menu_book:", "Start",
             "Every claim of the five study notes checked live, by note and section, with "
             "its status and a link to the page that shows it."),
    PageInfo("app_pages/activations.py", "Activation functions", ":material/show_chart:",
             "Building blocks",
             "Sigmoid to Mish: curves, derivatives, saturation, dead ReLUs, vanishing "
             "gradients through depth, and a numerically stable softmax."),
    PageInfo("app_pages/feature_maps.py", "Feature maps", ":material/grid_view:",
             "Look inside a network",
             "Every channel of any layer for one image: hand-made Sobel/Laplacian kernels, "
             "a trained LeNet, ResNet-18; pre/post activation, channel statistics, kernels."),
    PageInfo("app_pages/tsne.py", "t-SNE embeddings", ":material/scatter_plot:",
             "Look inside a network",
             "Digits pixels vs a network's learned features in 2-D: openTSNE next to PCA, "
             "trustworthiness, 5-NN accuracy, KL, the optimisation animated, a perplexity "
             "sweep, and your image placed into the map."),
    PageInfo("app_pages/conv_arithmetic.py", "Conv arithmetic", ":material/calculate:",
             "Look inside a network",
             "Output sizes, receptive fields, params and FLOPs per layer checked against "
             "torch, the Inception 1×1 saving, and a step-by-step convolution."),
    PageInfo("app_pages/train.py", "Training lab", ":material/model_training:", "Train & predict",
             "Train an MLP, LeNet-5, a small VGG or ResNet on digits (or MNIST, CIFAR-10 when "
             "present) with any optimizer, schedule and loss; live curves, stop, compare runs."),
    PageInfo("app_pages/predict.py", "Predict", ":material/image_search:", "Train & predict",
             "Upload, draw or pick images; see the preprocessing, top-k probabilities with a "
             "softmax temperature, Grad-CAM and another CAM, and a batch table with CSV."),
    PageInfo("app_pages/playground.py", "Playground", ":material/sports_esports:",
             "Train & predict",
             "Train a small network on moons, circles, spirals, XOR or blobs and watch the "
             "decision boundary, every neuron's map, the losses and each layer's gradients "
             "form live; two configurations side by side."),
    PageInfo("app_pages/weight_init.py", "Weight initialisation", ":material/stacked_line_chart:",
             "Building blocks",
             "Zeros, N(0, 0.01), Xavier, He, orthogonal through 100 layers: std of activations "
             "and gradients vs the mean-field theory, symmetry of zero init, short trainings."),
    PageInfo("app_pages/pr_curves.py", "PR curves & metrics", ":material/query_stats:", "Evaluate",
             "Threshold, confusion matrix, precision/recall/F1, PR and ROC curves, AP the "
             "sklearn, VOC and COCO ways, macro/micro/weighted averages."),
    PageInfo("app_pages/detection.py", "Detection: IoU, NMS, mAP", ":material/select_all:",
             "Evaluate",
             "IoU, GIoU, DIoU and CIoU on two boxes you drag, NMS vs Soft-NMS on a crowded "
             "scene, and COCO mAP@[.5:.95] equal to pycocotools."),
    PageInfo("app_pages/label_smoothing.py", "Label smoothing & calibration", ":material/blur_on:",
             "Evaluate",
             "Smoothed targets, the finite optimal logit gap (closed form vs numeric), and "
             "ε = 0 vs ε > 0 trained on digits: accuracy, NLL, ECE, reliability diagrams, "
             "temperature scaling, penultimate-layer clusters."),
    PageInfo("app_pages/losses.py", "Focal & balanced CE", ":material/balance:", "Building blocks",
             "Focal loss and α-balanced cross-entropy: loss and gradient vs p_t for several "
             "γ and α, equal to torchvision, and an imbalanced toy where they differ."),
    PageInfo("app_pages/schedules.py", "LR schedules", ":material/trending_down:",
             "Optimise & regularise",
             "Step, multi-step, exponential, cosine, restarts, polynomial and OneCycle, with "
             "linear warmup, drawn from real torch.optim.lr_scheduler objects and overlaid."),
    PageInfo("app_pages/optimizers.py", "Optimizers & saddle points", ":material/route:",
             "Optimise & regularise",
             "SGD to AdamW paths on Rosenbrock, Himmelblau, a saddle and a narrow valley; "
             "Hessian eigenvalues classify a point; full-batch vs mini-batch vs SGD noise."),
    PageInfo("app_pages/normalization.py", "BatchNorm & dropout modes", ":material/tune:",
             "Optimise & regularise",
             "The same batch through train() and eval(): batch vs running statistics, "
             "dropout's 1/(1−p) scaling, and how small batches make BN noisy."),
    PageInfo("app_pages/augmentation.py", "Data augmentation", ":material/auto_awesome_mosaic:",
             "Optimise & regularise",
             "Crop, flip, rotation, colour jitter, erasing and cutout with transforms.v2 on "
             "your image; MixUp and CutMix with their mixed labels; mosaic and copy-paste."),
    PageInfo("app_pages/regularization.py", "Regularisation & early stopping",
             ":material/compress:", "Optimise & regularise",
             "L1 vs L2 weight histograms after a short training (sparse vs small weights), "
             "and a tiny training set overfitting, with the early-stopping epoch marked."),
)


def pages_in(group: str) -> list[PageInfo]:
    return [p for p in PAGES if p.group == group]
