"""A briefing written out: one outline of blocks, rendered as Markdown or as Word (.docx), saved
without ever overwriting unless asked (a temporary file, then an atomic rename)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from briefbot.briefing.note import MARK, NOTHING, Briefing, Reference
from briefbot.files import write_new
from briefbot.language.dates import paper_date_label
from briefbot.language.papers import doc_type_heading
from briefbot.safety import one_line, plain

Run = tuple[str, str]  # (text, style): "" text from papers or people, "b" bold, "m" our marker
Element = tuple[str, int, list[Run]]  # (kind, level, runs); kind: title heading para item ref
HEADING_CHARS = 120  # a question longer than this is headed by its start, then given whole


def reference_line(reference: Reference) -> str:
    """'Title. Minutes, 31 March 2022. para 5; paras 29–35. 003-cabinet-minutes.txt'."""
    kind = doc_type_heading(reference.doc_type)
    locators = "; ".join(reference.locators)
    when = paper_date_label(reference.date)
    return f"{reference.title}. {kind}, {when}. {locators}. {reference.path}"


def _cited(text: str, n: int) -> list[Run]:
    return [(text, ""), (f" [{n}]", "m")]


def _with_marks(text: str) -> list[Run]:
    """A note from the answerer: its [n] markers are ours, the rest is text."""
    return [(part, "m" if i % 2 else "") for i, part in enumerate(MARK.split(text)) if part]


def outline(briefing: Briefing) -> Iterator[Element]:
    """The document as blocks, shared by both writers."""
    yield "title", 0, [(briefing.title, "")]
    yield "para", 0, [(f"Prepared: {paper_date_label(briefing.prepared.isoformat())}", "")]
    yield "para", 0, [(briefing.papers_line, "")]
    yield "heading", 1, [("Summary", "")]
    yield from (("item", 1, _cited(s.text, s.citation.n)) for s in briefing.summary)
    yield "heading", 1, [("Timeline", "")]
    for e in briefing.timeline:
        written = e.written + (", year from the paper's date" if e.year_inferred else "")
        label = f" ({written or 'date of the meeting'}): "
        yield "item", 1, [(e.date, "b"), (label, ""), *_cited(e.text, e.citation.n)]
    yield "heading", 1, [("Money", "")]
    for m in briefing.money:
        yield "item", 1, [(m.amount, "b")]
        yield from (("item", 2, _cited(x.purpose, x.citation.n)) for x in m.mentions)
    yield "heading", 1, [("Points to check", "")]
    for p in briefing.points_to_check:
        yield "item", 1, [(p.subject, "b"), (f": the papers give different {p.kind}s.", "")]
        for v in p.versions:
            yield "item", 2, [(v.value, "b"), (": ", ""), *_cited(v.text, v.citation.n)]
    yield "heading", 1, [("Questions and answers", "")]
    for q in briefing.questions:
        heading = one_line(q.question, HEADING_CHARS)
        yield "heading", 2, [(heading, "")]
        if heading != q.question:  # a long paste: the heading is its start, the whole follows
            yield "para", 0, [("Asked:", "b"), (f" {q.question}", "")]
        answer = [run for s in q.statements for run in [*_cited(s.text, s.citation.n), (" ", "")]]
        yield "para", 0, answer[:-1] or [(q.answer, "")]
        if q.note:
            yield "para", 0, [("Note: ", ""), *_with_marks(q.note)]
        if q.as_of:
            yield "para", 0, [(q.as_of, "")]
        if q.refused and q.closest:
            yield "para", 0, [(f"Closest papers: {'; '.join(q.closest)}", "")]
    yield "heading", 1, [("References", "")]
    yield from (("ref", r.n, [(reference_line(r), "")]) for r in briefing.references)


def elements(briefing: Briefing) -> Iterator[Element]:
    """The outline, printable only, with a line under each empty section saying so."""
    filled = {
        "Summary": briefing.summary,
        "Timeline": briefing.timeline,
        "Money": briefing.money,
        "Points to check": briefing.points_to_check,
        "Questions and answers": briefing.questions,
        "References": briefing.references,
    }
    for kind, level, runs in outline(briefing):
        yield kind, level, [("".join(c if c.isprintable() else " " for c in t), s) for t, s in runs]
        section = runs[0][0]
        if kind == "heading" and level == 1 and not filled[section]:
            none = "No questions were asked." if section.startswith("Questions") else NOTHING
            yield "para", 0, [(none, "")]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def markdown(briefing: Briefing) -> str:
    """The briefing as Markdown; text from papers is escaped, so nothing in it becomes markup."""
    lines: list[str] = []
    for kind, level, runs in elements(briefing):
        text = "".join(t if s == "m" else f"**{_md(t)}**" if s == "b" else _md(t) for t, s in runs)
        if kind in ("title", "heading"):
            lines += ["", "#" * (level + 1) + " " + text, ""]
        elif kind == "item":
            lines.append("    " * (level - 1) + "- " + text)
        elif kind == "ref":
            lines += [f"{level}. {text}", ""]
        else:  # a paragraph that opens like a list item stays a paragraph
            lines += [re.sub(r"^([-+]|\d+[.)])", r"\\\1", text), ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def write_markdown(briefing: Briefing, path: Path, force: bool = False) -> Path:
    """Write the briefing as Markdown; an existing file is replaced only with force=True."""
    content = markdown(briefing)
    return write_new(Path(path), force, lambda target: target.write_text(content, encoding="utf-8"))


def write_docx(briefing: Briefing, path: Path, force: bool = False) -> Path:
    """Write the briefing as a Word document: headings, bullets, [n] markers, references."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = plain(briefing.title)[:255]
    document.core_properties.author = "briefbot"
    styles = {("item", 1): "List Bullet", ("item", 2): "List Bullet 2"}
    for kind, level, runs in elements(briefing):
        if kind in ("title", "heading"):
            document.add_heading(runs[0][0], level=level)
            continue
        paragraph = document.add_paragraph(style=styles.get((kind, level)))
        if kind == "ref":
            paragraph.paragraph_format.left_indent = Pt(24)
            paragraph.paragraph_format.first_line_indent = Pt(-24)
            runs = [(f"[{level}] ", "b"), *runs]
        for text, style in runs:
            paragraph.add_run(text).bold = True if style == "b" else None
    return write_new(Path(path), force, lambda target: document.save(str(target)))
