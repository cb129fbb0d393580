"""The question side of the embedding model, tuned to councillors' questions.

MiniLM was trained to place a sentence near its paraphrases, not a question near the sentence
that answers it ("Who seconded it?" and "Mr Gough seconded the motion"). The tuning is a set of
low-rank changes to the top layers of the model (LoRA), fitted on the seen question sets so that
a question's vector points at the sentences that answer it (`briefbot/evaluation/tune.py`, run by
`python -m briefbot.evaluation.fit`). Only questions are encoded by the tuned copy: passages and
sentences keep the base model's vectors, so an index never needs embedding again.

The changes ship as a small data file (`briefbot/store/question-tuning.npz`, ~0.6 MB) that
records the sha256 of the base weights they were fitted on. The tuned copy is built from the
installed model once — its weights plus each change, a numpy sum — into the models cache, beside
the ONNX exports, and rebuilt when the model or the tuning file changes. A tuning fitted on other
base weights is never applied: questions are then encoded by the base model.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from briefbot.errors import ModelLoadError
from briefbot.files import sha256_of

TUNING = Path(__file__).with_name("question-tuning.npz")  # shipped; written by the fit
_BUILD_LOCK = threading.Lock()


def shipped_tuning() -> Path | None:
    """The tuning file shipped with briefbot, if there is one."""
    return TUNING if TUNING.is_file() else None


def read_tuning(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what it was fitted on, its changes by module name: {"a": (rank, in), "b": (out, rank)})."""
    import zipfile

    import numpy as np

    changes: dict[str, Any] = {}
    try:
        with open(path, "rb") as handle, np.load(handle) as stored:
            meta = json.loads(str(stored["meta"]))
            for key in stored.files:
                if key == "meta":
                    continue
                module, side = key.rsplit(".", 1)
                changes.setdefault(module, {})[side] = stored[key].astype(np.float32)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ModelLoadError(f"the question tuning {path.name} is unreadable: {error}") from error
    return meta, changes


def write_tuning(path: Path, meta: dict[str, Any], changes: dict[str, dict[str, Any]]) -> None:
    """Save changes (float16: the file is shipped) with what they were fitted on."""
    import numpy as np

    arrays: dict[str, Any] = {
        f"{module}.{side}": np.asarray(value, dtype=np.float16)
        for module, sides in changes.items()
        for side, value in sides.items()
    }
    with open(path, "wb") as out:
        np.savez_compressed(out, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)


def tuned_model(base: Path, tuning: Path, models_home: Path) -> Path | None:
    """The folder of the question-tuned copy of the model at `base` (built once), or None when
    the tuning was fitted on other weights than these."""
    folder = models_home / f"{base.name}-questions-{sha256_of(tuning)[:12]}"
    weights = base / "model.safetensors"
    with _BUILD_LOCK:
        try:
            built = json.loads((folder / "built.json").read_text(encoding="utf-8"))
            if built.get("base_stamp") == _stamp(weights) and (folder / weights.name).is_file():
                return folder
        except (OSError, ValueError):
            pass
        meta, changes = read_tuning(tuning)
        if not weights.is_file() or sha256_of(weights) != meta.get("base_sha256"):
            return None
        _build(base, folder, changes)
    return folder


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def _build(base: Path, folder: Path, changes: dict[str, Any]) -> None:
    """Copy the model's files, then write its weights with each change added (W + B·A)."""
    from safetensors.numpy import load_file, save_file

    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        shutil.copytree(
            base, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.safetensors")
        )
        weights = load_file(str(base / "model.safetensors"))
        for module, change in changes.items():
            name = f"{module}.weight"
            if name not in weights:
                raise ModelLoadError(f"the question tuning changes {module}, which the model lacks")
            weights[name] = weights[name] + change["b"] @ change["a"]
        save_file(weights, str(work / "model.safetensors"), metadata={"format": "pt"})
        built = {"base": str(base), "base_stamp": _stamp(base / "model.safetensors")}
        (work / "built.json").write_text(json.dumps(built, indent=1), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
