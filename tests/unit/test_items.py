"""Minute items found in papers without heading styles, and placed in each block's section."""

from __future__ import annotations

from briefbot.ingest.items import with_items
from briefbot.ingest.layout import build_paper_text, plain_chunks

MINUTES = """MINUTES of a meeting of the Cabinet held on Thursday, 30 January 2025

84. Apologies

Apologies were received from Mr Hills.

85. Declarations of Interest

None.

87. Cabinet Member Updates

1. Mr Gough, Leader of the Council, provided an update on the following:

2. Mrs Chandler, Cabinet Member for Children's Services, provided an update.

88. 24/00108 - Revenue and Capital Budget Monitoring Report

RESOLVED that the report be noted.
"""


def test_numbered_items_become_sections_and_inner_lists_stay_text() -> None:
    paper = with_items(build_paper_text(plain_chunks(MINUTES), title=None, date=None, fmt="txt"))
    got = [(paper.text[b.start : b.end][:20], b.section, b.heading) for b in paper.blocks]
    assert got[0] == ("MINUTES of a meeting", (), False)
    assert ("Apologies were recei", ("84. Apologies",), False) in got
    assert ("84. Apologies", ("84. Apologies",), True) in got
    updates = ("87. Cabinet Member Updates",)
    assert ("1. Mr Gough, Leader ", updates, False) in got  # a list inside the item
    resolved = ("88. 24/00108 - Revenue and Capital Budget Monitoring Report",)
    assert ("RESOLVED that the re", resolved, False) in got


def test_too_few_numbered_lines_are_not_items() -> None:
    text = "Budget\n\n1. Savings of £2m\n\n2. A new leisure centre\n\nThe end.\n"
    paper = build_paper_text(plain_chunks(text), title=None, date=None, fmt="txt")
    assert with_items(paper) is paper
