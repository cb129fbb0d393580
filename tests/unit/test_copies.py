"""Papers that repeat one another: found from their fingerprints, the right copy chosen to cite,
and the quote moved onto it with the other copies named (no model)."""

from __future__ import annotations

from briefbot.answering.candidates import PaperView
from briefbot.answering.composer import one_copy, quote_of
from briefbot.models import Manifest, ManifestEntry
from briefbot.store.copies import copies_of, find_copies, fingerprint, preferred
from tests.unit.test_candidates import paper_of, sentence

REPORT = " ".join(
    f"Paragraph {n}: the committee considered the {word} budget for libraries, parks and "
    f"highways, and noted the risks set out by the section 151 officer in her report."
    for n, word in enumerate(["first", "second", "third", "fourth", "fifth", "sixth"] * 6)
)
OTHER = " ".join(
    f"Item {n}: residents of ward {n} asked about bus services, potholes and the closing of "
    f"the swimming pool, and the chair promised a reply within {n} weeks of the meeting."
    for n in range(40)
)


def entry(
    paper_id: str, text: str, title: str = "A paper", date: str | None = None
) -> ManifestEntry:
    return ManifestEntry(
        paper_id=paper_id,
        sha256="",
        passages=1,
        title=title,
        date=date,
        fingerprint=fingerprint(text),
    )


def test_a_report_inside_a_pack_and_two_versions_of_minutes() -> None:
    manifest = Manifest(model="m", dimension=1)
    manifest.papers = {
        "report.pdf": entry("report", REPORT),
        "pack.pdf": entry("pack", OTHER + " " + REPORT + " " + OTHER.replace("Item", "Annex")),
        "draft.txt": entry("draft", "DRAFT minutes. " + OTHER, "Draft minutes"),
        "approved.txt": entry("approved", "Minutes. " + OTHER + " Signed, the chair."),
        "other.txt": entry("other", OTHER.replace("residents", "traders").replace("bus", "rail")),
    }
    assert len(manifest.papers["report.pdf"].fingerprint) >= 8
    find_copies(manifest)
    assert manifest.papers["report.pdf"].copies == {"pack": "inside"}
    assert manifest.papers["pack.pdf"].copies["report"] == "holds"
    assert manifest.papers["draft.txt"].copies["approved"] == "same"
    assert "other" not in manifest.papers["approved.txt"].copies  # words changed: not a copy
    assert {"path": "report.pdf", "relation": "inside", "of": "pack.pdf"} in copies_of(manifest)
    papers = manifest.papers
    assert preferred([papers["pack.pdf"], papers["report.pdf"]]).paper_id == "report"
    assert preferred([papers["draft.txt"], papers["approved.txt"]]).paper_id == "approved"


def test_the_later_version_is_preferred_when_neither_is_a_draft() -> None:
    old, new = entry("a", OTHER, date="2024-01-05"), entry("b", OTHER, date="2024-02-09")
    assert preferred([new, old]).paper_id == "b"


def test_a_quote_moves_to_the_preferred_copy_and_names_the_other() -> None:
    alone = paper_of(["Apologies were received.", "The council approved £2.5m for the library."])
    alone.id, alone.meta.title = "report", "Library report"
    pack = paper_of(["Agenda.", "Item 4.", "The council approved £2.5m for the library."])
    pack.id, pack.meta.title = "pack", "Agenda pack"
    in_pack, on_its_own = PaperView(pack), PaperView(alone)
    quote = quote_of(in_pack, sentence(in_pack, "£2.5m"))
    moved, elsewhere = one_copy(quote, {"report": on_its_own}, lambda ids: "report")
    assert moved.view is on_its_own
    assert alone.text[moved.start : moved.end] == "The council approved £2.5m for the library."
    assert elsewhere == ["Agenda pack"]
    same, none = one_copy(quote, {"report": PaperView(paper_of(["Something else."]))}, min)
    assert (same, none) == (quote, [])  # a copy that does not print the words is not named
