"""Quotation and paragraph spans, found on the raw text in one pass.

Quotes are found on characters rather than tokens because a quotation can
run across sentence and paragraph boundaries that the parser cuts: a
paragraph that ends without a closing mark continues when the next paragraph
opens with a quotation mark (newspaper convention for multi-paragraph quotes).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPENERS = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb"}
CLOSERS_FOR = {"\u201c": ("\u201d", '"'), '"': ('"', "\u201d"), "\u00ab": ("\u00bb",)}
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quote:
    """A quotation `[start, end)` including its marks, split into per-paragraph segments."""

    start: int
    end: int
    segments: tuple[tuple[int, int], ...]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines: news text puts one paragraph per line."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def _starts_with_quote(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return bool(stripped) and stripped[0] in OPENERS


def find_quotes(text: str, paras: list[tuple[int, int]] | None = None) -> list[Quote]:
    """All quotations in `text`, in order; unclosed ones end at their paragraph."""
    paras = paras if paras is not None else paragraphs(text)
    # Some archives write a double quote as two apostrophes; read them as one mark
    # (same length, so offsets do not move).
    if "''" in text:
        text = text.replace("''", "\"\x01")
    quotes: list[Quote] = []
    open_at: int | None = None
    opener = ""
    segments: list[tuple[int, int]] = []
    for p_index, (p_start, p_end) in enumerate(paras):
        seg_start = p_start if open_at is not None else None
        for i in range(p_start, p_end):
            ch = text[i]
            if open_at is None:
                if ch in OPENERS and _is_opening(text, i, p_start):
                    open_at, opener, seg_start = i, ch, i
                continue
            if i == seg_start and ch in OPENERS:
                continue  # the re-opening mark of a continued paragraph
            if ch in CLOSERS_FOR[opener] and _is_closing(text, i, p_end):
                end = i + 2 if text[i + 1 : i + 2] == "\x01" else i + 1
                segments.append((seg_start if seg_start is not None else open_at, end))
                quotes.append(Quote(open_at, end, tuple(segments)))
                open_at, segments, seg_start = None, [], None
        if open_at is not None:
            segments.append((seg_start if seg_start is not None else open_at, p_end))
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt is None or not _starts_with_quote(text, *nxt):
                quotes.append(Quote(open_at, p_end, tuple(segments)))
                open_at, segments = None, []
    return quotes


def _is_opening(text: str, i: int, p_start: int) -> bool:
    # A straight quote opens when what precedes it is space, start or an opening bracket.
    if text[i] != '"':
        return True
    return i == p_start or text[i - 1].isspace() or text[i - 1] in "([{\u2014-:/"


def _is_closing(text: str, i: int, p_end: int) -> bool:
    if text[i] != '"':
        return True
    return i + 1 >= p_end or not text[i + 1].isalnum() or text[i - 1] in ".,!?;:"


class QuoteIndex:
    """Look-ups from a character offset to the quotation covering it."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self._starts = [q.start for q in quotes]

    def covering(self, start: int, end: int) -> Quote | None:
        """The quote that overlaps `[start, end)` the most, if any."""
        best: Quote | None = None
        best_overlap = 0
        i = bisect.bisect_left(self._starts, end) - 1
        # Quotes never overlap each other, so walk left until one ends before `start`.
        while i >= 0 and self.quotes[i].end > start:
            q = self.quotes[i]
            overlap = min(q.end, end) - max(q.start, start)
            if overlap > best_overlap:
                best, best_overlap = q, overlap
            i -= 1
        return best

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        """The quotes that overlap `[start, end)`."""
        i = bisect.bisect_left(self._starts, end)
        out = []
        while i > 0 and self.quotes[i - 1].end > start:
            out.append(self.quotes[i - 1])
            i -= 1
        return out

    def inside(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None
