"""Figures of the Activation functions page."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

# Plotly's ten colours and two more: each of the twelve activations gets its own.
PALETTE = qualitative.Plotly + ["#8C564B", "#2F4F4F"]
# Below the plots: twelve functions wrap into two rows, which covered the panel titles above.
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.14, x=0)


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def curves(x: np.ndarray, values: dict[str, tuple[np.ndarray, np.ndarray]],
           shaded: list[tuple[float, float]], shaded_name: str, threshold: float,
           shade_note: str | None = None) -> go.Figure:
    """f(x) (left) and f'(x) (right) for each function; shaded = saturation zones of one,
    explained by ``shade_note`` under the plots (the page passes it in the reader's language).

    Built in one go.Figure call (two x-axes side by side) rather than make_subplots and
    add_trace: plotly validates each call, and this is the page's most redrawn figure.
    """
    traces = []
    for i, (name, (y, dy)) in enumerate(values.items()):
        line = dict(color=colour(i), width=2.5)
        traces.append(go.Scatter(x=x, y=y, name=name, legendgroup=name, line=line))
        traces.append(go.Scatter(x=x, y=dy, name=name, legendgroup=name, line=line,
                                 xaxis="x2", yaxis="y2", showlegend=False))
    zones = [dict(type="rect", xref=xref, yref="paper", x0=lo, x1=hi, y0=0, y1=1,
                  fillcolor="lightgrey", opacity=0.35, line_width=0, layer="below")
             for lo, hi in shaded for xref in ("x", "x2")]
    titles = [dict(text=text, xref="paper", yref="paper", x=xpos, y=1.0, yanchor="bottom",
                   showarrow=False, font=dict(size=14)) for text, xpos in
              (("f(x)", 0.23), ("f′(x)  (autograd)", 0.77))]
    if shaded:
        note = shade_note or f"grey: {shaded_name} saturated, |f′| < {threshold:g}"
        titles.append(dict(text=note,
                           xref="paper", yref="paper", x=1, y=-0.16, showarrow=False,
                           font=dict(size=12, color="grey")))
    return go.Figure(data=traces, layout=dict(
        xaxis=dict(domain=[0, 0.46]), xaxis2=dict(domain=[0.54, 1]),
        yaxis2=dict(anchor="x2"), shapes=zones, annotations=titles, height=420,
        margin=dict(t=40, b=50, l=10, r=10), legend=LEGEND_BELOW, hovermode="x unified"))


def output_histograms(outputs: dict[str, np.ndarray], bins: int = 80) -> go.Figure:
    """Overlaid density histograms on shared bins (binned here: only bar heights are sent
    to the browser, not every sample)."""
    everything = np.concatenate(list(outputs.values()))
    edges = np.histogram_bin_edges(everything[np.isfinite(everything)], bins=bins)
    centres, width = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    bars = [go.Bar(x=centres, y=np.histogram(y, bins=edges, density=True)[0], width=width,
                   name=name, opacity=0.55, marker=dict(color=colour(i), line_width=0))
            for i, (name, y) in enumerate(outputs.items())]
    return go.Figure(data=bars, layout=dict(
        barmode="overlay", bargap=0, height=360, margin=dict(t=30, b=10, l=10, r=10),
        xaxis_title="f(z)", yaxis_title="density", legend=LEGEND_BELOW | dict(y=-0.2)))


def gradient_depth(depths: dict, bound: np.ndarray | None) -> go.Figure:
    """{name: DepthGradient} -> left: typical |∏ f′| of the paths still alive (log axis;
    ``bound`` = 0.25^L, sigmoid's best case); right: the share of paths that met a zero
    derivative. Built in one go.Figure call, like ``curves``."""
    traces = []
    for i, (name, result) in enumerate(depths.items()):
        layers = np.arange(1, len(result.typical) + 1)
        line = dict(color=colour(i), width=2.5)
        # a log axis has no 0: an underflowed product is a gap, not a plunge to the bottom
        typical = np.where(result.typical > 0, result.typical, np.nan)
        traces.append(go.Scatter(x=layers, y=typical, name=name, legendgroup=name,
                                 mode="lines", line=line))
        traces.append(go.Scatter(x=layers, y=100 * result.dead, name=name, legendgroup=name,
                                 mode="lines", line=line, xaxis="x2", yaxis="y2",
                                 showlegend=False))
    if bound is not None:
        traces.append(go.Scatter(x=np.arange(1, len(bound) + 1), y=bound, name="0.25ᴸ bound",
                                 mode="lines", line=dict(color="black", dash="dash")))
    titles = [dict(text=text, xref="paper", yref="paper", x=xpos, y=1.0, yanchor="bottom",
                   showarrow=False, font=dict(size=14)) for text, xpos in
              (("typical |∏ f′(z<sub>l</sub>)| of the paths still alive", 0.23),
               ("paths that met f′ = 0 (dead), %", 0.77))]
    return go.Figure(data=traces, layout=dict(
        xaxis=dict(domain=[0, 0.46], title="layers L"),
        xaxis2=dict(domain=[0.54, 1], title="layers L"),
        yaxis=dict(type="log", exponentformat="power"),
        yaxis2=dict(anchor="x2", range=[0, 100]), annotations=titles, height=420,
        margin=dict(t=40, b=10, l=10, r=10), legend=LEGEND_BELOW | dict(y=-0.2)))


def softmax_bars(labels: list[str], probabilities: dict[str, np.ndarray]) -> go.Figure:
    """Grouped bars of one or more probability vectors; NaN entries are drawn as missing."""
    fig = go.Figure()
    for i, (name, p) in enumerate(probabilities.items()):
        text = ["nan" if not np.isfinite(v) else f"{v:.3f}" for v in p]
        fig.add_trace(go.Bar(x=labels, y=np.nan_to_num(p, nan=0.0, posinf=0.0), name=name,
                             text=text, textposition="outside", marker_color=colour(i)))
    fig.update_layout(barmode="group", height=340, margin=dict(t=30, b=10, l=10, r=10),
                      yaxis=dict(range=[0, 1.15], title="probability"),
                      legend=dict(orientation="h", y=1.15, x=0))
    return fig
