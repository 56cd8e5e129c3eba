"""Figures of the Playground page. The live ones are images (numpy RGB arrays drawn with
PIL): the network diagram with every neuron's map, and the decision boundary with the points;
an image is one small PNG per frame where a plotly heat map per neuron would be dozens of
charts for the browser to redraw. The curves and histograms are plotly when paused and, while
playing, images too (``line_plot``: plotly's redraws were most of the browser's time per frame).
Images carry numbers only: their titles and legends are the page's captions, in the reader's
language."""
from __future__ import annotations

import io
import math

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

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
            weights: list[np.ndarray], tile: int = 36, gap: int = 10, spacing: int = 110,
            max_width: int = 740) -> np.ndarray:
    """The network as TensorFlow Playground draws it: a column per layer (input features,
    hidden layers, output), each neuron as its map over the plane, each weight as an edge
    coloured by sign (blue +, orange −) and thickened and darkened by |w| relative to the
    largest; columns ``spacing`` apart, closer when that keeps the picture within
    ``max_width``. ``inputs`` [F, G, G], ``hidden`` per layer [width, G, G], ``output`` [G, G]
    (P(class 1)); ``weights`` per Linear [out, in]. Returns uint8 RGB [H, W, 3]."""
    sizes = [len(inputs), *[len(h) for h in hidden], 1]
    out_side = 2 * tile
    # deep networks closer together, within max_width (a picture wider than the page shrinks,
    # and its neurons with it), but never closer than a tile and a gap for the edges
    spacing = min(spacing, max(tile + 3 * gap, (max_width - out_side - 2 * gap)
                               // max(len(sizes) - 1, 1)))
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


def arrange(rows: list[list[np.ndarray]], gap: int = 16) -> np.ndarray:
    """Images (uint8 RGB) in rows, left to right and top to bottom, on white, ``gap`` pixels
    apart, each row's images aligned at their tops: several pictures as one image, which is
    one element for the browser to redraw instead of one per picture."""
    lines = []
    for row in rows:
        height = max(image.shape[0] for image in row)
        padded = [np.pad(image, ((0, height - image.shape[0]), (0, gap), (0, 0)),
                         constant_values=255) for image in row]
        lines.append(np.concatenate(padded, 1)[:, :-gap])
    width = max(line.shape[1] for line in lines)
    lines = [np.pad(line, ((0, gap), (0, width - line.shape[1]), (0, 0)), constant_values=255)
             for line in lines]
    return np.concatenate(lines)[:-gap]


def png(image: np.ndarray) -> bytes:
    """``image`` (uint8 RGB) as PNG bytes at zlib level 1: a third of the encoding time of the
    default level (st.image's) for a few percent more bytes, 5 frames a second."""
    out = io.BytesIO()
    Image.fromarray(image).save(out, format="PNG", compress_level=1)
    return out.getvalue()


_FONT = ImageFont.load_default(11)
_AXIS = (120, 120, 120)
_GRID = (232, 232, 232)


def _rgb(i: int) -> tuple[int, int, int]:
    """Plotly's i-th qualitative colour (the interactive charts' colours) as RGB."""
    code = colour(i).lstrip("#")
    return tuple(int(code[k:k + 2], 16) for k in (0, 2, 4))


def _ticks(low: float, high: float, log: bool) -> list[float]:
    """About four round tick values in [low, high] (powers of ten on a log axis)."""
    if log:
        first, last = math.ceil(math.log10(low) - 1e-9), math.floor(math.log10(high) + 1e-9)
        step = max(1, math.ceil((last - first + 1) / 5))
        return [10.0 ** k for k in range(first, last + 1, step)]
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [k * step for k in range(math.ceil(low / step - 1e-9),
                                    math.floor(high / step + 1e-9) + 1)]


def tick_label(value: float, log: bool) -> str:
    """A tick's text: 10⁻³ as 1e-3 on a log axis (1 and 10 as such), 12000 as 12k, 0.25 as
    0.25, 2000 as 2,000."""
    if log:
        power = round(math.log10(value))
        return f"{10 ** power:g}" if power in (0, 1) else f"1e{power}"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.0f}k"
    return f"{value:,.0f}" if value == round(value) else f"{value:.3g}"


def line_plot(lines: list[tuple[np.ndarray, np.ndarray, int, bool]], width: int = 320,
              height: int = 170, y_range: tuple[float, float] | None = None,
              log_y: bool = False, legend: list[tuple[str, int]] = ()) -> np.ndarray:
    """Lines on one pair of axes as a uint8 RGB image [height, width, 3], drawn with PIL:
    each line (x, y, colour index, dashed), broken where y is not finite (or not positive on a
    log axis); round ticks with numbers; ``legend`` (text, colour index) at the top right.
    The y range is the data's (from 0 when every value is ≥ 0) unless ``y_range`` is given."""
    left, right, top, bottom = 44, 8, 18 if legend else 6, 18
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    pieces, xs, ys = [], [], []
    for x, y, index, dashed in lines:
        x, y = np.asarray(x, float), np.asarray(y, float)
        good = np.isfinite(x) & np.isfinite(y) & ((y > 0) if log_y else True)
        pieces.append((x, np.log10(np.where(good, y, 1)) if log_y else y, good, index, dashed))
        xs.append(x[good]), ys.append(y[good])
    xs, ys = np.concatenate([[], *xs]), np.concatenate([[], *ys])
    x0, x1 = (float(xs.min()), float(xs.max())) if xs.size else (0.0, 1.0)
    if y_range is not None:
        y0, y1 = y_range
    elif ys.size:
        y0, y1 = float(ys.min()), float(ys.max())
        y0 = 0.0 if y0 >= 0 and not log_y else y0
    else:
        y0, y1 = (1e-3, 1.0) if log_y else (0.0, 1.0)
    if log_y:
        y0, y1 = 10 ** math.floor(math.log10(y0)), 10 ** math.ceil(math.log10(y1))
    x1 = x1 if x1 > x0 else x0 + 1.0
    y1 = y1 if y1 > y0 else (y0 * 10 if log_y else y0 + 1.0)
    ly0, ly1 = (math.log10(y0), math.log10(y1)) if log_y else (y0, y1)
    px = lambda v: left + (v - x0) / (x1 - x0) * (width - left - right - 1)   # noqa: E731
    py = lambda v: height - bottom - (v - ly0) / (ly1 - ly0) * (height - top - bottom - 1)  # noqa: E731
    for v in _ticks(y0, y1, log_y):
        y = py(math.log10(v) if log_y else v)
        draw.line((left, y, width - right, y), fill=_GRID)
        draw.text((left - 4, y), tick_label(v, log_y), fill=_AXIS, font=_FONT, anchor="rm")
    for v in _ticks(x0, x1, False):
        draw.text((px(v), height - bottom + 3), tick_label(v, False), fill=_AXIS, font=_FONT,
                  anchor="mt")
    draw.line((left, top, left, height - bottom, width - right, height - bottom), fill=_AXIS)
    for x, y, good, index, dashed in pieces:
        points = np.stack([px(x), py(np.clip(y, ly0 - 1, ly1 + 1))], 1)
        cuts = np.flatnonzero(np.diff(good.astype(int))) + 1
        for run in np.split(np.arange(len(good)), cuts):
            if not run.size or not good[run[0]]:
                continue
            for segment in (_dashes(points[run]) if dashed else [points[run]]):
                if len(segment) > 1:
                    draw.line([tuple(p) for p in segment], fill=_rgb(index), width=2,
                              joint="curve")
                else:
                    draw.ellipse((*(segment[0] - 2), *(segment[0] + 2)), fill=_rgb(index))
    x = width - right - 2
    for text, index in reversed(list(legend)):
        draw.text((x, 2), text, fill=_rgb(index), font=_FONT, anchor="ra")
        x -= draw.textlength(text, font=_FONT) + 8
    return np.asarray(canvas)


def _dashes(points: np.ndarray, on: float = 6.0) -> list[np.ndarray]:
    """A polyline cut into dashes ``on`` pixels long with gaps as long."""
    steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    n = np.maximum(1, np.ceil(steps / 2)).astype(int)
    dense = np.concatenate([np.linspace(a, b, k, endpoint=False) for a, b, k in
                            zip(points[:-1], points[1:], n)] + [points[-1:]])
    length = np.concatenate([[0], np.cumsum(np.linalg.norm(np.diff(dense, axis=0), axis=1))])
    phase = (length // on).astype(int) % 2
    cuts = np.flatnonzero(np.diff(phase) != 0) + 1
    return [d for d, p in zip(np.split(dense, cuts), np.split(phase, cuts)) if p[0] == 0]


def curve_images(histories: dict[str, object]) -> list[np.ndarray]:
    """``curves`` as two images: the losses (train dashed, test solid) and the test accuracy
    over steps, one colour per configuration (the legend names them)."""
    legend = [(label, i) for i, label in enumerate(histories)] if len(histories) > 1 else []
    losses = [line for i, h in enumerate(histories.values())
              for line in ((h.steps, h.train_loss, i, True), (h.steps, h.test_loss, i, False))]
    accuracy = [(h.steps, h.test_accuracy, i, False) for i, h in enumerate(histories.values())]
    return [line_plot(losses, legend=legend),
            line_plot(accuracy, y_range=(0.0, 1.0), legend=legend)]


def gradient_image(history) -> np.ndarray:
    """``gradient_norms`` as an image: each layer's gradient norm over steps, log axis."""
    norms = np.array(history.grad_norms, float)
    return line_plot([(history.steps, norms[:, layer], layer, False)
                      for layer in range(norms.shape[1])], log_y=True,
                     legend=[(f"W{layer + 1}", layer) for layer in range(norms.shape[1])])


def weights_image(weights: list[np.ndarray], bins: int = 31) -> np.ndarray:
    """``weight_histograms`` as an image: each layer's weights as a step histogram."""
    lines = []
    for layer, (centres, counts) in enumerate(_histograms(weights, bins)):
        step = centres[1] - centres[0] if len(centres) > 1 else 1.0
        edges = np.repeat(np.append(centres - step / 2, centres[-1] + step / 2), 2)[1:-1]
        lines.append((edges, np.repeat(counts, 2), layer, False))
    return line_plot(lines, legend=[(f"W{layer + 1}", layer) for layer in range(len(weights))])


def _histograms(weights: list[np.ndarray], bins: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(bin centres, counts) of each layer's finite weights, on bins shared by all layers."""
    values = np.concatenate([w.ravel() for w in weights])
    limit = float(np.abs(values[np.isfinite(values)]).max(initial=0.0)) or 1.0
    edges = np.linspace(-limit, limit, bins + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    return [(centres, np.histogram(np.clip(w[np.isfinite(w)], -limit, limit), edges)[0])
            for w in weights]


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
    if not (norms > 0).any():       # untrained: empty axes would look like vanished gradients
        figure.add_annotation(text="no gradient yet: press Play or Step", showarrow=False,
                              x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=14))
    return figure


def weight_histograms(weights: list[np.ndarray], bins: int = 31) -> go.Figure:
    """The weights of each Linear layer (W1 … output) as a step histogram, on one axis."""
    figure = go.Figure()
    for layer, (centres, counts) in enumerate(_histograms(weights, bins)):
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
