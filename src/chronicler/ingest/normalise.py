"""Text normalisation and the article id (a hash of normalised text)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Runs of characters that may be control/format characters; plain printable
# ASCII never is, so most text skips the per-character category lookup.
_MAYBE_CONTROL = re.compile(r"[^\x20-\x7e\n\t]+")
_QUOTE_MAP: dict[str, str | int | None] = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
_QUOTES = str.maketrans(_QUOTE_MAP)


def _drop_controls(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group() if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def clean_text(text: str) -> str:
    """The text as stored: NFC, unified newlines, no control characters, trimmed runs of space.

    Offsets of every span refer to this cleaned text.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _MAYBE_CONTROL.sub(_drop_controls, text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def hash_key(text: str) -> str:
    """Stable id: the same story with other whitespace, case or quote marks hashes the same."""
    key = unicodedata.normalize("NFKC", text).casefold()
    key = key.translate(_QUOTES)
    key = " ".join(key.split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
