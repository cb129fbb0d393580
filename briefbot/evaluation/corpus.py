"""The evaluation corpus: the papers every question set is asked against, in one index.

`corpus/` (Herefordshire), the synthetic haystack of other councils' business (`haystack/`), the
generated papers of `eval/generated/` (`generated/`) and `eval/generated-unseen/`, and, where
they are on this machine, the
genuine council papers listed in `eval/real/SOURCES.toml` (`real/`). The genuine papers are
public documents from other projects' repositories and are not committed here: `briefbot eval`
copies them from `BRIEFBOT_REAL_PAPERS` (default `~/.cache/briefbot/real-papers`) when present,
checking each file's sha256, and leaves the real question sets out when they are not.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from briefbot.config import Settings
from briefbot.evaluation.cases import EVAL
from briefbot.evaluation.haystack import write_haystack
from briefbot.files import sha256_of

HAYSTACK_COUNT = 300
HAYSTACK_SEED = 2022
GENERATED = EVAL / "generated"
GENERATED_UNSEEN = EVAL / "generated-unseen"
REAL_SOURCES = EVAL / "real" / "SOURCES.toml"


def real_papers_home() -> Path:
    return Path(
        os.environ.get("BRIEFBOT_REAL_PAPERS", "~/.cache/briefbot/real-papers")
    ).expanduser()


def real_papers(splits: bool = False) -> list[tuple[str, str]]:
    """(path under real/, sha256) of every genuine paper SOURCES.toml lists; with `splits`,
    (path, "fit" or "unseen") instead."""
    if not REAL_SOURCES.exists():
        return []
    listed = tomllib.loads(REAL_SOURCES.read_text(encoding="utf-8")).get("paper", [])
    key = "split" if splits else "sha256"
    return [(entry["path"], entry[key]) for entry in listed]


def real_available() -> bool:
    """Whether every listed genuine paper is on this machine, unaltered."""
    home = real_papers_home()
    listed = real_papers()
    return bool(listed) and all(_sha256(home / path) == digest for path, digest in listed)


def _sha256(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None


def haystack_settings(
    settings: Settings, count: int = HAYSTACK_COUNT, unseen: bool = True
) -> Settings:
    """A cached copy of the corpus with the haystack, the generated papers and (if present) the
    genuine papers mixed in, and its own index. Without `unseen`, the papers kept back from
    fitting are left out too, so that fitting never reads them, not even as distractors."""
    name = f"eval-haystack-{count}-{HAYSTACK_SEED}" + ("" if unseen else "-fit")
    if settings.embedder != "torch":  # each embedder has its own index (they never mix)
        name += f"-{settings.embedder}"
    root = settings.cache / name
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for entry in corpus.iterdir():
        if entry.name != "haystack":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(settings.corpus, corpus, dirs_exist_ok=True, symlinks=True)
    if not (corpus / "haystack").is_dir():
        write_haystack(corpus / "haystack", count=count, seed=HAYSTACK_SEED)
    if GENERATED.is_dir():
        shutil.copytree(GENERATED, corpus / "generated", dirs_exist_ok=True)
    if unseen and GENERATED_UNSEEN.is_dir():
        shutil.copytree(GENERATED_UNSEEN, corpus / "generated-unseen", dirs_exist_ok=True)
    if real_available():
        home = real_papers_home()
        for path, split in real_papers(splits=True):
            if split != "fit" and not unseen:
                continue
            target = corpus / "real" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(home / path, target)
    return settings.model_copy(update={"corpus": corpus, "index": root / "index"})
