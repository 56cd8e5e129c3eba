"""Detection: IoU / GIoU / DIoU / CIoU playground, NMS vs Soft-NMS, COCO mAP."""
import pandas as pd
import streamlit as st

from explorer import detection as det
from explorer.figures import detection as figs
from ui import i18n, links, notes_panel
from ui.i18n import _

st.title(_("Object detection metrics"))
st.caption(_("How boxes are compared (IoU and its variants), how duplicates are removed (NMS, "
             "Soft-NMS) and how a detector is scored (AP@0.5, COCO mAP@[.5:.95]): {note}.",
             note=i18n.note_name("001")))

PENALTIES = {"gaussian": _("gaussian"), "linear": _("linear")}


@st.cache_data(max_entries=256, show_spinner=False)
def pair(a, b):
    return det.box_pair(a, b)


@st.cache_data(max_entries=32, show_spinner=False)
def scene(n_objects, per_object, noise, seed):
    return det.clustered_scene(n_objects, per_object, noise, seed=seed)


@st.cache_data(max_entries=64, show_spinner=False)
def suppress(n_objects, per_object, noise, seed, method, iou_threshold, sigma, score_threshold):
    """Final scores and COCO metrics of NMS ("nms") and Soft-NMS ("soft") on the scene."""
    truth, found = scene(n_objects, per_object, noise, seed)
    after = {"nms": det.nms_scores(found.xyxy, found.score, iou_threshold),
             "soft": det.soft_nms(found.xyxy, found.score, method, iou_threshold, sigma,
                                  score_threshold).kept_scores()}
    ap = {name: det.coco_map(truth, found.rescored(scores)) for name, scores in after.items()}
    return after, ap


@st.cache_data(max_entries=32, show_spinner=False)
def evaluation(n_images, n_classes, objects, noise, miss_rate, false_positives, seed, names):
    truth, found = det.synthetic_detections(n_images, n_classes, objects, noise, miss_rate,
                                            false_positives, seed=seed)
    curves = {names[k]: det.match_class(truth, found, k).curve(0)
              for k in range(n_classes) if (truth.label == k).any()}
    return det.coco_map(truth, found, list(names)), curves, len(truth.image), len(found.image)


tab_iou, tab_nms, tab_map = links.tabs(
    [_("IoU, GIoU, DIoU, CIoU"), _("NMS vs Soft-NMS"), _("mAP@0.5 and COCO mAP")],
    ["iou", "nms", "map"], key="tab")

with tab_iou:
    controls, drawing = st.columns([1, 2])
    with controls:
        st.markdown(_("**Box A** (blue)"))
        ax = links.slider(_("A: x1 … x2"), 0, 100, (20, 60), key="ax")
        ay = links.slider(_("A: y1 … y2"), 0, 100, (20, 60), key="ay")
        st.markdown(_("**Box B** (red)"))
        bx = links.slider(_("B: x1 … x2"), 0, 100, (40, 85), key="bx")
        by = links.slider(_("B: y1 … y2"), 0, 100, (35, 90), key="by")
    a, b = (ax[0], ay[0], ax[1], ay[1]), (bx[0], by[0], bx[1], by[1])
    try:
        p = pair(a, b)
    except ValueError as err:
        st.error(_("{err}. Drag the two ends of that slider apart.", err=i18n.error_text(err)))
    else:
        drawing.plotly_chart(i18n.figure(figs.box_pair(a, b, p.intersection_box,
                                                       p.enclosing_box)))
        values = pd.DataFrame({_("value"): [p.iou, p.giou, p.diou, p.ciou],
                               _("loss = 1 − value"): [
                                   p.losses["IoU loss (1 − IoU)"], p.losses["GIoU loss"],
                                   p.losses["DIoU loss"], p.losses["CIoU loss"]]},
                              index=["IoU", "GIoU", "DIoU", "CIoU"])
        controls.dataframe(values, column_config={
            c: st.column_config.NumberColumn(format="%.4f") for c in values.columns})
        st.caption(_("Values and losses from torchvision.ops (box_iou, generalized_box_iou, "
                     "distance_box_iou, complete_box_iou and their *_loss); the note's formulas "
                     "below, with this pair's numbers, give the same values (unit-tested)."))
        # Each formula on two lines (symbols, then this pair's numbers), so that a half-width
        # column holds it: on one line GIoU and CIoU ran past the column at 1400 px and KaTeX
        # cut their values off.
        formulas = [  # (left side, formula, this pair's numbers)
            (r"\mathrm{IoU}", r"\frac{|A\cap B|}{|A\cup B|}",
             rf"\frac{{{p.intersection:.0f}}}{{{p.union:.0f}}}={p.iou:.4f}"),
            ("v", r"\frac{4}{\pi^2}\left(\arctan\frac{w_B}{h_B}-\arctan\frac{w_A}{h_A}"
                  r"\right)^2", f"{p.v:.4f}"),
            (r"\mathrm{GIoU}", r"\mathrm{IoU}-\frac{|C-A\cup B|}{|C|}",
             rf"{p.iou:.4f}-\frac{{{p.enclosing:.0f}-{p.union:.0f}}}{{{p.enclosing:.0f}}}"
             rf"={p.giou:.4f}"),
            (r"\alpha", r"\frac{v}{(1-\mathrm{IoU})+v}", f"{p.alpha:.4f}"),
            (r"\mathrm{DIoU}", r"\mathrm{IoU}-\frac{\rho^2}{c^2}",
             rf"{p.iou:.4f}-\frac{{{p.centre_distance2:.1f}}}{{{p.diagonal2:.1f}}}={p.diou:.4f}"),
            (r"\mathrm{CIoU}", r"\mathrm{DIoU}-\alpha v",
             rf"{p.diou:.4f}-{p.alpha:.4f}\cdot{p.v:.4f}={p.ciou:.4f}")]
        for column, (left, formula, numbers) in zip(st.columns(2) * 3, formulas):
            column.latex(rf"\begin{{aligned}}{left}&={formula}\\&={numbers}\end{{aligned}}")
        st.markdown(_("Pull the boxes apart: IoU sticks at 0 (no gradient, no sense of "
                      "distance) while GIoU and DIoU keep falling as the gap grows. Give B "
                      "another aspect ratio at the same overlap and only CIoU changes."))

with tab_nms:
    c = st.columns(4)
    with c[0]:
        n_objects = links.slider(_("objects"), 1, 12, 6, key="objects")
    with c[1]:
        per_object = links.slider(_("detections per object"), 1, 10, 5, key="per_object")
    with c[2]:
        noise = links.slider(_("localisation noise"), 0.0, 0.3, 0.08, 0.01, key="noise")
    with c[3]:
        seed = links.number_input(_("random seed (scene)"), 0, 10_000, 9, key="seed")
    c = st.columns(4)
    with c[0]:
        iou_threshold = links.slider(_("IoU threshold Nₜ"), 0.1, 0.9, 0.5, 0.05, key="nt")
    with c[1]:
        method = links.choice(st.radio, _("Soft-NMS penalty"), list(PENALTIES), key="penalty",
                              format_func=PENALTIES.get, horizontal=True)
    with c[2]:
        sigma = links.slider(_("Gaussian σ"), 0.05, 2.0, 0.5, 0.05, key="sigma",
                             disabled=method != "gaussian")
    with c[3]:
        score_threshold = links.slider(_("drop boxes scoring below"), 0.0, 0.5, 0.05, 0.01,
                                       key="drop")
    truth, found = scene(n_objects, per_object, noise, int(seed))
    after, ap = suppress(n_objects, per_object, noise, int(seed), method, iou_threshold, sigma,
                         score_threshold)
    titles = {"nms": _("NMS (torchvision)"),
              "soft": _("Soft-NMS ({penalty})", penalty=PENALTIES[method])}
    shown = {titles[k]: scores for k, scores in after.items()}
    st.plotly_chart(i18n.figure(figs.nms_scenes(truth.xyxy, found.xyxy, shown)))
    cols = st.columns(len(after))
    for col, (name, scores) in zip(cols, after.items()):
        col.metric(_("{method}: boxes kept", method=titles[name]),
                   f"{int((scores > 0).sum())} / {len(scores)}")
        col.metric(_("{method}: AP@0.5 on this scene", method=titles[name]),
                   f"{ap[name].ap50:.3f}")
    # two lines: on one, the Gaussian rule ran past the right edge at 1280 px
    st.latex(rf"\begin{{gathered}}\text{{{titles['nms']}: }} s_i \leftarrow \begin{{cases}} s_i & "
             r"\mathrm{IoU}(M,b_i)\le N_t \\ 0 & \mathrm{IoU}(M,b_i)> N_t\end{cases} \\[6pt]"
             rf"\text{{{PENALTIES['linear']}: }} s_i \leftarrow s_i\,(1-\mathrm{{IoU}}) \quad "
             r"(\mathrm{IoU}\ge N_t) \qquad "
             rf"\text{{{PENALTIES['gaussian']}: }} s_i \leftarrow s_i\, "
             r"e^{-\mathrm{IoU}(M,b_i)^2/\sigma}\end{gathered}")
    st.markdown(_("Both repeatedly take the highest-scoring box M. NMS deletes "
                  "every box that overlaps M by more than Nₜ, so when two real objects "
                  "overlap, the second one can vanish (lower recall). Soft-NMS only lowers "
                  "those scores (Bodla et al., 2017), so the second object survives with a "
                  "smaller score. Boundary: Soft-NMS here follows the paper and penalises "
                  "IoU ≥ Nₜ, while torchvision's NMS drops only IoU > Nₜ, so a box at exactly "
                  "IoU = Nₜ is kept by NMS and penalised by linear Soft-NMS."))
    st.plotly_chart(i18n.figure(figs.score_changes(found.score, shown)))

with tab_map:
    c = st.columns(4)
    with c[0]:
        n_images = links.slider(_("images"), 5, 100, 30, key="images")
    with c[1]:
        n_classes = links.slider(_("classes"), 1, 6, 3, key="classes")
    with c[2]:
        objects = links.slider(_("objects per image (mean)"), 1, 10, 4, key="per_image")
    with c[3]:
        map_seed = links.number_input(_("random seed"), 0, 10_000, 0, key="map_seed")
    c = st.columns(3)
    with c[0]:
        map_noise = links.slider(_("box noise (fraction of the side)"), 0.0, 0.4, 0.1, 0.01,
                                 key="box_noise")
    with c[1]:
        miss_rate = links.slider(_("missed objects"), 0.0, 0.9, 0.1, 0.05, key="missed")
    with c[2]:
        false_positives = links.slider(_("false positives per image (mean)"), 0.0, 10.0, 2.0,
                                       0.5, key="fp")
    names = tuple(_("class {k}", k=k) for k in range(n_classes))
    result, curves, n_truth, n_found = evaluation(n_images, n_classes, objects, map_noise,
                                                  miss_rate, false_positives, int(map_seed),
                                                  names)
    cols = st.columns(4)
    cols[0].metric("COCO mAP@[.5:.95]", f"{result.map:.3f}")
    cols[1].metric(_("mAP@0.5 (AP50)"), f"{result.ap50:.3f}")
    cols[2].metric("AP75", f"{result.ap75:.3f}")
    cols[3].metric(_("objects / detections"), f"{n_truth} / {n_found}")
    st.markdown(_(
        "A detection is a **TP** at threshold t when its IoU with a not-yet-matched "
        "ground truth of its class is ≥ t (highest score first; a second detection of the same "
        "object is an FP). Each class gets COCO's 101-point AP; **mAP@0.5** averages classes "
        "at t = 0.5, **COCO mAP** also averages t = 0.50, 0.55, …, 0.95 — so sloppy boxes "
        "(raise the box noise) hurt it much more than AP50. Equal to pycocotools' COCOeval "
        "(tested)."))
    left, right = st.columns(2)
    left.plotly_chart(i18n.figure(figs.ap_heatmap(result.per_class)))
    right.plotly_chart(i18n.figure(figs.detection_pr(curves)))

notes_panel.show("app_pages/detection.py", ax=ax, ay=ay, bx=bx, by=by, objects=n_objects,
                 per_object=per_object, noise=noise, seed=seed, nt=iou_threshold, penalty=method,
                 sigma=sigma, images=n_images, classes=n_classes, per_image=objects,
                 map_seed=map_seed, box_noise=map_noise, missed=miss_rate, fp=false_positives)
