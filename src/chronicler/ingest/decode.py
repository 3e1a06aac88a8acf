"""Bytes to text, and what kind of input some bytes are (by content, the suffix only a hint)."""

from __future__ import annotations

import codecs
import json
import re
import zlib
from typing import Literal

Kind = Literal["warc", "feed", "html", "json", "text", "binary"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_MARK = re.compile(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]", re.I)
_TAGS = re.compile(r"</(p|div|span|a|h[1-6]|li|td|br|em|strong|b|i)>|<br\s*/?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


class NotText(ValueError):
    """The bytes are not text in any encoding we read; the message says why."""


def suffix_of(name: str) -> str:
    """The suffix that names a format, keeping double ones such as '.warc.gz'."""
    lower = name.lower().rsplit("/", 1)[-1]
    for double in (".warc.gz", ".arc.gz"):
        if lower.endswith(double):
            return double
    dot = lower.rfind(".")
    return lower[dot:] if dot > 0 else ""


def decode_bytes(data: bytes) -> str:
    """Decode text of unknown encoding; raise NotText when it looks binary.

    UTF-8 first; a BOM selects UTF-8/16/32; otherwise each line that is not
    UTF-8 is read as cp1252 (a superset of latin-1's printable range), so a
    file mixing encodings loses nothing readable.
    """
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise NotText(f"invalid {encoding} after a byte-order mark") from exc
    if b"\x00" in data[:8192]:
        raise NotText("NUL bytes: binary data or UTF-16 without a byte-order mark")
    try:
        text = data.decode("utf-8")
        legacy = False
    except UnicodeDecodeError:
        text = "\n".join(_decode_line(line) for line in data.split(b"\n"))
        legacy = True
    check_looks_like_text(text, legacy=legacy)
    return text


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return line.decode("latin-1")


def check_looks_like_text(text: str, *, legacy: bool = False) -> None:
    """Raise NotText when a decoded sample is mostly control characters or byte soup."""
    sample = text[:8192]
    if not sample.strip():
        return
    n = len(sample)
    if len(_CONTROL.findall(sample)) / n > 0.02:
        raise NotText("control characters: binary data")
    if legacy and sum(ord(ch) > 127 for ch in sample) / n > 0.3:
        raise NotText("mostly non-ASCII bytes in no known encoding")
    if not sample.isascii() or legacy:
        return
    if sum(ch.isalpha() for ch in sample) / n < 0.2:
        raise NotText("too few letters to be prose")


def declared_charset(head: bytes) -> str | None:
    """The encoding an HTML/XML document declares in its first bytes, if Python knows it."""
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_markup(data: bytes) -> str:
    """Decode HTML/XML: a BOM, then the declared charset, then the generic rules."""
    charset = declared_charset(data[:4096])
    if charset and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            return decode_bytes(data)
        check_looks_like_text(text)
        return text
    return decode_bytes(data)


def is_gzip_warc(head: bytes) -> bool:
    if not head.startswith(b"\x1f\x8b"):
        return False
    try:
        start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return start.startswith((b"WARC/", b"filedesc://"))


def sniff(head: bytes, suffix: str) -> Kind:
    """What the input is, from its first bytes; the suffix decides only when content cannot."""
    if head.startswith(b"WARC/") or is_gzip_warc(head):
        return "warc"
    if suffix in WARC_SUFFIXES:
        return "warc"  # damaged or not a WARC at all: the WARC reader says which
    if head.startswith(b"\x1f\x8b"):
        return "binary"
    text = _peek_text(head)
    start = text.lstrip("\ufeff \t\r\n")
    if suffix in JSON_SUFFIXES:
        return "json"
    if start.startswith("<") or suffix in HTML_SUFFIXES | FEED_SUFFIXES:
        return _markup_kind(start, suffix)
    if start.startswith(("{", "[")) and _first_line_is_json(start):
        return "json"
    if len(_TAGS.findall(text)) >= 2:
        return "html"
    return "text"


def _peek_text(head: bytes) -> str:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def _markup_kind(start: str, suffix: str) -> Kind:
    feed = _FEED_ROOT.search(start[:4096])
    html = _HTML_MARK.search(start[:4096])
    if feed and (not html or feed.start() < html.start()):
        return "feed"
    if html or suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return "html"


def _first_line_is_json(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        # A pretty-printed document starts with a lone brace.
        return first.strip() in ("{", "[")
    return True
