"""Passages: runs of whole sentences sized for the embedding model, with a little overlap."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from briefbot.ingest.minutes import record_of
from briefbot.ingest.sentences import count_words, split_sentences, word_windows
from briefbot.models import Block, Paper, Passage

# A passage is also bounded in characters: text of very long "words" (URLs, tables of digits,
# junk without spaces) counts one word per this many characters.
_CHARS_PER_WORD = 20


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    words: int
    block: Block


def cut_passages(paper: Paper, max_words: int = 120, overlap_sentences: int = 1) -> list[Passage]:
    """Group sentences into passages that never cross a page or section boundary."""
    max_words = max(1, max_words)
    overlap = max(0, overlap_sentences)
    passages: list[Passage] = []
    for _, blocks in groupby(paper.blocks, key=lambda block: (block.page, block.section)):
        sentences = _sentences(paper.text, list(blocks), max_words)
        for group in _groups(sentences, max_words, overlap):
            passages.append(_passage(paper, len(passages), group))
    return passages


def _sentences(text: str, blocks: list[Block], max_words: int) -> list[_Sentence]:
    """The sentences of a run of blocks; one longer than max_words is cut into windows."""
    found: list[_Sentence] = []
    for block in blocks:
        for start, end in split_sentences(text, block.start, block.end):
            words = count_words(text, start, end)
            spans = (
                [(start, end)] if words <= max_words else word_windows(text, start, end, max_words)
            )
            for begin, finish in spans:
                words = max(count_words(text, begin, finish), (finish - begin) // _CHARS_PER_WORD)
                found.append(_Sentence(begin, finish, words, block))
    return found


def _groups(sentences: list[_Sentence], max_words: int, overlap: int) -> list[list[_Sentence]]:
    """Greedy runs of at most max_words words; each run repeats the last `overlap` sentences."""
    groups: list[list[_Sentence]] = []
    first = 0
    while first < len(sentences):
        last, words = first, 0
        while last < len(sentences) and (
            last == first or words + sentences[last].words <= max_words
        ):
            words += sentences[last].words
            last += 1
        groups.append(sentences[first:last])
        if last >= len(sentences):
            break
        first = last - overlap if last - first > overlap else last
        # Keep the overlap only as far as the next sentence still fits beside it.
        while first < last and sum(s.words for s in sentences[first : last + 1]) > max_words:
            first += 1
    return groups


def _passage(paper: Paper, number: int, group: list[_Sentence]) -> Passage:
    start, end = group[0].start, group[-1].end
    meta = paper.meta
    return Passage(
        id=f"{paper.id}:{number:05d}",
        paper_id=paper.id,
        path=paper.path,
        title=meta.title,
        date=meta.date,
        doc_type=meta.doc_type,
        committee=meta.committee,
        text=paper.text[start:end],
        start=start,
        end=end,
        page=group[0].block.page,
        section=group[0].block.section,
        paragraph_start=group[0].block.paragraph,
        paragraph_end=group[-1].block.paragraph,
        record=record_of(paper.text[start:end]),
    )
