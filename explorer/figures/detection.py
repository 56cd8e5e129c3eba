"""Figures of the Detection page: a box pair with its IoU geometry, NMS vs Soft-NMS scenes,
scores before/after, AP per class and IoU threshold."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

BOX_A, BOX_B, TRUTH, KEPT, GONE = "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9e9e9e"


def _rect(fig, box, colour, name, dash="solid", width=2.5, fill=None, opacity=1.0, **where):
    x1, y1, x2, y2 = (float(v) for v in box)
    fig.add_trace(go.Scatter(x=[x1, x2, x2, x1, x1], y=[y1, y1, y2, y2, y1], mode="lines",
                             line=dict(color=colour, dash=dash, width=width), name=name,
                             fill="toself" if fill else None, fillcolor=fill,
                             opacity=opacity, hoverinfo="name"), **where)


def _image_axes(fig, size: float, **where):
    """Square image axes; a subplot's y is scaled to its own x ("x2"), not the first one (the
    second NMS panel was squeezed or stretched by the first's width)."""
    own_x = fig.get_subplot(**where).yaxis.anchor if where else "x"
    fig.update_xaxes(range=[0, size], constrain="domain", showgrid=False, **where)
    fig.update_yaxes(range=[size, 0], scaleanchor=own_x, showgrid=False, **where)


def box_pair(a, b, intersection_box, enclosing_box, size: float = 100) -> go.Figure:
    """Boxes A and B, their intersection (filled), the enclosing box C (dashed), the centre
    distance ρ and C's diagonal c. Image coordinates: y grows downwards."""
    fig = go.Figure()
    _rect(fig, enclosing_box, "grey", "C: smallest enclosing box", dash="dash", width=1.5)
    if intersection_box is not None:
        _rect(fig, intersection_box, "purple", "A ∩ B", width=0.1, fill="rgba(128,0,128,0.3)")
    _rect(fig, a, BOX_A, "A")
    _rect(fig, b, BOX_B, "B")
    centres = np.array([[(a[0] + a[2]) / 2, (a[1] + a[3]) / 2],
                        [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]])
    fig.add_trace(go.Scatter(x=centres[:, 0], y=centres[:, 1], mode="lines+markers",
                             line=dict(color="black", width=2), name="ρ: centre distance"))
    fig.add_trace(go.Scatter(x=[enclosing_box[0], enclosing_box[2]],
                             y=[enclosing_box[1], enclosing_box[3]], mode="lines",
                             line=dict(color="grey", dash="dot"), name="c: diagonal of C"))
    _image_axes(fig, size)
    fig.update_layout(height=460, margin=dict(t=10, b=10, l=10, r=10),
                      legend=dict(orientation="h", y=-0.1, x=0))
    return fig


def nms_scenes(truth: np.ndarray, boxes: np.ndarray, panels: dict[str, np.ndarray],
               size: float = 100) -> go.Figure:
    """One panel per method: ground truth (green), kept detections (orange, line width ∝
    final score), suppressed ones (grey dotted). ``panels`` maps title -> final scores[N]
    (0 where suppressed)."""
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=list(panels),
                        horizontal_spacing=0.03)
    for col, (title, scores) in enumerate(panels.items(), start=1):
        where = dict(row=1, col=col)
        for i, box in enumerate(boxes):
            kept = scores[i] > 0
            _rect(fig, box, KEPT if kept else GONE, "kept" if kept else "suppressed",
                  dash="solid" if kept else "dot", width=0.5 + 4 * scores[i] if kept else 1,
                  opacity=0.9 if kept else 0.6, **where)
        for box in truth:
            _rect(fig, box, TRUTH, "ground truth", width=2, dash="dash", **where)
        _image_axes(fig, size, **where)
    seen = set()
    for trace in fig.data:                      # one legend entry per kind
        trace.showlegend = trace.name not in seen
        seen.add(trace.name)
    fig.update_layout(height=460, margin=dict(t=30, b=10, l=10, r=10),
                      legend=dict(orientation="h", y=-0.1, x=0))
    return fig


def score_changes(before: np.ndarray, after: dict[str, np.ndarray]) -> go.Figure:
    """Every detection's score before and after each method, sorted by the original score."""
    order = np.argsort(-before)
    rank = np.arange(1, len(before) + 1)
    fig = go.Figure(go.Bar(x=rank, y=before[order], name="before", marker_color="lightgrey"))
    for (name, scores), symbol in zip(after.items(), ("circle", "diamond", "x")):
        fig.add_trace(go.Scatter(x=rank, y=scores[order], mode="markers", name=name,
                                 marker=dict(symbol=symbol, size=8)))
    fig.update_layout(height=320, margin=dict(t=30, b=10, l=10, r=10),
                      xaxis_title="detection (by original score)", yaxis_title="score",
                      legend=dict(orientation="h", y=1.15, x=0))
    return fig


def ap_heatmap(table: pd.DataFrame) -> go.Figure:
    """AP per class (rows) and IoU threshold (columns)."""
    # the thresholds alone ("0.50", not "AP@0.50"): ten short labels need no slant to fit
    thresholds = [str(c).removeprefix("AP@") for c in table.columns]
    fig = go.Figure(go.Heatmap(z=table.to_numpy(), x=thresholds, y=list(table.index),
                               zmin=0, zmax=1, colorscale="Viridis", texttemplate="%{z:.2f}",
                               colorbar=dict(title="AP")))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    fig.update_layout(height=160 + 40 * len(table), margin=dict(t=30, b=10, l=10, r=10),
                      title="AP per class and IoU threshold", xaxis_title="IoU threshold")
    return fig


def detection_pr(curves: dict[str, tuple[np.ndarray, np.ndarray]]) -> go.Figure:
    """Per-class precision after each detection vs recall (IoU ≥ 0.5)."""
    fig = go.Figure()
    for name, (recall, precision) in curves.items():
        fig.add_trace(go.Scatter(x=recall, y=precision, mode="lines", name=name))
    # the legend below the axes: above them, its second row covered the curves at precision 1
    fig.update_layout(height=360, margin=dict(t=40, b=10, l=10, r=10), xaxis_title="recall",
                      title="Precision–recall per class at IoU ≥ 0.5",
                      yaxis_title="precision", xaxis_range=[0, 1], yaxis_range=[0, 1.05],
                      legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))
    return fig
