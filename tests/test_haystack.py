"""The synthetic haystack: deterministic, well formed, varied, and cached."""

from __future__ import annotations

import html
import random
import re
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefbot.evaluation import haystack as haystack_module
from briefbot.evaluation.haystack import haystack_dir, write_haystack
from briefbot.evaluation.haystack_words import COUNCILS
from briefbot.language.papers import DOC_TYPES
from briefbot.models import PaperMeta

NAME = re.compile(r"^hs-\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.(txt|md|html)$")
AMOUNT = re.compile(r"£\d[\d,]*(\.\d+)?( ?m\b| million|k\b)?")
LONG_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
    r"September|October|November|December) 20\d\d\b"
)
MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|"
    r"October|November|December) 20\d\d\b"
)


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The default haystack: 300 papers, seed 2022."""
    return write_haystack(tmp_path_factory.mktemp("haystack"))


def _meta(paper: Path) -> dict[str, object]:
    return tomllib.loads(Path(f"{paper}.meta.toml").read_text(encoding="utf-8"))


def _words(paper: Path) -> int:
    text = paper.read_text(encoding="utf-8")
    return len(re.sub(r"<[^>]+>", " ", text).split())


def test_count_is_honoured(tmp_path: Path) -> None:
    written = write_haystack(tmp_path, count=25, seed=7)
    assert len(written) == 25 and all(p.parent == tmp_path for p in written)
    assert len(list(tmp_path.iterdir())) == 50


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = write_haystack(tmp_path / "a", count=40, seed=11)
    second = write_haystack(tmp_path / "b", count=40, seed=11)
    assert [p.name for p in first] == [p.name for p in second]
    for folder_a in (tmp_path / "a").iterdir():
        assert folder_a.read_bytes() == (tmp_path / "b" / folder_a.name).read_bytes()


def test_other_seed_other_papers(tmp_path: Path) -> None:
    first = write_haystack(tmp_path / "a", count=10, seed=1)
    second = write_haystack(tmp_path / "b", count=10, seed=2)
    assert [p.read_text() for p in first] != [p.read_text() for p in second]


def test_global_random_untouched(tmp_path: Path) -> None:
    state = random.getstate()
    write_haystack(tmp_path, count=5)
    assert random.getstate() == state


def test_file_names(papers: list[Path]) -> None:
    assert all(NAME.match(p.name) for p in papers)
    assert len({p.name for p in papers}) == len(papers) == 300


def test_sidecars_parse_and_are_valid(papers: list[Path]) -> None:
    for paper in papers:
        meta = _meta(paper)
        PaperMeta.model_validate(meta)  # the project's own rules for dates and types
        assert meta["doc_type"] in DOC_TYPES and meta["doc_type"] != "other"
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(meta["date"]))
        assert "2019" <= str(meta["date"])[:4] <= "2025"
        assert meta["title"] and meta["publisher"]
        assert ("committee" in meta) == (meta["doc_type"] in ("minutes", "report"))


def test_variety(papers: list[Path]) -> None:
    metas = [_meta(p) for p in papers]
    assert Counter(p.suffix for p in papers).keys() == {".txt", ".md", ".html"}
    assert Counter(p.suffix for p in papers).most_common(1)[0][0] == ".txt"
    assert {m["doc_type"] for m in metas} == {
        "minutes",
        "report",
        "press_release",
        "news",
        "briefing",
    }
    assert {len(str(m["date"])) for m in metas} == {7, 10}  # some month-only dates
    assert {str(m["date"])[:4] for m in metas} == {str(y) for y in range(2019, 2026)}


def test_length(papers: list[Path]) -> None:
    counts = [_words(p) for p in papers]
    assert 150 <= min(counts) and max(counts) <= 600


def test_amounts_and_dates_present(papers: list[Path]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in papers]
    with_amount = sum(bool(AMOUNT.search(t)) for t in texts)
    with_date = sum(bool(LONG_DATE.search(t) or MONTH_YEAR.search(t)) for t in texts)
    assert with_amount >= 0.9 * len(texts) and with_date >= 0.9 * len(texts)
    joined = "\n".join(texts)
    assert re.search(r"£\d+\.\d+m\b", joined) and re.search(r"£\d+k\b", joined)


def test_every_paper_names_another_council(papers: list[Path]) -> None:
    names = [council for council, _, _ in COUNCILS]
    for paper in papers:
        text = html.unescape(paper.read_text(encoding="utf-8"))
        assert any(name in text for name in names), paper.name


def test_topics_are_all_present(papers: list[Path]) -> None:
    slugs = {topic.slug for topic in haystack_module.TOPICS}
    assert {"adult-social-care", "childrens-services", "schools", "public-health"} <= slugs
    assert all(any(f"-{slug}-" in p.name for p in papers) for slug in slugs)


class _TagBalance(HTMLParser):
    """Checks that every opened element is closed in order."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag


def test_html_is_simple_and_valid(papers: list[Path]) -> None:
    pages = [p for p in papers if p.suffix == ".html"]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        checker = _TagBalance()
        checker.feed(text)
        checker.close()
        assert checker.stack == []
        assert {"html", "head", "title", "body", "nav", "main", "footer", "h1", "p"} <= checker.seen


def test_markdown_has_headings(papers: list[Path]) -> None:
    docs = [p for p in papers if p.suffix == ".md"]
    assert docs and all(p.read_text(encoding="utf-8").startswith("# ") for p in docs)


def test_haystack_dir_generates_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = haystack_dir(tmp_path, 12, 3)
    assert folder == tmp_path / "haystack-12-3"
    assert len(list(folder.glob("hs-*.meta.toml"))) == 12

    def refuse(*args: object, **kwargs: object) -> list[Path]:
        raise AssertionError("regenerated a complete haystack")

    monkeypatch.setattr(haystack_module, "write_haystack", refuse)
    assert haystack_dir(tmp_path, 12, 3) == folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["haystack-12-3"]


def test_haystack_dir_repairs_an_incomplete_folder(tmp_path: Path) -> None:
    folder = haystack_dir(tmp_path, 8, 5)
    reference = {p.name: p.read_bytes() for p in folder.iterdir()}
    next(folder.glob("hs-*.meta.toml")).unlink()
    assert haystack_dir(tmp_path, 8, 5) == folder
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == reference
