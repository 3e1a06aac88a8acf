"""Per-document reads of a spaCy parse that spaCy itself does not cache.

`Doc.text` joins every token's text on each access, and `doc[i]` builds a new `Token`
object on each access; rules that scan windows of tokens pay for both many times per
article. `doc_text(doc)` and `doc_tokens(doc)` read them once for the document last
asked about (a one-slot cache held by identity: a pipeline handles one article at a
time, so every component of that article shares the read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_TEXT: tuple[Any, str] | None = None
_TOKENS: tuple[Any, DocTokens] | None = None
_TOKENS_BEFORE: tuple[Any, DocTokens] | None = None


def doc_text(doc: Any) -> str:
    """`doc.text`, built once per document."""
    global _TEXT
    cached = _TEXT
    if cached is not None and cached[0] is doc:
        return cached[1]
    for table in (_TOKENS, _TOKENS_BEFORE):  # a token table keeps its document's text
        if table is not None and table[0] is doc:
            return table[1].text
    text = doc.text
    _TEXT = (doc, text)
    return text


def remember_text(doc: Any, text: str) -> None:
    """Tell `doc_text` the text `doc` was parsed from, so that it need not join the tokens:
    spaCy's tokenizer keeps every character, so `doc.text == text`. (A doc whose last token
    does not end where the text does was not made from it, and is not remembered.)"""
    global _TEXT
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        _TEXT = (doc, text)


@dataclass(frozen=True)
class DocTokens:
    """Plain lists of the token attributes window scans read, indexed like the doc."""

    text: str  # the document's text
    words: list[str]  # Token.text
    lower: list[str]  # Token.lower_
    start: list[int]  # Token.idx
    end: list[int]  # Token.idx + len(Token.text)
    punct: list[bool]  # Token.is_punct
    alpha: list[bool]  # Token.is_alpha

    def span_text(self, i: int, j: int) -> str:
        """`doc[i:j].text` (j > i): the characters from token i's start to token j-1's end."""
        return self.text[self.start[i] : self.end[j - 1]]


def doc_tokens(doc: Any) -> DocTokens:
    """The token table of `doc`, built once per document (the last two asked about are
    kept: a headline's own parse read between two reads of its article's keeps neither
    from being built twice)."""
    global _TOKENS, _TOKENS_BEFORE
    cached = _TOKENS
    if cached is not None and cached[0] is doc:
        return cached[1]
    before = _TOKENS_BEFORE
    if before is not None and before[0] is doc:
        _TOKENS, _TOKENS_BEFORE = before, cached
        return before[1]
    words, lower, start, punct, alpha = [], [], [], [], []
    for tok in doc:
        words.append(tok.text)
        lower.append(tok.lower_)
        start.append(tok.idx)
        punct.append(tok.is_punct)
        alpha.append(tok.is_alpha)
    end = [s + len(w) for s, w in zip(start, words, strict=True)]
    table = DocTokens(doc_text(doc), words, lower, start, end, punct, alpha)
    _TOKENS, _TOKENS_BEFORE = (doc, table), cached
    return table


@dataclass(frozen=True)
class DocTags:
    """Plain lists of the parse labels token scans test, indexed like the doc."""

    pos: list[str]  # Token.pos_
    dep: list[str]  # Token.dep_
    lemma: list[str]  # Token.lemma_.lower()


_TAGS: tuple[Any, DocTags] | None = None


def doc_tags(doc: Any) -> DocTags:
    """The parse labels of `doc`, read once per document with one `Doc.to_array` (a scan
    that tests `tok.pos_` on every token builds a `Token` and a string for each)."""
    global _TAGS
    cached = _TAGS
    if cached is not None and cached[0] is doc:
        return cached[1]
    from spacy.attrs import DEP, LEMMA, POS
    from spacy.parts_of_speech import NAMES

    strings = doc.vocab.strings
    pos: list[str] = []
    dep: list[str] = []
    lemma: list[str] = []
    if len(doc):
        ids = doc.to_array([POS, DEP, LEMMA]).T.tolist()
        # each distinct label looked up once: a document repeats most of its labels
        deps = {d: strings[d] for d in set(ids[1])}
        lemmas = {m: strings[m].lower() for m in set(ids[2])}
        pos = [NAMES[p] for p in ids[0]]
        dep = [deps[d] for d in ids[1]]
        lemma = [lemmas[m] for m in ids[2]]
    table = DocTags(pos, dep, lemma)
    _TAGS = (doc, table)
    return table
