"""How papers, answers and citations look on screen: `Content` from plain text, never markup."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content

from briefbot.language.dates import paper_date_label as date_label
from briefbot.language.papers import DOC_TYPE_LABELS
from briefbot.safety import one_line, scrub

if TYPE_CHECKING:
    from briefbot.engine import IndexStatus
    from briefbot.models import Answer, Citation, Filters, RefreshReport


MARKER = re.compile(r"\[\d+\]")


def refreshed_label(stamp: str | None) -> str:
    """When the index was refreshed, in local time: '23 Nov 2025, 16:10'."""
    if not stamp:
        return "never"
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return one_line(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%-d %b %Y, %H:%M")


def status_line(status: IndexStatus, when: str, pending: int = 0, building: bool = False) -> str:
    """'Ready — 5 papers, 29 passages, refreshed <when>', or what to do first."""
    if not status.exists:
        return (
            "No index yet — building it (Esc cancels)"
            if building
            else ("No index yet — press Ctrl+R to build it")
        )
    line = f"Ready — {status.papers} papers, {status.passages} passages, refreshed {when}"
    if status.failed or status.unreadable_pages or status.ocr_pages:
        line += f" · {coverage(status)}"
    return line + (f" · {pending} change(s) to refresh (Ctrl+R)" if pending else "")


def coverage(status: IndexStatus) -> str:
    """What the index is missing: '2 papers failed, 14 pages unreadable'."""
    parts = []
    if status.failed:
        parts.append(f"{len(status.failed)} paper{'s' * (len(status.failed) != 1)} failed")
    if status.unreadable_pages:
        pages = status.unreadable_pages
        parts.append(f"{pages} page{'s' * (pages != 1)} unreadable")
    if status.ocr_pages:
        parts.append(f"{status.ocr_pages} read by OCR")
    return ", ".join(parts)


def refresh_summary(report: RefreshReport) -> str:
    return (
        f"{report.documents} papers, {report.passages} passages: added {len(report.added)}, "
        f"changed {len(report.changed)}, removed {len(report.removed)}, "
        f"failed {len([f for f in report.failed if not f.pages])}."
    )


def with_markers(text: str, style: str = "") -> Content:
    """Plain text with each [n] citation marker picked out."""
    content = Content(scrub(text)).stylize(style) if style else Content(scrub(text))
    for match in MARKER.finditer(content.plain):
        content = content.stylize("bold $accent", match.start(), match.end())
    return content


def answer_content(answer: Answer) -> Content:
    """An answer: its sentences with [n] markers, the 'based on' line and any disagreement."""
    if answer.refused:
        parts = [Content(scrub(answer.answer)).stylize("bold")]
        if answer.note:  # "Only papers of type minutes … were searched": the filter, not the papers
            parts.append(Content(scrub(f"⚠ {answer.note}")).stylize("$text-warning"))
        if answer.closest:
            parts.append(Content("Closest papers:").stylize("$text-muted"))
            parts.extend(Content(f"  • {one_line(title)}") for title in answer.closest)
        return Content("\n").join(parts)
    parts = [with_markers(answer.answer)]
    if answer.note:
        parts.append(with_markers(f"⚠ {answer.note}", "$text-warning"))
    if answer.as_of:
        parts.append(Content(scrub(answer.as_of)).stylize("italic $text-muted"))
    return Content("\n").join(parts)


def citation_content(citation: Citation) -> Content:
    """One line for the sources panel: '[1] Title' and, under it, date · type · locator."""
    kind = DOC_TYPE_LABELS.get(citation.doc_type, citation.doc_type)
    details = f"{date_label(citation.date)} · {kind} · {one_line(citation.locator)}"
    if citation.ocr:
        details += " · scan, read by OCR"
    record = f"\n    {one_line(citation.record.brief)}" if citation.record else ""
    if citation.also_in:
        record += f"\n    also in: {one_line('; '.join(citation.also_in))}"
    return Content.assemble(
        (f"[{citation.n}] ", "bold $accent"),
        (one_line(citation.title), "bold"),
        "\n",
        (f"    {details}{record}", "$text-muted"),
    )


FILTER_KEYS = "   (F2 type, F3 dates, F4 clear)"  # the filters' keys, beside the filters


def filters_content(filters: Filters | None) -> Content:
    """The filter line: what questions are currently restricted to, and the keys that change
    it (kept off the footer, which a narrow terminal cuts short)."""
    if filters is None:
        return Content.assemble(
            ("Filters ", "bold"),
            "type: all types · dates: any date",
            (FILTER_KEYS, "$text-muted"),
        )
    return Content.assemble(
        ("Filters ", "bold"),
        "type: ",
        (filters.kinds(), "$accent" if filters.doc_types else ""),
        " · dates: ",
        (filters.dates(), "$accent" if (filters.since or filters.until) else ""),
        (FILTER_KEYS, "$text-muted"),
    )
