"""Chroma's HNSW vector files checked before Chroma reads them: its reader trusts them, and
garbage there crashes the whole process (a segfault, not an exception)."""

from __future__ import annotations

import struct
from pathlib import Path

from briefbot.errors import IndexDamagedError

_HNSW_HEADER = struct.Struct("<iQQQQQQiIQQQdQ")  # chroma-hnswlib's header.bin, version 1
_HNSW_FILES = ("header.bin", "data_level0.bin", "length.bin", "link_lists.bin")


def check_hnsw_files(chroma: Path) -> None:
    """Refuse damaged HNSW segment files. Checked: the files are there, the header is
    consistent, and every level-0 link points at a stored vector."""
    segments = sorted(p for p in chroma.iterdir() if p.is_dir()) if chroma.is_dir() else []
    for segment in segments:  # no folder: nothing local to check (or to crash on)
        bad = _hnsw_problem(segment)
        if bad:
            raise IndexDamagedError(
                f"the index in {chroma.parent} is damaged (its vector file {segment.name}/{bad} "
                "is damaged); run `briefbot refresh --rebuild`"
            )


def _hnsw_problem(segment: Path) -> str | None:
    """The name of the first damaged file of one HNSW segment, or None."""
    for name in _HNSW_FILES:
        if not (segment / name).is_file():
            return name
    header = (segment / "header.bin").read_bytes()
    if len(header) != _HNSW_HEADER.size:
        return "header.bin"
    fields = _HNSW_HEADER.unpack(header)
    if not _consistent(fields):
        return "header.bin"
    count, row, m0 = fields[3], fields[4], fields[10]
    if count == 0:
        return None
    if not (segment / "index_metadata.pickle").is_file():
        return "index_metadata.pickle"
    return None if _links_sound(segment / "data_level0.bin", count, row, m0) else "data_level0.bin"


def _consistent(fields: tuple[int | float, ...]) -> bool:
    """Whether header.bin's fields agree with each other (as chroma-hnswlib writes them)."""
    version, offset, _capacity, count, row, label_at, links_end, top, entry = fields[:9]
    m_up, m0, m = fields[9:12]
    return bool(
        version == 1
        and offset == 0
        and 0 < m <= 1024
        and m_up == m
        and m0 == 2 * m
        and links_end == 4 * (m0 + 1)
        and links_end < label_at
        and row == label_at + 8
        and row % 4 == 0
        and (count == 0 or (0 <= top < 64 and entry < count))
    )


def _links_sound(level0: Path, count: int, row: int, m0: int) -> bool:
    """Every vector's level-0 links: a count no greater than m0, each pointing at a vector."""
    import numpy as np

    if level0.stat().st_size < count * row:
        return False
    rows = np.memmap(level0, dtype="<u4", mode="r", shape=(count, row // 4))
    links = np.array(rows[:, : m0 + 1])  # per vector: a link count, then up to m0 neighbours
    del rows
    sizes = links[:, 0] & 0xFFFF  # the high half of the count word holds flags
    used = np.arange(m0) < sizes[:, None]
    return not ((sizes > m0).any() or (links[:, 1:][used] >= count).any())
