"""t-SNE embeddings: digits pixels, a network's raw vs learned features, or your own CSV."""
import html
from dataclasses import replace

import streamlit as st

from explorer import embedding as emb
from ui import links, notes_panel
from ui import tsne_views as tv
from ui.i18n import _
from ui.text import md

st.title(_("t-SNE embeddings"))
st.caption(_("Which points stay neighbours when hundreds of dimensions are squeezed into two? "
             "t-SNE (openTSNE) next to PCA, scored by trustworthiness, 5-NN accuracy and "
             "KL(P‖Q); a trained network's penultimate features against its raw pixels."))

views, run_id = tv.choose_points()
params = tv.settings()
# Lazy tabs (on_change="rerun"): only the open tab's content runs, so the first visit does not
# import torch to place an image nobody has looked at yet.
tab_map, tab_anim, tab_sweep, tab_new, tab_how = links.tabs(
    [_("Map"), _("Optimisation"), _("Perplexity sweep"), _("Place a new image"),
     _("How it works")], ["map", "optimisation", "sweep", "place", "how"], key="tab")
with tab_anim:
    snapshot_every = links.choice(
        st.columns(3)[0].select_slider, _("snapshot every k iterations"), [10, 25, 50],
        key="snap", default=emb.SNAPSHOT_EVERY,
        help=_("One animation frame per snapshot; the map is recomputed (then cached)."))

tv.check(views, params.perplexity)
if st.button(_("Stop t-SNE"), icon=":material/stop_circle:",
             help=_("Stops a t-SNE that is still running (changing any setting does too).")):
    st.info(_("Stopped. Change any setting (or press R) to compute the map again."))
    st.stop()
maps = [tv.embed(v, params, snapshot_every) for v in views]
pcas = [tv.principal_components(v.x, params.seed) for v in views]
n_points = len(views[0].x)
big = n_points > emb.MAX_TSNE_POINTS     # the 70,000-point map: no hover labels, no sweep
first, first_name = views[0], tv.view_name(views[0].name)

with tab_map:
    if tab_map.open:
        inspect = int(links.number_input(
            _("Inspect point # (no mouse needed: shows its image and its nearest neighbours on "
              "the map; box or lasso select on a map does the same for many points)"),
            0, n_points - 1, 0, key="point"))
        panels = [(_("t-SNE of {name}", name=tv.view_name(v.name)), m.points, v,
                   m.kl_divergence) for v, m in zip(views, maps)]
        pca_panels = [(_("PCA of {name} ({share:.0%} of variance)", name=tv.view_name(v.name),
                         share=ratio.sum()), points, v, None)
                      for v, (points, ratio) in zip(views, pcas)]
        if len(views) == 1:
            panels += pca_panels
        selected = set()
        for col, (title, points, view, kl) in zip(st.columns(2), panels):
            with col:
                event = st.plotly_chart(
                    tv.figure("embedding_map", points, view.labels, view.classes,
                              html.escape(title), [inspect], big=big),
                    on_select="rerun", selection_mode=("box", "lasso"), key=f"map {view.name} "
                    f"{'t-SNE' if kl is not None else 'PCA'}")
                selected |= {int(p["customdata"]) for p in event.selection.points
                             if "customdata" in p}
                tv.show_scores(tv.quality(view.x, points, view.labels, params.metric), kl)
        if len(views) > 1:
            with st.expander(_("PCA of the same points")):
                for col, (title, points, view, _kl) in zip(st.columns(2), pca_panels):
                    with col:
                        st.plotly_chart(tv.figure("embedding_map", points, view.labels,
                                                  view.classes, html.escape(title), [inspect],
                                                  big=big))
                        tv.show_scores(tv.quality(view.x, points, view.labels, params.metric))
        neighbours = emb.nearest(maps[0].points, maps[0].points[inspect], 9)
        tv.show_images(first, neighbours, _(
            "**Point #{point}** and its 8 nearest neighbours on the t-SNE map of {name}: "
            "{summary}", point=inspect, name=md(first_name),
            summary=md(tv.summary(first, neighbours))))
        if selected:
            rows = sorted(selected)
            tv.show_images(first, rows, _("**Selected {n} points**: {summary}", n=len(rows),
                                          summary=md(tv.summary(first, rows))))
        else:
            st.caption(_("Drag a box or lasso on a map to see the selected points here."))

with tab_anim:
    if tab_anim.open:
        which = 0 if len(views) == 1 else links.choice(
            st.radio, _("Animate"), list(range(len(views))), key="anim", horizontal=True,
            format_func=lambda i: tv.view_name(views[i].name))
        rows = emb.animation_rows(n_points, params.seed)
        if len(rows) < n_points:
            st.caption(_("A random {shown:,} of the {n:,} points are animated (random seed "
                         "{seed}), so the browser gets a light figure.", shown=len(rows),
                         n=n_points, seed=params.seed))
        labels = views[which].labels
        st.plotly_chart(tv.figure(
            "optimisation", [(i, p[rows]) for i, p in maps[which].snapshots],
            maps[which].kl_curve, None if labels is None else labels[rows],
            views[which].classes, emb.EXAGGERATION_ITER,
            frame_title=_("iteration {iteration} ({phase}), KL = {kl:.3f}"),
            phases=(_("early exaggeration"), _("plain P")),
            controls=(_("▶ play"), _("❚❚ pause"), _("iteration "))))
        st.plotly_chart(tv.figure("kl_curve", maps[which].kl_curve, emb.EXAGGERATION_ITER))

with tab_sweep:
    allowed = [p for p in tv.SWEEP if 3 * p < n_points]
    if allowed and not big:
        st.markdown(_("The same settings at perplexity {values}, for **{name}**: small "
                      "perplexities keep local detail and break clusters up, large ones keep "
                      "more of the global layout.", values=", ".join(map(str, allowed)),
                      name=md(first_name)))
    if big:
        st.info(_("A sweep runs one t-SNE per perplexity: it is offered up to {limit:,} points, "
                  "and these are {n:,}. Pick digits pixels for it.", limit=emb.MAX_TSNE_POINTS,
                  n=n_points))
    elif not allowed:
        st.info(_("{n} points are too few for a sweep: perplexity {p} needs more than {need}.",
                  n=n_points, p=tv.SWEEP[0], need=3 * tv.SWEEP[0]))
    elif links.toggle(_("Compute the sweep"), key="sweep",
                      help=_("One t-SNE per perplexity; each is cached.")):
        sweep_maps = {p: tv.embed(first, replace(params, perplexity=p), snapshot_every).points
                      for p in allowed}
        titles = {p: _("perplexity {p:g}<br>trustworthiness {score:.3f}", p=p, score=tv.quality(
            first.x, m, first.labels, params.metric)["trustworthiness"])
                  for p, m in sweep_maps.items()}
        st.plotly_chart(tv.figure("sweep", sweep_maps, titles, first.labels, first.classes))

with tab_new:
    if tab_new.open:
        tv.place_new_image(views, maps, params, snapshot_every, run_id)

with tab_how:
    st.latex(emb.FORMULAS["input"])
    st.latex(emb.FORMULAS["output"])
    st.latex(emb.FORMULAS["kl"])
    st.caption(_("For the first {n} iterations (early exaggeration) $\\alpha\\,p_{{ij}}$ "
                 "takes the place of $p_{{ij}}$.", n=emb.EXAGGERATION_ITER))
    st.markdown(_("The Student-t tail of $q_{ij}$ lets moderately distant points sit far "
                  "apart, so clusters separate (the *crowding problem*). **Trustworthiness** "
                  "(below, sklearn): $U_i^{(k)}$ are the map's $k$ nearest neighbours of $i$ "
                  "that are not among its $k$ nearest input neighbours, $r(i,j)$ is the rank "
                  "of $j$ among $i$'s input neighbours; each intruder costs how far outside the "
                  "top $k$ it ranks, and 1 means no intruders. **5-NN accuracy**: 5-fold "
                  "cross-validated k-nearest-neighbour classifier on the map and on the input "
                  "features."))
    st.latex(emb.FORMULAS["trustworthiness"])
    st.markdown(_("**How it is made fast** (`benchmarks/bench_tsne.py`): exact nearest "
                  "neighbours up to {exact:,} points, Barnes-Hut repulsion with θ = {theta} up "
                  "to {bh:,} points (FFT interpolation beyond), {cores} thread(s), and "
                  "{early} + {iterations} iterations with openTSNE's learning rate N / α, where "
                  "sklearn runs 250 + 750. The maps are as trustworthy as sklearn's; the fewer "
                  "iterations leave KL(P‖Q) a little higher. Raise *iterations* to lower it.",
                  exact=emb.EXACT_NEIGHBOURS_UP_TO, theta=emb.BH_THETA, bh=emb.BH_UP_TO,
                  cores=emb.usable_cores(), early=emb.EXAGGERATION_ITER,
                  iterations=params.n_iter))

notes_panel.show("app_pages/tsne.py")
