"""Text normalisation and the article id (a hash of normalised text)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """The text as stored: NFC, unified newlines, no control characters, trimmed runs of space.

    Offsets of every span refer to this cleaned text.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def hash_key(text: str) -> str:
    """Stable id: the same story with other whitespace, case or quote marks hashes the same."""
    key = unicodedata.normalize("NFKC", text).casefold()
    key = key.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}))
    key = " ".join(key.split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
