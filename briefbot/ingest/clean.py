"""Bytes to clean text: encoding detection, terminal control characters, whitespace."""

from __future__ import annotations

import codecs
import re

from briefbot.errors import PaperError

BINARY = "not a text file (binary data)"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Whole escape sequences first (CSI, OSC, DCS/SOS/PM/APC strings, charset picks), then lone ESC.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[()*+\-./][0-~]?"
    r"|\x1b"
)
# Separators that mean "new line" in some tool or other.
_LINE_BREAKS = re.compile(r"\r\n?|[\f\v\x1c-\x1e\x85\u2028\u2029]")
# C0 except \t and \n, DEL, C1, bidi overrides/isolates, stray byte-order marks.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# Horizontal whitespace other than tab (NBSP, thin spaces, runs of spaces) becomes one space.
_UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(rf"[ {_UNICODE_SPACES}]{{2,}}|[{_UNICODE_SPACES}]")
# Anything clean_text would change: a quick test lets clean lines skip the substitutions.
_DIRTY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# ASCII that a page's charset must leave alone (the charset was found by reading it as ASCII).
_ASCII_PROBES = (b"\\x41\\u0041+AGE-", b"xn--ls8h", bytes(range(0x20, 0x7F)) + b"\t\n\r")


def clean_text(text: str) -> str:
    """Normalise line ends and strip control characters, escape sequences and bidi controls."""
    if not _DIRTY.search(text):
        return text
    text = _LINE_BREAKS.sub("\n", text)
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(line: str) -> str:
    """One line of text made tidy: cleaned, runs of spaces collapsed, ends trimmed."""
    return _SPACES.sub(" ", clean_text(line)).strip()


def tidy(text: str | None) -> str | None:
    """A short field (title, heading) cleaned onto one line; None when nothing is left."""
    if text is None:
        return None
    text = " ".join(clean_text(text).split())
    return text or None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a text file: BOM, then a declared charset, then UTF-8, then Windows-1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_or_binary(data[len(bom) :], codec)
    if b"\x00" in data:
        return _utf16_without_bom(data)
    if declared:
        try:
            return _check_text(data.decode(declared))
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _decode_or_binary(data, "cp1252")


def web_codec(charset: str) -> str | None:
    """The codec a browser would use for a declared charset, or None if unknown."""
    try:
        name = codecs.lookup(charset.strip().strip("\"'")).name
        if not all(probe.decode(name) == probe.decode("ascii") for probe in _ASCII_PROBES):
            return None  # UTF-16, EBCDIC, escape codecs: no browser reads a page with those
    except (LookupError, ValueError):
        return None
    # Browsers read Latin-1 and ASCII declarations as Windows-1252 (WHATWG Encoding).
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def _decode_or_binary(data: bytes, codec: str) -> str:
    try:
        return _check_text(data.decode(codec))
    except UnicodeDecodeError as error:
        raise PaperError(BINARY) from error


def _utf16_without_bom(data: bytes) -> str:
    """Plain ASCII written as UTF-16 has a NUL in every other byte; anything else is binary."""
    if len(data) >= 4 and len(data) % 2 == 0:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        half = len(data) // 2
        if odd > 0.7 * half and even < 0.1 * half:
            return _decode_or_binary(data, "utf-16-le")
        if even > 0.7 * half and odd < 0.1 * half:
            return _decode_or_binary(data, "utf-16-be")
    raise PaperError(BINARY)


def _check_text(text: str) -> str:
    """Refuse decoded text that is mostly control characters: that is binary data."""
    if "\x00" in text:
        raise PaperError(BINARY)
    sample = text[:65536]
    if sample and len(_BINARY_CONTROLS.findall(sample)) > 0.3 * len(sample):
        raise PaperError(BINARY)
    return text
