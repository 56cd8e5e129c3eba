"""Upload -> prediction for a 1-megapixel JPEG with the digits LeNet on the CPU, in one run.

Ours: what the Predict page runs between receiving the file's bytes and showing the top-k:
``explorer.images.load_image`` (format whitelist, pixel and aspect caps, decoded reduced to
1024 px, EXIF orientation, RGB) +
``preprocess`` (grey, invert, ink crop and centring, resize to 8×8, normalise) + the model +
``softmax_t`` + ``top_k``. Grad-CAM on the same image is timed as well (shown next to it).
Reference: the plain path, ``PIL.Image.open(...).convert("L")`` + a torchvision.transforms.v2
Compose (Resize, CenterCrop, ToImage, ToDtype, Normalize) + the same model + softmax + topk.
The model is LeNet-5 as ``explorer.models.build_model`` makes it for digits (random weights:
the time does not depend on their values). Target: ours < 300 ms. A 27-megapixel JPEG is timed
too: ours decodes it at 1/8 scale inside the JPEG decoder
(Pillow ``draft``), the reference decodes every pixel.
Run: ``python benchmarks/bench_predict.py`` (torch, torchvision, scikit-learn, numpy).
"""
import io
import sys
import timeit
from pathlib import Path

import torch
from PIL import Image
from sklearn.datasets import load_sample_image
from torchvision.transforms import v2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from explorer import predict  # noqa: E402
from explorer.cam import class_activation_map  # noqa: E402
from explorer.data import load_dataset  # noqa: E402
from explorer.images import load_image, preprocess  # noqa: E402
from explorer.models import build_model  # noqa: E402

REPEATS = 7


def best_time(fn):
    """Fastest of REPEATS runs (least disturbed by other processes) -> (seconds, result)."""
    return min(timeit.repeat(fn, number=1, repeat=REPEATS)), fn()


def megapixel_jpeg() -> bytes:
    """scikit-learn's china.jpg (640×427) upscaled to 1224×817 ≈ 1.0 megapixel, as JPEG."""
    photo = Image.fromarray(load_sample_image("china.jpg")).resize((1224, 817))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def big_jpeg() -> bytes:
    """The same photo at 6320×4213 (26.6 MP), as JPEG."""
    photo = Image.fromarray(load_sample_image("china.jpg")).resize((6320, 4213))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def main():
    torch.manual_seed(0)
    splits = load_dataset("digits")
    model = build_model("lenet", splits.input_shape, len(splits.classes)).eval()
    classifier = predict.Classifier(model, list(splits.classes), predict.input_spec(splits),
                                    "LeNet on digits", True)
    spec, data = classifier.spec, megapixel_jpeg()

    def ours():
        x = preprocess(load_image(data, "photo.jpg").rgb, spec).tensor
        return predict.top_k(predict.softmax_t(predict.logits(classifier, x)[0], 1.0),
                             classifier.classes, 5)

    plain = v2.Compose([v2.Resize(spec.size, antialias=True), v2.CenterCrop(spec.size),
                        v2.ToImage(), v2.ToDtype(torch.float32, scale=True),
                        v2.Normalize(list(spec.mean), list(spec.std))])

    def reference():
        x = plain(Image.open(io.BytesIO(data)).convert("L")).unsqueeze(0)
        with torch.no_grad():
            probs = torch.softmax(model(x)[0], -1)
        return torch.topk(probs, 5)

    def grad_cam():
        x = preprocess(load_image(data, "photo.jpg").rgb, spec).tensor
        return class_activation_map(model, x, 0, "Grad-CAM")

    t_ours, top = best_time(ours)
    t_ref, _ = best_time(reference)
    t_cam, heat = best_time(grad_cam)
    width, height = Image.open(io.BytesIO(data)).size
    print(f"1 photo {width}×{height} ({width * height / 1e6:.2f} MP JPEG, "
          f"{len(data) / 1e3:.0f} kB) -> digits LeNet top-5 on {torch.get_num_threads()} CPU "
          f"threads, best of {REPEATS}")
    print(f"ours (safe load + digit preprocessing)  {t_ours * 1e3:8.1f} ms   top-1 {top[0][0]}"
          f"   (target < 300 ms)")
    print(f"reference (PIL + transforms.v2)         {t_ref * 1e3:8.1f} ms")
    print(f"ratio ours / reference                  {t_ours / t_ref:8.2f}")
    print(f"load + preprocess + Grad-CAM (the CAM)  {t_cam * 1e3:8.1f} ms   map {heat.shape}")
    data = big_jpeg()                    # ours() and reference() read `data` when called
    t_big, top = best_time(ours)
    t_big_ref, _ = best_time(reference)
    print(f"26.6 MP JPEG ({len(data) / 1e6:.1f} MB): ours {t_big * 1e3:.1f} ms (top-1 {top[0][0]}), "
          f"reference {t_big_ref * 1e3:.1f} ms, ratio {t_big / t_big_ref:.2f}")


if __name__ == "__main__":
    main()
