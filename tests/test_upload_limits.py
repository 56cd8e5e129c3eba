"""Upload limits: Streamlit's server refuses (HTTP 413) any upload over server.maxUploadSize,
whatever the widget's own max_upload_size says, so the server's cap must be the largest of the
uploaders' limits, and every uploader must state its own (else a 20 MB image uploader would
take 200 MB). Found when a 45 MB resnet18 state dict got 413 from the weights uploader."""
import ast
import tomllib
from pathlib import Path

from explorer.budget import MAX_TV_WEIGHTS_BYTES
from explorer.images import MAX_BYTES
from ui.image_folder import MAX_ZIP_MB

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
           *sorted(p for p in (ROOT / "ui").rglob("*.py") if "strings" not in p.parts)]


def _uploaders():
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "file_uploader":
                yield path, node


def test_every_uploader_states_its_own_limit():
    calls = list(_uploaders())
    assert len(calls) >= 6
    missing = [f"{p.name}:{n.lineno}" for p, n in calls
               if "max_upload_size" not in {k.arg for k in n.keywords}]
    assert not missing, missing


def test_the_server_cap_admits_the_largest_uploader_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    cap = config["server"]["maxUploadSize"]
    assert cap >= MAX_ZIP_MB and cap * 2**20 >= MAX_TV_WEIGHTS_BYTES
    assert cap == max(MAX_ZIP_MB, MAX_TV_WEIGHTS_BYTES // 2**20, MAX_BYTES // 2**20)
