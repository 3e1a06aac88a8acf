"""Titles joined by a bare ';' ("Two Bodies Found in Juárez;Executions in Iguala"): a
feed or a dataset field that carries several reports' headlines in one string.

spaCy's tokenizers split no ';' between two words, so "Juárez;Executions" was one token
and the titles one sentence: the trigger of the second title, glued to the last word of
the first, could not be read. Here a ';' with no space on either side is split off (a
tokenizer infix) and the word after it starts a sentence (set before the parser, which
keeps preset sentence starts). Punctuation only: nothing of any one language.
"""

from __future__ import annotations

import re
from typing import Any

COMPONENT = "chronicler_joined_titles"
GLUED = ";"
# A ';' between two characters that are neither space nor ';' (";;" is no join).
_INFIX = r"(?<=[^\s;]);(?=[^\s;])"


def glued_at(text: str, i: int) -> bool:
    """Is text[i] a ';' that joins two titles (no space on either side)?"""
    return (
        0 < i < len(text) - 1
        and text[i] == GLUED
        and not text[i - 1].isspace()
        and not text[i + 1].isspace()
        and GLUED not in (text[i - 1], text[i + 1])
    )


def split_glued(nlp: Any) -> None:
    """Add the infix to the tokenizer and the sentence-start component before the parser
    (idempotent)."""
    from spacy.language import Language

    finder = nlp.tokenizer.infix_finditer
    pattern = getattr(getattr(finder, "__self__", None), "pattern", None)
    if isinstance(pattern, str) and _INFIX not in pattern:
        nlp.tokenizer.infix_finditer = re.compile(f"{pattern}|{_INFIX}" if pattern else _INFIX).finditer
    if COMPONENT in nlp.pipe_names:
        return
    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=mark_title_starts)
    first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
    nlp.add_pipe(COMPONENT, before=first) if first else nlp.add_pipe(COMPONENT, first=True)


_JOIN = re.compile(_INFIX)


_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# A line shorter than this share of the longest line of its paragraph ends a block of its own
# (a title, a heading, a dateline line) when the next line opens with a capital or a digit;
# a hard-wrapped line runs close to the width of the others and goes on mid-sentence.
SHORT_LINE = 0.6
_LINE_GOES_ON = ",;:-–—(/&"  # a line ending so is cut mid-phrase, whatever its length


def short_line_starts(text: str) -> list[int]:
    """Where a line starts a block of its own inside a paragraph of single-newline lines: the
    line before it is short for the paragraph ("Gunmen kill three in Celaya" over a wrapped
    body), ends in no mark that goes on, and it opens with a capital letter, a digit or a
    quote. Hard-wrapped lines, of about one width, are never split."""
    starts: list[int] = []
    pos = 0
    for para in re.split(r"(\n[ \t]*\n\s*)", text):
        if para.startswith("\n"):
            pos += len(para)
            continue
        lines = para.split("\n")
        width = max((len(line.rstrip()) for line in lines), default=0)
        at = pos
        for line, nxt in zip(lines, lines[1:], strict=False):
            at += len(line) + 1
            body, head = line.rstrip(), nxt.lstrip()
            if (body and head and len(body) < SHORT_LINE * width and body[-1] not in _LINE_GOES_ON
                    and (head[0].isupper() or head[0].isdigit() or head[0] in "\"'“‘«¿¡")):
                starts.append(at + len(nxt) - len(head))
        pos += len(para)
    return starts


def mark_title_starts(doc: Any) -> Any:
    """The token after a joining ';' starts a sentence, and so does the first word after a
    blank line or after a short line (`short_line_starts`): a title line or a paragraph
    never runs on into the next ("Gunmen kill three in Celaya" above "CELAYA, Guanajuato
    (Wire) —" is not one sentence with the dateline), while hard-wrapped lines stay one
    sentence. Found in the text, not token by token."""
    text = doc.text
    starts = [m.end() for m in _BLANK_LINE.finditer(text)]
    if "\n" in text:
        starts += short_line_starts(text)
    if GLUED in text:
        starts += [m.end() for m in _JOIN.finditer(text)]
    for start in starts:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and 0 < span.start < len(doc):
            doc[span.start].is_sent_start = True
    return doc
