"""The embedding model exported to ONNX (fp32, and int8 with per-channel weights), built once from
the installed model's own files, checked each time it is opened, and rebuilt if missing or damaged.

Export is the only step that needs torch: `torch.onnx.export` of the BERT encoder (called through
a wrapper that passes keyword arguments), mean pooling and normalisation left to numpy;
`onnxruntime.quantization.quantize_dynamic` with per-channel int8 weights (per-tensor loses too
much: cosine to fp32 ~0.95, against ~0.993). Nothing is downloaded: the source is the model folder.
The files live in `<cache>/models/<model>-<variant>/` beside `built.json`, which records the
source model's hash and the exported file's, so a damaged or stale export is found and rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

from briefbot.errors import ModelLoadError
from briefbot.files import sha256_of

Variant = Literal["onnx-fp32", "onnx-int8"]
EXPORT_VERSION = 1  # bump when the export changes, so older exports are rebuilt
_BUILD_LOCK = threading.Lock()


def exported_model(model_dir: Path, models_home: Path, name: str, variant: Variant) -> Path:
    """The checked ONNX file for a model and variant, exported (once) if it is missing,
    damaged or made from other weights."""
    folder = models_home / f"{name}-{variant}"
    with _BUILD_LOCK:
        if not _sound(folder, model_dir):
            _build(model_dir, folder, variant)
    return folder / "model.onnx"


def _weights(model_dir: Path) -> Path:
    weights = model_dir / "model.safetensors"
    return weights if weights.is_file() else model_dir / "pytorch_model.bin"


def _stamp(path: Path) -> str:
    """Size and modification time: a file with the same stamp is taken to be the same file."""
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def _sound(folder: Path, model_dir: Path) -> bool:
    """Whether the export is whole and made from these weights: checked by size and mtime on
    every open (cheap), by sha256 whenever either differs from what built.json recorded."""
    try:
        built = json.loads((folder / "built.json").read_text(encoding="utf-8"))
        if built.get("version") != EXPORT_VERSION:
            return False
        onnx_file, weights = folder / "model.onnx", _weights(model_dir)
        stamps = (_stamp(onnx_file), _stamp(weights))
        if stamps == (built.get("onnx_stamp"), built.get("source_stamp")):
            return True
        sound = built.get("source_sha256") == sha256_of(weights) and built.get(
            "onnx_sha256"
        ) == sha256_of(onnx_file)
        if sound:  # the same bytes (copied, touched): remember the new stamps
            built.update(onnx_stamp=stamps[0], source_stamp=stamps[1])
            (folder / "built.json").write_text(json.dumps(built, indent=1), encoding="utf-8")
        return sound
    except (OSError, ValueError):
        return False


def _build(model_dir: Path, folder: Path, variant: Variant) -> None:
    """Export into a temporary folder beside the target, then swap it in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        fp32 = work / "fp32.onnx"
        _export_fp32(model_dir, fp32)
        final = work / "model.onnx"
        if variant == "onnx-int8":
            _quantise(fp32, final)
            fp32.unlink()
        else:
            fp32.rename(final)
        built = {
            "version": EXPORT_VERSION,
            "variant": variant,
            "source": str(model_dir),
            "source_sha256": sha256_of(_weights(model_dir)),
            "onnx_sha256": sha256_of(final),
            "source_stamp": _stamp(_weights(model_dir)),
        }
        (work / "built.json").write_text(json.dumps(built, indent=1), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
        built["onnx_stamp"] = _stamp(folder / "model.onnx")  # renaming keeps size and mtime
        (folder / "built.json").write_text(json.dumps(built, indent=1), encoding="utf-8")
    except ModelLoadError:
        raise
    except Exception as error:  # torch and onnx raise many kinds
        raise ModelLoadError(f"could not export the embedding model to ONNX: {error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export_fp32(model_dir: Path, target: Path) -> None:
    import warnings

    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
        os.environ.setdefault(key, "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's advice on dynamic shapes
        model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
        _trace(torch, model, target)


def _trace(torch: Any, model: Any, target: Path) -> None:

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = torch.ones((2, 8), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            Encoder(),
            (sample, sample, torch.zeros_like(sample)),
            str(target),
            dynamo=False,
            opset_version=17,
            input_names=names,
            output_names=["hidden"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]},
        )


def _quantise(fp32: Path, target: Path) -> None:
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it logs advice on pre-processing, which this graph does not need
    try:
        quantize_dynamic(str(fp32), str(target), per_channel=True, weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
