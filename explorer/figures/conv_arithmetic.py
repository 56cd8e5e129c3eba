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
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10),
                      yaxis_title="pixels (of the input for field and jump)",
                      xaxis=dict(type="category"), legend=dict(orientation="h", y=1.12))
    return fig


def measured_field(grad: np.ndarray, lo: float, hi: float) -> go.Figure:
    """|∂ centre output / ∂ input| with the formula's field [lo, hi)² as a dashed square."""
    fig = go.Figure(go.Heatmap(z=np.abs(grad), colorscale="Blues", showscale=False,
                               hovertemplate="row %{y}, col %{x}: %{z:.3g}<extra></extra>"))
    fig.add_shape(type="rect", x0=lo - 0.5, x1=hi - 0.5, y0=lo - 0.5, y1=hi - 0.5,
                  line=dict(color="#dc2626", dash="dash", width=2))
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=40, b=10),
                      title="Input gradient of the centre output (blue) vs the formula's "
                            "field (red dashes)",
                      yaxis=dict(autorange="reversed", scaleanchor="x"))
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
    """Padded input (padding cells grey) with the kernel's taps outlined and their weights
    written in, next to the output with the current cell outlined and the cells done so far."""
    fig = make_subplots(1, 2, column_widths=[source.shape[1], output.shape[1]],
                        subplot_titles=["padded input (weights in red at the kernel's taps)",
                                        "output"], horizontal_spacing=0.08)
    inside = np.zeros(source.shape, bool)
    inside[padding:source.shape[0] - padding, padding:source.shape[1] - padding] = True
    shown = np.where(inside, source, np.nan)
    fig.add_heatmap(z=shown, text=source.astype(int).astype(str), texttemplate="%{text}",
                    colorscale="Greys", zmin=-5, zmax=15, showscale=False, hoverinfo="skip",
                    row=1, col=1)
    fig.add_heatmap(z=np.where(inside, np.nan, 0), colorscale=[[0, "#e5e7eb"], [1, "#e5e7eb"]],
                    showscale=False, text=np.where(inside, "", "0"), texttemplate="%{text}",
                    hoverinfo="skip", row=1, col=1)
    rows, cols = zip(*positions)
    fig.add_scatter(x=cols, y=rows, mode="markers+text", row=1, col=1, hoverinfo="skip",
                    marker=dict(symbol="square-open", size=34, color="#dc2626", line_width=3),
                    text=[f"×{w:g}" for w in kernel.ravel()], textposition="bottom center",
                    textfont=dict(color="#dc2626", size=11), showlegend=False)
    fig.add_heatmap(z=output, text=np.where(np.isnan(output), "", np.round(output, 2).astype(str)),
                    texttemplate="%{text}", colorscale="Blues", showscale=False,
                    hoverinfo="skip", row=1, col=2)
    fig.add_scatter(x=[cell[1]], y=[cell[0]], mode="markers", row=1, col=2, hoverinfo="skip",
                    marker=dict(symbol="square-open", size=38, color="#dc2626", line_width=3),
                    showlegend=False)
    for col in (1, 2):
        fig.update_yaxes(autorange="reversed", showticklabels=False, scaleanchor=f"x{col}",
                         row=1, col=col)
        fig.update_xaxes(showticklabels=False, row=1, col=col)
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white")
    return fig
