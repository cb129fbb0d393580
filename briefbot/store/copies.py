"""Papers that are copies of one another: a report published alone and again inside its agenda
pack, draft minutes and the approved minutes, a supplementary pack repeating items.

Each paper's text is fingerprinted at refresh by a fixed share (1 in 32) of the hashes of its
runs of eight words: the same share of every paper, so how much of one paper's text another
holds can be counted from the fingerprints alone. A paper whose fingerprint is mostly (80%) in
another's is inside it; two papers each mostly inside the other are the same paper. Phrases that
most minutes share ("apologies for absence were received from") are left out of the count.
Answers cite such papers once (see `preferred`) and say where else the words appear; papers
that are copies are never said to differ.
"""

from __future__ import annotations

import zlib
from collections import Counter
from itertools import combinations
from typing import Literal

from briefbot.language.tokens import tokenize
from briefbot.models import Manifest, ManifestEntry, date_key

Relation = Literal["same", "inside", "holds"]
SHINGLE = 8  # words
RATE = 32  # one hash in RATE is kept
MIN_HASHES = 8  # a fingerprint smaller than this is too short to judge
CONTAINED = 0.8
COMMON = 20  # a hash in more papers than this is boilerplate
_DRAFT = frozenset({"draft", "unapproved", "unconfirmed"})


def fingerprint(text: str) -> list[int]:
    """The kept hashes of a text's eight-word runs, sorted and distinct."""
    words = tokenize(text)
    kept = set()
    for i in range(len(words) - SHINGLE + 1):
        value = zlib.crc32(" ".join(words[i : i + SHINGLE]).encode("utf-8"))
        if value % RATE == 0:
            kept.add(value)
    return sorted(kept)


def find_copies(manifest: Manifest) -> None:
    """Set each paper's `copies` (other paper id -> relation) from the fingerprints."""
    entries = [e for e in manifest.papers.values() if len(e.fingerprint) >= MIN_HASHES]
    for entry in manifest.papers.values():
        entry.copies = {}
    holders: dict[int, list[int]] = {}
    for index, entry in enumerate(entries):
        for value in entry.fingerprint:
            holders.setdefault(value, []).append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for papers in holders.values():
        if 1 < len(papers) <= COMMON:
            shared.update(combinations(papers, 2))
    for (a, b), count in shared.items():
        first, second = entries[a], entries[b]
        in_second = count / len(first.fingerprint) >= CONTAINED
        in_first = count / len(second.fingerprint) >= CONTAINED
        if in_second and in_first:
            first.copies[second.paper_id] = second.copies[first.paper_id] = "same"
        elif in_second:
            first.copies[second.paper_id], second.copies[first.paper_id] = "inside", "holds"
        elif in_first:
            first.copies[second.paper_id], second.copies[first.paper_id] = "holds", "inside"


def preferred(entries: list[ManifestEntry]) -> ManifestEntry:
    """Which of a paper's copies an answer cites: the paper standing alone rather than the pack
    that holds it, a version not marked draft, then the latest."""
    ids = {e.paper_id for e in entries}

    def rank(entry: ManifestEntry) -> tuple[int, int, int]:
        holds = sum(1 for other, how in entry.copies.items() if how == "holds" and other in ids)
        draft = bool(_DRAFT & set(tokenize(entry.title)))
        return (-holds, -int(draft), date_key(entry.date))

    return max(entries, key=rank)


def copies_of(manifest: Manifest) -> list[dict[str, str]]:
    """Each paper that repeats another, once per pair: {"path", "relation", "of"} where the
    relation is "same" (the same paper twice) or "inside" (the path is printed inside `of`)."""
    path_of = {entry.paper_id: rel for rel, entry in manifest.papers.items()}
    found = []
    for rel, entry in sorted(manifest.papers.items()):
        for other, how in sorted(entry.copies.items()):
            if other in path_of and (how == "inside" or (how == "same" and rel < path_of[other])):
                found.append({"path": rel, "relation": how, "of": path_of[other]})
    return found
