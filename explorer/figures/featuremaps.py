"""Figures of the Feature maps page: the channel grid, one channel, kernels, the shape strip."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

_IMAGE_AXES = dict(visible=False, constrain="domain")


def _image_layout(fig: go.Figure, height: int, title: str) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), title=title,
                      plot_bgcolor="white", xaxis=_IMAGE_AXES,
                      yaxis=dict(_IMAGE_AXES, autorange="reversed", scaleanchor="x"))
    return fig


LABELLED_TILES = 64   # up to this many tiles carry their channel's name; more: hover only


def channel_grid(grid: np.ndarray, ids: np.ndarray, layer: str, shape: tuple[int, ...],
                 sorted_by_mean: bool, names: list[str] | None = None) -> go.Figure:
    """Every channel as one tile of a single heatmap (each tile scaled to its own range);
    with at most LABELLED_TILES tiles each is labelled at its top-left corner by its name
    (``names[channel]``, default the channel number)."""
    fig = go.Figure(go.Heatmap(
        z=grid, customdata=ids, colorscale="Viridis", zmin=0, zmax=1, showscale=False,
        hovertemplate="channel %{customdata}<br>scaled value %{z:.2f}<extra></extra>"))
    channels = [int(c) for c in np.unique(ids) if c >= 0]
    if len(channels) <= LABELLED_TILES:
        for channel in channels:
            rows, cols = np.nonzero(ids == channel)
            fig.add_annotation(x=cols.min() - 0.5, y=rows.min() - 0.5, xanchor="left",
                               yanchor="top", showarrow=False,
                               text=str(names[channel]) if names else str(channel),
                               font=dict(size=11, color="white"), bgcolor="rgba(0,0,0,0.55)",
                               borderpad=1)
    order = "highest mean first" if sorted_by_mean else "channel order"
    hint = "" if len(channels) <= LABELLED_TILES else " (hover a tile for its channel)"
    height = int(np.clip(900 * grid.shape[0] / grid.shape[1], 220, 900))
    return _image_layout(fig, height, f"{layer}: {shape[0]} channels of {shape[1]}×{shape[2]}, "
                                      f"{order}{hint}")


def one_channel(values: np.ndarray, title: str) -> go.Figure:
    """One channel at full resolution, raw values (no rescaling) with a colour bar."""
    fig = go.Figure(go.Heatmap(z=values, colorscale="Viridis",
                               hovertemplate="row %{y}, col %{x}: %{z:.3f}<extra></extra>"))
    return _image_layout(fig, 440, title).update_layout(margin_t=60)   # room for 2 title lines


def vector_bars(values: np.ndarray, classes: list[str] | None, title: str) -> go.Figure:
    """A flat layer's ``float[D]`` outputs as bars, one per unit (or per class, for a head)."""
    x = [str(c) for c in classes] if classes else list(range(len(values)))
    fig = go.Figure(go.Bar(x=x, y=values, marker_color=np.where(values > 0, "#2563eb",
                                                                "#94a3b8"),
                           hovertemplate=("class" if classes else "unit")
                           + " %{x}: %{y:.3f}<extra></extra>"))
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10), title=title,
                      xaxis=dict(title="class" if classes else "unit", type="category"
                                 if classes else "linear"),
                      yaxis=dict(title="value", zeroline=True), bargap=0.1)
    return fig


def kernels(images: np.ndarray, grid: np.ndarray, title: str) -> go.Figure:
    """Conv kernels: an RGB montage (``grid`` [H, W, 3] in [0, 1], white gaps), or a
    grey montage drawn on a diverging scale centred on 0 (red +, blue −)."""
    if grid.ndim == 3:
        fig = go.Figure(go.Image(z=np.nan_to_num(grid, nan=1.0) * 255, hoverinfo="skip"))
    else:
        bound = float(np.abs(images).max()) or 1.0
        fig = go.Figure(go.Heatmap(z=grid, colorscale="RdBu_r", zmin=-bound, zmax=bound,
                                   hovertemplate="weight %{z:.3f}<extra></extra>"))
    return _image_layout(fig, int(np.clip(700 * grid.shape[0] / grid.shape[1], 160, 500)),
                         title)


def shape_strip(names: list[str], shapes: list[tuple[int, ...]], chosen: str,
                nodes: list[str] | None = None) -> go.Figure:
    """Activation size (C·h·w of a map, D of a vector) of every layer along the network (log
    scale), ``chosen`` in red; ``nodes``: the graph node names, shown on hover."""
    sizes = [int(np.prod(shape)) for shape in shapes]
    colours = ["#dc2626" if n == chosen else "#93c5fd" for n in names]
    labels = ["×".join(map(str, shape)) for shape in shapes]
    few = len(names) <= 24
    fig = go.Figure(go.Bar(x=names, y=sizes, marker_color=colours,
                           customdata=list(zip(labels, nodes or names)),
                           text=labels if few else None, textposition="inside",
                           hovertemplate="%{x}<br>graph node %{customdata[1]}<br>size "
                                         "%{customdata[0]}<br>%{y:,} values<extra></extra>"))
    fig.update_layout(height=240, margin=dict(l=10, r=10, t=40, b=10),
                      title=f"Shapes along the network: {chosen} is "
                            f"{labels[names.index(chosen)]}, in red",
                      yaxis=dict(type="log", title="values per image"),
                      xaxis=dict(showticklabels=few, type="category"),
                      bargap=0.15)
    return fig
