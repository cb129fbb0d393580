"""Text made safe to show: the one home of briefbot's sanitisers for what it prints.

Papers, questions and file names are never trusted: no control or format character from them
reaches a terminal, a message or a briefing. (Reading a paper has its own cleaning, in
briefbot.ingest.clean, which strips escape sequences from the text that is indexed; Markdown
escaping belongs to the Markdown writer.) No imports beyond the standard library: the chat uses
these before the core loads.
"""

from __future__ import annotations

import unicodedata

MESSAGE_CHARS = 200  # a one-line message (an error, a reason) is cut to this


def scrub(text: str) -> str:
    """Replace control characters (escape sequences, bells, NULs) one for one, keeping offsets.

    Newlines and tabs stay; everything else Unicode calls a control or format character becomes
    U+FFFD, so no terminal sequence from a paper or a question reaches the screen.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf") else "\ufffd"
        for ch in text
    )


def one_line(text: str, limit: int | None = None) -> str:
    """Text squeezed onto one line (scrubbed, whitespace collapsed), cut to `limit` characters
    with an ellipsis if given."""
    line = " ".join(scrub(text).split())
    return line if limit is None or len(line) <= limit else line[: limit - 1].rstrip() + "…"


def plain(text: str) -> str:
    """Text as plain text for a document: control, format and line-separator characters become
    spaces (nothing is replaced by a visible mark), whitespace collapsed."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return " ".join(kept.split())


def message(text: str) -> str:
    """A one-line message (an error, a paper's failure reason), cut to MESSAGE_CHARS."""
    return one_line(text, MESSAGE_CHARS)
