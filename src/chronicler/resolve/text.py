"""Text normalisation shared by the knowledge base, the gazetteer and the date rules.

Names are compared in one normal form: lower case, accents stripped, quotes and
punctuation dropped, "U.S." folded to "us", a leading "the" removed. Doing it in
one place keeps the data files readable (aliases are written as people write
them) while lookups stay plain dict hits.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_DOTTED_ABBREV = re.compile(r"\b((?:[A-Za-z]\.){2,})")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_POSSESSIVE = re.compile(r"['’]s\b")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65536)
def normalise(text: str, drop_article: bool = True) -> str:
    """'The U.S. Drug Enforcement Administration' -> 'us drug enforcement administration'."""
    text = _DOTTED_ABBREV.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _POSSESSIVE.sub(" s", strip_accents(text).lower())
    text = text.replace("-", " ")
    out = _NON_WORD.sub(" ", text).strip()
    if drop_article and out.startswith("the "):
        out = out[4:]
    return out


def tokens(text: str) -> list[str]:
    return normalise(text).split()
