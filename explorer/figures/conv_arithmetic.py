"""Figures of the Conv arithmetic page: a stack's sizes and fields, the measured field, the
cost comparison, and the convolution walkthrough."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots


def stack_chart(labels: list[str], sizes: list[int], fields: list[int], jumps: list[int]
                ) -> go.Figure:
    """Output size, receptive field and jump after each layer (layer 0 = the input)."""
    fig = go.Figure()
    for name, values, colour in (("output size", sizes, "#2563eb"),
                                 ("receptive field", fields, "#dc2626"),
                                 ("jump", jumps, "#16a34a")):
        fig.add_scatter(x=labels, y=values, name=name, mode="lines+markers+text",
                        text=values, textposition="top center", line=dict(color=colour))
    # a log axis: on a linear one a 512-pixel input flattened the field and the jump (1 … 27)
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10),
                      yaxis=dict(type="log", dtick=1,   # powers of ten: no minor 2 and 5
                                 title="pixels, log scale (of the input for field and jump)"),
                      xaxis=dict(type="category"), legend=dict(orientation="h", y=1.12))
    return fig


def measured_field(grad: np.ndarray, lo: float, hi: float) -> go.Figure:
    """|∂ centre output / ∂ input| with the formula's field [lo, hi)² as a dashed square; the
    view zooms on the field and a margin of half its width when that is smaller than the input
    (a 27-pixel field in a 512-pixel input was a dot)."""
    fig = go.Figure(go.Heatmap(z=np.abs(grad), colorscale="Blues", showscale=False,
                               hovertemplate="row %{y}, col %{x}: %{z:.3g}<extra></extra>"))
    fig.add_shape(type="rect", x0=lo - 0.5, x1=hi - 0.5, y0=lo - 0.5, y1=hi - 0.5,
                  line=dict(color="#dc2626", dash="dash", width=2))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=40, b=10),
                      title="Input gradient of the centre output (blue) vs the formula's "
                            "field (red dashes)",
                      xaxis=dict(constrain="domain", title="input column"),
                      yaxis=dict(autorange="reversed", scaleanchor="x", title="input row"))
    margin = max(2.0, (hi - lo) / 2)
    first, last = max(lo - margin, 0), min(hi + margin, grad.shape[0])
    if last - first < grad.shape[0]:
        fig.update_xaxes(range=[first - 0.5, last - 0.5])
        fig.update_yaxes(range=[last - 0.5, first - 0.5], autorange=False)
    return fig


def comparison_bars(names: list[str], values: list[int]) -> go.Figure:
    fig = go.Figure(go.Bar(y=names, x=values, orientation="h", text=[f"{v:,}" for v in values],
                           textposition="auto", marker_color=["#94a3b8", "#2563eb"]))
    fig.update_layout(height=170, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis_title="multiplications", yaxis=dict(type="category"))
    return fig


def walkthrough(source: np.ndarray, padding: int, kernel: np.ndarray,
                positions: list[tuple[int, int]], output: np.ndarray, cell: tuple[int, int]
                ) -> go.Figure:
    """Padded input (padding cells grey, the kernel's taps outlined in red), the kernel with
    its weights, and the output with the cells done so far and the current one outlined."""
    panels = (source, kernel, output)
    fig = make_subplots(1, 3, column_widths=[p.shape[1] for p in panels],
                        subplot_titles=["padded input (taps in red)", "kernel w",
                                        "output y<br>(so far)"], horizontal_spacing=0.06)
    inside = np.zeros(source.shape, bool)
    inside[padding:source.shape[0] - padding, padding:source.shape[1] - padding] = True
    fig.add_heatmap(z=np.where(inside, source, -5.0), text=source.astype(int).astype(str),
                    texttemplate="%{text}", colorscale="Greys", zmin=-5, zmax=15,
                    showscale=False, hoverinfo="skip", row=1, col=1)
    bound = float(np.abs(kernel).max()) or 1.0
    fig.add_heatmap(z=kernel, text=np.vectorize(lambda w: f"{w:.3g}")(kernel),
                    texttemplate="%{text}", colorscale="RdBu_r", zmin=-bound, zmax=bound,
                    showscale=False, hoverinfo="skip", row=1, col=2)
    fig.add_heatmap(z=np.nan_to_num(output, nan=0.0), colorscale=[[0, "#f1f5f9"], [1, "#f1f5f9"]],
                    showscale=False, hoverinfo="skip", row=1, col=3)
    fig.add_heatmap(z=output, text=np.where(np.isnan(output), "",
                                            np.vectorize(lambda v: f"{v:.3g}")(output)),
                    texttemplate="%{text}", colorscale="Blues", showscale=False,
                    hoverinfo="skip", row=1, col=3)
    rows, cols = zip(*positions)
    for col, xs, ys in ((1, cols, rows), (3, [cell[1]], [cell[0]])):
        fig.add_scatter(x=xs, y=ys, mode="markers", row=1, col=col, hoverinfo="skip",
                        showlegend=False, marker=dict(symbol="square-open", size=30,
                                                      color="#dc2626", line_width=3))
    for col in (1, 2, 3):
        fig.update_yaxes(autorange="reversed", visible=False, scaleanchor=f"x{col}",
                         row=1, col=col)
        fig.update_xaxes(visible=False, constrain="domain", row=1, col=col)
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white")
    return fig
