"""The numbered items of minutes and agendas, found in papers that carry no heading styles (PDF,
plain text): "84. Apologies", "18.11.5 Milburn Bonfire", "Item 7 – Budget 2025-26". Each block
after an item's heading gets the item as its section, so a citation's locator names the item
("page 3, 88. Revenue and Capital Budget Monitoring, para 41").

An item heading is a short line that opens with a number; the items are the longest run of such
lines whose numbers rise, item by item, in small steps. A numbered list inside an item ("1. Mr
Gough provided an update…") breaks the run and is left as text.
"""

from __future__ import annotations

import re

from briefbot.models import Block, PaperText

_ITEM = re.compile(
    r"^(?:item\s+)?(?P<number>(?:\d{1,3}[./])*\d{1,3})[.)]?\s*[-–—:]?\s+"
    r"(?P<title>(?=.*[^\W\d_])\S.*)$",  # a title with a letter in it: "24/00108 - Budget"
    re.IGNORECASE,
)
MAX_WORDS = 14
MAX_STEP = 12  # items may be skipped (withdrawn, exempt), but not by dozens
MIN_ITEMS = 3


def _candidate(text: str) -> tuple[tuple[int, ...], str] | None:
    """(the item's number as its parts, the heading) for a line that could head an item."""
    line = " ".join(text.split())
    match = _ITEM.match(line)
    if match is None or "\n" in text.strip() or len(line.split()) > MAX_WORDS:
        return None
    if line.endswith((".", ",", ";", ":")) and not line.endswith("etc."):
        return None  # a sentence or a list entry, not a heading
    parts = tuple(int(n) for n in re.split(r"[./]", match.group("number")))
    return parts, line


def _follows(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    """Whether one item number can come next after another: same prefix, a small rise."""
    if len(before) != len(after) or before[:-1] != after[:-1]:
        return False
    return 0 < after[-1] - before[-1] <= MAX_STEP


def item_headings(paper: PaperText) -> list[int]:
    """The indexes of the blocks that head the paper's numbered items (none if fewer than 3)."""
    found = [
        (index, parsed[0])
        for index, block in enumerate(paper.blocks)
        if not block.heading and (parsed := _candidate(paper.text[block.start : block.end]))
    ]
    best: list[list[int]] = []  # the longest run ending at each candidate, as positions
    for position, (_, number) in enumerate(found):
        chain = [position]
        for earlier in range(position):
            if _follows(found[earlier][1], number) and len(best[earlier]) + 1 > len(chain):
                chain = [*best[earlier], position]
        best.append(chain)
    longest = max(best, key=len, default=[])
    return [found[p][0] for p in longest] if len(longest) >= MIN_ITEMS else []


def with_items(paper: PaperText) -> PaperText:
    """The paper with each item's heading marked and its blocks placed under it (papers that
    already have sections, from heading styles, are left as they are)."""
    if any(block.section for block in paper.blocks):
        return paper
    heads = set(item_headings(paper))
    if not heads:
        return paper
    blocks: list[Block] = []
    section: tuple[str, ...] = ()
    for index, block in enumerate(paper.blocks):
        if index in heads:
            section = (" ".join(paper.text[block.start : block.end].split()),)
            blocks.append(block.model_copy(update={"section": section, "heading": True}))
        else:
            blocks.append(block.model_copy(update={"section": section}))
    return paper.model_copy(update={"blocks": blocks})
