"""Memory under hostile inputs: peak and retained RSS per case, each against its budget.

(a) tiny PNGs of extreme aspect ratio (8×50000: 959 bytes) and one at the 50:1 limit,
(b) the largest allowed images (6320×6320 RGBA, 16-bit grey and JPEG), each through
    ``explorer.predict.analyse`` (safe load + preprocessing + the default digits LeNet),
(c) a ~2 MB ``.pt`` whose one storage DEFLATEs to 2 GB, through ``explorer.weights.load_weights``:
each in a fresh process, after its imports, model and one small warm-up prediction (torch
allocates ~165 MB on its first forward pass): baseline = VmRSS, peak = VmHWM after
resetting it (``/proc/self/clear_refs``), retained = VmRSS once the result is dropped.
(d) a real ``streamlit run`` driven by Playwright in Chromium: baseline = server RSS after
visiting Predict once with its defaults, then 20 hostile uploads, then Home; peak sampled.

Budgets (issue 16): (a) peak < +300 MB and nothing retained (< 10 MB), (b) < +600 MB,
(c) < +100 MB and refused before inflating, (d) back within 100 MB of the baseline.
Run: ``python benchmarks/bench_hostile.py`` (``--no-server`` skips (d): no streamlit there).
"""
import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.data.make_bad_images import flat_png, hostile_names, largest_allowed  # noqa: E402

MB = 1024                               # /proc reports kB
RETAINED_BUDGET = 10                    # MB: "nothing retained"


def memory(pid="self") -> dict[str, float]:
    """VmRSS and VmHWM (peak) of ``pid`` in MB."""
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines())
    return {key: int(fields[key].split()[0]) / MB for key in ("VmRSS", "VmHWM")}


def reset_peak(pid="self") -> None:
    """Linux: VmHWM := current RSS (``echo 5 > /proc/PID/clear_refs``)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def largest(kind: str, level: int = 0) -> bytes:
    """6320×6320 (39.9 MP, just under the cap): "rgba" PNG, "16-bit" PNG or "jpeg"."""
    side = 6320
    if kind == "rgba":
        return largest_allowed() if not level else _encode(
            Image.new("RGBA", (side, side), (level, 0, 0, 255)), "PNG")
    if kind == "16-bit":
        ramp = np.tile(np.linspace(0, 65535, side).astype(np.uint16), (side, 1))
        return _encode(Image.fromarray(ramp + level), "PNG")
    photo = Image.linear_gradient("L").resize((side, side)).convert("RGB")
    return _encode(photo, "JPEG", quality=80 + level)


# case -> (budget of peak growth in MB, whether nothing may be retained)
IMAGE_CASES = {
    "8x50000 PNG": (flat_png(8, 50000), 300, True),
    "50000x8 PNG": (flat_png(50000, 8), 300, True),
    "8x200000 PNG": (flat_png(8, 200000), 300, True),
    "8x400 PNG (50:1, accepted)": (flat_png(8, 400), 300, True),
    "6320² RGBA PNG": (None, 600, False),
    "6320² 16-bit PNG": (None, 600, False),
    "6320² JPEG": (None, 600, False),
}
LARGEST = {"6320² RGBA PNG": "rgba", "6320² 16-bit PNG": "16-bit", "6320² JPEG": "jpeg"}


def case_bytes(case: str) -> bytes:
    if case == "zip bomb .pt":
        from explorer.models import build_model
        from tests.data.make_bad_weights import zip_bomb
        return zip_bomb(build_model("lenet", (1, 8, 8), 10).state_dict(), 2**31)
    data = IMAGE_CASES[case][0]
    return largest(LARGEST[case]) if data is None else data


def child(case: str, path: str) -> None:
    """Runs in a fresh process: one case, one JSON line on stdout."""
    data = Path(path).read_bytes()
    if case == "zip bomb .pt":
        from explorer.models import build_model
        from explorer.weights import load_weights
        model = build_model("lenet", (1, 8, 8), 10)
        run = lambda: load_weights(model, data, "bomb.pt")  # noqa: E731
    else:
        from explorer import predict
        classifier = predict.default_digits()
        predict.analyse(classifier, flat_png(32, 32), "warm-up")   # torch's first-call setup
        run = lambda: predict.analyse(classifier, data, case)  # noqa: E731
    gc.collect()
    base = memory()["VmRSS"]
    reset_peak()
    try:
        result = run()
        outcome = ("accepted, top-1 " + classifier.classes[int(result.logits.argmax())]
                   if result is not None else "accepted")
    except ValueError as err:
        result, outcome = None, f"refused: {str(err)[:110]}"
    peak = memory()["VmHWM"]
    del result
    gc.collect()
    after = memory()["VmRSS"]
    print(json.dumps({"base": base, "peak": peak - base, "retained": after - base,
                      "outcome": outcome, "bytes": len(data)}))


def in_process_cases(folder: Path) -> list[tuple[str, float, float, str]]:
    rows = []
    for case in [*IMAGE_CASES, "zip bomb .pt"]:
        path = folder / "input"
        path.write_bytes(case_bytes(case))
        out = subprocess.run([sys.executable, __file__, "--case", case, str(path)], cwd=ROOT,
                             capture_output=True, text=True, env=os.environ)
        if out.returncode:
            print(f"{case}: failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        budget, none_kept = (100, True) if case == "zip bomb .pt" else IMAGE_CASES[case][1:]
        ok = r["peak"] < budget and (not none_kept or r["retained"] < RETAINED_BUDGET)
        print(f"{case:28s} {r['bytes'] / 1e3:9.1f} kB  base {r['base']:6.0f} MB  peak "
              f"+{r['peak']:6.1f} MB (< {budget})  retained {r['retained']:+6.1f} MB"
              f"{f' (< {RETAINED_BUDGET})' if none_kept else ''}  {'OK ' if ok else 'OVER'}  "
              f"{r['outcome']}")
        rows.append((case, r["peak"], r["retained"], r["outcome"]))
    return rows


def hostile_uploads() -> list[dict]:
    """20 distinct hostile files as Playwright payloads (name, mimeType, buffer)."""
    files = [(f"wide_{i}.png", _encode(Image.new("L", (8, 50000 + i), 200 + i), "PNG"))
             for i in range(4)]
    files += [(f"tall_{i}.png", _encode(Image.new("L", (50000 + i, 8), 100 + i), "PNG"))
              for i in range(2)]
    files += [(f"needle_{i}.png", _encode(Image.new("L", (8, 200000 + i), i), "PNG"))
              for i in range(2)]
    files += [(f"big_rgba_{i}.png", largest("rgba", i)) for i in range(2)]
    files += [(f"big_16bit_{i}.png", largest("16-bit", i)) for i in range(2)]
    files += [(f"big_{i}.jpg", largest("jpeg", i)) for i in range(2)]
    files += list(hostile_names().items())
    files += [(name, (ROOT / "tests/data/bad_images" / name).read_bytes())
              for name in ("float_nan_inf.tif", "header_30000x30000.png")]
    assert len(files) == 20
    return [{"name": n, "mimeType": "application/octet-stream", "buffer": b} for n, b in files]


def server_case(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    from benchmarks.server import serve
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, wait_for_app
    uploads = hostile_uploads()
    samples, sampling = [], threading.Event()
    with serve(ROOT / "app.py", folder / "streamlit.log",
               {"EXPLORER_RUNS": str(folder / "runs")}) as (server, url):
        def sample():
            while not sampling.wait(0.1):
                samples.append(memory(server.pid)["VmRSS"])
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(180_000)
                page.goto(url)
                wait_for_app(page)
                nav = page.locator('[data-testid="stSidebarNav"]')
                nav.get_by_text("Predict", exact=True).click()
                wait_for_app(page)          # first visit: trains the default model once
                page.get_by_text("lenet on digits, test accuracy").wait_for()
                time.sleep(2)
                baseline = memory(server.pid)["VmRSS"]
                threading.Thread(target=sample, daemon=True).start()
                page.get_by_test_id("stRadioGroup").get_by_text("Upload", exact=True).click()
                wait_for_app(page)
                field = page.get_by_test_id("stFileUploader").filter(has_text="Images").locator(
                    'input[type="file"]')
                exceptions, worst = 0, (0.0, "")
                for upload in uploads:
                    start = len(samples)
                    field.set_input_files([upload])
                    wait_for_app(page)
                    exceptions += page.locator('[data-testid="stException"]').count()
                    worst = max(worst, (max(samples[start:] or [0.0]), upload["name"]))
                nav.get_by_text("Home", exact=True).click()
                wait_for_app(page)
                time.sleep(3)
                gc_after = memory(server.pid)["VmRSS"]
                browser.close()
            sampling.set()
            peak = max(samples + [gc_after])
            ok = gc_after - baseline < 100
            print(f"server: baseline {baseline:.0f} MB (Predict visited with defaults); "
                  f"peak {peak:.0f} MB (+{peak - baseline:.0f}) during 20 hostile uploads (highest "
                  f"while adding {worst[1]!r}); after "
                  f"leaving the page {gc_after:.0f} MB ({gc_after - baseline:+.0f}, budget < +100) "
                  f"{'OK' if ok else 'OVER'}; exceptions shown: {exceptions}")
        finally:
            sampling.set()


def main() -> None:
    if sys.argv[1:2] == ["--case"]:
        child(sys.argv[2], sys.argv[3])
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["EXPLORER_RUNS"] = str(folder / "runs")   # the default model, trained once
        subprocess.run([sys.executable, "-c", "from explorer import predict; "
                        "predict.default_digits()"], cwd=ROOT, check=True)
        print("case                           input     baseline     peak growth   retained")
        in_process_cases(folder)
        if "--no-server" not in sys.argv:
            server_case(folder)


if __name__ == "__main__":
    main()
