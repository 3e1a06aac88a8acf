"""Sentence bounds for components that look across sentences (tolls, dates).

The pipeline's spaCy parse gives the sentences; texts handled without a parse (unit
tests, benches over bare text) fall back to splitting after terminal punctuation.
"""

from __future__ import annotations

import re
from typing import Any

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, split after '.', '!' or '?' and a space."""
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def sentence_bounds(text: str, doc: Any = None) -> list[tuple[int, int]]:
    """spaCy's sentences when the doc has them, else the plain split."""
    if doc is not None and doc.has_annotation("SENT_START"):
        return [(s.start_char, s.end_char) for s in doc.sents]
    return split_sentences(text)
