"""Plotly figures of the Predict page: top-k bars, the normalised input tensor, the CAM's colour
bar."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots


def top_k_bars(classes: list[str], probs: list[float], reference: list[float] | None,
               temperature: float) -> go.Figure:
    """Horizontal bars, most probable on top; ``reference`` (T = 1) drawn as outlines."""
    fig = go.Figure()
    labels = [str(c) for c in classes][::-1]
    if reference is not None:
        fig.add_bar(y=labels, x=reference[::-1], orientation="h", name="T = 1",
                    marker=dict(color="rgba(0,0,0,0)", line=dict(color="#64748b", width=2)))
    fig.add_bar(y=labels, x=probs[::-1], orientation="h", name=f"T = {temperature:g}",
                marker_color="#2563eb", text=[f"{p:.1%}" for p in probs[::-1]],
                textposition="auto")
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
    names = ["grey"] if channels == 1 else ["R", "G", "B"][:channels]
    fig = make_subplots(1, channels, subplot_titles=[f"channel {n}" for n in names],
                        horizontal_spacing=0.04)
    bound = float(np.abs(x).max()) or 1.0
    for c in range(channels):
        fig.add_heatmap(z=x[c], zmin=-bound, zmax=bound, zmid=0, colorscale="RdBu_r",
                        showscale=c == channels - 1, row=1, col=c + 1,
                        hovertemplate="row %{y}, col %{x}: %{z:.2f}<extra></extra>")
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{c + 1 if c else ''}",
                         showticklabels=False, showgrid=False, zeroline=False, row=1, col=c + 1)
        fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, row=1, col=c + 1)
    fig.update_layout(height=300, width=140 + 260 * channels,
                      margin=dict(l=10, r=10, t=60, b=10),
                      title="Model input: (x − mean) / std per channel")
    return fig


def cam_colour_bar() -> go.Figure:
    """The scale of the CAM overlays (viridis, as ``explorer.cam.overlay``): 0 to 1."""
    fig = go.Figure(go.Heatmap(z=[np.linspace(0, 1, 101)], x=np.linspace(0, 1, 101),
                               colorscale="Viridis", showscale=False, hoverinfo="skip"))
    fig.update_layout(height=90, width=460, margin=dict(l=40, r=40, t=30, b=30),
                      title=dict(text="CAM value (each map scaled to its own 0–1)",
                                 font=dict(size=13)),
                      xaxis=dict(tickvals=[0, 0.5, 1], ticktext=["0: not used", "0.5",
                                                                 "1: used most"],
                                 range=[-0.005, 1.005]),
                      yaxis=dict(visible=False))
    return fig
