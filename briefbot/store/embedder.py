"""The embedding model: the only module that imports sentence_transformers, and only when asked."""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefbot.errors import ModelLoadError

if TYPE_CHECKING:
    import numpy as np

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


def model_name(model: str) -> str:
    """The name an index records for its model: the folder's or package's last path part."""
    return Path(model).name if Path(model).expanduser().is_dir() else model.replace("-", "_")


class Embedder:
    """Turns text into normalised vectors; loads the model once, on first use, thread-safely."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.model = model
        self.name = model_name(model)
        self.batch_size = batch_size
        self._st: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._st is not None

    def load(self) -> None:
        with self._lock:
            if self._st is None:
                self._st = _load(model_path(self.model))

    @property
    def dimension(self) -> int:
        self.load()
        getter = (
            getattr(self._st, "get_embedding_dimension", None)
            or self._st.get_sentence_embedding_dimension
        )
        dim = getter()
        return int(dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        self.load()
        return self._st.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def encode_query(self, question: str) -> np.ndarray:
        return self.encode([question])[0]


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
