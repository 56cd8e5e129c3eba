"""Plotly figures of the Predict page: top-k bars, the normalised input tensor, the CAM's colour
bar."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots


CHANNEL_TITLES = {1: ("channel grey",), 3: ("channel R", "channel G", "channel B")}


def probability_text(p: float) -> str:
    """A probability as a percentage with one decimal, never rounded to a certainty it is not:
    "<0.1%" for 0 < p < 0.0005 and ">99.9%" for 0.9995 <= p < 1 (where "0.0%" and "100.0%"
    would say impossible and certain)."""
    if 0 < p < 0.0005:
        return "<0.1%"
    if 0.9995 <= p < 1:
        return ">99.9%"
    return f"{p:.1%}"


def top_k_bars(classes: list[str], probs: list[float], reference: list[float] | None,
               temperature: float) -> go.Figure:
    """Horizontal bars, most probable on top; ``reference`` (T = 1) drawn as outlines."""
    fig = go.Figure()
    labels = [str(c) for c in classes][::-1]
    if reference is not None:
        fig.add_bar(y=labels, x=reference[::-1], orientation="h", name="T = 1",
                    marker=dict(color="rgba(0,0,0,0)", line=dict(color="#64748b", width=2)))
    fig.add_bar(y=labels, x=probs[::-1], orientation="h", name=f"T = {temperature:g}",
                marker_color="#2563eb", text=[probability_text(p) for p in probs[::-1]],
                textposition=["inside" if p > 0.2 else "outside" for p in probs[::-1]],
                cliponaxis=False)   # short bars get their number outside, every bar one
    fig.update_layout(barmode="overlay", height=110 + 32 * len(classes),
                      margin=dict(l=10, r=10, t=50, b=10),
                      xaxis=dict(range=[0, 1], tickformat=".0%", title="probability"),
                      yaxis=dict(type="category"), title="Top classes",
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.02,
                                  yanchor="bottom"))
    return fig


def input_tensor(x: np.ndarray) -> go.Figure:
    """``float[C, H, W]`` normalised tensor -> one heatmap per channel, 0 in white."""
    channels = x.shape[0]
    titles = CHANNEL_TITLES.get(channels, [f"channel {c}" for c in range(channels)])
    fig = make_subplots(1, channels, subplot_titles=titles, horizontal_spacing=0.04)
    bound = float(np.abs(x).max()) or 1.0
    for c in range(channels):
        fig.add_heatmap(z=x[c], zmin=-bound, zmax=bound, zmid=0, colorscale="RdBu_r",
                        showscale=c == channels - 1, row=1, col=c + 1,
                        hovertemplate="row %{y}, col %{x}: %{z:.2f}<extra></extra>")
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{c + 1 if c else ''}",
                         showticklabels=False, ticks="", showgrid=False, zeroline=False, row=1,
                         col=c + 1)
        fig.update_xaxes(showticklabels=False, ticks="", showgrid=False, zeroline=False, row=1,
                         col=c + 1)
    fig.update_layout(height=300, width=140 + 260 * channels,
                      margin=dict(l=10, r=10, t=60, b=10),
                      title="Model input: (x − mean) / std per channel")
    return fig


def cam_colour_bar(low: str = "0: not used", high: str = "1: used most") -> go.Figure:
    """The scale of the CAM overlays (viridis, as ``explorer.cam.overlay``): 0 to 1, its ends
    named ``low`` and ``high`` (tick texts, which ``ui.i18n.figure`` does not translate)."""
    fig = go.Figure(go.Heatmap(z=[np.linspace(0, 1, 101)], x=np.linspace(0, 1, 101),
                               colorscale="Viridis", showscale=False, hoverinfo="skip"))
    fig.update_layout(height=90, width=460, margin=dict(l=40, r=40, t=30, b=30),
                      title=dict(text="CAM value (each map scaled to its own 0–1)",
                                 font=dict(size=13)),
                      xaxis=dict(tickvals=[0, 0.5, 1], ticktext=[low, "0.5", high],
                                 range=[-0.005, 1.005]),
                      yaxis=dict(visible=False))
    return fig
