"""Filesystem and terminal safety: nothing outside the corpus is read, nothing printed can drive
the terminal, and paper text never becomes markup."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from briefbot.briefing.brief import build_briefing
from briefbot.briefing.render import write_docx, write_markdown
from briefbot.engine import Briefbot
from briefbot.errors import BriefbotError
from tests.conftest import BRIEFBOT, REPO, child_env

EngineFor = Callable[..., Briefbot]

HOSTILE = (
    "Hostile report\n\n"
    "The bridge budget is [bold]£2m[/] according to [link=http://x]y[/link] and "
    "\x1b[31mred\x1b[0m officers \x1b]0;pwned\x07said so \u202etxt.exe\u202c today.\n"
)


def test_links_out_of_the_corpus_are_never_followed(
    tmp_path: Path, small_corpus: Path, engine_for: EngineFor
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The private salary of the chief executive is £999,999.\n")
    private_toml = tmp_path / "private.toml"
    private_toml.write_text('title = "Top secret £999,999 salary list"\n')
    # a link with `..` in its target, a link to a link, and a sidecar that is a link
    (small_corpus / "up.txt").symlink_to(Path("..") / "secret.txt")
    (small_corpus / "hop.txt").symlink_to(small_corpus / "up.txt")
    (small_corpus / "library-news.txt.meta.toml").unlink()
    (small_corpus / "library-news.txt.meta.toml").symlink_to(private_toml)
    # a link that stays inside the corpus is fine
    (small_corpus / "again.txt").symlink_to(Path(".") / "highways-minutes.txt")
    engine = engine_for(small_corpus)
    report = engine.refresh()
    failed = {f.path: f.reason for f in report.failed}
    assert "outside the corpus" in failed["up.txt"] and "outside the corpus" in failed["hop.txt"]
    assert (
        failed["library-news.txt"] == "sidecar is a symbolic link outside the corpus; not followed"
    )
    assert "again.txt" in report.added
    generation = engine.generation()
    assert all("999,999" not in p.text + p.title for p in generation.passages.values())


@pytest.mark.parametrize("paper_id", ["../manifest", "../../../etc/passwd", "", "A" * 16])
def test_paper_ids_never_become_paths(
    small_corpus: Path, engine_for: EngineFor, paper_id: str
) -> None:
    engine = engine_for(small_corpus)
    engine.refresh()
    with pytest.raises(BriefbotError, match="there is no paper"):
        engine.paper(paper_id)


def hostile_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "odd.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "odd.txt.meta.toml").write_text(
        'title = "[red]Bridge[/red] \\u001b[2J report"\ndate = "2023-02"\ndoc_type = "report"\n',
        encoding="utf-8",
    )
    return corpus


def assert_literal(text: str) -> None:
    assert "[bold]£2m[/]" in text and "[link=http://x]y[/link]" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_cli_prints_paper_text_and_names_literally(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    (corpus / "evil\x1b[2J\u202ename.txt").write_text("\x00\x01binary\x02", encoding="utf-8")
    index = tmp_path / "index"
    place = ["--corpus", str(corpus), "--index", str(index)]
    refresh = subprocess.run(
        [*BRIEFBOT, "refresh", *place], env=child_env(), cwd=REPO, capture_output=True, text=True
    )
    assert refresh.returncode == 0, refresh.stderr
    assert "failed: evilname.txt" in refresh.stdout  # named, but it cannot clear the screen
    assert "\x1b" not in refresh.stdout + refresh.stderr
    asked = subprocess.run(
        [*BRIEFBOT, "ask", "How much is the bridge budget?", *place],
        env=child_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert asked.returncode == 0, asked.stderr
    assert_literal(asked.stdout)
    assert "[red]Bridge[/red]" in asked.stdout


def test_exports_keep_paper_text_literal(tmp_path: Path, engine_for: EngineFor) -> None:
    engine = engine_for(hostile_corpus(tmp_path))
    engine.refresh()
    briefing = build_briefing(engine, "bridge budget")
    markdown = write_markdown(briefing, tmp_path / "b.md").read_text(encoding="utf-8")
    assert "\\[bold\\]£2m\\[/\\]" in markdown  # shown as written, not rendered as links or bold
    assert "\x1b" not in markdown and "\u202e" not in markdown and "\x07" not in markdown
    from docx import Document

    word = "\n".join(
        p.text for p in Document(str(write_docx(briefing, tmp_path / "b.docx"))).paragraphs
    )
    assert_literal(word)
