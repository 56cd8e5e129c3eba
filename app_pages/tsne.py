"""t-SNE embeddings: digits pixels, a network's raw vs learned features, or your own CSV."""
import html
from dataclasses import replace

import streamlit as st

from explorer import embedding as emb
from explorer.figures import embedding as figs
from ui.text import md, show_read_notes

st.title("t-SNE embeddings")
st.caption("Which points stay neighbours when hundreds of dimensions are squeezed into two? "
           "t-SNE (openTSNE) next to PCA, scored by trustworthiness, 5-NN accuracy and "
           "KL(P‖Q); a trained network's penultimate features against its raw pixels.")

SOURCES = ("Digits pixels", "A trained network: raw vs learned", "Upload a CSV")
SWEEP = (5, 15, 30, 50, 100)


@st.cache_data(max_entries=1, show_spinner="Loading the digits…")
def digits():
    return emb.digits_pixels()


@st.cache_resource(show_spinner="Training the default digits LeNet once (about 10 s)…")
def default_run() -> str:
    from explorer.predict import DEFAULT_RUN, default_digits
    default_digits()
    return DEFAULT_RUN


@st.cache_data(max_entries=4, show_spinner="Running the network over the images…")
def network(run_id: str):
    return emb.network_features(run_id)


@st.cache_data(max_entries=2, show_spinner="Reading the CSV…")
def table(data: bytes):
    """(DataFrame, notes); at most explorer.budget.MAX_CSV_CELLS cells, so two entries stay
    small."""
    return emb.read_table(data)


@st.cache_data(max_entries=8, show_spinner=False)
def embed(x, params, snapshot_every, name, placeable=True):
    """t-SNE with a progress bar while it optimises. The bar is made here, inside the cached
    function, so that a cache hit can replay it (it ends empty). Each update of the bar is
    where Streamlit stops the run when the user changes a setting or presses Stop (a rerun
    request raises there), so a run never outlives the settings it was started with. The
    openTSNE model (tens of MB at 10,000 points) is kept only when an image can be placed."""
    bar = st.progress(0.0, text=f"t-SNE of {md(name)}…")

    def progress(done, total):
        bar.progress(done / total, text=f"t-SNE of {md(name)}: iteration {done} / {total}")
    result = emb.tsne(x, params, snapshot_every, progress)
    bar.empty()
    return result if placeable else replace(result, model=None)


@st.cache_data(max_entries=24, show_spinner=False)
def principal_components(x, seed):
    return emb.pca(x, seed)


@st.cache_data(max_entries=48, show_spinner="Scoring the map…")
def quality(x, points, labels, metric):
    return emb.map_quality(x, points, labels, metric)


@st.cache_data(max_entries=32, show_spinner="Placing the image with openTSNE's transform…")
def place(_embedding, key, row):
    return emb.transform(_embedding, row)


# Figures cached whole (st.cache_resource returns the same object): building a plotly figure
# of ~1,800 points in 10 traces, or 15 animation frames of them, costs more than the lookup.
# A map of 10,000 points is about 1 MB, an animation at most ~7 MB (emb.ANIMATION_POINTS).
@st.cache_resource(max_entries=32, show_spinner=False)
def figure(builder: str, *args):
    return getattr(figs, builder)(*args)


def choose_points():
    """The chosen source's FeatureSets (one, or raw + learned) and the run id, if any."""
    source = st.radio("Points", SOURCES, horizontal=True)
    if source == SOURCES[0]:
        return [digits()], None
    if source == SOURCES[1]:
        from explorer.predict import DEFAULT_RUN
        from ui.run_menu import IMAGES, usable_runs
        runs = {r.id: r.label for r in usable_runs(need=IMAGES)}
        runs.setdefault(DEFAULT_RUN, "default digits LeNet-5 (trained once, about 10 s)")
        run_id = st.selectbox("Checkpoint (Training lab runs)", list(runs),
                              format_func=runs.get)
        if run_id == DEFAULT_RUN:
            default_run()
        return list(network(run_id)), run_id
    upload = st.file_uploader("CSV: one row per point, numeric feature columns and "
                              "optionally a label column", type=["csv"])
    if upload is None:
        st.info("Upload a CSV to embed your own features.")
        st.stop()
    frame, notes = table(upload.getvalue())
    show_read_notes(notes)
    columns = [None] + list(frame.columns)
    label = st.selectbox("Label column", columns,
                         index=columns.index("label") if "label" in columns else 0,
                         format_func=lambda c: "(none)" if c is None else str(c))
    return [emb.features_from_table(frame, label)], None


try:
    views, run_id = choose_points()
except ValueError as err:
    st.error(md(str(err)))
    st.stop()

c = st.columns(6)
params = emb.TSNEParams(
    perplexity=c[0].slider("perplexity", 2, 100, 30,
                           help="Effective number of neighbours each point attends to."),
    early_exaggeration=c[1].slider("exaggeration α", 1.0, 40.0, 12.0, 1.0,
                                   help=f"P is multiplied by α for the first "
                                        f"{emb.EXAGGERATION_ITER} iterations."),
    n_iter=c[2].select_slider("iterations", [250, 500, 750, 1000], 250,
                              help=f"After the {emb.EXAGGERATION_ITER} early-exaggeration "
                                   f"iterations."),
    initialization=c[3].selectbox("initialisation", emb.INITIALIZATIONS),
    metric=c[4].selectbox("metric", emb.METRICS),
    seed=int(c[5].number_input("seed", 0, 10_000, 0)))
# Lazy tabs (on_change="rerun"): only the open tab's content runs, so the first visit does not
# import torch to place an image nobody has looked at yet.
tab_map, tab_anim, tab_sweep, tab_new, tab_how = st.tabs(
    ["Map", "Optimisation", "Perplexity sweep", "Place a new image", "How it works"],
    key="tsne_tab", on_change="rerun")
with tab_anim:
    snapshot_every = st.columns(3)[0].select_slider(
        "snapshot every k iterations", [10, 25, 50], 50,
        help="One animation frame per snapshot; the map is recomputed (then cached).")

try:
    for view in views:
        emb.validate(view.x, params.perplexity)
except ValueError as err:
    st.error(md(f"{view.name}: {err}"))
    st.stop()
for view in views:
    if repeated := emb.duplicates(view.x):
        st.caption(f"{repeated:,} of {len(view.x):,} points of {md(view.name)} repeat an "
                   f"earlier point: they land on the same spot of the map.")

if st.button("Stop t-SNE", icon=":material/stop_circle:",
             help="Stops a t-SNE that is still running (changing any setting does too)."):
    st.info("Stopped. Change any setting (or press R) to compute the map again.")
    st.stop()
maps = [embed(v.x, params, snapshot_every, v.name, v.images is not None) for v in views]
pcas = [principal_components(v.x, params.seed) for v in views]
n_points = len(views[0].x)
first = views[0]



def show_scores(scores, kl=None):
    cols = [c for _ in range(2) for c in st.columns(2)]   # 2 × 2, so no label is cut
    cols[0].metric("trustworthiness", f"{scores['trustworthiness']:.3f}",
                   help="sklearn.manifold.trustworthiness with k = 5 neighbours; 1 is perfect.")
    if "5-NN accuracy (map)" in scores:
        cols[1].metric("5-NN acc. (map)", f"{scores['5-NN accuracy (map)']:.1%}",
                       help="5-fold cross-validated 5-nearest-neighbour accuracy on the map.")
        cols[2].metric("5-NN acc. (input)", f"{scores['5-NN accuracy (input)']:.1%}",
                       help="The same classifier on the input features, before any map.")
    if kl is not None:
        cols[3].metric("KL(P‖Q)", f"{kl:.3f}", help="openTSNE's KL at the last iteration.")


def show_images(rows, caption):
    rows = list(rows)
    st.markdown(caption)
    if first.images is None:
        st.dataframe({"point": rows, "label": [first.label_names()[r] for r in rows]},
                     hide_index=True)
        return
    shown = rows[:48]
    st.image(figs.enlarge(first.images[shown], 7), width=56,
             caption=[f"#{r}: {first.label_names()[r]}" for r in shown])
    if len(rows) > len(shown):
        st.caption(f"First {len(shown)} of {len(rows)} shown.")


def place_new_image():
    """openTSNE's transform of the chosen image into each shown map."""
    if first.images is None:
        st.info("Uploaded features have no images, so there is no image to place. Pick "
                "digits pixels or a trained network above.")
        return
    from explorer.images import load_image
    from ui.image_source import image_source
    st.markdown("openTSNE's `transform` places a new point against the finished map "
                "(the old points stay put): the image chosen on Predict comes first.")
    chosen = image_source(key="tsne")
    if not chosen:
        return
    try:
        rows = emb.image_rows(load_image(chosen[0].data, chosen[0].name).rgb, run_id)
    except ValueError as err:
        st.error(md(str(err)))
        return
    for col, view, result, row in zip(st.columns(len(views)), views, maps, rows):
        spot = place(result, (view.name, params, snapshot_every), row)
        near = emb.nearest(result.points, spot[0], 10)
        with col:
            st.plotly_chart(figure("embedding_map", result.points, view.labels, view.classes,
                                   html.escape(f"{chosen[0].name} placed into t-SNE of "
                                               f"{view.name}"), None, spot))
            st.markdown(f"10 nearest map neighbours: "
                        f"{md(emb.neighbour_summary(view.labels, view.classes, near))}")


with tab_map:
    if tab_map.open:
        inspect = int(st.number_input(
            "Inspect point # (no mouse needed: shows its image and its nearest neighbours on "
            "the map; box or lasso select on a map does the same for many points)",
            0, n_points - 1, 0))
        panels = [(f"t-SNE of {v.name}", m.points, v, m.kl_divergence)
                  for v, m in zip(views, maps)]
        pca_panels = [(f"PCA of {v.name} ({ratio.sum():.0%} of variance)", points, v, None)
                      for v, (points, ratio) in zip(views, pcas)]
        if len(views) == 1:
            panels += pca_panels
        selected = set()
        for col, (title, points, view, kl) in zip(st.columns(2), panels):
            with col:
                event = st.plotly_chart(
                    figure("embedding_map", points, view.labels, view.classes, title, [inspect]),
                    on_select="rerun", selection_mode=("box", "lasso"), key=f"map {title}")
                selected |= {int(p["customdata"]) for p in event.selection.points
                             if "customdata" in p}
                show_scores(quality(view.x, points, view.labels, params.metric), kl)
        if len(views) > 1:
            with st.expander("PCA of the same points"):
                for col, (title, points, view, _) in zip(st.columns(2), pca_panels):
                    with col:
                        st.plotly_chart(figure("embedding_map", points, view.labels,
                                               view.classes, title, [inspect]))
                        show_scores(quality(view.x, points, view.labels, params.metric))
        neighbours = emb.nearest(maps[0].points, maps[0].points[inspect], 9)
        summary = emb.neighbour_summary(first.labels, first.classes, neighbours)
        show_images(neighbours, f"**Point #{inspect}** and its 8 nearest neighbours on the "
                    f"t-SNE map of {md(first.name)}: {md(summary)}")
        if selected:
            rows = sorted(selected)
            show_images(rows, f"**Selected {len(rows)} points**: "
                        f"{md(emb.neighbour_summary(first.labels, first.classes, rows))}")
        else:
            st.caption("Drag a box or lasso on a map to see the selected points here.")

with tab_anim:
    if tab_anim.open:
        names = [v.name for v in views]
        which = names.index(st.radio("Animate", names, horizontal=True)) if len(views) > 1 else 0
        rows = emb.animation_rows(n_points, params.seed)
        if len(rows) < n_points:
            st.caption(f"A random {len(rows):,} of the {n_points:,} points are animated "
                       f"(seed {params.seed}), so the browser gets a light figure.")
        labels = views[which].labels
        st.plotly_chart(figure("optimisation", [(i, p[rows]) for i, p in maps[which].snapshots],
                               maps[which].kl_curve, None if labels is None else labels[rows],
                               views[which].classes, emb.EXAGGERATION_ITER))
        st.plotly_chart(figure("kl_curve", maps[which].kl_curve, emb.EXAGGERATION_ITER))

with tab_sweep:
    allowed = [p for p in SWEEP if 3 * p < n_points]
    st.markdown(f"The same settings at perplexity {', '.join(map(str, allowed))}, for "
                f"**{md(first.name)}**: small perplexities keep local detail and break clusters "
                f"up, large ones keep more of the global layout.")
    if not allowed:
        st.info(f"{n_points} points are too few for a sweep: perplexity {SWEEP[0]} needs more "
                f"than {3 * SWEEP[0]}.")
    elif st.toggle("Compute the sweep", help="One t-SNE per perplexity; each is cached."):
        sweep_maps = {p: embed(first.x, replace(params, perplexity=p), snapshot_every,
                               first.name, first.images is not None).points for p in allowed}
        scores = {p: quality(first.x, m, first.labels, params.metric)["trustworthiness"]
                  for p, m in sweep_maps.items()}
        st.plotly_chart(figure("sweep", sweep_maps, scores, first.labels, first.classes))

with tab_new:
    if tab_new.open:
        place_new_image()

with tab_how:
    st.latex(emb.FORMULAS["input"])
    st.latex(emb.FORMULAS["output"])
    st.latex(emb.FORMULAS["kl"])
    st.markdown("The Student-t tail of $q_{ij}$ lets moderately distant points sit far apart, "
                "so clusters separate (the *crowding problem*). **Trustworthiness** (below, "
                "sklearn): $U_i^{(k)}$ are the map's $k$ nearest neighbours of $i$ that are "
                "not among its $k$ nearest input neighbours, $r(i,j)$ is the rank of $j$ "
                "among $i$'s input neighbours; each intruder costs how far outside the top "
                "$k$ it ranks, and 1 means no intruders. "
                "**5-NN accuracy**: 5-fold cross-validated k-nearest-neighbour classifier "
                "on the map and on the input features.")
    st.latex(emb.FORMULAS["trustworthiness"])
    st.markdown(f"**How it is made fast** (`benchmarks/bench_tsne.py`): exact nearest "
                f"neighbours up to {emb.EXACT_NEIGHBOURS_UP_TO:,} points, Barnes-Hut repulsion "
                f"with θ = {emb.BH_THETA} up to {emb.BH_UP_TO:,} points (FFT interpolation "
                f"beyond), {emb.usable_cores()} thread(s), and {emb.EXAGGERATION_ITER} + "
                f"{params.n_iter} "
                f"iterations with openTSNE's learning rate N / α, where sklearn runs 250 + 750. "
                f"The maps are as trustworthy as sklearn's; the fewer iterations leave "
                f"KL(P‖Q) a little higher. Raise *iterations* to lower it.")
