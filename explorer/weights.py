"""Weights files from outside: checked before, during and after ``torch.load``, then imported.

A ``.pt`` file is untrusted input. In order, ``load_weights`` refuses:

1. a file over the upload limit, a zip archive of more than ``MAX_ARCHIVE_MEMBERS`` files,
   or one whose members *declare* more bytes than ``MAX_WEIGHTS_INFLATION`` × the model's
   own state dict (+ 1 MB): read from the zip directory, before anything is inflated (a 2 MB
   file can hold a DEFLATE-compressed 2 GB tensor, which torch would allocate and inflate);
2. any pickled Python global (``posix.system``, a class): ``torch.load(weights_only=True)``
   never runs it, and the message names it;
3. anything but a mapping of text keys to tensors (after the ``{"state_dict": ...}`` wrappers
   and DDP's ``module.`` prefix), NaN / inf values (naming the tensor), and shapes that do not
   fit the model.

``import_weights`` turns an accepted file into a run, scored on this app's test split.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from explorer.budget import MAX_WEIGHTS_INFLATION
from explorer.errors import InputError
from explorer.images import MAX_BYTES

MAX_IMPORT_BYTES = MAX_BYTES   # the one upload limit (server.maxUploadSize); our models < 2 MB
SLACK_BYTES = 2**20            # pickle, version records and alignment around the tensors
MAX_ARCHIVE_MEMBERS = 10_000   # torch.save writes one file per tensor, plus six records
WRAPPER_KEYS = ("state_dict", "model_state_dict", "model")   # {"state_dict": {...}, "epoch": 3}


def state_dict_bytes(model) -> int:
    """Σ numel · element_size over ``model.state_dict()``: what its weights file holds."""
    return sum(t.numel() * t.element_size() for t in model.state_dict().values())


# refusals of an uploaded weights file: templates starting with "{what} " (the UI translates them)
TOO_BIG = ("{what} is {size:.1f} MB, over the {limit} MB limit; this model's weights take "
           "{model:.1f} MB")
TOO_MANY_MEMBERS = ("{what} is an archive of {members:,} files, over the {limit:,} a state dict "
                    "needs (one per tensor); nothing was unpacked")
INFLATES = ("{what} would unpack to {declared:,.1f} MB, over the {limit:.1f} MB allowed for this "
            "model ({factor}x its {model:.2f} MB of weights + 1 MB); nothing was unpacked. Save "
            "only model.state_dict() of this architecture")
PICKLED_CODE = ("{what} refers to Python code ({code}) and was refused for safety: nothing in it "
                "was run, only tensors are read (weights_only=True). Save model.state_dict() "
                "instead")
NOT_TORCH = ("{what} is not a file written by torch.save, or it is cut short (only tensors are "
             "read, weights_only=True)")
NO_STATE_DICT = ("{what} holds no state dict (a mapping of parameter names to tensors); save one "
                 "with torch.save(model.state_dict(), path)")
BAD_KEY = ("{what} has a key {key} ({kind}) where parameter names (text, like 'head.weight') are "
           "expected; save model.state_dict()")
NOT_FINITE = ("{what} holds NaN or inf values in tensor {tensor}: the weights diverged; export "
              "those of an earlier, finite epoch")
DOES_NOT_FIT = "{what} does not fit the model: {err}"
# the same, where load_state_dict's keys and shapes tell which kind of misfit it is ({err}: torch's
# own text, cut to DETAIL_CHARS, kept as a detail at the end: it holds brackets)
WRONG_SHAPES = ("{what} does not fit the model: {count} tensor(s) have another shape, the first "
                "{name}: the model expects {expected}, the file holds {got}. PyTorch says: {err}")
MISSING_TENSORS = ("{what} does not fit the model: {count} tensor(s) the model needs are missing, "
                   "the first {name} (another architecture, or other model options?). PyTorch "
                   "says: {err}")
EXTRA_TENSORS = ("{what} does not fit the model: it holds {count} tensor(s) the model does not "
                 "have, the first {name} (another architecture, or other model options?). "
                 "PyTorch says: {err}")
DETAIL_CHARS = 300


def _refuse(what: str, template: str, code: str = "file", fields: dict | None = None,
            **params) -> InputError:
    """InputError ``code`` (file, budget, not_finite) naming ``what`` and the reason:
    ``template`` filled with ``what`` and ``fields``."""
    message = template.format(what=what, **(fields or {}))
    return InputError(code, message, name=what, what=what,
                      reason=message.removeprefix(f"{what} "), **params)


def _directory_entries(source: bytes | Path) -> int:
    """How many central-directory entries (signature ``PK\\1\\2``) ``source`` could hold: an
    upper bound on the objects Python's zipfile would build, counted before it builds any (a
    20 MB upload can list ~400,000 empty members)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return data.count(b"PK\x01\x02")


def _declared_bytes(source: bytes | Path) -> int | None:
    """Σ uncompressed sizes in the zip directory of ``source``; None when it is not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
            return sum(member.file_size for member in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None   # the legacy format, or junk that torch.load refuses


def check_archive(source: bytes | Path, model_bytes: int, what: str,
                  max_bytes: int = MAX_IMPORT_BYTES) -> None:
    """Refuse ``source`` over ``max_bytes`` (the upload limit), with more than
    ``MAX_ARCHIVE_MEMBERS`` zip directory entries, or whose zip directory declares more than
    ``MAX_WEIGHTS_INFLATION`` × ``model_bytes`` + 1 MB once unpacked. Only the directory is
    read: nothing is inflated."""
    size = len(source) if isinstance(source, bytes) else os.path.getsize(source)
    if size > max_bytes:
        raise _refuse(what, TOO_BIG, "budget", dict(size=size / 2**20, limit=max_bytes // 2**20,
                                                    model=model_bytes / 2**20),
                      needed=size, limit=max_bytes)
    members = _directory_entries(source)
    if members > MAX_ARCHIVE_MEMBERS:
        raise _refuse(what, TOO_MANY_MEMBERS, "budget",
                      dict(members=members, limit=MAX_ARCHIVE_MEMBERS), needed=members,
                      limit=MAX_ARCHIVE_MEMBERS)
    limit = MAX_WEIGHTS_INFLATION * model_bytes + SLACK_BYTES
    declared = _declared_bytes(source)
    if declared is not None and declared > limit:
        raise _refuse(what, INFLATES, "budget",
                      dict(declared=declared / 2**20, limit=limit / 2**20,
                           factor=MAX_WEIGHTS_INFLATION, model=model_bytes / 2**20),
                      needed=declared, limit=limit)


def _read(source: bytes | Path, what: str):
    """torch.load(weights_only=True), its many error types turned into one message."""
    import torch
    try:
        return torch.load(io.BytesIO(source) if isinstance(source, bytes) else source,
                          map_location="cpu", weights_only=True)
    except Exception as err:  # torch raises many types for junk, torn or pickled files
        code = re.search(r"GLOBAL ([\w.]+)", str(err))
        if code:
            raise _refuse(what, PICKLED_CODE, fields=dict(code=code.group(1)),
                          global_name=code.group(1)) from None
        raise _refuse(what, NOT_TORCH) from None


def _state_dict(obj, what: str) -> dict:
    """The {name: tensor} inside ``obj``: wrappers unwrapped, DDP's ``module.`` dropped;
    text keys and finite values only."""
    import torch
    if isinstance(obj, dict):
        inner = next((obj[k] for k in WRAPPER_KEYS if isinstance(obj.get(k), dict)), None)
        obj = inner if inner is not None else obj
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise _refuse(what, NO_STATE_DICT)
    bad_key = next((k for k in obj if not isinstance(k, str)), None)
    if bad_key is not None:
        raise _refuse(what, BAD_KEY, fields=dict(key=repr(bad_key),
                                                 kind=type(bad_key).__name__))
    for name, tensor in obj.items():
        if (tensor.is_floating_point() or tensor.is_complex()) and not torch.isfinite(
                tensor).all():
            raise _refuse(what, NOT_FINITE, "not_finite", dict(tensor=repr(name)), tensor=name)
    return {k.removeprefix("module."): v for k, v in obj.items()}


def load_weights(model, source: bytes | Path, what: str, max_bytes: int = MAX_IMPORT_BYTES
                 ) -> None:
    """Load the weights-only state dict in ``source`` (bytes or a path, at most ``max_bytes``)
    into ``model`` after the checks above; InputError naming ``what`` otherwise."""
    check_archive(source, state_dict_bytes(model), what, max_bytes)
    state = _state_dict(_read(source, what), what)
    try:
        model.load_state_dict(state)
    except RuntimeError as err:
        raise _misfit(model, state, what, err) from None


def _misfit(model, state: dict, what: str, err: RuntimeError) -> InputError:
    """DOES_NOT_FIT for ``err`` (load_state_dict's), saying which kind of misfit it is when the
    keys and shapes of ``state`` and the model's own state dict show it: tensors of another
    shape first, then missing ones, then extra ones."""
    own = model.state_dict()
    reshaped = [k for k in state if k in own and tuple(state[k].shape) != tuple(own[k].shape)]
    missing = [k for k in own if k not in state]
    extra = [k for k in state if k not in own]
    detail = str(err) if len(str(err)) <= DETAIL_CHARS else str(err)[:DETAIL_CHARS] + "…"
    if reshaped:
        first = reshaped[0]
        return _refuse(what, WRONG_SHAPES, fields=dict(
            count=len(reshaped), name=first, expected=list(own[first].shape),
            got=list(state[first].shape), err=detail))
    if missing or extra:
        template, names = (MISSING_TENSORS, missing) if missing else (EXTRA_TENSORS, extra)
        return _refuse(what, template, fields=dict(count=len(names), name=names[0], err=detail))
    return _refuse(what, DOES_NOT_FIT, fields=dict(err=err))


def import_weights(data: bytes, config, session: str | None = None) -> str:
    """A state dict trained elsewhere (``torch.save(model.state_dict())`` bytes) for
    ``config``'s model and dataset (a ``TrainConfig``) -> a new run folder owned by ``session``,
    listed with the Training lab's runs: config, checkpoint, and a summary with status
    "imported" and the accuracy on this app's test split. Returns its id. InputError (nothing
    written) when the data cannot be used or the runs folder is full."""
    from explorer import runs
    from explorer.data import load_dataset
    from explorer.models import build_model
    from explorer.train import evaluate, run_config
    config.validate()
    runs.check_space()
    splits = load_dataset(config.dataset, seed=config.seed)
    model = build_model(config.model, splits.input_shape, len(splits.classes),
                        **config.model_options)
    load_weights(model, data, "the uploaded file")
    test_loss, test_acc = evaluate(model, splits.x_test, splits.y_test)
    run_dir = runs.new_run(run_config(config, splits))
    runs.write_owner(run_dir, session)
    runs.save_checkpoint(run_dir, model.state_dict())
    runs.write_json(run_dir / runs.SUMMARY, {"status": "imported", "test_accuracy": test_acc,
                                             "test_loss": test_loss})
    return run_dir.name
