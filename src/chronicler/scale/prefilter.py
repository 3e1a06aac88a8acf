"""Optional speed-up: parse only the sentences that can hold an event, and their neighbours.

Config: `{"components": [...], "prefilter": true, "prefilter_window": 1}`. Off by
default; see docs/performance.md for what it gains and what it changes.

How: a regex splits the article into rough sentences; a sentence is a
candidate when one of its words is an inflected form of a trigger lemma of
the event lexicon (the same lexicon the `events` component reads), and
`prefilter_window` sentences on either side are kept for attribution and
argument context. Every other character is replaced by a space (newlines
stay), so the text spaCy parses has the same length and every offset still
points into the article text; the masked stretches become a few whitespace
tokens that no component matches. Components receive the real article text
in `ctx.text` and the parse of the masked text in `ctx.doc`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chronicler.pipeline import Input, Pipeline

# Rough sentence ends: terminal punctuation (and closing quotes) before a space,
# or a paragraph break. Over-splitting is harmless: neighbours are kept anyway.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n")
_WORD = re.compile(r"[A-Za-z]+")

# Irregular forms of trigger verbs and nouns (regular ones are generated).
IRREGULAR = {
    "beat": ["beaten"], "bring": ["brought"], "buy": ["bought"], "catch": ["caught"],
    "deal": ["dealt"], "fight": ["fought"], "flee": ["fled"], "forbid": ["forbade", "forbidden"],
    "freeze": ["froze", "frozen"], "give": ["gave", "given"], "hold": ["held"], "lead": ["led"],
    "leave": ["left"], "meet": ["met"], "overthrow": ["overthrew", "overthrown"],
    "seek": ["sought"], "sell": ["sold"], "send": ["sent"], "shoot": ["shot"],
    "slay": ["slew", "slain"], "speak": ["spoke", "spoken"], "strike": ["struck", "stricken"],
    "swear": ["swore", "sworn"], "take": ["took", "taken"], "tell": ["told"], "throw": ["threw", "thrown"],
    "wage": ["waged"], "withdraw": ["withdrew", "withdrawn"], "write": ["wrote", "written"],
    "go": ["went", "gone"], "come": ["came"], "run": ["ran"], "win": ["won"], "lose": ["lost"],
    "hit": ["hit"], "set": ["set"], "put": ["put"], "cut": ["cut"], "quit": ["quit"],
    "bid": ["bid"], "spread": ["spread"], "undertake": ["undertook", "undertaken"],
    "blow": ["blew", "blown"], "draw": ["drew", "drawn"], "drive": ["drove", "driven"],
    "rise": ["rose", "risen"], "stand": ["stood"], "break": ["broke", "broken"],
}
_VOWELS = set("aeiou")


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a (possibly multi-word) lemma's words, plus irregulars."""
    forms: set[str] = set()
    for word in _WORD.findall(lemma.lower()):
        forms |= _word_forms(word)
    return forms


def _word_forms(w: str) -> set[str]:
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w[:-1] + "ion"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in _VOWELS | {"w", "x", "y"} and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing", w + w[-1] + "er"}  # ban -> banned
    if w.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(w + "es")
    if w.endswith("ise"):
        forms |= _word_forms(w[:-3] + "ize")
    for irregular in IRREGULAR.get(w, []):
        forms.add(irregular)
    return forms


def trigger_forms(language: str = "en") -> frozenset[str]:
    from chronicler.extract.lexicon import load_lexicon

    forms: set[str] = set()
    for lemma in load_lexicon(language).triggers:
        forms |= inflections(lemma)
    return frozenset(forms)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def mask(text: str, forms: frozenset[str], window: int = 1) -> tuple[str, float]:
    """The text with non-candidate sentences blanked out, and the share of characters kept."""
    bounds = sentence_bounds(text)
    hits = [any(w.lower() in forms for w in _WORD.findall(text[s:e])) for s, e in bounds]
    keep = [any(hits[max(0, i - window) : i + window + 1]) for i in range(len(bounds))]
    if all(keep):
        return text, 1.0
    chars = list(text)
    kept = 0
    for (start, end), keep_it in zip(bounds, keep, strict=True):
        if keep_it:
            kept += end - start
            continue
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), kept / max(1, len(text))


class PrefilterPipeline(Pipeline):
    """A Pipeline whose parse skips sentences without any event trigger nearby.

    The trigger forms are English inflections, so only English articles are masked;
    articles in other languages are parsed whole."""

    def __init__(self, nlp: Any, components: list[tuple[str, Any]], window: int = 1,
                 models: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(nlp, components, models)
        self.window = window
        self.forms = trigger_forms()
        self.kept_chars = 0.0  # running share of characters parsed, for reports
        self.seen = 0

    @classmethod
    def from_config(
        cls, config: dict[str, Any] | None = None, model: str | None = None, nlp: Any = None
    ) -> PrefilterPipeline:
        base = Pipeline.from_config(config, model=model, nlp=nlp)
        window = int((config or {}).get("prefilter_window", 1))
        return cls(base.nlp, base.components, window=window, models={"en": model} if model else None)

    def parse(
        self, nlp: Any, language: str, inputs: list[Input], batch_size: int
    ) -> Iterator[tuple[Any, Input]]:
        if language != "en":
            yield from super().parse(nlp, language, inputs, batch_size)
            return

        def masked() -> Iterator[tuple[str, Input]]:
            for item in inputs:
                blanked, share = mask(item.text, self.forms, self.window)
                self.kept_chars += share
                self.seen += 1
                yield blanked, item

        yield from nlp.pipe(masked(), as_tuples=True, batch_size=batch_size)
