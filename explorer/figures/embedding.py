"""Figures of the t-SNE page: 2-D maps coloured by label, the optimisation as an animation,
the KL curve, a perplexity sweep as small multiples.

Every point carries its row index as ``customdata``, so a box/lasso selection on any map
names the same rows whatever trace (class) they were drawn in.
"""
from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

PALETTE = qualitative.Plotly + qualitative.Dark24
MARKER = dict(size=4, opacity=0.75)
HOVER = "class %{fullData.name}<br>point %{customdata}<extra></extra>"   # a page may translate it


def _class_traces(points: np.ndarray, labels, classes, trace=go.Scattergl, hover=HOVER,
                  **options):
    """One trace per class present (a single one without labels); customdata = row index.
    Class names (an uploaded CSV's labels) are HTML-escaped: plotly draws ``<a href>`` and
    ``<b>`` in legends and hovers, and a hover template would expand ``%{...}``. ``hover``
    None: no hover labels (a 70,000-point map stays responsive; selection still works)."""
    groups = ([("points", np.arange(len(points)))] if labels is None else
              [(html.escape(name), np.flatnonzero(labels == c)) for c, name in enumerate(classes)
               if (labels == c).any()])
    return [trace(x=points[rows, 0], y=points[rows, 1], mode="markers", name=name,
                  legendgroup=name, customdata=rows,
                  marker=dict(MARKER, color=PALETTE[i % len(PALETTE)]),
                  **(dict(hovertemplate=hover) if hover is not None else
                     dict(hoverinfo="none")),
                  **options)
            for i, (name, rows) in enumerate(groups)]


def _square(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(itemsizing="constant", title="class"), dragmode="lasso")
    fig.update_xaxes(showticklabels=False, title=None)
    fig.update_yaxes(showticklabels=False, title=None, scaleanchor="x", scaleratio=1)
    return fig


def embedding_map(points: np.ndarray, labels, classes: list[str], title: str,
                  highlight: list[int] | None = None,
                  placed: np.ndarray | None = None, height: int = 460,
                  hover: str = HOVER) -> go.Figure:
    """``float[N, 2]`` as a WebGL scatter, one colour per class; ``highlight`` rows ringed,
    ``placed`` (``float[M, 2]``, new points from transform) drawn as large black stars;
    ``hover``: the points' hover template (``HOVER``, or a page's translation of it)."""
    fig = go.Figure(_class_traces(points, labels, classes, hover=hover))
    if highlight:
        fig.add_trace(go.Scattergl(
            x=points[highlight, 0], y=points[highlight, 1], mode="markers", name="inspected",
            customdata=np.asarray(highlight), hoverinfo="skip",
            marker=dict(size=14, color="rgba(0,0,0,0)", line=dict(width=2, color="black"))))
    if placed is not None:
        fig.add_trace(go.Scattergl(
            x=placed[:, 0], y=placed[:, 1], mode="markers", name="new image",
            hovertemplate="new image (transform)<extra></extra>",
            marker=dict(size=18, symbol="star", color="black", line=dict(width=1,
                                                                         color="white"))))
    fig.update_layout(title=dict(text=title, font=dict(size=15)))
    return _square(fig, height)


def _range(points: np.ndarray) -> tuple[list[float], list[float]]:
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * (hi - lo).max() + 1e-9
    return [lo[0] - pad, hi[0] + pad], [lo[1] - pad, hi[1] + pad]


def optimisation(snapshots: list[tuple[int, np.ndarray]], kl_curve: list[tuple[int, float]],
                 labels, classes: list[str], exaggeration_iter: int,
                 frame_title: str = "iteration {iteration} ({phase}), KL = {kl:.3f}",
                 phases: tuple[str, str] = ("early exaggeration", "plain P"),
                 controls: tuple[str, str, str] = ("▶ play", "❚❚ pause", "iteration "),
                 hover: str = HOVER) -> go.Figure:
    """One animation frame per snapshot (SVG scatter: frames need it), axes rescaled to each
    frame since the map grows as it spreads; a play button and an iteration slider.
    ``frame_title`` (fields iteration, phase, kl), ``phases`` and ``controls`` (play, pause,
    the slider's prefix) are the figure's words: a page in another language passes them."""
    play_label, pause_label, prefix = controls

    frames = []
    for (iteration, points), (_, kl) in zip(snapshots, kl_curve):
        x_range, y_range = _range(points)
        frames.append(go.Frame(
            name=str(iteration), data=_class_traces(points, labels, classes, go.Scatter, hover),
            layout=dict(title=dict(text=frame_title.format(
                iteration=iteration, kl=kl, phase=phases[iteration > exaggeration_iter])),
                        xaxis=dict(range=x_range), yaxis=dict(range=y_range))))
    first = frames[0]
    fig = go.Figure(data=first.data, frames=frames, layout=first.layout)
    play = dict(label=play_label, method="animate",
                args=[None, dict(frame=dict(duration=250, redraw=True), fromcurrent=True,
                                 transition=dict(duration=0))])
    pause = dict(label=pause_label, method="animate",
                 args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate")])
    steps = [dict(label=f.name, method="animate",
                  args=[[f.name], dict(frame=dict(duration=0, redraw=True), mode="immediate")])
             for f in frames]
    fig.update_layout(
        updatemenus=[dict(type="buttons", buttons=[play, pause], direction="left", x=0,
                          y=-0.02, xanchor="left", yanchor="top")],
        sliders=[dict(steps=steps, x=0.2, len=0.8, y=-0.02, yanchor="top",
                      currentvalue=dict(prefix=prefix))])
    fig = _square(fig, 560)
    fig.update_layout(dragmode="zoom", margin=dict(b=90))
    fig.update_yaxes(scaleanchor=None)   # each frame sets its own square-ish range
    return fig


def kl_curve(curve: list[tuple[int, float]], exaggeration_iter: int) -> go.Figure:
    """KL(P‖Q) against iteration; a dashed line where early exaggeration ends."""
    iterations, values = zip(*curve)
    fig = go.Figure(go.Scatter(x=iterations, y=values, mode="lines+markers", name="KL"))
    fig.add_vline(x=exaggeration_iter, line_dash="dash", line_color="grey",
                  annotation_text="exaggeration ends", annotation_position="top right")
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10),
                      xaxis_title="iteration", yaxis_title="KL(P‖Q)")
    return fig


def sweep(maps: dict[float, np.ndarray], titles: dict[float, str], labels,
          classes: list[str], hover: str = HOVER) -> go.Figure:
    """Small multiples: one map per perplexity, each titled by ``titles[perplexity]`` (the
    page writes its trustworthiness there, in the reader's language)."""
    fig = make_subplots(1, len(maps), subplot_titles=[titles[p] for p in maps],
                        horizontal_spacing=0.02)
    for column, points in enumerate(maps.values(), start=1):
        for trace in _class_traces(points, labels, classes, hover=hover,
                                   showlegend=column == 1):
            fig.add_trace(trace, 1, column)
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=60, b=10),
                      legend=dict(itemsizing="constant", title="class"))
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    return fig


def enlarge(images: np.ndarray, factor: int) -> list[np.ndarray]:
    """``uint8[N, H, W(, 3)]`` -> each image ``factor`` times larger, crisp (nearest pixel)."""
    return [np.kron(img, np.ones((factor, factor) + (1,) * (img.ndim - 2), np.uint8))
            for img in images]
