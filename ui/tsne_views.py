"""The t-SNE page's parts: where the points come from (``?points=``, ``?model=``), the settings
(``?perp=`` …), the cached computations, the score metrics, the image strip of chosen points and
placing a new image. Names of the point sets (``explorer.embedding.FeatureSet.name``) are shown
in the reader's language through ``view_name``.
"""
from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

from explorer import embedding as emb
from explorer import refs, runs
from explorer.offline import dataset_status
from explorer.figures import embedding as figs
from ui import current, i18n, links
from ui.i18n import _
from ui.text import md, show_read_notes

DIGITS, NETWORK, CSV, MNIST = "digits", "network", "csv", "mnist"     # ?points=
SWEEP = (5, 15, 30, 50, 100)


@st.cache_data(max_entries=1, show_spinner=False)
def _digits():
    return emb.digits_pixels()


@st.cache_resource(max_entries=1, show_spinner=False)
def _mnist():
    """All of MNIST, or as many generated points (``emb.mnist_points``): a resource, not data,
    so that ~70 MB are not copied at every rerun."""
    return emb.mnist_points()


@st.cache_resource(show_spinner=False)
def _default_run(root: str) -> str:
    """The default digits model's run, trained once per runs folder ``root``."""
    from explorer.predict import default_digits
    default_digits()
    return refs.DEFAULT_RUN


@st.cache_data(max_entries=4, show_spinner=False)
def _network(run_id: str):
    return emb.network_features(run_id)


@st.cache_data(max_entries=2, show_spinner=False)
def _table(data: bytes):
    """(DataFrame, notes); at most explorer.budget.MAX_CSV_CELLS cells, so two entries stay
    small."""
    return emb.read_table(data)


@st.cache_data(max_entries=8, show_spinner=False)
def _embed(x, params, snapshot_every, name, placeable, texts, persist=False, limit=None):
    """t-SNE with a progress bar while it optimises (``texts``: its templates before the
    first iteration and after, translated);
    ``persist``: kept on disk once per installation (``emb.persisted_tsne``), without the
    openTSNE model (``_place`` rebuilds it).
    The bar is made here, inside the cached function, so that a cache hit can replay it (it
    ends empty). Each update of the bar is where Streamlit stops the run when the user changes
    a setting or presses Stop (a rerun request raises there), so a run never outlives the
    settings it was started with. The openTSNE model (tens of MB at 10,000 points) is kept
    only when an image can be placed."""
    start, text = texts
    bar = st.progress(0.0, text=start.format(name=md(name)))

    def progress(done, total):
        bar.progress(done / total, text=text.format(name=md(name), done=done, total=total))
    result = (emb.persisted_tsne(x, params, snapshot_every, progress) if persist else
              emb.tsne(x, params, snapshot_every, progress, limit or emb.MAX_TSNE_POINTS))
    bar.empty()
    return result if placeable else replace(result, model=None)


def embed(view, params, snapshot_every):
    """The t-SNE map of ``view`` (cached per settings; the default view, digits pixels at the
    default settings, also on disk: computed once per installation)."""
    default = (view.name == emb.DIGITS_PIXELS and params == emb.TSNEParams()
               and snapshot_every == emb.SNAPSHOT_EVERY)
    limit = emb.point_limit(view.name)
    placeable = view.images is not None and limit == emb.MAX_TSNE_POINTS   # 70,000: no model
    return _embed(view.x, params, snapshot_every, view_name(view.name), placeable,
                  (_("t-SNE of {name}: finding each point's nearest neighbours…"),
                   _("t-SNE of {name}: iteration {done} / {total}")), default, limit)


@st.cache_data(max_entries=24, show_spinner=False)
def principal_components(x, seed):
    return emb.pca(x, seed)


@st.cache_data(max_entries=48, show_spinner=False)
def _quality(x, points, labels, metric):
    return emb.map_quality(x, points, labels, metric)


def quality(x, points, labels, metric):
    with st.spinner(_("Scoring the map…")):
        return _quality(x, points, labels, metric)


@st.cache_resource(max_entries=4, show_spinner=False)
def _with_model(_embedding, key, x, params):
    """The map with an openTSNE model to place against (a map read from disk has none)."""
    return emb.with_model(_embedding, x, params)


@st.cache_data(max_entries=32, show_spinner=False)
def _place(_embedding, key, row, x, params):
    return emb.transform(_with_model(_embedding, key, x, params), row)


# Figures cached whole (st.cache_resource returns the same object): building a plotly figure
# of ~1,800 points in 10 traces, or 15 animation frames of them, costs more than the lookup.
# A map of 10,000 points is about 1 MB, an animation at most ~7 MB (emb.ANIMATION_POINTS).
@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(builder: str, *args, **kwargs):
    return getattr(figs, builder)(*args, **kwargs)


def figure(builder: str, *args, big: bool = False, **kwargs):
    """``explorer.figures.embedding.<builder>(*args, **kwargs)``, cached, its legend, axis and
    hover words in the reader's language; ``big``: no hover labels (a map of 70,000 points
    stays responsive; box and lasso still select)."""
    if builder != "kl_curve":
        kwargs["hover"] = None if big else _("class %{fullData.name}<br>point %{customdata}"
                                              "<extra></extra>")
    return i18n.figure(_figure(builder, *args, **kwargs))


def view_name(name: str) -> str:
    """A point set's name (``explorer.embedding``: "digits pixels", "<data> pixels",
    "<model> penultimate layer", "uploaded features") in the reader's language."""
    if name == emb.DIGITS_PIXELS:
        return _("digits pixels")
    if name == "uploaded features":
        return _("uploaded features")
    if name == emb.MNIST_ALL:
        return _("all 70,000 MNIST images")
    if name == emb.MNIST_GENERATED:
        return _("70,000 generated MNIST-shaped points")
    if name.endswith(" penultimate layer"):
        return _("{model} penultimate layer", model=name.removesuffix(" penultimate layer"))
    if name.endswith(" pixels"):
        return _("{dataset} pixels", dataset=name.removesuffix(" pixels"))
    return name


def summary(view, rows) -> str:
    """'3 ×7, 5 ×2': the classes of ``rows`` of ``view``, most frequent first (plain text)."""
    if view.labels is None:
        return _("{n} points (no labels)", n=len(rows))
    return emb.neighbour_summary(view.labels, view.classes, rows)


@st.cache_data(max_entries=2, show_spinner=False)
def _torchvision(ref: str, stamp: int, dataset: str):
    from explorer.tv_models import network_features
    return network_features(ref, dataset)


def _torchvision_points(ref: str):
    """Raw pixels and penultimate features of a torchvision model over the images of a data
    set on this machine (``?tvdata=``), each resized to the model's input."""
    from explorer.data import dataset_names, is_image_set, unavailable_reason
    from explorer.predict import model_stamp
    from explorer.tv_models import TSNE_POINTS
    sets = [d for d in dataset_names() if is_image_set(d) and not unavailable_reason(d)]
    dataset = links.choice(st.selectbox, _("Images to run it over"), sets, key="tvdata",
                           default="digits",
                           help=_("The first {n} images of the data set, each resized to the "
                                  "model's input size.", n=TSNE_POINTS))
    with st.spinner(_("Running the network over the images…")):
        return list(_torchvision(ref, model_stamp(ref), dataset))


def _network_points():
    """Raw and learned features of a Training-lab run (``?model=<ref>``)."""
    from ui.run_menu import IMAGES, usable_runs
    menu = {refs.DEFAULT_REF: _("default digits LeNet-5 (trained once, about 10 s)")}
    menu.update({r.id: r.label for r in usable_runs(exclude=(refs.DEFAULT_RUN,), need=IMAGES)})
    from ui.model_picker import menu as torchvision_models
    menu.update(torchvision_models())
    current.start(current.MODEL, menu)      # starts on the model chosen on another page
    ref = links.choice(st.selectbox, _("Checkpoint (Training lab runs)"), list(menu),
                       key="model", format_func=menu.get)
    if refs.kind(ref) == refs.TV:
        return _torchvision_points(ref), ref
    run_id = refs.run_id(ref)
    if ref == refs.DEFAULT_REF:
        with st.spinner(_("Training the default digits LeNet once (about 10 s)…")):
            _default_run(str(runs.runs_root()))
    with st.spinner(_("Running the network over the images…")):
        return list(_network(run_id)), run_id


MNIST_GO = "tsne.mnist_go"     # session state: the 70,000-point map was asked for


def _mnist_points():
    """All 70,000 MNIST images, or 70,000 generated points of their shape (said so). Choosing
    the set only offers the map: its computation (20 min or more on 2 busy cores) starts when
    the button is pressed, and later changes in the session recompute without asking."""
    if not st.session_state.get(MNIST_GO):
        st.info(_("The map of {n:,} points takes many minutes (23 min measured on 2 busy "
                  "cores); nothing is computed until you ask.", n=emb.MNIST_POINTS))
        if not st.button(_("Compute the map of {n:,} points", n=emb.MNIST_POINTS),
                         type="primary", icon=":material/play_arrow:"):
            st.stop()
        st.session_state[MNIST_GO] = True
    with st.spinner(_("Preparing 70,000 points (their first {k} principal components)…",
                      k=emb.MNIST_COMPONENTS)):
        points, real = _mnist()
    if not real:
        st.info(_("MNIST is not on this machine, so these are **70,000 generated points of its "
                  "shape**: each is one of sklearn's 1,797 digits enlarged to 28×28 with pixel "
                  "noise (10 classes). Put MNIST's files in the data folder (`python -m "
                  "explorer.data get mnist` where there is a network) for the real map."))
    st.caption(_("t-SNE of {n:,} points runs on their first {k} principal components and can "
                 "take many minutes on a busy machine: the bar shows the iterations, *Stop "
                 "t-SNE* ends it. The maps "
                 "are drawn with WebGL and without hover labels (box or lasso select shows "
                 "points); the scores use a random {scored:,} of the points.",
                 n=len(points.x), k=emb.MNIST_COMPONENTS, scored=emb.MAX_TRUST_POINTS))
    return [points], None


def _csv_points():
    from explorer.images import MAX_BYTES
    upload = st.file_uploader(_("CSV: one row per point, numeric feature columns and "
                                "optionally a label column"), type=["csv"],
                              max_upload_size=MAX_BYTES // 2**20)
    if upload is None:
        st.info(_("Upload a CSV to embed your own features."))
        st.stop()
    st.caption(_("An uploaded file cannot travel in a link: the link opens this uploader."))
    with st.spinner(_("Reading the CSV…")):
        frame, notes = _table(upload.getvalue())
    show_read_notes(notes)
    columns = [None] + list(frame.columns)
    label = st.selectbox(_("Label column"), columns,
                         index=columns.index("label") if "label" in columns else 0,
                         format_func=lambda c: _("(none)") if c is None else str(c))
    return [emb.features_from_table(frame, label)], None


def choose_points():
    """The chosen source's FeatureSets (one, or raw + learned) and the run id, if any. Stops
    the page with the reason when the points cannot be had."""
    current.start_on_run("points", [DIGITS, NETWORK, CSV, MNIST], NETWORK)   # ?model= or current
    mnist = (_("MNIST (70,000)") if dataset_status("mnist").available else
             _("70,000 generated MNIST-shaped points"))
    source = links.choice(st.radio, _("Points"), [DIGITS, NETWORK, CSV, MNIST], key="points",
                          horizontal=True, format_func={
                              DIGITS: _("Digits pixels"),
                              NETWORK: _("A trained network: raw vs learned"),
                              CSV: _("Upload a CSV"), MNIST: mnist}.get)
    try:
        if source == DIGITS:
            with st.spinner(_("Loading the digits…")):
                return [_digits()], None
        return {NETWORK: _network_points, CSV: _csv_points, MNIST: _mnist_points}[source]()
    except ValueError as err:
        st.error(md(i18n.error_text(err)))
        st.stop()


def settings() -> emb.TSNEParams:
    """The six t-SNE settings in one row (``?perp ?alpha ?iter ?init ?metric ?seed``)."""
    c = st.columns(6)
    with c[0]:
        perplexity = links.slider(_("perplexity"), 2, 100, 30, key="perp",
                                  help=_("Effective number of neighbours each point attends "
                                         "to."))
    with c[1]:
        alpha = links.slider(_("exaggeration α"), 1.0, 40.0, 12.0, 1.0, key="alpha",
                             help=_("P is multiplied by α for the first {n} iterations.",
                                    n=emb.EXAGGERATION_ITER))
    iterations = links.choice(c[2].select_slider, _("iterations"), [250, 500, 750, 1000],
                              key="iter", help=_("After the {n} early-exaggeration "
                                                 "iterations.", n=emb.EXAGGERATION_ITER))
    initialization = links.choice(c[3].selectbox, _("initialisation"), emb.INITIALIZATIONS,
                                  key="init", format_func={"pca": "PCA",
                                                           "random": _("random")}.get)
    metric = links.choice(c[4].selectbox, _("metric"), emb.METRICS, key="metric",
                          format_func={"euclidean": _("euclidean"), "cosine": _("cosine"),
                                       "manhattan": _("manhattan")}.get)
    with c[5]:
        seed = links.number_input(_("random seed"), 0, 10_000, 0, key="seed")
    return emb.TSNEParams(perplexity=perplexity, early_exaggeration=alpha, n_iter=iterations,
                          initialization=initialization, metric=metric, seed=int(seed))


def check(views, perplexity) -> None:
    """Stop with the reason when t-SNE cannot run on a view; note repeated points."""
    for view in views:
        try:
            emb.validate(view.x, perplexity, emb.point_limit(view.name))
        except ValueError as err:
            st.error(md(f"{view_name(view.name)}: {i18n.error_text(err)}"))
            st.stop()
    for view in views:
        if repeated := emb.duplicates(view.x):
            st.caption(_("{repeated:,} of {n:,} points of {name} repeat an earlier point: they "
                         "land on the same spot of the map.", repeated=repeated,
                         n=len(view.x), name=md(view_name(view.name))))


def show_scores(scores, kl=None) -> None:
    cols = [c for _row in range(2) for c in st.columns(2)]   # 2 × 2, so no label is cut
    cols[0].metric(_("trustworthiness"), f"{scores['trustworthiness']:.3f}",
                   help=_("sklearn.manifold.trustworthiness with k = 5 neighbours; 1 is "
                          "perfect."))
    if "5-NN accuracy (map)" in scores:
        cols[1].metric(_("5-NN acc. (map)"), f"{scores['5-NN accuracy (map)']:.1%}",
                       help=_("5-fold cross-validated 5-nearest-neighbour accuracy on the "
                              "map."))
        cols[2].metric(_("5-NN acc. (input)"), f"{scores['5-NN accuracy (input)']:.1%}",
                       help=_("The same classifier on the input features, before any map."))
    if kl is not None:
        cols[3].metric("KL(P‖Q)", f"{kl:.3f}", help=_("openTSNE's KL at the last iteration."))


def show_images(view, rows, caption: str) -> None:
    """``caption`` (markdown), then the images of ``rows`` of ``view`` (a table without
    images)."""
    rows = list(rows)
    st.markdown(caption)
    names = view.label_names()
    if view.images is None:
        st.dataframe({_("point"): rows, _("label"): [names[r] for r in rows]}, hide_index=True)
        return
    shown = rows[:48]
    st.image(figs.enlarge(view.images[shown], 7), width=56,
             caption=[f"#{r}: {names[r]}" for r in shown])
    if len(rows) > len(shown):
        st.caption(_("First {shown} of {n} shown.", shown=len(shown), n=len(rows)))


def place_new_image(views, maps, params, snapshot_every, run_id) -> None:
    """openTSNE's transform of the chosen image into each shown map."""
    if views[0].images is None:
        st.info(_("Uploaded features have no images, so there is no image to place. Pick "
                  "digits pixels or a trained network above."))
        return
    if run_id is not None and refs.kind(run_id) == refs.TV:
        st.info(_("Placing a new image is for the Training lab's models; a torchvision "
                  "model's map shows the data set's images only."))
        return
    if emb.point_limit(views[0].name) > emb.MAX_TSNE_POINTS:
        st.info(_("The 70,000-point map keeps no openTSNE model (it would take hundreds of MB), "
                  "so nothing can be placed into it. Pick digits pixels or a trained network "
                  "above."))
        return
    from explorer.images import load_image
    from ui.image_source import image_source
    st.markdown(_("openTSNE's `transform` places a new point against the finished map (the "
                  "old points stay put): the image chosen on Predict comes first."))
    chosen = image_source(key="tsne")
    if not chosen:
        return
    if chosen[0].source in ("Upload", "Draw"):
        st.caption(_(links.IMAGE_NOT_IN_LINK))
    try:
        rows = emb.image_rows(load_image(chosen[0].data, chosen[0].name).rgb, run_id)
    except ValueError as err:
        st.error(md(i18n.error_text(err)))
        return
    for col, view, result, row in zip(st.columns(len(views)), views, maps, rows):
        with st.spinner(_("Placing the image with openTSNE's transform…")):
            spot = _place(result, (view.name, params, snapshot_every), row, view.x, params)
        near = emb.nearest(result.points, spot[0], 10)
        with col:
            st.plotly_chart(figure("embedding_map", result.points, view.labels, view.classes,
                                   html.escape(_("{image} placed into t-SNE of {name}",
                                                 image=chosen[0].name,
                                                 name=view_name(view.name))), None, spot))
            st.markdown(_("10 nearest map neighbours: {summary}", summary=md(
                summary(view, near))))
