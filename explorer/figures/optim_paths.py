"""Figures of the Optimizers page: contour + paths, loss vs step, batch-size noise."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.figures.activations import colour

_LEGEND = dict(orientation="h", y=1.1, x=0)
_MARGIN = dict(t=40, b=10, l=10, r=10)


def _contour(xs, ys, z, log: bool) -> go.Contour:
    shown = np.log10(z - z.min() + 1e-3) if log else z
    return go.Contour(x=xs, y=ys, z=shown, colorscale="Greys", reversescale=True,
                      showscale=False, ncontours=30, contours=dict(coloring="lines"),
                      hoverinfo="skip", line=dict(width=1))


def paths(xs, ys, z, log: bool, runs: dict, start, minima, box) -> go.Figure:
    """Contours of f (log₁₀ for steep ones) with each optimizer's path; start ●, minima ★."""
    traces = [_contour(xs, ys, z, log)]
    for i, (name, path) in enumerate(runs.items()):
        traces.append(go.Scatter(x=path.points[:, 0], y=path.points[:, 1], name=name,
                                 mode="lines+markers", marker=dict(size=3),
                                 line=dict(color=colour(i), width=2),
                                 hovertemplate="(%{x:.4g}, %{y:.4g})"))
    traces.append(go.Scatter(x=[start[0]], y=[start[1]], name="start", mode="markers",
                             marker=dict(size=12, color="black")))
    if minima:
        traces.append(go.Scatter(x=[m[0] for m in minima], y=[m[1] for m in minima],
                                 name="minimum", mode="markers",
                                 marker=dict(size=14, symbol="star", color="gold",
                                             line=dict(color="black", width=1))))
    return go.Figure(data=traces, layout=dict(
        height=520, margin=_MARGIN, legend=_LEGEND,
        xaxis=dict(title="x", range=box[:2]),
        yaxis=dict(title="y", range=box[2:], scaleanchor="x", scaleratio=1)))


def losses(runs: dict, y_range: tuple[float, float] | None = None,
           floor: float = 1e-12) -> go.Figure:
    """f at each step, one line per optimizer (colours as in the paths). Without ``y_range``
    the axis is logarithmic and stops at ``floor``, so one optimizer reaching 1e-30 does not
    flatten the others; with it (an f unbounded below) the axis is linear on that range."""
    values = np.concatenate([p.losses for p in runs.values()])
    top = float(np.nanmax(values))
    low = max(float(np.nanmin(values[values > 0], initial=top)), floor)
    yaxis = dict(title="f(x, y)", range=y_range)
    if y_range is None:
        yaxis.update(type="log", range=[np.log10(low) - 0.3, np.log10(max(top, low)) + 0.3],
                     exponentformat="power")
    return go.Figure(
        data=[go.Scatter(y=path.losses, name=name, line=dict(color=colour(i)),
                         showlegend=False, hovertemplate="%{y:.4g}")
              for i, (name, path) in enumerate(runs.items())],
        layout=dict(height=520, margin=dict(t=70, b=10, l=10, r=10), hovermode="x unified",
                    title=dict(text="loss against step", font_size=14),
                    xaxis_title="step", yaxis=yaxis))


def regression_paths(ws, bs, mse, runs: dict, optimum) -> go.Figure:
    """MSE contours in the (w, b) plane with one path per batch size; ★ least squares."""
    traces = [_contour(ws, bs, mse, log=True)]
    for i, (name, path) in enumerate(runs.items()):
        traces.append(go.Scatter(x=path.points[:, 0], y=path.points[:, 1], name=name,
                                 mode="lines", line=dict(color=colour(i), width=1.5)))
    traces.append(go.Scatter(x=[optimum[0]], y=[optimum[1]], name="least squares",
                             mode="markers", marker=dict(size=14, symbol="star", color="gold",
                                                         line=dict(color="black", width=1))))
    return go.Figure(data=traces, layout=dict(
        height=460, margin=_MARGIN, legend=_LEGEND,
        xaxis=dict(title="slope w", range=[ws[0], ws[-1]]),
        yaxis=dict(title="intercept b", range=[bs[0], bs[-1]])))


def regression_losses(runs: dict, epochs: int) -> go.Figure:
    """Full-data MSE against epochs (each run's updates spread evenly over ``epochs``)."""
    return go.Figure(
        data=[go.Scatter(x=np.linspace(0, epochs, len(p.losses)), y=p.losses,
                         name=name, line=dict(color=colour(i), width=1.5))
              for i, (name, p) in enumerate(runs.items())],
        layout=dict(height=460, margin=_MARGIN, legend=_LEGEND, xaxis_title="epoch",
                    yaxis=dict(title="MSE on all data", type="log", exponentformat="power",
                               dtick="D2")))


def hessian_point(xs, ys, z, log: bool, analysis, point, box, clickable: int = 60) -> go.Figure:
    """Contours of f with the analysed point ● and its Hessian's eigenvectors drawn through it
    (each half ∝ |λ|, at most a fifth of the box's width; red where λ < 0: f curves down along
    that line, blue where λ > 0: f curves up). An invisible ``clickable`` × ``clickable`` grid
    of points covers the plot so that a click (Streamlit's point selection) picks a point."""
    gx, gy = np.meshgrid(np.linspace(box[0], box[1], clickable),
                         np.linspace(box[2], box[3], clickable))
    clear = dict(marker=dict(opacity=0))
    traces = [_contour(xs, ys, z, log),
              go.Scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name="click to analyse",
                         marker=dict(size=10, color="rgba(0,0,0,0)"), showlegend=False,
                         selected=clear, unselected=clear,
                         hovertemplate="click: analyse (%{x:.2f}, %{y:.2f})<extra></extra>")]
    span = (box[1] - box[0]) / 5
    biggest = float(np.abs(analysis.eigenvalues).max()) or 1.0
    for i, (value, vector) in enumerate(zip(analysis.eigenvalues, analysis.eigenvectors.T)):
        half = span * max(abs(value) / biggest, 0.25) * vector
        traces.append(go.Scatter(
            x=[point[0] - half[0], point[0] + half[0]], y=[point[1] - half[1], point[1] + half[1]],
            mode="lines", name=f"v{'₁₂'[i]}: λ{'₁₂'[i]} = {value:.4g}",
            line=dict(color="#d62728" if value < 0 else "#1f77b4", width=4)))
    traces.append(go.Scatter(x=[point[0]], y=[point[1]], name=f"({point[0]:.4g}, {point[1]:.4g})",
                             mode="markers", marker=dict(size=13, color="black")))
    return go.Figure(data=traces, layout=dict(
        height=480, margin=_MARGIN, legend=_LEGEND, clickmode="event+select",
        xaxis=dict(title="x", range=box[:2]),
        yaxis=dict(title="y", range=box[2:], scaleanchor="x", scaleratio=1)))
