"""Figures of the Label smoothing and Focal loss pages."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.figures.activations import colour

_LEGEND = dict(orientation="h", y=1.14, x=0)
_MARGIN = dict(t=40, b=10, l=10, r=10)


def targets(one_hot: np.ndarray, smoothed: np.ndarray, epsilon: float,
            smoothed_name: str = "smoothed (ε = {epsilon:g})", true_mark: str = " (true)"
            ) -> go.Figure:
    """Grouped bars: the one-hot target and the smoothed q over the N classes (class 0 true,
    marked by ``true_mark``); ``smoothed_name`` is a template with the field ``epsilon``."""
    names = [f"{i}{true_mark if i == 0 else ''}" for i in range(len(one_hot))]
    bars = [go.Bar(x=names, y=one_hot, name="one-hot (ε = 0)", marker_color=colour(0)),
            go.Bar(x=names, y=smoothed, name=smoothed_name.format(epsilon=epsilon),
                   marker_color=colour(1), text=[f"{v:.3f}" for v in smoothed],
                   textposition="outside")]
    return go.Figure(data=bars, layout=dict(
        barmode="group", height=330, margin=_MARGIN, legend=_LEGEND,
        xaxis=dict(title="class i", type="category"),
        yaxis=dict(title="target q_i", range=[0, 1.15])))


def loss_vs_true_logit(z: np.ndarray, ce: np.ndarray, smoothed: np.ndarray,
                       gap: float, epsilon: float,
                       smoothed_name: str = "label-smoothed CE (ε = {epsilon:g})",
                       optimum_text: str = "optimum z* = {gap:.2f}") -> go.Figure:
    """Both losses against the true-class logit; a dashed line at the optimal gap. The two
    texts are templates (fields ``epsilon``, ``gap``)."""
    figure = go.Figure(data=[
        go.Scatter(x=z, y=ce, name="cross-entropy (ε = 0)", line=dict(color=colour(0))),
        go.Scatter(x=z, y=smoothed, name=smoothed_name.format(epsilon=epsilon),
                   line=dict(color=colour(1)))],
        layout=dict(height=330, margin=_MARGIN, legend=_LEGEND, hovermode="x unified",
                    xaxis_title="true-class logit z_y (the other logits are 0)",
                    yaxis_title="loss"))
    if np.isfinite(gap):
        figure.add_vline(x=gap, line=dict(dash="dash", color=colour(1)),
                         annotation_text=optimum_text.format(gap=gap),
                         annotation_position="top right")   # the curves fill the bottom
    return figure


def optimal_gap(epsilon: np.ndarray, closed_form: np.ndarray, seed_form: np.ndarray,
                numeric_eps: np.ndarray, numeric_gap: np.ndarray, chosen: float,
                num_classes: int,
                gap_title: str = "optimal gap z*_y − z*_i  (N = {num_classes})") -> go.Figure:
    """Closed-form gap vs eps (torch's and the seed's conventions), numeric optima as dots;
    ``gap_title`` is a template with the field ``num_classes``."""
    return go.Figure(data=[
        go.Scatter(x=epsilon, y=closed_form, name="log(1 + N(1−ε)/ε)  (q_i = ε/N)",
                   line=dict(color=colour(1), width=3)),
        go.Scatter(x=epsilon, y=seed_form, name="Note 1: log((N−1)(1−ε)/ε)  (q_i = ε/(N−1))",
                   line=dict(color=colour(2), dash="dot")),
        go.Scatter(x=numeric_eps, y=numeric_gap, name="numeric optimum (L-BFGS on torch's loss)",
                   mode="markers", marker=dict(color="black", size=8, symbol="x"))],
        layout=dict(height=360, margin=_MARGIN, legend=dict(orientation="h", y=1.2, x=0),
                    xaxis_title="ε", yaxis_title=gap_title.format(num_classes=num_classes),
                    shapes=[dict(type="line", x0=chosen, x1=chosen, y0=0, y1=1, yref="paper",
                                 line=dict(dash="dash", color="grey"))]))


def focal_curves(p_t: np.ndarray, curves: dict[str, tuple[np.ndarray, np.ndarray]]) -> go.Figure:
    """Loss (left) and dLoss/dz (right) against p_t, one line per (gamma, alpha) setting."""
    figure = make_subplots(cols=2, subplot_titles=("loss  −α (1 − p<sub>t</sub>)<sup>γ</sup> log p<sub>t</sub>",
                                                   "gradient ∂loss/∂z  (autograd)"))
    for i, (name, (loss, gradient)) in enumerate(curves.items()):
        line = dict(color=colour(i))
        figure.add_trace(go.Scatter(x=p_t, y=loss, name=name, legendgroup=name, line=line),
                         row=1, col=1)
        figure.add_trace(go.Scatter(x=p_t, y=gradient, name=name, legendgroup=name, line=line,
                                    showlegend=False), row=1, col=2)
    figure.update_xaxes(title_text="p<sub>t</sub> (probability given to the true label)")
    return figure.update_layout(height=380, margin=dict(t=60, b=10, l=10, r=10),
                                legend=dict(orientation="h", y=1.25, x=0))


def toy_boundaries(x: np.ndarray, y: np.ndarray, fits) -> go.Figure:
    """The imbalanced toy's points and each fit's boundary w . x + b = 0 (``ToyFit`` list)."""
    lo, hi = x.min(axis=0) - 0.5, x.max(axis=0) + 0.5
    traces = [go.Scatter(x=x[y == k, 0], y=x[y == k, 1], mode="markers", name=name,
                         marker=dict(size=size, color=colr, opacity=opacity))
              for k, name, size, colr, opacity in ((0, "negative (common)", 4, "lightgrey", 0.6),
                                                   (1, "positive (rare)", 8, "crimson", 1.0))]
    x0 = np.array([lo[0], hi[0]])
    for i, fit in enumerate(fits):
        w, b = fit.weights, fit.bias
        traces.append(go.Scatter(x=x0, y=-(w[0] * x0 + b) / w[1], mode="lines", name=fit.name,
                                 line=dict(color=colour(i), width=3)))
    return go.Figure(data=traces, layout=dict(
        height=430, margin=_MARGIN, legend=dict(orientation="h", y=1.14, x=0),
        xaxis=dict(range=[lo[0], hi[0]], title="x₁"),
        yaxis=dict(range=[lo[1], hi[1]], title="x₂")))


def template_planes(projections: dict[str, tuple[np.ndarray, np.ndarray]],
                    class_names: list[str], class_label: str = "class {name}") -> go.Figure:
    """Side by side scatter of penultimate activations projected on the templates' plane;
    ``class_label`` is a template with the field ``name``.

    projections: panel title -> (coordinates float[n, 2], labels int[n] in 0..2).
    """
    figure = make_subplots(cols=len(projections), subplot_titles=list(projections))
    for col, (coords, labels) in enumerate(projections.values(), start=1):
        for k, name in enumerate(class_names):
            figure.add_trace(go.Scattergl(
                x=coords[labels == k, 0], y=coords[labels == k, 1], mode="markers",
                name=class_label.format(name=name), legendgroup=name, showlegend=col == 1,
                marker=dict(size=5, color=colour(k), opacity=0.7)), row=1, col=col)
        # equal scales: the picture keeps the true shape of the clusters
        figure.update_yaxes(scaleanchor=f"x{col if col > 1 else ''}", scaleratio=1,
                            row=1, col=col)
    return figure.update_layout(height=420, margin=dict(t=60, b=10, l=10, r=10),
                                legend=dict(orientation="h", y=1.2, x=0))
