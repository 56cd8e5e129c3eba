"""Hostile weights files, made at test time from a valid state dict (no binary is committed).

``corpus(state)`` -> {file name: (bytes, words the refusal must contain)} for a model whose
valid state dict is ``state``; every entry must be refused by ``explorer.weights`` with those
words, and nothing written. ``zip_bomb`` is the worst of them: a ~2 MB torch.save archive whose
one storage inflates (DEFLATE) to ``inflated`` bytes of zeros.

    python tests/data/make_bad_weights.py out/   # writes the corpus for the digits MLP
"""
from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import torch

from explorer.weights import MAX_IMPORT_BYTES


class _CallsSystem:
    """Pickles as ``posix.system("echo pwned")``: what a malicious checkpoint runs on load."""

    def __reduce__(self):
        return os.system, ("echo pwned",)


def saved(obj, legacy: bool = False) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer, _use_new_zipfile_serialization=not legacy)
    return buffer.getvalue()


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive written by hand from (name, data, method, crc, uncompressed size), so a
    member can carry data compressed elsewhere (zipfile would compress it again)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, method, crc, size in members:
        offset, raw = out.tell(), name.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc,
                              len(data), size, len(raw), 0) + raw + data)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0,
                                  0x21, crc, len(data), size, len(raw), 0, 0, 0, 0, 0, offset)
                      + raw)
    count, start = len(members), out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count,
                          len(central.getvalue()), start, 0))
    return out.getvalue()


def zip_bomb(state: dict, inflated: int = 2**31) -> bytes:
    """torch.save(``state``) with its first storage replaced by ``inflated`` zero bytes,
    DEFLATE-compressed (1 MB of zeros -> ~1 KB, repeated: compressing costs nothing)."""
    chunk, zeros = 2**20, bytes(2**20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(inflated // chunk):   # CRC-32 of the zeros, chunk by chunk
        crc = zlib.crc32(zeros, crc)
    stream = block * (inflated // chunk) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    members = []
    with zipfile.ZipFile(io.BytesIO(saved(state))) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.endswith("/data/0"):
                members.append((info.filename, stream, zipfile.ZIP_DEFLATED, crc, inflated))
            else:
                members.append((info.filename, data, zipfile.ZIP_STORED, zlib.crc32(data),
                                len(data)))
    return _zip(members)


def legacy_huge_storage(name: str, declared: int = 2**30) -> bytes:
    """The legacy (non-zip) format with a storage whose pickle declares ``declared`` float32
    elements (4 GiB) while the file holds 70,000: no zip directory to read, so torch must
    fail on reading without filling the allocation."""
    data = saved({name: torch.zeros(70_000)}, legacy=True)
    return data.replace(b"J" + struct.pack("<i", 70_000), b"J" + struct.pack("<i", declared), 1)


def _with(state: dict, value: float) -> dict:
    first = next(iter(state))
    return {**state, first: state[first].clone().fill_(value)}


def corpus(state: dict, wrong_shapes: dict, inflated: int = 2**28) -> dict[str, tuple[bytes, str]]:
    """Every hostile file for a model whose valid state dict is ``state`` (``wrong_shapes``:
    a valid state dict of another architecture)."""
    good = saved(state)
    first = next(iter(state))
    directory = good.rindex(b"PK\x01\x02", 0, good.rindex(b"PK\x05\x06"))
    return {
        "code_new_format.pt": (saved({"w": _CallsSystem()}), "refers to Python code (posix.system)"),
        "code_legacy_format.pt": (saved({"w": _CallsSystem()}, legacy=True),
                                  "refers to Python code (posix.system)"),
        "pickled_module.pt": (saved({"net": torch.nn.Linear(2, 2)}),
                              "refers to Python code (torch.nn.modules.linear.Linear)"),
        "zip_bomb.pt": (zip_bomb(state, inflated), "nothing was unpacked"),
        "legacy_huge_storage.pt": (legacy_huge_storage(first), "not a file written by torch.save"),
        "many_members.pt": (_zip([(str(i), b"", zipfile.ZIP_STORED, 0, 0)
                                  for i in range(12_000)]), "is an archive of 12,000 files"),
        "nan.pt": (saved(_with(state, float("nan"))), f"NaN or inf values in tensor '{first}'"),
        "inf.pt": (saved(_with(state, float("-inf"))), f"NaN or inf values in tensor '{first}'"),
        "integer_keys.pt": (saved({1: torch.zeros(3)}), "has a key 1 (int)"),
        "empty.pt": (b"", "not a file written by torch.save"),
        "garbage.pt": (bytes(range(256)) * 40, "not a file written by torch.save"),
        "truncated.pt": (good[:len(good) // 2], "cut short"),
        "no_directory.pt": (good[:directory], "cut short"),
        "empty_zip.pt": (_zip([]), "not a file written by torch.save"),
        "list.pt": (saved([torch.zeros(3)]), "holds no state dict"),
        "wrong_shapes.pt": (saved(wrong_shapes), "does not fit the model"),
        "too_big.pt": (bytes(MAX_IMPORT_BYTES + 1), "over the 20 MB limit"),
    }


if __name__ == "__main__":
    from explorer.models import build_model
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bad_weights")
    out.mkdir(parents=True, exist_ok=True)
    mlp, lenet = build_model("mlp", (1, 8, 8), 10), build_model("lenet", (1, 8, 8), 10)
    for name, (data, _) in corpus(mlp.state_dict(), lenet.state_dict(), 2**31).items():
        (out / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
