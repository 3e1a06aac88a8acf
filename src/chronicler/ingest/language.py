"""Language identification with lingua (offline, bundled models)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

# A closed set keeps detection fast and accurate for this beat's reporting;
# anything else comes back as the nearest of these or None.
_CANDIDATES = ("ENGLISH", "SPANISH", "PORTUGUESE", "FRENCH", "GERMAN", "ITALIAN", "DUTCH", "CHINESE", "ARABIC", "RUSSIAN")


_LETTER = re.compile(r"[^\W\d_]")


# Below this many characters a sample is a headline or a single sentence, where the
# trigram-only models go wrong ("Soldiers arrested two men in Culiacán." read as Spanish,
# "Matan a policía en Celaya" as French); the full models get these right.
SHORT_SAMPLE = 120


@functools.lru_cache(maxsize=2)
def _detector(short: bool = False) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _CANDIDATES]
    # Low-accuracy mode uses trigram models only: it loads in ~0.2 s instead of
    # ~3.5 s per process, and on article-length samples it agrees with the full
    # models; those are loaded only when a short text comes.
    builder = LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.1)
    return builder.build() if short else builder.with_low_accuracy_mode().build()


def _without_names(sample: str) -> str:
    """A headline without its capitalised words: place and group names ("Pátzcuaro",
    "Jalisco") belong to no language, and in a short text they outvote its own words
    ("They kill five and leave them on the Pátzcuaro-Tacámbaro highway" read as Spanish)."""
    words = sample.split()
    kept = [w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()]
    return " ".join(kept) if len(kept) >= 4 else sample


def _without_place_label(sample: str) -> str:
    """A title after its place label ("Celaya, Guanajuato: Cartel Leaves Two Dead"): the
    label is names only, and in a short text in title case (where `_without_names` cannot
    tell names by their capitals) it outvotes the title's own words."""
    head, sep, tail = sample.partition(":")
    if sep and ";" not in head and "," in head and len(head.split()) <= 5 and len(tail.split()) >= 3:
        return tail.strip()
    return sample


# Below this many characters (a headline, a feed's title field) the packs' function words
# decide between pack languages: the letter models weigh every word alike, so in a short
# text the place names ("La Laguna", "Nuevo Laredo") outvote its few English words.
VOTE_SAMPLE = 250
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_SEGMENT = re.compile(r"[;:.!?\n|]")
_TITLE_CASE = 0.5  # share of capitalised non-initial words above which a text is in title case


@dataclass(frozen=True)
class _Cues:
    """A pack's short-text cues: its function words, and whether its headlines are ever
    written in title case (English: "Gunmen Kill Four in Celaya"; Spanish: never)."""

    words: frozenset[str]
    title_case: bool


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, _Cues]:
    """Each pack's cues (`langid` file); packs without one take no part in the vote."""
    from chronicler.lang import available_languages, load_pack

    packs = [load_pack(code) for code in available_languages()]
    raw = {p.code: p.json("langid") for p in packs if p.has("langid")}
    return {
        code: _Cues(frozenset(w.lower() for w in data.get("function_words", [])), bool(data.get("title_case_headlines")))
        for code, data in raw.items()
    }  # fmt: skip


def _function_words() -> dict[str, frozenset[str]]:
    return {code: cues.words for code, cues in _cues().items()}


# How a word stands in its headline: it starts it, it is capitalised inside it, it is a
# lowercase word between two capitalised ones (a name's connective: "Santa Rosa de Lima",
# "Bosques de la Alameda"), or one after the capitalised first word ("Cartel del Golfo
# Burns ...", but also "Shooting in Zamora ..."), or it is any other lowercase word.
_INITIAL, _CAPITAL, _CONNECTIVE, _AFTER_FIRST, _PLAIN = "initial", "capital", "connective", "after first", "plain"


def _positions(sample: str) -> tuple[list[tuple[str, str]], bool]:
    """(lowercased word, position) for each word, and whether the text is in title case."""
    out: list[tuple[str, str]] = []
    inner = capitals = 0
    for segment in _SEGMENT.split(sample):
        # a number can start a headline ("8 die in ..."), but it is no word
        found = [w for w in _TOKEN.findall(segment) if not w[:1].isdigit()]
        caps = [i > 0 and w[:1].isupper() for i, w in enumerate(found)]
        with_first = [w[:1].isupper() for w in found]
        inner += max(len(found) - 1, 0)
        capitals += sum(caps)
        for i, w in enumerate(found):
            position = _INITIAL if i == 0 else _CAPITAL if caps[i] else _PLAIN
            if position == _PLAIN and _between_capitals(caps, i):
                position = _CONNECTIVE
            elif position == _PLAIN and _between_capitals(with_first, i):
                position = _AFTER_FIRST
            out.append((w.lower(), position))
    return out, bool(inner) and capitals / inner > _TITLE_CASE


def _between_capitals(caps: list[bool], i: int, longest: int = 2) -> bool:
    """Whether the lowercase word at i is in a run of at most `longest` lowercase words with
    a capitalised inner word on each side ("Santa Rosa de Lima", "Bosques de la Alameda")."""
    start = i
    while start > 0 and not caps[start - 1] and i - start < longest:
        start -= 1
    end = i
    while end + 1 < len(caps) and not caps[end + 1] and end - start < longest:
        end += 1
    return start > 0 and caps[start - 1] and end + 1 < len(caps) and caps[end + 1] and end - start < longest


def _weight(position: str, title: bool, cues: _Cues) -> float:
    """How much a function word in this position speaks for a language.

    In sentence case a capitalised inner word or a connective is part of a name ('in La
    Laguna': 'La' is a place's, not Spanish). In title case every word is capitalised:
    there a capitalised word counts half, and only for a language that writes headlines
    in title case; for one that never does, its connectives belong to names too."""
    if not title:
        return 1.0 if position in (_PLAIN, _INITIAL, _AFTER_FIRST) else 0.0
    if position == _PLAIN:
        return 1.0
    if not cues.title_case:
        return 0.0
    return 1.0 if position in (_CONNECTIVE, _AFTER_FIRST) else 0.5


def _vote(sample: str) -> str | None:
    """The pack language whose function words clearly outnumber the others' in a short
    text, or None when none does (no function words, or as many of two languages)."""
    table = _cues()
    scores = dict.fromkeys(table, 0.0)
    words, title = _positions(sample)
    for word, position in words:
        speaks_for = [code for code, cues in table.items() if word in cues.words]
        if len(speaks_for) == 1:  # a word of several languages ('a', 'no') tells nothing
            code = speaks_for[0]
            scores[code] += _weight(position, title, table[code])
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 1:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    best, score = ranked[0]
    return best if score >= 2 * runner_up else None


def detect_language(text: str, sample_chars: int = 400, declared: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot tell.

    Only a sample is read: detection time grows with length, and a few hundred
    characters of prose identify the language as well as the whole article. In a short
    sample the packs' function words decide between pack languages (a language without
    a pack is still what the letter models say); `declared` (the feed's or outlet's
    language) is the answer when the text is too short to tell.
    """
    sample = text[:sample_chars]
    if len(_LETTER.findall(sample)) < 10:
        return declared
    sample = _without_place_label(sample)
    short = len(sample.strip()) < SHORT_SAMPLE
    language = _detector(short).detect_language_of(_without_names(sample) if short else sample)
    code = str(language.iso_code_639_1.name.lower()) if language is not None else None
    if len(sample.strip()) < VOTE_SAMPLE and (code is None or code in _function_words()):
        code = _vote(sample) or code
    return code or declared
