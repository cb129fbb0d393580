"""The dev question set: well formed, covering the corpus, and checkable against the papers."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from briefbot.evaluation.haystack import write_haystack

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DEV = ROOT / "eval" / "dev.jsonl"
KINDS = {"when", "how_much", "who", "why", "how_many", "how_long", "what", "latest"}
ANSWERABLE_KEYS = {"question", "expect", "papers"}
UNANSWERABLE_KEYS = {"question", "unanswerable"}
OPTIONAL_KEYS = {"kind", "note"}
# What the haystack must never say: the real corpus's council, people and figures, and the
# subjects of the unanswerable questions that no other council's paper should touch either.
FORBIDDEN = re.compile(
    r"Herefordshire|Hereford|11\.49|6\.49|£5 ?m\b|£5 million|Eleanor Brazil|Darryl Freeman"
    r"|Paul Walker|Diana Toynbee|Panorama|Education Secretary|salary|Children.s Commissioner"
    r"|£16\.7 ?m|£5\.22 ?m",
    re.IGNORECASE,
)


def _load() -> list[dict[str, Any]]:
    lines = DEV.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


ROWS = _load()
ANSWERABLE = [row for row in ROWS if not row.get("unanswerable")]
UNANSWERABLE = [row for row in ROWS if row.get("unanswerable")]
PAPERS = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def haystack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The default haystack's papers and sidecars, by file name."""
    folder = tmp_path_factory.mktemp("haystack")
    write_haystack(folder)
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}


def test_every_line_is_a_json_object() -> None:
    for number, line in enumerate(DEV.read_text(encoding="utf-8").splitlines(), 1):
        assert isinstance(json.loads(line), dict), f"line {number}"


def test_enough_questions() -> None:
    assert len(ROWS) >= 45
    assert len(ANSWERABLE) >= 33
    assert len(UNANSWERABLE) >= 12


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["question"][:50])
def test_keys_and_types(row: dict[str, Any]) -> None:
    required = UNANSWERABLE_KEYS if row.get("unanswerable") else ANSWERABLE_KEYS
    assert required <= row.keys()
    assert row.keys() <= required | OPTIONAL_KEYS
    assert isinstance(row["question"], str) and row["question"].strip().endswith("?")
    assert row.get("kind", "what") in KINDS
    if row.get("unanswerable"):
        assert row["unanswerable"] is True
    else:
        assert isinstance(row["expect"], str) and row["expect"]
        assert row["papers"] and set(row["papers"]) <= set(PAPERS)


def test_questions_are_unique() -> None:
    counts = Counter(row["question"].casefold() for row in ROWS)
    assert [q for q, n in counts.items() if n > 1] == []


def test_every_paper_is_covered_several_times() -> None:
    cited = Counter(paper for row in ANSWERABLE for paper in row["papers"])
    assert PAPERS and all(cited[paper] >= 3 for paper in PAPERS), cited


def test_every_kind_is_asked() -> None:
    assert {row.get("kind") for row in ANSWERABLE} >= KINDS


@pytest.mark.parametrize("row", ANSWERABLE, ids=lambda row: row["question"][:50])
def test_expect_matches_a_listed_paper(row: dict[str, Any]) -> None:
    expect = re.compile(row["expect"], re.IGNORECASE)
    texts = [(CORPUS / paper).read_text(encoding="utf-8") for paper in row["papers"]]
    assert any(expect.search(text) for text in texts), row["expect"]


def test_haystack_never_names_the_corpus(haystack: dict[str, str]) -> None:
    leaks = {name: m.group(0) for name, text in haystack.items() if (m := FORBIDDEN.search(text))}
    assert leaks == {}


def test_haystack_has_no_worcestershire_childrens_services(haystack: dict[str, str]) -> None:
    """An unanswerable question asks about Worcestershire's children's services."""
    mixed = [
        name
        for name, text in haystack.items()
        if "Worcestershire" in text and "children's services" in text.lower()
    ]
    assert mixed == []


HELDOUT = ROOT / "eval" / "heldout.jsonl"


def test_heldout_questions_match_their_haystack_papers(haystack: dict[str, str]) -> None:
    """eval/heldout.jsonl asks about the synthetic papers of other councils: each expectation is
    found in the paper it names, so a change to the generator cannot leave it stale."""
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    assert len([r for r in rows if r.get("unanswerable")]) >= 4
    for row in rows:
        for paper in row.get("papers", []):
            assert paper.startswith("haystack/")
            text = haystack[paper.removeprefix("haystack/")]
            assert re.search(row["expect"], text, re.IGNORECASE), (row["question"], paper)
