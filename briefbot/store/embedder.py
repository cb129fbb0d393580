"""The embedding model, served by ONNX Runtime (int8 or fp32, the default int8) or by
sentence-transformers (torch, the reference). Only the torch backend, and only when asked,
imports sentence_transformers; the ONNX backends import onnxruntime and tokenizers."""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from briefbot.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np

    from briefbot.config import Settings

_LOADING: list[threading.Thread] = []


def load_beside(target: Any) -> threading.Thread:
    """Run a model load on a thread of its own, which the process waits for before it exits: a
    native library (onnxruntime) torn down in the middle of a load aborts the process ("terminate
    called without an active exception"), a second line under a one-line error."""
    thread = threading.Thread(target=target, daemon=True, name="briefbot-model-load")
    if not _LOADING:
        atexit.register(_settle_loading)
    _LOADING[:] = [*(t for t in _LOADING if t.is_alive()), thread]
    thread.start()
    return thread


def _settle_loading() -> None:
    for thread in _LOADING:
        thread.join(timeout=300)


_OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def model_path(model: str) -> Path:
    """A model folder: the setting itself if it is one, else an installed package's model."""
    candidate = Path(model).expanduser()
    if candidate.is_dir():
        return candidate
    try:
        package = importlib.import_module(model.replace("-", "_"))
        return Path(package.get_model_path())
    except (ImportError, AttributeError) as error:
        raise ModelLoadError(
            f"embedding model {model!r} is neither a folder nor an installed model package"
        ) from error


Backend = Literal["onnx-int8", "onnx-fp32", "torch"]
BACKENDS: tuple[str, ...] = ("onnx-int8", "onnx-fp32", "torch")
DEFAULT_MODELS_HOME = Path.home() / ".cache" / "briefbot" / "models"


def model_name(model: str, backend: str = "torch") -> str:
    """The name an index records for its embedder: the model folder's or package's last path
    part, and the backend unless it is torch (the reference: indexes built before the ONNX
    backends record the bare model name, and still open with it)."""
    name = Path(model).name if Path(model).expanduser().is_dir() else model.replace("-", "_")
    return name if backend == "torch" else f"{name}+{backend}"


class Embedder:
    """Turns text into normalised vectors; loads the model once, on first use, thread-safely."""

    def __init__(
        self,
        model: str,
        batch_size: int = 32,
        backend: Backend = "onnx-int8",
        models_home: Path | None = None,
        question_tuning: Path | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ModelLoadError(
                f"unknown embedder {backend!r}: choose one of {', '.join(BACKENDS)}"
            )
        self.model = model
        self.backend = backend
        self.name = model_name(model, backend)
        self.batch_size = batch_size
        self.models_home = models_home or DEFAULT_MODELS_HOME
        self.question_tuning = question_tuning
        self._impl: Any = None
        self._questions: Any = None
        self._lock = threading.Lock()
        self._questions_lock = threading.Lock()

    @classmethod
    def for_settings(cls, settings: Settings) -> Embedder:
        """The embedder the settings ask for; exported models are kept under the cache."""
        from briefbot.store.tuning import shipped_tuning

        return cls(
            settings.model,
            settings.embed_batch,
            settings.embedder,
            settings.cache / "models",
            shipped_tuning() if settings.question_tuning else None,
        )

    @property
    def loaded(self) -> bool:
        return self._impl is not None

    def load(self) -> None:
        with self._lock:
            if self._impl is None:
                self._impl = self._model(model_path(self.model))

    def _model(self, folder: Path) -> Any:
        if self.backend == "torch":
            return _TorchModel(_load(folder), self.batch_size)
        return _OnnxModel(folder, self.models_home, self.backend, self.batch_size)

    def load_questions(self) -> None:
        """Load the model and its question-tuned copy (store.tuning) side by side, one on its
        own thread (on two cores a cold ask then waits for the slower, not for both); or settle
        on the model itself when there is no tuning or it was fitted on other weights."""
        if self._questions is not None:
            return
        beside = load_beside(self._load_quietly)
        with self._questions_lock:
            if self._questions is None:
                tuned = None
                if self.question_tuning is not None:
                    from briefbot.store.tuning import tuned_model

                    try:
                        tuned = tuned_model(
                            model_path(self.model), self.question_tuning, self.models_home
                        )
                    except (OSError, ValueError, KeyError, ModelLoadError) as error:
                        # a damaged tuning file or a full disk costs the tuning, not the answer
                        logging.getLogger(__name__).warning(
                            "questions are encoded by the model itself: the question tuning "
                            "could not be applied (%s)",
                            error,
                        )
                if tuned is not None:
                    self._questions = self._model(tuned)
                else:
                    beside.join()
                    self.load()
                    self._questions = self._impl
        beside.join()
        self.load()  # raises here what the thread beside could not load

    def _load_quietly(self) -> None:
        try:
            self.load()
        except Exception:  # raised again by the load that follows, on the caller's thread
            pass

    @property
    def dimension(self) -> int:
        self.load()
        return int(self._impl.dimension)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        self.load()
        return self._impl.encode(texts)

    def encode_query(self, question: str) -> np.ndarray:
        return self.encode([question])[0]

    def encode_questions(self, questions: list[str]) -> np.ndarray:
        """Vectors of questions from the question-tuned copy, to compare with the base model's
        sentence vectors: nearer the sentences that answer them (store.tuning)."""
        self.load_questions()
        return self._questions.encode(questions)


class _TorchModel:
    """sentence-transformers on torch: the reference the ONNX exports are checked against."""

    def __init__(self, st: Any, batch_size: int) -> None:
        self._st, self._batch = st, batch_size
        getter = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        self.dimension = int(getter())

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._st.encode(
            texts,
            batch_size=self._batch,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


class _OnnxModel:
    """The exported model on ONNX Runtime, tokenised by `tokenizers`, mean-pooled and
    normalised in numpy as sentence-transformers does; texts batched by length."""

    def __init__(self, folder: Path, models_home: Path, variant: str, batch_size: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        from briefbot.store.onnx_model import exported_model

        try:
            onnx_file = exported_model(folder, models_home, folder.name, variant)  # type: ignore[arg-type]
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            self._session = onnxruntime.InferenceSession(
                str(onnx_file), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except ModelLoadError:
            raise
        except Exception as error:
            raise ModelLoadError(f"could not load the ONNX embedding model: {error}") from error
        self._tokenizer.enable_truncation(max_length=_max_tokens(folder))
        self._tokenizer.no_padding()
        # int8 weights come with activations quantised per call (dynamic quantisation): batched,
        # a text's vector would depend on its batch-mates. One text per call keeps each vector
        # its own (measured: 159 passages/s against 193 batched, on 2 cores).
        self._batch = 1 if variant == "onnx-int8" else batch_size
        self.dimension = int(self._session.get_outputs()[0].shape[-1] or 0) or self._probe()

    def _probe(self) -> int:
        return int(self.encode(["probe"]).shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encoded = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        out: list[np.ndarray] = [np.empty(0)] * len(texts)
        for at in range(0, len(order), self._batch):
            chunk = order[at : at + self._batch]
            width = max(len(encoded[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                tokens = encoded[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            hidden = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for row, i in enumerate(chunk):
                out[i] = pooled[row]
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack(out).astype(np.float32)


def _max_tokens(folder: Path) -> int:
    """The model's own limit (sentence_bert_config.json), as sentence-transformers applies it."""
    import json

    try:
        config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256


def _load(path: Path) -> Any:
    for key, value in _OFFLINE.items():
        os.environ.setdefault(key, value)
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except Exception as error:  # the library raises many types for a bad or missing model
        first_line = (
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        )
        raise ModelLoadError(
            f"could not load the embedding model at {path}: {first_line}"
        ) from error
