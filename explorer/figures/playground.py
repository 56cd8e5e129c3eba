"""Figures of the Playground page. The live ones are images (numpy RGB arrays drawn with
PIL): the network diagram with every neuron's map, and the decision boundary with the points;
an image is one small PNG per frame where a plotly heat map per neuron would be dozens of
charts for the browser to redraw. Curves and histograms are plotly."""
from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw

from explorer.figures.activations import colour

# TensorFlow Playground's colours: orange for negative / class 0, blue for positive / class 1.
NEGATIVE = np.array([245, 147, 34], float)
POSITIVE = np.array([8, 119, 189], float)
WHITE = np.array([255, 255, 255], float)
_MARGIN = dict(t=30, b=10, l=10, r=10)
_LEGEND = dict(orientation="h", y=-0.25, x=0)


_LEVELS = np.linspace(-1, 1, 255)[:, None]    # odd: 0 is a level of its own (white)
_PALETTE = np.where(_LEVELS < 0, WHITE + (NEGATIVE - WHITE) * -_LEVELS,
                    WHITE + (POSITIVE - WHITE) * _LEVELS).round().astype(np.uint8)


def shade(values: np.ndarray) -> np.ndarray:
    """values in [-1, 1] -> uint8 RGB [..., 3]: orange at -1, white at 0 (and NaN), blue at
    +1 (255 levels, looked up: a frame shades ~40 maps)."""
    v = np.clip(np.nan_to_num(np.asarray(values, np.float32)), -1, 1)
    return _PALETTE[((v + 1) * 127).round().astype(np.uint8)]


def neuron_shade(maps: np.ndarray) -> np.ndarray:
    """Maps [N, G, G], each scaled by its own largest |value| (white where one is 0
    everywhere), as uint8 RGB [N, G, G, 3]."""
    maps = np.nan_to_num(np.asarray(maps, float))
    top = np.abs(maps).max(axis=(1, 2), keepdims=True)
    return shade(np.divide(maps, top, out=np.zeros_like(maps), where=top > 0))


def _resized(maps: np.ndarray, side: int) -> np.ndarray:
    """Maps [..., G, G] (row 0 = lowest y) as [..., side, side], y up (nearest)."""
    index = np.arange(side) * maps.shape[-1] // side
    return maps[..., index[::-1], :][..., index]


def diagram(inputs: np.ndarray, hidden: list[np.ndarray], output: np.ndarray,
            weights: list[np.ndarray], tile: int = 36, gap: int = 10, spacing: int = 110
            ) -> np.ndarray:
    """The network as TensorFlow Playground draws it: a column per layer (input features,
    hidden layers, output), each neuron as its map over the plane, each weight as an edge
    coloured by sign (blue +, orange −) and thickened and darkened by |w| relative to the
    largest. ``inputs`` [F, G, G], ``hidden`` per layer [width, G, G], ``output`` [G, G]
    (P(class 1)); ``weights`` per Linear [out, in]. Returns uint8 RGB [H, W, 3]."""
    sizes = [len(inputs), *[len(h) for h in hidden], 1]
    out_side = 2 * tile
    height = max(max(sizes) * (tile + gap) + gap, out_side + 2 * gap)
    width = spacing * (len(sizes) - 1) + out_side + 2 * gap
    boxes = []   # per column: (left, top, side) per neuron
    for c, count in enumerate(sizes):
        side = out_side if c == len(sizes) - 1 else tile
        top0 = (height - count * (side + gap) + gap) // 2
        boxes.append([(gap + c * spacing, top0 + i * (side + gap), side) for i in range(count)])
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    # a diverged network's NaN weights are drawn as 0, ±inf as the largest finite size
    weights = [np.nan_to_num(np.asarray(w, float), posinf=1e300, neginf=-1e300)
               for w in weights]
    biggest = max((float(np.abs(w).max()) for w in weights if w.size), default=0.0) or 1.0
    edges = []
    for c, w in enumerate(weights):
        for j, (tx, ty, ts) in enumerate(boxes[c + 1]):
            for i, (sx, sy, ss) in enumerate(boxes[c]):
                edges.append((abs(float(w[j, i])) / biggest, float(w[j, i]),
                              (sx + ss, sy + ss // 2, tx, ty + ts // 2)))
    for strength, value, line in sorted(edges, key=lambda e: e[0]):   # strong ones on top
        base = POSITIVE if value >= 0 else NEGATIVE
        rgb = tuple(int(x) for x in (WHITE + (base - WHITE) * (0.15 + 0.85 * strength)))
        draw.line(line, fill=rgb, width=max(1, round(1 + 5 * strength)))
    image = np.array(canvas)
    tiles = neuron_shade(_resized(np.concatenate([inputs, *hidden]), tile))
    tiles = [*tiles, shade(2 * _resized(np.asarray(output, float), out_side) - 1)]
    for picture, (left, top, side) in zip(tiles, (b for column in boxes for b in column)):
        image[top - 1:top + side + 1, left - 1:left + side + 1] = 90     # a grey frame
        image[top:top + side, left:left + side] = picture
    return image


def boundary(output: np.ndarray, extent: tuple[float, float, float, float],
             points: np.ndarray, labels: np.ndarray, train: np.ndarray, side: int = 360
             ) -> np.ndarray:
    """The decision boundary: P(class 1) over the plane (orange 0 … white 0.5 … blue 1) with
    the points on it, coloured by class; train points ringed in white, test points in black.
    ``output`` [G, G] (row 0 = lowest y) over ``extent`` (x0, x1, y0, y1). uint8 RGB."""
    image = Image.fromarray(shade(2 * np.asarray(output, float) - 1)[::-1]).resize(
        (side, side), Image.BILINEAR)
    dark = {0: tuple(int(v) for v in NEGATIVE * 0.85), 1: tuple(int(v) for v in POSITIVE * 0.85)}
    draw = ImageDraw.Draw(image)
    x0, x1, y0, y1 = extent
    px = (points[:, 0] - x0) / (x1 - x0) * (side - 1)
    py = (y1 - points[:, 1]) / (y1 - y0) * (side - 1)
    radius = 3 if len(points) <= 1000 else 2
    for x, y, label, is_train in zip(px, py, labels, train):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=dark[int(label)],
                     outline=(255, 255, 255) if is_train else (0, 0, 0))
    return np.asarray(image)


def png(image: np.ndarray) -> bytes:
    """``image`` (uint8 RGB) as PNG bytes at zlib level 1: a third of the encoding time of the
    default level (st.image's) for a few percent more bytes, 5 frames a second."""
    out = io.BytesIO()
    Image.fromarray(image).save(out, format="PNG", compress_level=1)
    return out.getvalue()


def curves(histories: dict[str, object]) -> go.Figure:
    """Train (dashed) and test (solid) loss, and test accuracy, over steps, one colour per
    configuration (``histories``: label -> explorer.playground.History). Two axes side by
    side set by hand: make_subplots took ~200 ms on the loaded server, 5 times a second."""
    traces = []
    for i, (label, h) in enumerate(histories.items()):
        group = dict(line=dict(color=colour(i)), legendgroup=label, legendgrouptitle_text=label)
        traces += [go.Scatter(x=h.steps, y=h.train_loss, name="train loss",
                              **{**group, "line": dict(color=colour(i), dash="dash")}),
                   go.Scatter(x=h.steps, y=h.test_loss, name="test loss", **group),
                   go.Scatter(x=h.steps, y=h.test_accuracy, name="test accuracy",
                              xaxis="x2", yaxis="y2", **group)]
    return go.Figure(data=traces, layout=dict(
        height=300, margin=_MARGIN, legend=_LEGEND, uirevision="keep",
        xaxis=dict(title="step", domain=[0, 0.44]),
        yaxis=dict(title="cross-entropy", rangemode="tozero"),
        xaxis2=dict(title="step", domain=[0.56, 1], anchor="y2"),
        yaxis2=dict(title="test accuracy", range=[0, 1.02], anchor="x2")))


def gradient_norms(history) -> go.Figure:
    """‖∂loss/∂W‖ of each Linear layer (W1 = first, the last is the output layer) over
    steps, on a log axis: vanishing gradients sink towards the input, exploding ones rise."""
    norms = np.array(history.grad_norms, float)
    figure = go.Figure()
    for layer in range(norms.shape[1]):
        figure.add_scatter(x=history.steps, y=np.where(norms[:, layer] > 0, norms[:, layer],
                                                       np.nan),
                           name=f"W{layer + 1}", line=dict(color=colour(layer)))
    figure.update_layout(height=260, margin=_MARGIN, legend=_LEGEND, uirevision="keep",
                         xaxis_title="step",
                         yaxis=dict(title="gradient norm", type="log", exponentformat="power"))
    return figure


def weight_histograms(weights: list[np.ndarray], bins: int = 31) -> go.Figure:
    """The weights of each Linear layer (W1 … output) as a step histogram, on one axis."""
    values = np.concatenate([w.ravel() for w in weights])
    limit = float(np.abs(values[np.isfinite(values)]).max(initial=0.0)) or 1.0
    edges = np.linspace(-limit, limit, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    figure = go.Figure()
    for layer, w in enumerate(weights):
        counts, _ = np.histogram(np.clip(w[np.isfinite(w)], -limit, limit), edges)
        figure.add_scatter(x=centres, y=counts, name=f"W{layer + 1}", mode="lines",
                           line=dict(shape="hvh", color=colour(layer)))
    figure.update_layout(height=260, margin=_MARGIN, legend=_LEGEND, xaxis_title="weight value",
                         yaxis_title="number of weights")
    return figure


def click_map(output: np.ndarray, extent: tuple[float, float, float, float],
              points: np.ndarray, labels: np.ndarray, grid: int = 30) -> go.Figure:
    """The boundary (P(class 1) as a heat map), the points by class, and a ``grid`` × ``grid``
    lattice of nearly invisible markers: a click on the plane selects the nearest lattice
    marker, whose (x, y) the page adds as a point."""
    x0, x1, y0, y1 = extent
    size = output.shape[0]
    lx, ly = np.meshgrid(np.linspace(x0, x1, grid), np.linspace(y0, y1, grid))
    scale = [[0, "rgb(245,147,34)"], [0.5, "white"], [1, "rgb(8,119,189)"]]
    traces = [go.Heatmap(z=output, x=np.linspace(x0, x1, size), y=np.linspace(y0, y1, size),
                         zmin=0, zmax=1, colorscale=scale, showscale=False, hoverinfo="skip"),
              go.Scatter(x=lx.ravel(), y=ly.ravel(), mode="markers", hoverinfo="x+y",
                         marker=dict(size=8, color="black", opacity=0.03),
                         selected=dict(marker=dict(opacity=0.03)),
                         unselected=dict(marker=dict(opacity=0.03)), showlegend=False)]
    for label, rgb in ((0, NEGATIVE), (1, POSITIVE)):
        chosen = labels == label
        traces.append(go.Scatter(x=points[chosen, 0], y=points[chosen, 1], mode="markers",
                                 hoverinfo="skip", showlegend=False,
                                 marker=dict(size=5, color=f"rgb{tuple(int(v) for v in rgb)}",
                                             line=dict(width=0.5, color="white"))))
    return go.Figure(data=traces, layout=dict(
        height=380, width=380, margin=dict(t=10, b=10, l=10, r=10), clickmode="event+select",
        dragmode=False, xaxis=dict(range=[x0, x1], showgrid=False),
        yaxis=dict(range=[y0, y1], showgrid=False, scaleanchor="x")))
