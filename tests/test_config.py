"""Settings: defaults, then briefbot.toml, then BRIEFBOT_* variables, then explicit values."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.config import Settings


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("BRIEFBOT_CORPUS", "BRIEFBOT_INDEX", "BRIEFBOT_MAX_PAPER_MB"):
        monkeypatch.delenv(name, raising=False)
    assert Settings().corpus == Path("corpus") and Settings().index == Path("index")
    (tmp_path / "briefbot.toml").write_text('corpus = "papers"\nmax_paper_mb = 2\n')
    assert Settings().corpus == Path("papers") and Settings().max_paper_mb == 2
    monkeypatch.setenv("BRIEFBOT_CORPUS", "from-env")
    monkeypatch.setenv("BRIEFBOT_INDEX", "ix-env")
    assert Settings().corpus == Path("from-env") and Settings().index == Path("ix-env")
    assert Settings(corpus=Path("given")).corpus == Path("given")


def test_bad_setting_is_a_validation_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_MAX_PAPER_MB", "-3")
    with pytest.raises(ValueError, match="max_paper_mb"):
        Settings()
