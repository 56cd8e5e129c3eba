"""Optimizer paths on 2-D test functions, the Hessian at a point, and batch-size noise."""
import pandas as pd
import streamlit as st

from explorer import optim_paths as op
from explorer.errors import SEED_MAX
from explorer.figures import optim_paths as figs

st.title("Optimizers, saddle points and batch size")
st.caption("Seven torch.optim optimizers start from the same point on classic test functions. "
           "The Hessian's eigenvalues tell a minimum from a maximum or a saddle (seed 004); "
           "batch size trades gradient noise for speed (seed 004: BGD vs SGD vs mini-batch).")


@st.cache_resource(max_entries=256, show_spinner=False)
def path(surface, optimizer, start, lr, steps):
    return op.run(surface, optimizer, start, lr, steps)


@st.cache_resource(max_entries=8, show_spinner=False)
def grid(surface, box=None):
    return op.grid(surface, box=box)


@st.cache_resource(max_entries=64, show_spinner=False)
def regression(batch_sizes, lr, epochs, seed):
    runs = {f"batch {b}" if b < 200 else "full batch (200)": op.regression_path(b, lr, epochs,
                                                                              seed)
            for b in batch_sizes}
    return (figs.regression_paths(*op.regression_grid(seed=seed), runs, op.least_squares(seed)),
            figs.regression_losses(runs, epochs), runs)


tab_paths, tab_hessian, tab_batch = st.tabs(
    ["Paths on a surface", "Hessian at a point", "Batch size and noise"])

with tab_paths:
    c = st.columns([2, 3])
    name = c[0].selectbox("Surface", list(op.SURFACES))
    surface = op.SURFACES[name]
    chosen = c[1].multiselect("Optimizers", list(op.OPTIMIZERS),
                              default=["SGD", "Momentum", "RMSprop", "Adam"])
    c = st.columns(5)
    x0 = c[0].number_input("start x", -op.DIVERGED, op.DIVERGED, surface.start[0], 0.5,
                           key=f"x0 {name}")
    y0 = c[1].number_input("start y", -op.DIVERGED, op.DIVERGED, surface.start[1], 0.5,
                           key=f"y0 {name}")
    lr_sgd = c[2].number_input("lr, SGD family", min_value=0.0, max_value=100.0,
                               value=surface.lr_sgd, format="%.4f", step=surface.lr_sgd / 2,
                               key=f"lr_sgd {name}", help="SGD, Momentum and Nesterov")
    lr_adaptive = c[3].number_input("lr, adaptive", min_value=0.0, max_value=100.0,
                                    value=surface.lr_adaptive, format="%.4f",
                                    step=surface.lr_adaptive / 2, key=f"lr_ad {name}",
                                    help="Adagrad, RMSprop, Adam and AdamW")
    steps = c[4].slider("steps", 10, 2000, surface.steps, 10, key=f"steps {name}")
    st.latex(surface.formula)
    if not chosen:
        st.warning("Pick at least one optimizer.")
    else:
        progress, runs = st.progress(0.0), {}
        try:
            for i, o in enumerate(chosen):
                progress.progress(i / len(chosen), text=f"{o}: {steps} steps "
                                  f"(optimizer {i + 1} of {len(chosen)})")
                runs[o] = path(name, o, (x0, y0), lr_adaptive if o in op.ADAPTIVE else lr_sgd,
                               steps)
        except ValueError as err:
            st.error(f"{err}.")
        else:
            progress.empty()
            left, right = st.columns([3, 2])
            left.plotly_chart(figs.paths(*grid(name), surface.log_contours, runs, (x0, y0),
                                         surface.minima, surface.box))
            right.plotly_chart(figs.losses(runs, surface.loss_range))
            diverged = [o for o, p in runs.items() if p.diverged]
            if diverged:
                st.warning(f"Diverged (|x| or |y| > 10⁶, stopped early): {', '.join(diverged)}. "
                           + ("x² − y² has no minimum: y runs off to ±∞." if name == "saddle"
                              else "Lower that learning rate."))
            st.dataframe(pd.DataFrame([{"optimizer": o, "final x": p.points[-1, 0],
                                        "final y": p.points[-1, 1], "final f": p.losses[-1],
                                        "steps run": len(p.points) - 1}
                                       for o, p in runs.items()]),
                         hide_index=True, column_config={
                             "final x": st.column_config.NumberColumn(format="%.4f"),
                             "final y": st.column_config.NumberColumn(format="%.4f"),
                             "final f": st.column_config.NumberColumn(format="%.3e")})
            st.caption("AdamW here uses weight decay 0.1 (decoupled: it pulls the point "
                       "towards 0), momentum 0.9 for Momentum and Nesterov; other settings are "
                       "torch.optim's defaults.")

def pick_point():
    """A click on the Hessian chart (a point of its invisible grid) becomes the point."""
    clicked = st.session_state["hessian.chart"].selection.points
    if clicked:
        st.session_state["hessian.x"] = float(clicked[0]["x"])
        st.session_state["hessian.y"] = float(clicked[0]["y"])


with tab_hessian:
    st.markdown("At a critical point (∇f = 0) the Hessian $H = \\nabla^2 f$ decides: all "
                "eigenvalues $> 0$ → **local minimum**, all $< 0$ → **local maximum**, mixed "
                "signs → **saddle point** (gradient descent slows down there but can escape "
                "along the negative-curvature direction).")
    st.session_state.setdefault("hessian.x", 0.0)
    st.session_state.setdefault("hessian.y", 0.0)
    c = st.columns(3)
    h_name = c[0].selectbox("Surface", list(op.SURFACES), index=2, key="hessian.surface")
    hx = c[1].number_input("point x", -op.DIVERGED, op.DIVERGED, step=0.1, format="%.6f",
                           key="hessian.x")
    hy = c[2].number_input("point y", -op.DIVERGED, op.DIVERGED, step=0.1, format="%.6f",
                           key="hessian.y")
    st.caption("Click the surface to analyse a point, or type it. Try Himmelblau at "
               "(−0.270845, −0.923039): its local maximum; or (3, 2): a minimum.")
    a = op.analyse(h_name, (hx, hy))
    left, right = st.columns([3, 2])
    view = op.view_box(h_name, (hx, hy))
    left.plotly_chart(figs.hessian_point(*grid(h_name, view), op.SURFACES[h_name].log_contours,
                                         a, (hx, hy), view),
                      key="hessian.chart", on_select=pick_point, selection_mode="points")
    with right:
        c = st.columns(2)
        c[0].metric("f(x, y)", f"{a.value:.4g}")
        c[1].metric("|∇f|", f"{a.gradient_norm:.3g}")
        st.metric("eigenvalues of H", ", ".join(f"{v:.4g}" for v in a.eigenvalues))
        if not a.critical:
            st.info(f"∇f = ({a.gradient[0]:.3g}, {a.gradient[1]:.3g}) ≠ 0, so this is not a "
                    f"critical point; the curvature here is that of a {a.kind}. The rule "
                    "classifies only points where the gradient vanishes.")
        else:
            st.success(f"Classification: **{a.kind}**")
        st.latex(r"H = \begin{pmatrix} %.4g & %.4g \\ %.4g & %.4g \end{pmatrix}"
                 % tuple(a.hessian.ravel()))
        st.caption("The lines through the point are H's eigenvectors: f curves up along a "
                   "blue one (λ > 0) and down along a red one (λ < 0). H from "
                   "torch.autograd.functional.hessian, eigenvectors from torch.linalg.eigh.")

with tab_batch:
    st.markdown("Linear regression $y = wx + b$ on 200 noisy points, plain SGD on the mean "
                "squared error. **Full batch** follows the exact gradient: smooth but one "
                "update per epoch. **Mini-batches** and **single samples** make many cheap "
                "noisy updates and keep jittering near the optimum unless the learning rate "
                "decays.")
    c = st.columns([2, 1, 1, 1])
    sizes = c[0].multiselect("batch sizes", [1, 5, 20, 50, 200], default=[1, 20, 200])
    lr_r = c[1].slider("learning rate", 0.005, 0.3, 0.05, 0.005)
    epochs = c[2].slider("epochs", 1, 30, 5)
    seed = c[3].number_input("seed", value=0, min_value=0, max_value=SEED_MAX, step=1)
    if not sizes:
        st.warning("Pick at least one batch size.")
    else:
        fig_paths, fig_losses, reg_runs = regression(tuple(sorted(sizes, reverse=True)), lr_r,
                                                     epochs, int(seed))
        left, right = st.columns(2)
        left.plotly_chart(fig_paths)
        right.plotly_chart(fig_losses)
        st.dataframe(pd.DataFrame([{"run": n, "updates": len(p.points) - 1,
                                    "final w": p.points[-1, 0], "final b": p.points[-1, 1],
                                    "final MSE": p.losses[-1]} for n, p in reg_runs.items()]),
                     hide_index=True, column_config={
                         c: st.column_config.NumberColumn(format="%.4f")
                         for c in ("final w", "final b", "final MSE")})
