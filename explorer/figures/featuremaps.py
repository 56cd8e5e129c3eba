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


def channel_grid(grid: np.ndarray, ids: np.ndarray, title: str,
                 names: list[str] | None = None) -> go.Figure:
    """Every channel as one tile of a single heatmap (each tile scaled to its own range);
    with at most LABELLED_TILES tiles each is labelled at its top-left corner by its name
    (``names[channel]``, default the channel number). ``title``: see ``grid_title``."""
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
    height = int(np.clip(900 * grid.shape[0] / grid.shape[1], 220, 900))
    return _image_layout(fig, height, title)


GRID_TITLE = "{layer}: {channels} channels of {height}×{width}, {order}"
GRID_ORDERS = ("channel order", "highest mean first")
GRID_HOVER_HINT = " (hover a tile for its channel)"


def grid_title(layer: str, shape: tuple[int, ...], sorted_by_mean: bool,
               template: str = GRID_TITLE, orders: tuple[str, str] = GRID_ORDERS,
               hint: str = GRID_HOVER_HINT) -> str:
    """The channel grid's title, e.g. 'conv1 (…): 6 channels of 160×160, channel order';
    a page in another language passes the translated ``template``, ``orders`` and ``hint``."""
    text = template.format(layer=layer, channels=shape[0], height=shape[1], width=shape[2],
                           order=orders[sorted_by_mean])
    return text + (hint if shape[0] > LABELLED_TILES else "")


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
                           hovertemplate="class %{x}: %{y:.3f}<extra></extra>" if classes
                           else "unit %{x}: %{y:.3f}<extra></extra>"))
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


STRIP_TITLE = "Shapes along the network: {layer} is {shape}, in red"


def shape_strip(names: list[str], shapes: list[tuple[int, ...]], chosen: str,
                nodes: list[str] | None = None, title: str = STRIP_TITLE) -> go.Figure:
    """Activation size (C·h·w of a map, D of a vector) of every layer along the network (log
    scale), ``chosen`` in red; ``nodes``: the graph node names, shown on hover; ``title``: a
    template with ``{layer}`` and ``{shape}`` (a page in another language translates it)."""
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
                      title=title.format(layer=chosen, shape=labels[names.index(chosen)]),
                      # powers of ten only: the minor 2 and 5 labels read as "1M 5 2 100k 5 2"
                      yaxis=dict(type="log", title="values per image", dtick=1),
                      xaxis=dict(showticklabels=few, type="category"),
                      bargap=0.15)
    return fig
